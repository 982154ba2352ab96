package conduct.rules.p4_test

import data.conduct.rules.p4

sound := {"informationCorrect": true, "informationCurrent": true, "informationComplete": true}

one(advice) := {"schemaVersion": "1", "actions": [{"id": "a1", "advice": advice}]}

statuses(inc) := {f.status | some f in p4.findings with input as inc}

keys(inc) := {f.key | some f in p4.findings with input as inc}

missing_paths(inc) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in p4.findings with input as inc
	some g in f.missing
}

test_no_advice_means_no_findings if {
	count(p4.findings) == 0 with input as {"schemaVersion": "1"}
	count(p4.findings) == 0 with input as {"schemaVersion": "1", "actions": [{"id": "a1"}]}
	count(p4.findings) == 0 with input as one(null)
}

test_sound_information_is_compliant if {
	inc := one(sound)
	statuses(inc) == {"compliant"}
	keys(inc) == {"P4.compliant"}
	missing_paths(inc) == set()
	statuses(one(object.union(sound, {"doubtsDisclosed": false}))) == {"compliant"}
}

test_doubt_disclosed_is_compliant if {
	inc := one(object.union(sound, {"informationCurrent": false, "doubtsDisclosed": true}))
	statuses(inc) == {"compliant"}
	keys(inc) == {"P4.doubts_disclosed"}
}

test_doubt_undisclosed_is_a_violation_naming_the_quality if {
	inc := one(object.union(sound, {"informationComplete": false, "doubtsDisclosed": false}))
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/advice/doubtsDisclosed"}
	some f in p4.findings with input as inc
	some g in f.missing
	g.key == "P4.doubt_undisclosed"
	keys(inc) == {"P4.violation"}
}

test_null_means_not_believed_and_never_disclosed if {
	inc := one({"informationCorrect": null, "informationCurrent": false, "informationComplete": true, "doubtsDisclosed": null})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/advice/doubtsDisclosed"}
}

test_doubt_with_disclosure_unrecorded_is_incomplete if {
	inc := one(object.union(sound, {"informationCorrect": false}))
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"actions/0/advice/doubtsDisclosed"}
	keys(inc) == {"P4.incomplete.disclosure"}
}

test_a_doubt_decides_even_with_other_qualities_unrecorded if {
	statuses(one({"informationCorrect": false, "doubtsDisclosed": true})) == {"compliant"}
	inc := one({"informationCorrect": false, "doubtsDisclosed": false})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"actions/0/advice/doubtsDisclosed"}
}

test_unrecorded_qualities_are_incomplete_each_at_its_field if {
	inc := one({"informationCurrent": true, "informationComplete": true, "doubtsDisclosed": true})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"actions/0/advice/informationCorrect"}
	missing_paths(one({"limitationsStated": true})) == {
		"actions/0/advice/informationCorrect",
		"actions/0/advice/informationCurrent",
		"actions/0/advice/informationComplete",
	}
}

test_one_finding_per_advising_action if {
	inc := {"schemaVersion": "1", "actions": [
		{"advice": sound},
		{"id": "no advice"},
		{"advice": object.union(sound, {"informationCurrent": false, "doubtsDisclosed": false})},
	]}
	fs := p4.findings with input as inc
	{[f.subject, f.status] | some f in fs} == {[["actions", 0], "compliant"], [["actions", 2], "violation"]}
}
