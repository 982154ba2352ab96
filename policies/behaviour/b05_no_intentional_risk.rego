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

# Risks, by action index. `risk: null` says nobody was exposed to any.
risks[i] := action.risk if {
	some i, action in input.actions
	is_object(action.risk)
}

findings contains lib.finding(["actions", i], status, concat(".", ["B5", status]), {}, gaps) if {
	some i, _ in risks
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
}

# Whether the exposure was intentional is not recorded. (`null` says it
# did not happen: no intentional exposure.)
gap contains [i, lib.gap("intentional", ["actions", i, "risk", "intentional"], "B5.intentional_unrecorded", {}, false)] if {
	some i, r in risks
	lib.absent(r, "intentional")
}

# Intentional, but who was exposed is not recorded.
gap contains [i, lib.gap("exposedParties", ["actions", i, "risk", "exposedParties"], "B5.exposed_unrecorded", {}, false)] if {
	some i, r in risks
	r.intentional == true
	lib.absent(r, "exposedParties")
}

# Intentional, parties exposed, and whether any of them asked for it is not
# recorded. (`null` or `[]` say nobody asked.)
gap contains [i, lib.gap("explicitlyRequestedBy", ["actions", i, "risk", "explicitlyRequestedBy"], "B5.requests_unrecorded", {}, false)] if {
	some i, r in risks
	r.intentional == true
	count(exposed[i]) > 0
	lib.absent(r, "explicitlyRequestedBy")
}

# Parties exposed on purpose that did not themselves explicitly ask for it.
gap contains [i, lib.gap("exposedParties", ["actions", i, "risk", "exposedParties"], "B5.not_requested", {"parties": unasked}, true)] if {
	some i, r in risks
	r.intentional == true
	lib.has_key(r, "explicitlyRequestedBy")
	asked := {lib.normalised(p) | some p in lib.list(r, "explicitlyRequestedBy"); is_string(p)}
	unasked := [p | some p in exposed[i]; not lib.normalised(p) in asked]
	count(unasked) > 0
}

# The parties named as exposed, by action index (names only: a `null` item
# names nobody).
exposed[i] := [p | some p in lib.list(r, "exposedParties"); is_string(p)] if {
	some i, r in risks
	r.intentional == true
}
