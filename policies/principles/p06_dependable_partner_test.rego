package conduct.rules.p6_test

import data.conduct.rules.p6

inc(promise) := {"schemaVersion": "1", "promises": [{"to": "Acme", "delivered": true}, promise]}

# Status and gap paths of the second promise.
second(i) := [f.status, [g.path | some g in f.missing]] if {
	some f in p6.findings with input as i
	f.subject == ["promises", 1]
}

late(known, told) := {"delivered": false, "obstacleKnownAt": known, "communicatedAt": told}

statements(i) := {[f.subject, f.status] | some f in p6.findings with input as i}

test_nothing_promised_or_stated_means_no_findings if {
	count(p6.findings) == 0 with input as {"schemaVersion": "1"}
	count(p6.findings) == 0 with input as {"schemaVersion": "1", "promises": [null], "actions": [{"id": "a1"}]}
}

test_delivered_is_compliant if {
	statements(inc({"delivered": true})) == {[["promises", 0], "compliant"], [["promises", 1], "compliant"]}
}

test_delivery_unrecorded_is_incomplete if {
	second(inc({"to": "Acme"})) == ["incomplete", [["promises", 1, "delivered"]]]
	second(inc({"to": "Acme", "communicatedAt": null})) == ["incomplete", [["promises", 1, "delivered"]]]
}

# A day of notice shows that an obstacle was communicated.
test_a_notice_date_is_evidence_of_an_obstacle if {
	second(inc({"obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-11-15"})) == ["compliant", []]
	second(inc({"obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-11-16"})) == ["violation", [["promises", 1, "communicatedAt"]]]
	second(inc({"communicatedAt": "2026-11-16"})) == ["incomplete", [["promises", 1, "obstacleKnownAt"]]]

	# ...unless the promise is recorded as delivered.
	second(inc({"delivered": true, "obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-12-16"})) == ["compliant", []]
}

test_told_before_the_obstacle_was_known_is_incomplete if {
	i := inc(late("2026-11-10", "2026-11-09"))
	second(i) == ["incomplete", [["promises", 1, "communicatedAt"]]]
	some f in p6.findings with input as i
	f.key == "P6.incomplete.dates_disagree"
	f.params == {"obstacleKnownAt": "2026-11-10", "communicatedAt": "2026-11-09"}
}

test_told_within_the_threshold_is_compliant if {
	second(inc(late("2026-11-01", "2026-11-15"))) == ["compliant", []]
	second(inc(late("2026-11-01", "2026-11-01"))) == ["compliant", []]
	second(inc({"delivered": null, "obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-11-15T17:00:00Z"})) == ["compliant", []]
}

test_told_one_day_too_late_is_a_violation if {
	i := inc(late("2026-11-01", "2026-11-16"))
	second(i) == ["violation", [["promises", 1, "communicatedAt"]]]
	some f in p6.findings with input as i
	some g in f.missing
	g.params == {"days": 15, "threshold": 14, "obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-11-16"}
}

test_lateness_counts_across_months_and_years if {
	second(inc(late("2026-12-25", "2027-01-08"))) == ["compliant", []]
	second(inc(late("2026-12-25", "2027-01-09"))) == ["violation", [["promises", 1, "communicatedAt"]]]
	second(inc(late("2028-02-15", "2028-02-29"))) == ["compliant", []]
	second(inc(late("2028-02-15", "2028-03-01"))) == ["violation", [["promises", 1, "communicatedAt"]]]
}

test_never_told_is_a_violation if {
	second(inc({"delivered": false, "obstacleKnownAt": "2026-11-01", "communicatedAt": null})) == ["violation", [["promises", 1, "communicatedAt"]]]
	second(inc({"delivered": false, "communicatedAt": null})) == ["violation", [["promises", 1, "communicatedAt"]]]
}

test_unrecorded_dates_are_incomplete if {
	second(inc({"delivered": false, "obstacleKnownAt": "2026-11-01"})) == ["incomplete", [["promises", 1, "communicatedAt"]]]
	second(inc({"delivered": false, "communicatedAt": "2026-11-01"})) == ["incomplete", [["promises", 1, "obstacleKnownAt"]]]
	second(inc({"delivered": false})) == ["incomplete", [["promises", 1, "obstacleKnownAt"], ["promises", 1, "communicatedAt"]]]
}

test_knowingly_untrue_statement_is_a_violation if {
	i := {"schemaVersion": "1", "actions": [{"knowinglyUntrue": true}, {"id": "a2"}, {"knowinglyUntrue": false}]}
	statements(i) == {[["actions", 0], "violation"], [["actions", 2], "compliant"]}
	some f in p6.findings with input as i
	f.status == "violation"
	[g.path | some g in f.missing] == [["actions", 0, "knowinglyUntrue"]]
}

test_promises_and_statements_together if {
	i := {"schemaVersion": "1", "actions": [{"knowinglyUntrue": false}], "promises": [late("2026-11-01", "2026-12-01")]}
	statements(i) == {[["actions", 0], "compliant"], [["promises", 0], "violation"]}
}
