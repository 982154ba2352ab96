package conduct.rules.p5_test

import data.conduct.rules.p5

inc(advice) := {"schemaVersion": "1", "actions": [{"id": "a1"}, {"advice": advice}]}

statuses(i) := {f.status | some f in p5.findings with input as i}

paths(i) := [g.path | some f in p5.findings with input as i; some g in f.missing]

test_no_advice_means_no_findings if {
	count(p5.findings) == 0 with input as {"schemaVersion": "1"}
	count(p5.findings) == 0 with input as inc(null)
}

test_complete_advice_is_compliant if {
	i := inc({"opposingFactorsIncluded": true, "limitationsStated": true})
	statuses(i) == {"compliant"}
	paths(i) == []
}

test_subject_is_the_action if {
	some f in p5.findings with input as inc({"opposingFactorsIncluded": true, "limitationsStated": true})
	f.subject == ["actions", 1]
	f.key == "P5.compliant"
}

test_opposing_factors_left_out_is_a_violation if {
	i := inc({"opposingFactorsIncluded": false, "limitationsStated": true})
	statuses(i) == {"violation"}
	{f.key | some f in p5.findings with input as i} == {"P5.violation.opposing_factors"}
	paths(i) == [["actions", 1, "advice", "opposingFactorsIncluded"]]
	statuses(inc({"opposingFactorsIncluded": null, "limitationsStated": true})) == {"violation"}
}

test_no_limitations_stated_is_a_violation if {
	i := inc({"opposingFactorsIncluded": true, "limitationsStated": false})
	statuses(i) == {"violation"}
	{f.key | some f in p5.findings with input as i} == {"P5.violation.limitations"}
	paths(i) == [["actions", 1, "advice", "limitationsStated"]]
	statuses(inc({"opposingFactorsIncluded": true, "limitationsStated": null})) == {"violation"}
}

test_unrecorded_is_incomplete if {
	i := inc({"opposingFactorsIncluded": true})
	statuses(i) == {"incomplete"}
	paths(i) == [["actions", 1, "advice", "limitationsStated"]]
	j := inc({})
	statuses(j) == {"incomplete"}
	paths(j) == [["actions", 1, "advice", "opposingFactorsIncluded"], ["actions", 1, "advice", "limitationsStated"]]
}

test_a_failure_outweighs_an_unrecorded_fact if {
	i := inc({"limitationsStated": false})
	statuses(i) == {"violation"}
	paths(i) == [["actions", 1, "advice", "opposingFactorsIncluded"], ["actions", 1, "advice", "limitationsStated"]]
	some f in p5.findings with input as i
	[g.violates | some g in f.missing] == [false, true]
}

test_each_advising_action_is_judged if {
	i := {"schemaVersion": "1", "actions": [
		{"advice": {"opposingFactorsIncluded": true, "limitationsStated": true}},
		{"kind": "task"},
		{"advice": {"opposingFactorsIncluded": false, "limitationsStated": false}},
	]}
	{[f.subject[1], f.status] | some f in p5.findings with input as i} == {[0, "compliant"], [2, "violation"]}
}
