# METADATA
# title: Only perform tasks and give advice you are qualified for
# description: A member takes on a task or gives advice only when they hold
#   the qualifications it calls for, and those qualifications are still valid
#   on the day of the action. An action that names the qualifications it
#   needs is judged against the member's recorded qualifications.
# custom:
#   id: B2
#   slug: qualified
#   section: behaviour
#   severity: major
#   inputs:
#     - /actions/*/requiredQualifications
#     - /actions/*/at
#     - /occurredAt
#     - /member/qualifications
package conduct.rules.b2

import data.conduct.lib

# Names are compared case-insensitively and without surrounding space.

# The member's qualification names, in their order; a name the platform
# does not recognise (configuration) stands as "" and matches nothing.
held_names := [recognised(lib.normalised(q.name)) | some q in input.member.qualifications]

recognised(name) := name if {
	count(lib.config.recognisedQualifications) == 0
} else := name if {
	name in lib.config.recognisedQualifications
} else := ""

# The member's qualifications are recorded (a rule, so that its negation
# reads no field that may be missing).
qualifications_recorded if lib.recorded(input.member, "qualifications")

# One finding per action that names the qualifications it needs.
findings contains lib.finding(["actions", i], status, key, params, gaps) if {
	some i, action in input.actions
	count(lib.list(action, "requiredQualifications")) > 0
	gaps := action_gaps(i, action)
	status := lib.status_of(gaps)
	key := lib.finding_key("B2", status, gaps, reasons)
	params := {"qualifications": action.requiredQualifications}
}

# The kinds of gap that can decide a finding, named for its message key.
reasons := {
	"B2.not_held": "not_held",
	"B2.lapsed": "lapsed",
	"B2.qualifications_unrecorded": "qualifications",
	"B2.day_unrecorded": "day",
}

# The member's qualifications are not recorded at all.
action_gaps(i, action) := [lib.gap("qualifications", ["member", "qualifications"], "B2.qualifications_unrecorded", {}, false)] if {
	not qualifications_recorded
} else := [g |
	some k, label in action.requiredQualifications
	some g in requirement_gaps(i, k, label, copies_of(lib.normalised(label)), action)
]

# The indices of the member's copies of a qualification.
copies_of(name) := [j | some j, held in held_names; held == name]

# A required qualification the member does not hold.
requirement_gaps(i, k, label, copies, action) := [lib.gap(label, path, "B2.not_held", {"qualification": label}, true)] if {
	count(copies) == 0
	path := ["actions", i, "requiredQualifications", k]
} else := [] if {
	# A copy without an end date counts as valid.
	count([j | some j in copies; lib.recorded(input.member.qualifications[j], "validUntil")]) < count(copies)
} else := [lib.gap(label, ["actions", i, "at"], "B2.day_unrecorded", {"qualification": label}, false)] if {
	# Whether a dated qualification was valid cannot be told without the day.
	not lib.action_day(action)
} else := lapse_gaps(label, copies, lib.action_day(action))

# Every copy had lapsed by the day of the action: the gap points at the
# copy that lapsed last (the first of them, if several lapsed that day).
lapse_gaps(label, copies, day) := [lib.gap(label, ["member", "qualifications", last, "validUntil"], "B2.lapsed", params, true)] if {
	ends := [lib.day(input.member.qualifications[j].validUntil) | some j in copies]
	max(ends) < day
	last := [j | some j in copies; lib.day(input.member.qualifications[j].validUntil) == max(ends)][0]
	params := {"qualification": label, "validUntil": max(ends), "day": day}
} else := []
