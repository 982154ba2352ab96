# METADATA
# title: Acting without prior consent is justified
# description: When a member acts without the prior consent of those
#   affected, the action must be legal and ethical, must benefit the parties
#   involved or their constituents rather than only the member, and must stay
#   strictly within what was needed to protect them or make them aware of a
#   deficiency. Each of the four elements has to be demonstrable, so each needs
#   an explanation of substance; a stated fact that contradicts a claim (the
#   member as the only beneficiary, data taken beyond the need or kept
#   afterwards) breaks the rule.
# custom:
#   id: B12
#   slug: act-without-consent
#   section: behaviour
#   severity: critical
#   inputs:
#     - /actions/*/consent/prior
#     - /actions/*/justification
#     - /member/name
package conduct.rules.b12

import data.conduct.lib

elements := ["legal", "ethical", "beneficial", "minimal"]

# --- Does the rule apply? ---------------------------------------------------

# Consent given beforehand: nothing to justify.
findings contains lib.finding(["actions", i], "not_applicable", "B12.consented", {}, []) if {
	some i, action in input.actions
	action.consent.prior == true
}

# Whether consent was given is not recorded: the rule cannot be judged yet.
findings contains lib.finding(["actions", i], "incomplete", "B12.consent_unrecorded", {}, [gap]) if {
	some i, action in input.actions
	consent_unrecorded(action)
	gap := lib.gap("consent", ["actions", i, "consent", "prior"], "B12.consent.unrecorded", {}, false)
}

consent_unrecorded(action) if lib.absent(action, "consent")

consent_unrecorded(action) if {
	is_object(action.consent)
	lib.absent(action.consent, "prior")
}

# `consent: null` or `prior: null` say consent was never given.
without_prior_consent(action) if action.consent == null

without_prior_consent(action) if action.consent.prior == null

without_prior_consent(action) if action.consent.prior == false

# --- No justification at all ------------------------------------------------

findings contains lib.finding(["actions", i], "violation", "B12.no_justification", {}, gaps) if {
	some i, action in input.actions
	without_prior_consent(action)
	not is_object(action.justification)
	gaps := [lib.gap(e, ["actions", i, "justification", e], "B12.element.not_given", {}, true) | some e in elements]
}

# --- A justification, judged element by element -----------------------------

findings contains lib.finding(["actions", i], status, concat(".", ["B12", status]), {}, gaps) if {
	some i, j in justified
	found := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(found)

	# Listed in the order the code names the elements.
	gaps := [g | some e in array.concat(elements, ["evidence"]); some g in found; g.element == e]
}

# Justifications of actions taken without prior consent, by action index.
justified[i] := action.justification if {
	some i, action in input.actions
	without_prior_consent(action)
	is_object(action.justification)
}

# The element is not there at all.
gap contains [i, lib.gap(e, ["actions", i, "justification", e], "B12.element.not_given", {}, false)] if {
	some i, j in justified
	some e in elements
	not is_object(j[e])
}

# The element is explicitly denied: the action was not legal, not ethical...
gap contains [i, lib.gap(e, ["actions", i, "justification", e, "claimed"], "B12.element.denied", {}, true)] if {
	some i, j in justified
	some e in elements
	j[e].claimed == false
}

# Whether the element holds is not stated.
gap contains [i, lib.gap(e, ["actions", i, "justification", e, "claimed"], "B12.element.unclaimed", {}, false)] if {
	some i, e
	element := claimable[i][e]
	not element.claimed == true
}

# The explanation is missing, a placeholder, or too short to show anything.
gap contains [i, lib.gap(e, ["actions", i, "justification", e, "explanation"], key, params, false)] if {
	some i, e
	element := claimable[i][e]
	weakness := lib.explanation_weakness(element, "explanation")
	key := concat(".", ["B12.explanation", weakness])
	params := {"text": object.get(element, "explanation", ""), "min": lib.config.minExplanationLength}
}

# Legal: a basis must be named.
gap contains [i, lib.gap("legal", ["actions", i, "justification", "legal", "basis"], key, params, false)] if {
	some i
	element := claimable[i].legal
	weakness := lib.name_weakness(element, "basis")
	key := concat(".", ["B12.legal.basis", weakness])
	params := {"text": object.get(element, "basis", "")}
}

# Beneficial: someone must be named as benefiting...
gap contains [i, lib.gap("beneficial", ["actions", i, "justification", "beneficial", "beneficiaries"], "B12.beneficial.none_named", {}, false)] if {
	some i
	element := claimable[i].beneficial
	none_named(element)
}

# ...and not only the member themself.
gap contains [i, lib.gap("beneficial", ["actions", i, "justification", "beneficial", "beneficiaries"], "B12.beneficial.only_member", {"beneficiaries": element.beneficiaries}, true)] if {
	some i
	element := claimable[i].beneficial
	count(element.beneficiaries) > 0
	count([b | some b in element.beneficiaries; not is_member(b)]) == 0
}

# Minimal: nothing taken beyond the need, nothing kept afterwards.
gap contains [i, lib.gap("minimal", ["actions", i, "justification", "minimal", "beyondNeed"], "B12.minimal.beyond_need", {}, true)] if {
	some i
	element := claimable[i].minimal
	element.beyondNeed == true
}

gap contains [i, lib.gap("minimal", ["actions", i, "justification", "minimal", "dataRetained"], "B12.minimal.data_retained", {}, true)] if {
	some i
	element := claimable[i].minimal
	element.dataRetained == true
}

# Evidence, where listed, must name something.
gap contains [i, lib.gap("evidence", ["actions", i, "justification", "evidence", k], "B12.evidence.placeholder", {"text": item}, false)] if {
	some i, j in justified
	some k, item in j.evidence
	lib.name_weakness(j.evidence, k)
}

# Elements present and not denied, whose content can be judged, by action
# index and element name.
claimable[i] := {e: j[e] |
	some e in elements
	is_object(j[e])
	not j[e].claimed == false
} if {
	some i, j in justified
}

none_named(element) if not lib.recorded(element, "beneficiaries")

none_named(element) if count(element.beneficiaries) == 0

is_member(name) if lib.normalised(name) in lib.config.selfReferences

is_member(name) if {
	lib.has_text(input.member.name)
	lib.normalised(name) == lib.normalised(input.member.name)
}
