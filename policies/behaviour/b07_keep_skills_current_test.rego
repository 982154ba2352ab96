package conduct.rules.b7_test

import data.conduct.rules.b7

inc(last, actions) := {"schemaVersion": "1", "member": {"lastTraining": last}, "actions": actions}

statuses(i) := {f.status | some f in b7.findings with input as i}

missing_paths(i) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in b7.findings with input as i
	some g in f.missing
}

test_no_training_date_means_no_findings if {
	count(b7.findings) == 0 with input as {"schemaVersion": "1", "actions": [{"at": "2026-11-20"}]}
	count(b7.findings) == 0 with input as {"schemaVersion": "1", "member": {}, "actions": [{"at": "2026-11-20"}]}
	count(b7.findings) == 0 with input as inc("2023-11-20", [])
	count(b7.findings) == 0 with input as inc(null, [])
}

test_never_trained_is_a_violation if {
	i := inc(null, [{"at": "2026-11-20"}, {"id": "undated"}])
	{[f.subject, f.status, f.key] | some f in b7.findings with input as i} == {
		[["actions", 0], "violation", "B7.violation.never_trained"],
		[["actions", 1], "violation", "B7.violation.never_trained"],
	}
	missing_paths(i) == {"member/lastTraining"}
}

test_a_training_after_the_action_says_nothing if {
	i := inc("2026-11-21", [{"at": "2026-11-20"}])
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"member/lastTraining"}
	{f.key | some f in b7.findings with input as i} == {"B7.incomplete.trained_after"}

	# Trained on the day of the action: that counts.
	statuses(inc("2026-11-20T18:00:00Z", [{"at": "2026-11-20T08:00:00Z"}])) == {"compliant"}
}

test_within_the_years_is_compliant if {
	statuses(inc("2025-01-01", [{"at": "2026-11-20"}])) == {"compliant"}
}

test_the_last_day_is_in_time if {
	statuses(inc("2023-11-20", [{"at": "2026-11-20T23:00:00Z"}])) == {"compliant"}
	b7.current_until == "2026-11-20" with input as inc("2023-11-20T08:00:00Z", [])
}

test_the_day_after_is_a_violation if {
	i := inc("2023-11-20", [{"at": "2026-11-21"}])
	statuses(i) == {"violation"}
	missing_paths(i) == {"member/lastTraining"}
}

test_the_incident_date_stands_in_for_the_action_date if {
	statuses(object.union(inc("2023-11-20", [{"id": "a1"}]), {"occurredAt": "2026-11-21"})) == {"violation"}
}

test_no_day_at_all_is_incomplete if {
	i := inc("2023-11-20", [{"id": "a1"}])
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"actions/0/at"}
}

test_a_leap_day_ends_on_28_february if {
	statuses(inc("2024-02-29", [{"at": "2027-02-28"}])) == {"compliant"}
	statuses(inc("2024-02-29", [{"at": "2027-03-01"}])) == {"violation"}
	b7.current_until == "2027-02-28" with input as inc("2024-02-29", [])
	b7.current_until == "2028-02-29" with input as inc("2024-02-29", []) with data.conduct.config.trainingValidYears as 4
	b7.current_until == "2100-02-28" with input as inc("2096-02-29", []) with data.conduct.config.trainingValidYears as 4
	b7.current_until == "2400-02-29" with input as inc("2396-02-29", []) with data.conduct.config.trainingValidYears as 4
}

test_years_come_from_configuration if {
	statuses(inc("2023-11-20", [{"at": "2026-11-21"}])) == {"compliant"} with data.conduct.config.trainingValidYears as 5
	b7.current_until == "2000-01-01" with input as inc("2000-01-01", []) with data.conduct.config.trainingValidYears as 0
	b7.current_until == "1002-05-06" with input as inc("0999-05-06", [])
	b7.current_until == "9999-12-31" with input as inc("9998-05-06", [])
}

test_one_finding_per_action if {
	i := inc("2023-11-20", [{"at": "2026-01-01"}, {"at": "2027-01-01"}, null])
	{[f.subject, f.status] | some f in b7.findings with input as i} == {[["actions", 0], "compliant"], [["actions", 1], "violation"]}
}

test_an_undated_action_beside_a_dated_one if {
	i := inc("2023-11-20", [{"id": "a1"}, {"at": "2026-11-20"}])
	{[f.subject, f.status] | some f in b7.findings with input as i} == {[["actions", 0], "incomplete"], [["actions", 1], "compliant"]}
}
