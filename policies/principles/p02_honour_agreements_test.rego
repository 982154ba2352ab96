package conduct.rules.p2_test

import data.conduct.rules.p2

one(agreement) := {"schemaVersion": "1", "agreements": [agreement]}

statuses(inc) := {f.status | some f in p2.findings with input as inc}

keys(inc) := {f.key | some f in p2.findings with input as inc}

missing_paths(inc) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in p2.findings with input as inc
	some g in f.missing
}

test_no_agreements_means_no_findings if {
	count(p2.findings) == 0 with input as {"schemaVersion": "1"}
	count(p2.findings) == 0 with input as {"schemaVersion": "1", "agreements": []}
	count(p2.findings) == 0 with input as one(null)
}

test_honoured_is_compliant if {
	inc := one({"with": ["Acme"], "kind": "explicit", "honoured": true})
	statuses(inc) == {"compliant"}
	keys(inc) == {"P2.compliant"}
	missing_paths(inc) == set()
	statuses(one({"honoured": true, "conflictsWithLaw": false})) == {"compliant"}
}

test_not_honoured_is_a_violation if {
	inc := one({"honoured": false, "conflictsWithLaw": false})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"agreements/0/honoured"}
	keys(inc) == {"P2.violation"}
	statuses(one({"honoured": false, "conflictsWithLaw": null})) == {"violation"}
}

test_null_means_never_honoured if {
	inc := one({"honoured": null, "conflictsWithLaw": false})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"agreements/0/honoured"}
}

# Whether keeping it would have been unlawful decides, so it is never guessed.
test_not_honoured_with_the_law_unrecorded_is_incomplete if {
	inc := one({"honoured": false})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"agreements/0/conflictsWithLaw"}
	keys(inc) == {"P2.incomplete.law"}
	missing_paths(one({"honoured": null})) == {"agreements/0/conflictsWithLaw"}
}

test_unrecorded_is_incomplete if {
	inc := one({"with": ["Acme"]})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"agreements/0/honoured"}
	keys(inc) == {"P2.incomplete.honoured"}
}

test_conflict_with_law_is_p3s_case if {
	inc := one({"honoured": false, "conflictsWithLaw": true})
	statuses(inc) == {"compliant"}
	keys(inc) == {"P2.unlawful_to_keep"}
	missing_paths(inc) == set()
	statuses(one({"conflictsWithLaw": true})) == {"compliant"}
}

test_one_finding_per_agreement if {
	inc := {"schemaVersion": "1", "agreements": [
		{"honoured": true},
		{"honoured": false, "conflictsWithLaw": false},
		{"honoured": false, "conflictsWithLaw": true},
		{},
	]}
	fs := p2.findings with input as inc
	{[f.subject, f.status] | some f in fs} == {
		[["agreements", 0], "compliant"],
		[["agreements", 1], "violation"],
		[["agreements", 2], "compliant"],
		[["agreements", 3], "incomplete"],
	}
	count(fs) == 4
}
