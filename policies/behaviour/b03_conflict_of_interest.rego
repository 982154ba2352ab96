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

# The first day the member acted, where any action (or the incident) has one.
first_action_day := min({day | some action in input.actions; day := lib.action_day(action); is_string(day)})

# One finding per possible conflict of interest.
findings contains lib.finding(["conflictsOfInterest", i], status, key, params, gaps) if {
	some i, conflict in input.conflictsOfInterest
	is_object(conflict)
	gaps := conflict_gaps(i, conflict)
	status := lib.status_of(gaps)
	key := finding_key(status, gaps, conflict)
	params := finding_params(conflict)
}

# Whether it was declared is not recorded.
conflict_gaps(i, conflict) := [lib.gap("declared", ["conflictsOfInterest", i, "declared"], "B3.declared_unrecorded", {}, false)] if {
	lib.absent(conflict, "declared")
} else := [lib.gap("declared", ["conflictsOfInterest", i, "declared"], "B3.undeclared", {}, true)] if {
	# Not declared (false) or never declared (null).
	not conflict.declared == true
} else := array.concat(party_gaps(i, conflict), timing_gaps(i, conflict))

# Declared, but not to every party affected.
party_gaps(i, conflict) := [lib.gap("declaredTo", ["conflictsOfInterest", i, "declaredTo"], "B3.parties_not_told", {"parties": untold}, true)] if {
	lib.recorded(conflict, "declaredTo")
	told := {lib.normalised(p) | some p in conflict.declaredTo}
	untold := [p | some p in lib.list(conflict, "parties"); name := lib.normalised(p); not name in told]
	count(untold) > 0
} else := []

# Declared, but only after the member had acted.
timing_gaps(i, conflict) := [lib.gap("declaredAt", ["conflictsOfInterest", i, "declaredAt"], "B3.declared_late", params, true)] if {
	lib.recorded(conflict, "declaredAt")
	declared := lib.day(conflict.declaredAt)
	declared > first_action_day
	params := {"declaredAt": declared, "actedAt": first_action_day}
} else := []

# The kinds of gap that can decide a finding, named for its message key.
reasons := {
	"B3.undeclared": "undeclared",
	"B3.parties_not_told": "parties_not_told",
	"B3.declared_late": "declared_late",
}

# A declaration known to precede every action says so.
finding_key(status, gaps, conflict) := "B3.compliant.before_acting" if {
	status == "compliant"
	lib.day(conflict.declaredAt) <= first_action_day
} else := lib.finding_key("B3", status, gaps, reasons)

finding_params(conflict) := {"declaredAt": lib.day(conflict.declaredAt), "actedAt": first_action_day} if {
	lib.recorded(conflict, "declaredAt")
	first_action_day
} else := {}
