package conduct.rules.b3_test

import data.conduct.rules.b3

inc(conflict) := {"schemaVersion": "1", "actions": [{"at": "2026-11-10"}, {"at": "2026-11-05"}], "conflictsOfInterest": [conflict]}

statuses(i) := {f.status | some f in b3.findings with input as i}

elements(i) := {g.element | some f in b3.findings with input as i; some g in f.missing}

test_no_conflicts_means_no_findings if {
	count(b3.findings) == 0 with input as {"schemaVersion": "1"}
}

test_declared_in_time_to_all_is_compliant if {
	statuses(inc({"parties": ["Acme", "Beta"], "declared": true, "declaredTo": ["acme", "Beta"], "declaredAt": "2026-11-05"})) == {"compliant"}
	statuses(inc({"declared": true})) == {"compliant"}
}

test_undeclared_is_a_violation if {
	statuses(inc({"declared": false})) == {"violation"}
	statuses(inc({"declared": null})) == {"violation"}
}

test_unrecorded_is_incomplete if {
	statuses(inc({"description": "shares in a competitor"})) == {"incomplete"}
}

test_declared_after_acting_is_a_violation if {
	i := inc({"declared": true, "declaredAt": "2026-11-06"})
	statuses(i) == {"violation"}
	elements(i) == {"declaredAt"}
}

test_parties_left_untold_is_a_violation if {
	i := inc({"parties": ["Acme", "Beta"], "declared": true, "declaredTo": ["Acme"]})
	statuses(i) == {"violation"}
	elements(i) == {"declaredTo"}
}
