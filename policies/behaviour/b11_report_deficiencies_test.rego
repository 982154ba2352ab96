package conduct.rules.b11_test

import data.conduct.rules.b11

inc(d) := {"schemaVersion": "1", "deficienciesFound": [d]}

statuses(i) := {f.status | some f in b11.findings with input as i}

keys(i) := {f.key | some f in b11.findings with input as i}

missing_paths(i) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in b11.findings with input as i
	some g in f.missing
}

explained := "Reporting would have meant admitting access that the owner had threatened to prosecute."

test_no_deficiencies_means_no_findings if {
	count(b11.findings) == 0 with input as {"schemaVersion": "1"}
	count(b11.findings) == 0 with input as {"schemaVersion": "1", "deficienciesFound": [null]}
}

test_reported_is_compliant if {
	i := inc({"owner": "Acme", "reportedToOwner": true})
	statuses(i) == {"compliant"}
	keys(i) == {"B11.compliant"}
}

test_not_reported_is_a_violation if {
	i := inc({"owner": "Acme", "reportedToOwner": false})
	statuses(i) == {"violation"}
	missing_paths(i) == {"deficienciesFound/0/reportedToOwner"}
	statuses(inc({"reportedToOwner": null, "reportingRisk": "reasonable", "riskExplanation": explained})) == {"violation"}
	statuses(inc({"reportedToOwner": false, "reportingRisk": "none"})) == {"violation"}
}

test_unrecorded_is_incomplete if {
	i := inc({"owner": "Acme"})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"deficienciesFound/0/reportedToOwner"}
}

test_an_explained_unreasonable_risk_excuses_silence if {
	i := inc({"reportedToOwner": false, "reportingRisk": "unreasonable", "riskExplanation": explained})
	statuses(i) == {"compliant"}
	keys(i) == {"B11.withheld"}
}

test_an_unexplained_risk_is_incomplete if {
	i := inc({"reportedToOwner": null, "reportingRisk": "unreasonable", "riskExplanation": "n/a"})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"deficienciesFound/0/riskExplanation"}
	[g.key | some f in b11.findings with input as i; some g in f.missing] == ["B11.risk_explanation.placeholder"]
	statuses(inc({"reportedToOwner": false, "reportingRisk": "unreasonable"})) == {"incomplete"}
	statuses(inc({"reportedToOwner": false, "reportingRisk": "unreasonable", "riskExplanation": "lawsuit"})) == {"incomplete"}
}

# A day of reporting shows the deficiency was reported, unless the
# incident says it was not.
test_a_report_date_is_evidence_of_a_report if {
	i := inc({"owner": "Acme", "reportedAt": "2026-11-20"})
	statuses(i) == {"compliant"}
	keys(i) == {"B11.compliant"}
	statuses(inc({"reportedToOwner": false, "reportedAt": "2026-11-20"})) == {"violation"}
	j := inc({"reportedAt": null})
	statuses(j) == {"violation"}
	missing_paths(j) == {"deficienciesFound/0/reportedAt"}
}

test_reported_before_it_was_learned_of_is_incomplete if {
	i := inc({"reportedToOwner": true, "learnedAt": "2026-11-10", "reportedAt": "2026-11-09"})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"deficienciesFound/0/reportedAt"}
	keys(i) == {"B11.incomplete.dates_disagree"}
	statuses(inc({"learnedAt": "2026-11-10", "reportedAt": "2026-11-10"})) == {"compliant"}
}

test_no_deadline_by_default if {
	statuses(inc({"reportedToOwner": true, "learnedAt": "2020-01-01", "reportedAt": "2026-01-01"})) == {"compliant"}
}

test_a_configured_deadline_is_inclusive if {
	statuses(inc({"reportedToOwner": true, "learnedAt": "2026-11-01", "reportedAt": "2026-11-15"})) == {"compliant"} with data.conduct.config.deficiencyReportDays as 14
	i := inc({"reportedToOwner": true, "learnedAt": "2026-11-01", "reportedAt": "2026-11-16T09:00:00Z"})
	statuses(i) == {"violation"} with data.conduct.config.deficiencyReportDays as 14
	missing_paths(i) == {"deficienciesFound/0/reportedAt"} with data.conduct.config.deficiencyReportDays as 14
}

test_a_deadline_needs_both_dates if {
	statuses(inc({"reportedToOwner": true, "reportedAt": "2026-11-16"})) == {"compliant"} with data.conduct.config.deficiencyReportDays as 14
}
