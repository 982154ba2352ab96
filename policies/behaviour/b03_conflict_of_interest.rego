# METADATA
# title: Make possible conflicts of interest known
# description: Whenever a possible conflict of interest arises, the member
#   makes it known to every party it affects, and does so before acting on the
#   matter. A conflict that was never declared, declared to only some of the
#   parties, or declared only after the member acted breaks the rule.
# custom:
#   id: B3
#   slug: conflict-of-interest
#   section: behaviour
#   severity: major
#   inputs:
#     - /conflictsOfInterest
#     - /actions/*/at
#     - /occurredAt
package conduct.rules.b3

import data.conduct.lib

findings contains lib.finding(["conflictsOfInterest", i], status, concat(".", ["B3", status]), {}, gaps) if {
	some i, _ in input.conflictsOfInterest
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
}

# Whether it was declared is not recorded.
gap contains [i, lib.gap("declared", ["conflictsOfInterest", i, "declared"], "B3.declared_unrecorded", {}, false)] if {
	some i, conflict in input.conflictsOfInterest
	lib.absent(conflict, "declared")
}

# Not declared (false) or never declared (null).
gap contains [i, lib.gap("declared", ["conflictsOfInterest", i, "declared"], "B3.undeclared", {}, true)] if {
	some i, conflict in input.conflictsOfInterest
	lib.has_key(conflict, "declared")
	not conflict.declared == true
}

# Declared, but not to every party affected.
gap contains [i, lib.gap("declaredTo", ["conflictsOfInterest", i, "declaredTo"], "B3.parties_not_told", {"parties": untold}, true)] if {
	some i, conflict in input.conflictsOfInterest
	conflict.declared == true
	lib.recorded(conflict, "declaredTo")
	told := {lib.normalised(p) | some p in conflict.declaredTo}
	untold := [p | some p in lib.list(conflict, "parties"); not lib.normalised(p) in told]
	count(untold) > 0
}

# Declared, but only after the member had acted.
gap contains [i, lib.gap("declaredAt", ["conflictsOfInterest", i, "declaredAt"], "B3.declared_late", params, true)] if {
	some i, conflict in input.conflictsOfInterest
	conflict.declared == true
	lib.recorded(conflict, "declaredAt")
	first := min({lib.action_day(a) | some a in input.actions})
	lib.day(conflict.declaredAt) > first
	params := {"declaredAt": lib.day(conflict.declaredAt), "actedAt": first}
}
