package conduct.rules.p1_test

import data.conduct.rules.p1

one(judgement) := {"schemaVersion": "1", "actions": [{"id": "a1", "judgement": judgement}]}

statuses(inc) := {f.status | some f in p1.findings with input as inc}

keys(inc) := {f.key | some f in p1.findings with input as inc}

missing_paths(inc) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in p1.findings with input as inc
	some g in f.missing
}

test_no_judgement_means_no_findings if {
	count(p1.findings) == 0 with input as {"schemaVersion": "1"}
	count(p1.findings) == 0 with input as {"schemaVersion": "1", "actions": [{"id": "a1"}]}
	count(p1.findings) == 0 with input as one(null)
}

test_sufficient_knowledge_is_compliant if {
	inc := one({"sufficientKnowledge": true})
	statuses(inc) == {"compliant"}
	keys(inc) == {"P1.compliant"}
	missing_paths(inc) == set()

	# Whether it was disclosed does not matter when the member knew enough.
	statuses(one({"sufficientKnowledge": true, "insufficiencyDisclosed": false})) == {"compliant"}
}

test_insufficient_but_disclosed_is_compliant if {
	inc := one({"sufficientKnowledge": false, "insufficiencyDisclosed": true})
	statuses(inc) == {"compliant"}
	keys(inc) == {"P1.disclosed"}
}

test_insufficient_and_undisclosed_is_a_violation if {
	inc := one({"sufficientKnowledge": false, "insufficiencyDisclosed": false})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/judgement/insufficiencyDisclosed"}
	keys(inc) == {"P1.violation"}
}

test_null_disclosure_means_never_disclosed if {
	inc := one({"sufficientKnowledge": false, "insufficiencyDisclosed": null})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/judgement/insufficiencyDisclosed"}
}

test_null_knowledge_means_it_was_never_sufficient if {
	statuses(one({"sufficientKnowledge": null, "insufficiencyDisclosed": false})) == {"violation"}
	statuses(one({"sufficientKnowledge": null, "insufficiencyDisclosed": true})) == {"compliant"}
}

test_knowledge_unrecorded_is_incomplete if {
	inc := one({"personalStake": false})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"actions/0/judgement/sufficientKnowledge"}
	missing_paths(one({})) == {"actions/0/judgement/sufficientKnowledge"}
	keys(inc) == {"P1.incomplete.knowledge"}
}

test_disclosure_unrecorded_is_incomplete if {
	inc := one({"sufficientKnowledge": false})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"actions/0/judgement/insufficiencyDisclosed"}
	keys(inc) == {"P1.incomplete.disclosure"}
}

test_one_finding_per_judging_action if {
	inc := {"schemaVersion": "1", "actions": [
		{"judgement": {"sufficientKnowledge": true}},
		{"id": "no judgement"},
		{"judgement": {"sufficientKnowledge": false, "insufficiencyDisclosed": false}},
	]}
	fs := p1.findings with input as inc
	{[f.subject, f.status] | some f in fs} == {[["actions", 0], "compliant"], [["actions", 2], "violation"]}
}
