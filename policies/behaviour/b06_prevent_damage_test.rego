package conduct.rules.b6_test

import data.conduct.rules.b6

inc(damage) := {"schemaVersion": "1", "actions": [{"id": "a1", "damage": damage}]}

statuses(i) := {f.status | some f in b6.findings with input as i}

missing_paths(i) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in b6.findings with input as i
	some g in f.missing
}

test_no_damage_means_no_findings if {
	count(b6.findings) == 0 with input as {"schemaVersion": "1"}
	count(b6.findings) == 0 with input as {"schemaVersion": "1", "actions": [{"id": "a1"}, {"damage": null}]}
}

test_prevention_attempted_is_compliant if {
	statuses(inc({"foreseeable": true, "preventable": true, "preventionAttempted": true})) == {"compliant"}
}

test_no_attempt_is_a_violation if {
	i := inc({"foreseeable": true, "preventable": true, "preventionAttempted": false})
	statuses(i) == {"violation"}
	missing_paths(i) == {"actions/0/damage/preventionAttempted"}
	statuses(inc({"foreseeable": true, "preventable": true, "preventionAttempted": null})) == {"violation"}
}

test_attempt_unrecorded_is_incomplete if {
	i := inc({"foreseeable": true, "preventable": true})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"actions/0/damage/preventionAttempted"}
}

test_unforeseeable_or_unpreventable_is_compliant if {
	statuses(inc({"foreseeable": false, "preventable": true, "preventionAttempted": false})) == {"compliant"}
	statuses(inc({"foreseeable": true, "preventable": false, "preventionAttempted": false})) == {"compliant"}
	statuses(inc({"foreseeable": null, "preventable": true})) == {"compliant"}
	statuses(inc({"foreseeable": true, "preventable": null})) == {"compliant"}
}

test_one_denial_is_enough_even_if_the_other_is_unrecorded if {
	statuses(inc({"foreseeable": false})) == {"compliant"}
	statuses(inc({"preventable": null})) == {"compliant"}
}

test_unrecorded_foresight_or_prevention_is_incomplete if {
	i := inc({"description": "the backup would be overwritten"})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"actions/0/damage/foreseeable", "actions/0/damage/preventable"}
	j := inc({"foreseeable": true, "preventionAttempted": false})
	statuses(j) == {"incomplete"}
	missing_paths(j) == {"actions/0/damage/preventable"}
}
