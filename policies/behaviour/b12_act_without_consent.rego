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
	not lib.has_object(action, "justification")
	gaps := [lib.gap(e, ["actions", i, "justification", e], concat(".", ["B12", e, "not_given"]), {}, true) | some e in elements]
}

# --- A justification, judged element by element -----------------------------

findings contains lib.finding(["actions", i], status, key, params, gaps) if {
	some i, action in input.actions
	without_prior_consent(action)
	j := action.justification
	is_object(j)

	# Listed in the order the code names the elements, evidence last.
	gaps := array.concat([g | some e in elements; some g in element_gaps(i, e, j)], evidence_gaps(i, j))
	status := lib.status_of(gaps)
	key := lib.finding_key("B12", status, gaps, reasons)
	params := {"n": count(counted_elements(status, gaps))}
}

# A violation counts the elements that fail; an incomplete finding, those
# that cannot be demonstrated yet.
counted_elements(status, gaps) := {g.element | some g in gaps; g.violates; g.element in elements} if {
	status == "violation"
} else := {g.element | some g in gaps; g.element in elements}

# The reasons that name a finding when they alone decided it.
reasons := {
	"B12.legal.denied": "denied",
	"B12.ethical.denied": "denied",
	"B12.beneficial.denied": "denied",
	"B12.minimal.denied": "denied",
	"B12.beneficial.only_member": "only_member",
	"B12.minimal.beyond_need": "beyond_need",
	"B12.minimal.data_retained": "data_retained",
	"B12.evidence.placeholder": "evidence",
}

# The gaps of one element, most decisive first: not there at all; denied
# (the action was not legal, not ethical...); else whether it is claimed,
# explained, and borne out by the facts it names.
element_gaps(i, e, j) := [lib.gap(e, ["actions", i, "justification", e], concat(".", ["B12", e, "not_given"]), {}, false)] if {
	not lib.has_object(j, e)
} else := [lib.gap(e, ["actions", i, "justification", e, "claimed"], concat(".", ["B12", e, "denied"]), {}, true)] if {
	j[e].claimed == false
} else := array.concat(array.concat(claim_gaps(i, e, j[e]), explanation_gaps(i, e, j[e])), fact_gaps(i, e, j[e]))

# Whether the element holds is not stated (absent, or null).
claim_gaps(i, e, element) := [lib.gap(e, ["actions", i, "justification", e, "claimed"], concat(".", ["B12", e, "unclaimed"]), {}, false)] if {
	not element.claimed == true
} else := []

# The explanation is missing, a placeholder, or too short to show anything.
explanation_gaps(i, e, element) := [lib.gap(e, ["actions", i, "justification", e, "explanation"], key, params, false)] if {
	weakness := lib.explanation_weakness(element, "explanation")
	is_string(weakness)
	key := concat(".", ["B12", e, "explanation", weakness])
	params := {"text": object.get(element, "explanation", ""), "min": lib.config.minExplanationLength}
} else := []

fact_gaps(i, e, element) := legal_gaps(i, element) if {
	e == "legal"
} else := beneficial_gaps(i, element) if {
	e == "beneficial"
} else := minimal_gaps(i, element) if {
	e == "minimal"
} else := []

# Legal: a basis must be named.
legal_gaps(i, element) := [lib.gap("legal", ["actions", i, "justification", "legal", "basis"], key, params, false)] if {
	weakness := lib.name_weakness(element, "basis")
	is_string(weakness)
	key := concat(".", ["B12.legal.basis", weakness])
	params := {"text": object.get(element, "basis", "")}
} else := []

# Beneficial: someone must be named as benefiting, and not only the member.
beneficial_gaps(i, element) := [lib.gap("beneficial", path, "B12.beneficial.none_named", {}, false)] if {
	none_named(element)
	path := ["actions", i, "justification", "beneficial", "beneficiaries"]
} else := [lib.gap("beneficial", path, "B12.beneficial.only_member", {"beneficiaries": element.beneficiaries}, true)] if {
	count([b | some b in element.beneficiaries; not is_member(b)]) == 0
	path := ["actions", i, "justification", "beneficial", "beneficiaries"]
} else := []

none_named(element) if not lib.recorded(element, "beneficiaries")

none_named(element) if count(element.beneficiaries) == 0

is_member(name) if lib.normalised(name) in lib.config.selfReferences

is_member(name) if {
	lib.has_text(input.member.name)
	lib.normalised(name) == lib.normalised(input.member.name)
}

# Minimal: nothing taken beyond the need, nothing kept afterwards.
minimal_facts := {
	"beyondNeed": "B12.minimal.beyond_need",
	"dataRetained": "B12.minimal.data_retained",
}

minimal_gaps(i, element) := [lib.gap("minimal", ["actions", i, "justification", "minimal", fact], key, {}, true) |
	some fact, key in minimal_facts
	element[fact] == true
]

# Evidence, where listed, must name something.
evidence_gaps(i, j) := [lib.gap("evidence", ["actions", i, "justification", "evidence", k], "B12.evidence.placeholder", {"text": item}, false) |
	some k, item in lib.list(j, "evidence")
	lib.name_text_weakness(item)
]
