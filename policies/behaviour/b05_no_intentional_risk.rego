# METADATA
# title: Expose nobody to risk on purpose
# description: A member does not knowingly put people or organisations at
#   risk of harm to their assets, data, processes, interests or reputation.
#   The one exception is a party that explicitly asked for it, and only for
#   itself: a client cannot accept a risk on behalf of third parties. Risk
#   the member did not take on purpose is a matter for B6, not for this rule.
# custom:
#   id: B5
#   slug: no-intentional-risk
#   section: behaviour
#   severity: critical
#   inputs:
#     - /actions/*/risk/intentional
#     - /actions/*/risk/exposedParties
#     - /actions/*/risk/explicitlyRequestedBy
package conduct.rules.b5

import data.conduct.lib

# One finding per action that records a risk; `risk: null` says nobody was
# exposed to any.
findings contains lib.finding_of(["actions", i], o) if {
	some i, action in input.actions
	risk := action.risk
	is_object(risk)

	# Names only: a `null` item names nobody.
	exposed := [p | some p in lib.list(risk, "exposedParties"); is_string(p)]
	asked := {lib.normalised(p) | some p in lib.list(risk, "explicitlyRequestedBy"); is_string(p)}
	o := risk_outcome(i, risk, exposed, asked)
}

risk_outcome(i, r, exposed, asked) := lib.outcome("B5.incomplete.intentional", {}, [gap]) if {
	lib.absent(r, "intentional")
	gap := lib.gap("intentional", ["actions", i, "risk", "intentional"], "B5.intentional_unrecorded", {}, false)
} else := lib.outcome("B5.compliant.not_intentional", {}, []) if {
	# Not on purpose (false), or no exposure at all (null): B6's matter.
	not r.intentional == true
} else := lib.outcome("B5.incomplete.exposed", {}, [gap]) if {
	lib.absent(r, "exposedParties")
	gap := lib.gap("exposedParties", ["actions", i, "risk", "exposedParties"], "B5.exposed_unrecorded", {}, false)
} else := lib.outcome("B5.compliant.nobody_exposed", {}, []) if {
	count(exposed) == 0
} else := lib.outcome("B5.incomplete.requests", {}, [gap]) if {
	# Whether any of them asked for it is not recorded. (`null` or `[]` say
	# nobody asked.)
	lib.absent(r, "explicitlyRequestedBy")
	gap := lib.gap("explicitlyRequestedBy", ["actions", i, "risk", "explicitlyRequestedBy"], "B5.requests_unrecorded", {}, false)
} else := request_outcome(i, [p | some p in exposed; name := lib.normalised(p); not name in asked], asked)

# Every party exposed on purpose must have asked for it itself.
request_outcome(i, unasked, asked) := lib.outcome("B5.compliant", {}, []) if {
	count(unasked) == 0
} else := lib.outcome("B5.violation.unrequested", {}, [gap]) if {
	# Nobody asked for the risk at all.
	count(asked) == 0
	gap := lib.gap("exposedParties", ["actions", i, "risk", "exposedParties"], "B5.not_requested", {"parties": unasked}, true)
} else := lib.outcome("B5.violation.on_behalf", {}, [gap]) if {
	# Someone asked, but not those exposed: nobody accepts a risk for others.
	gap := lib.gap("exposedParties", ["actions", i, "risk", "exposedParties"], "B5.not_requested.on_behalf", {"parties": unasked}, true)
}
