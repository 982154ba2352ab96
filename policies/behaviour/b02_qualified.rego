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

# The qualifications each action names, by action index.
required[i] := [lib.normalised(name) | some name in action.requiredQualifications] if {
	some i, action in input.actions
	count(lib.list(action, "requiredQualifications")) > 0
}

# The member's qualification names, in their order; a name the platform
# does not recognise (configuration) stands as "" and matches nothing.
held_names := [recognised(lib.normalised(q.name)) | some q in input.member.qualifications]

recognised(name) := name if {
	count(lib.config.recognisedQualifications) == 0
} else := name if {
	name in lib.config.recognisedQualifications
} else := ""

# For each required name, the indices of the member's copies of it. A copy
# without an end date counts as valid.
copies[name] := {j | some j, held in held_names; held == name} if {
	some names in required
	some name in names
}

findings contains lib.finding(["actions", i], status, concat(".", ["B2", status]), params, gaps) if {
	some i, _ in required
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
	params := {"qualifications": input.actions[i].requiredQualifications}
}

# The member's qualifications are not recorded at all.
gap contains [i, lib.gap("qualifications", ["member", "qualifications"], "B2.qualifications_unrecorded", {}, false)] if {
	some i, _ in required
	not lib.recorded(input.member, "qualifications")
}

# A required qualification the member does not hold.
gap contains [i, lib.gap(label, ["actions", i, "requiredQualifications", k], "B2.not_held", {"qualification": label}, true)] if {
	some i, names in required
	lib.recorded(input.member, "qualifications")
	some k, name in names
	count(copies[name]) == 0
	label := input.actions[i].requiredQualifications[k]
}

# Held, but every copy had lapsed by the day of the action.
gap contains [i, lib.gap(label, ["member", "qualifications", last, "validUntil"], "B2.lapsed", params, true)] if {
	some i, names in required
	some k, name in names
	count(copies[name]) > 0
	day := lib.action_day(input.actions[i])
	lapsed := {j |
		some j in copies[name]
		lib.recorded(input.member.qualifications[j], "validUntil")
		lib.day(input.member.qualifications[j].validUntil) < day
	}
	count(lapsed) == count(copies[name])
	last := max(lapsed)
	label := input.actions[i].requiredQualifications[k]
	params := {"qualification": label, "validUntil": input.member.qualifications[last].validUntil, "day": day}
}

# Whether a dated qualification was valid cannot be told without the day.
gap contains [i, lib.gap(label, ["actions", i, "at"], "B2.day_unrecorded", {"qualification": label}, false)] if {
	some i, names in required
	some k, name in names
	count(copies[name]) > 0
	dated := {j | some j in copies[name]; lib.recorded(input.member.qualifications[j], "validUntil")}
	count(dated) == count(copies[name])
	not lib.action_day(input.actions[i])
	label := input.actions[i].requiredQualifications[k]
}
