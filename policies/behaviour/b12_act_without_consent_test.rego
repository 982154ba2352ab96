package conduct.rules.b12_test

import data.conduct.rules.b12

good := {
	"legal": {"claimed": true, "basis": "Acme's responsible-disclosure policy", "explanation": "The policy invites testing of the public login form."},
	"ethical": {"claimed": true, "explanation": "Customers' data was at risk and nobody else knew of it."},
	"beneficial": {"claimed": true, "beneficiaries": ["Acme", "Acme customers"], "explanation": "Acme can now fix the flaw before it is abused."},
	"minimal": {"claimed": true, "explanation": "One request showed the flaw; no records were read.", "dataRetained": false, "beyondNeed": false},
}

one(action) := {"schemaVersion": "1", "actions": [action]}

statuses(inc) := {f.status | some f in b12.findings with input as inc}


missing_paths(inc) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in b12.findings with input as inc
	some g in f.missing
}

test_prior_consent_is_not_applicable if {
	statuses(one({"consent": {"prior": true}})) == {"not_applicable"}
}

test_no_justification_is_a_violation_listing_all_four if {
	fs := b12.findings with input as one({"consent": {"prior": false}})
	some f in fs
	f.status == "violation"
	{g.element | some g in f.missing} == {"legal", "ethical", "beneficial", "minimal"}
}

test_null_consent_means_never_given if {
	statuses(one({"consent": {"prior": null}})) == {"violation"}
	statuses(one({"consent": null})) == {"violation"}
}

test_unrecorded_consent_is_incomplete if {
	statuses(one({"id": "a1"})) == {"incomplete"}
	missing_paths(one({"consent": {}})) == {"actions/0/consent/prior"}
}

test_full_justification_is_compliant if {
	statuses(one({"consent": {"prior": false}, "justification": good})) == {"compliant"}
}

test_placeholder_explanation_is_incomplete_at_its_field if {
	j := object.union(good, {"ethical": {"explanation": "N/A "}})
	inc := one({"consent": {"prior": false}, "justification": j})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"actions/0/justification/ethical/explanation"}
}

test_short_explanation_is_incomplete if {
	j := object.union(good, {"legal": object.union(good.legal, {"explanation": "It was allowed"})})
	missing_paths(one({"consent": {"prior": false}, "justification": j})) == {"actions/0/justification/legal/explanation"}
}

test_unclaimed_and_missing_elements_are_incomplete if {
	# object.union merges recursively, so remove the elements before adding them back.
	j := object.union(object.remove(good, ["minimal", "ethical"]), {"ethical": object.remove(good.ethical, ["claimed"])})
	inc := one({"consent": {"prior": false}, "justification": j})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"actions/0/justification/minimal", "actions/0/justification/ethical/claimed"}
}

test_denied_element_is_a_violation if {
	j := object.union(good, {"legal": object.union(good.legal, {"claimed": false})})
	inc := one({"consent": {"prior": false}, "justification": j})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/justification/legal/claimed"}
}

test_member_as_only_beneficiary_is_a_violation if {
	j := object.union(good, {"beneficial": object.union(good.beneficial, {"beneficiaries": ["Jo Member"]})})
	inc := {"schemaVersion": "1", "member": {"name": "jo member"}, "actions": [{"consent": {"prior": false}, "justification": j}]}
	statuses(inc) == {"violation"}
}

test_data_kept_or_taken_beyond_need_is_a_violation if {
	j := object.union(good, {"minimal": object.union(good.minimal, {"dataRetained": true, "beyondNeed": true})})
	inc := one({"consent": {"prior": false}, "justification": j})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/justification/minimal/dataRetained", "actions/0/justification/minimal/beyondNeed"}
}

test_placeholder_legal_basis_is_incomplete if {
	j := object.union(good, {"legal": object.union(good.legal, {"basis": "see above"})})
	missing_paths(one({"consent": {"prior": false}, "justification": j})) == {"actions/0/justification/legal/basis"}
}

# Characters are code points, as in OPA: an emoji counts once.
test_explanations_are_measured_in_characters if {
	twenty := "Nineteen characters🙂"
	j := object.union(good, {"legal": object.union(good.legal, {"explanation": twenty})})
	statuses(one({"consent": {"prior": false}, "justification": j})) == {"compliant"}
	k := object.union(good, {"legal": object.union(good.legal, {"explanation": "Eighteen character🙂"})})
	statuses(one({"consent": {"prior": false}, "justification": k})) == {"incomplete"}
}

test_threshold_comes_from_config if {
	j := object.union(good, {"legal": object.union(good.legal, {"explanation": "Allowed by policy."})})
	inc := one({"consent": {"prior": false}, "justification": j})
	statuses(inc) == {"incomplete"}
	fs := b12.findings with input as inc with data.conduct.config.minExplanationLength as 5
	{f.status | some f in fs} == {"compliant"}
}
