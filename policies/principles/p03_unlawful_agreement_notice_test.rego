package conduct.rules.p3_test

import data.conduct.rules.p3

unlawful(fields) := {"schemaVersion": "1", "agreements": [object.union({"honoured": false, "conflictsWithLaw": true}, fields)]}

statuses(inc) := {f.status | some f in p3.findings with input as inc}

missing_paths(inc) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in p3.findings with input as inc
	some g in f.missing
}

gap_keys(inc) := {g.key | some f in p3.findings with input as inc; some g in f.missing}

keys(inc) := {f.key | some f in p3.findings with input as inc}

test_no_agreements_means_no_findings if {
	count(p3.findings) == 0 with input as {"schemaVersion": "1"}
	count(p3.findings) == 0 with input as {"schemaVersion": "1", "agreements": [null]}
}

test_agreements_kept_or_lawful_are_compliant if {
	inc := {"schemaVersion": "1", "agreements": [
		{"honoured": true},
		{"honoured": false, "conflictsWithLaw": false},
		{"conflictsWithLaw": null},
	]}
	{[f.subject, f.status, f.key] | some f in p3.findings with input as inc} == {
		[["agreements", 0], "compliant", "P3.compliant.kept"],
		[["agreements", 1], "compliant", "P3.compliant.lawful"],
		[["agreements", 2], "compliant", "P3.compliant.lawful"],
	}
}

test_not_kept_with_the_law_unrecorded_is_incomplete if {
	inc := {"schemaVersion": "1", "agreements": [{"honoured": false}]}
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"agreements/0/conflictsWithLaw"}
	keys(inc) == {"P3.incomplete.law"}
	missing_paths({"schemaVersion": "1", "agreements": [{}]}) == {"agreements/0/conflictsWithLaw"}
}

test_told_before_the_discovery_is_incomplete if {
	inc := unlawful({"discoveredAt": "2026-11-10", "partiesNotifiedAt": "2026-11-01"})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"agreements/0/partiesNotifiedAt"}
	gap_keys(inc) == {"P3.dates_disagree"}
	some f in p3.findings with input as inc
	f.params == {"discoveredAt": "2026-11-10", "notifiedAt": "2026-11-01"}

	# A day earlier disagrees; the same day does not.
	statuses(unlawful({"discoveredAt": "2026-11-10", "partiesNotifiedAt": "2026-11-09T23:00:00Z"})) == {"incomplete"}
	statuses(unlawful({"discoveredAt": "2026-11-10T18:00:00Z", "partiesNotifiedAt": "2026-11-10T08:00:00Z"})) == {"compliant"}
}

test_told_in_time_is_compliant if {
	inc := unlawful({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-05"})
	statuses(inc) == {"compliant"}
	missing_paths(inc) == set()
	some f in p3.findings with input as inc
	f.params == {"days": 4, "max": 14, "discoveredAt": "2026-11-01", "notifiedAt": "2026-11-05"}
}

test_fourteen_days_is_in_time if {
	statuses(unlawful({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-15"})) == {"compliant"}

	# Across a month and a year end, with a date-time.
	statuses(unlawful({"discoveredAt": "2026-12-25", "partiesNotifiedAt": "2027-01-08T23:59:00Z"})) == {"compliant"}
}

test_fifteen_days_is_late if {
	inc := unlawful({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-16"})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"agreements/0/partiesNotifiedAt"}
	gap_keys(inc) == {"P3.told_late"}
	some f in p3.findings with input as inc
	some g in f.missing
	g.params == {"days": 15, "max": 14, "discoveredAt": "2026-11-01", "notifiedAt": "2026-11-16"}
	statuses(unlawful({"discoveredAt": "2026-12-25", "partiesNotifiedAt": "2027-01-09"})) == {"violation"}
}

test_the_threshold_comes_from_configuration if {
	inc := unlawful({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-16"})
	statuses(inc) == {"compliant"} with data.conduct.config.agreementNoticeDays as 30
	statuses(inc) == {"violation"} with data.conduct.config.agreementNoticeDays as 7
}

test_never_told_is_a_violation if {
	inc := unlawful({"discoveredAt": "2026-11-01", "partiesNotifiedAt": null})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"agreements/0/partiesNotifiedAt"}
	gap_keys(inc) == {"P3.never_told"}
}

test_never_told_is_a_violation_even_without_a_discovery_date if {
	inc := unlawful({"partiesNotifiedAt": null})
	statuses(inc) == {"violation"}
	missing_paths(inc) == {"agreements/0/discoveredAt", "agreements/0/partiesNotifiedAt"}
}

test_unrecorded_dates_are_incomplete if {
	inc := unlawful({"discoveredAt": "2026-11-01"})
	statuses(inc) == {"incomplete"}
	missing_paths(inc) == {"agreements/0/partiesNotifiedAt"}
	gap_keys(inc) == {"P3.notice_unrecorded"}

	inc2 := unlawful({"partiesNotifiedAt": "2026-11-05"})
	statuses(inc2) == {"incomplete"}
	missing_paths(inc2) == {"agreements/0/discoveredAt"}

	statuses(unlawful({"discoveredAt": null, "partiesNotifiedAt": "2026-11-05"})) == {"incomplete"}
	missing_paths(unlawful({})) == {"agreements/0/discoveredAt", "agreements/0/partiesNotifiedAt"}
}

test_one_finding_per_unlawful_agreement if {
	inc := {"schemaVersion": "1", "agreements": [
		{"honoured": true},
		{"conflictsWithLaw": true, "discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-02"},
		{"conflictsWithLaw": true, "discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-12-02"},
	]}
	fs := p3.findings with input as inc
	{[f.subject, f.status] | some f in fs} == {[["agreements", 0], "compliant"], [["agreements", 1], "compliant"], [["agreements", 2], "violation"]}
}
