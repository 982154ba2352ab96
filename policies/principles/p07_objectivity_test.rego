package conduct.rules.p7_test

import data.conduct.rules.p7

inc(judgement) := {"schemaVersion": "1", "actions": [{"id": "a1"}, {"judgement": judgement}]}

# Status and gap paths of the one finding.
result(i) := [f.status, [g.path | some g in f.missing]] if {
	some f in p7.findings with input as i
	f.subject == ["actions", 1]
}

at(field) := ["actions", 1, "judgement", field]

test_no_judgement_means_no_findings if {
	count(p7.findings) == 0 with input as {"schemaVersion": "1"}
	count(p7.findings) == 0 with input as inc(null)
}

test_no_personal_stake_is_compliant if {
	result(inc({"personalStake": false})) == ["compliant", []]
	result(inc({"sufficientKnowledge": true, "personalStake": null})) == ["compliant", []]
}

test_stake_unrecorded_is_incomplete if {
	result(inc({"sufficientKnowledge": true})) == ["incomplete", [at("personalStake")]]
}

test_undeclared_stake_is_a_violation if {
	result(inc({"personalStake": true, "stakeDeclared": false})) == ["violation", [at("stakeDeclared")]]
	result(inc({"personalStake": true, "stakeDeclared": null, "stakeAccepted": true})) == ["violation", [at("stakeDeclared")]]
}

test_declaration_unrecorded_is_incomplete if {
	result(inc({"personalStake": true})) == ["incomplete", [at("stakeDeclared")]]
}

test_declared_but_acceptance_unrecorded_is_incomplete if {
	result(inc({"personalStake": true, "stakeDeclared": true})) == ["incomplete", [at("stakeAccepted")]]
}

test_declared_and_accepted_is_compliant if {
	result(inc({"personalStake": true, "stakeDeclared": true, "stakeAccepted": true})) == ["compliant", []]
}

test_declared_but_refused_is_a_violation if {
	result(inc({"personalStake": true, "stakeDeclared": true, "stakeAccepted": false})) == ["violation", [at("stakeAccepted")]]
	result(inc({"personalStake": true, "stakeDeclared": true, "stakeAccepted": null})) == ["violation", [at("stakeAccepted")]]
}

test_each_judging_action_is_judged if {
	i := {"schemaVersion": "1", "actions": [{"judgement": {"personalStake": true, "stakeDeclared": false}}, {}, {"judgement": {"personalStake": false}}]}
	{[f.subject, f.status, f.key] | some f in p7.findings with input as i} == {[["actions", 0], "violation", "P7.violation.undeclared"], [["actions", 2], "compliant", "P7.compliant"]}
}
