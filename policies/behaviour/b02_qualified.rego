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

# Actions that name the qualifications they need, by index.
demanding[i] := action if {
	some i, action in input.actions
	count(lib.list(action, "requiredQualifications")) > 0
}

findings contains lib.finding(["actions", i], status, concat(".", ["B2", status]), params, gaps) if {
	some i, action in demanding
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
	params := {"qualifications": action.requiredQualifications}
}

# The member's qualifications are not recorded at all.
gap contains [i, lib.gap("qualifications", ["member", "qualifications"], "B2.qualifications_unrecorded", {}, false)] if {
	some i, _ in demanding
	not lib.recorded(input.member, "qualifications")
}

# A required qualification the member does not hold.
gap contains [i, lib.gap(name, ["actions", i, "requiredQualifications", k], "B2.not_held", {"qualification": name}, true)] if {
	some i, action in demanding
	lib.recorded(input.member, "qualifications")
	some k, name in action.requiredQualifications
	count(held(name)) == 0
}

# Held, but every copy had lapsed by the day of the action.
gap contains [i, lib.gap(name, ["member", "qualifications", last, "validUntil"], "B2.lapsed", params, true)] if {
	some i, action in demanding
	some name in action.requiredQualifications
	copies := held(name)
	count(copies) > 0
	day := lib.action_day(action)
	lapsed := {j |
		some j in copies
		lib.recorded(input.member.qualifications[j], "validUntil")
		lib.day(input.member.qualifications[j].validUntil) < day
	}
	count(lapsed) == count(copies)
	last := max(copies)
	params := {"qualification": name, "validUntil": input.member.qualifications[last].validUntil, "day": day}
}

# Whether a dated qualification was valid cannot be told without the day.
gap contains [i, lib.gap(name, ["actions", i, "at"], "B2.day_unrecorded", {"qualification": name}, false)] if {
	some i, action in demanding
	some name in action.requiredQualifications
	copies := held(name)
	count(copies) > 0
	dated := {j | some j in copies; lib.recorded(input.member.qualifications[j], "validUntil")}
	count(dated) == count(copies)
	not lib.action_day(action)
}

# Indices of the member's qualifications with this name (case and spacing
# ignored). Any without an end date counts as valid.
held(name) := {j |
	some j, q in input.member.qualifications
	lib.normalised(q.name) == lib.normalised(name)
}
