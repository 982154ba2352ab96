package conduct.rules.b2_test

import data.conduct.rules.b2

member := {"qualifications": [{"name": "Ethical-Hacking", "validUntil": "2027-06-30"}, {"name": "auditing"}]}

inc(action) := {"schemaVersion": "1", "member": member, "actions": [action]}

statuses(i) := {f.status | some f in b2.findings with input as i}

missing_paths(i) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in b2.findings with input as i
	some g in f.missing
}

test_no_requirements_means_no_findings if {
	count(b2.findings) == 0 with input as inc({"at": "2026-11-20"})
	count(b2.findings) == 0 with input as inc({"requiredQualifications": []})
}

test_held_and_valid_is_compliant if {
	statuses(inc({"at": "2026-11-20", "requiredQualifications": ["ethical-hacking ", "Auditing"]})) == {"compliant"}
}

test_valid_on_the_last_day if {
	statuses(inc({"at": "2027-06-30T18:00:00Z", "requiredQualifications": ["ethical-hacking"]})) == {"compliant"}
}

test_lapsed_is_a_violation_pointing_at_the_date if {
	i := inc({"at": "2027-07-01", "requiredQualifications": ["ethical-hacking"]})
	statuses(i) == {"violation"}
	missing_paths(i) == {"member/qualifications/0/validUntil"}
}

test_not_held_is_a_violation_pointing_at_the_requirement if {
	i := inc({"at": "2026-11-20", "requiredQualifications": ["auditing", "forensics"]})
	statuses(i) == {"violation"}
	missing_paths(i) == {"actions/0/requiredQualifications/1"}
}

test_unrecorded_qualifications_are_incomplete if {
	i := {"schemaVersion": "1", "actions": [{"requiredQualifications": ["auditing"]}]}
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"member/qualifications"}
}

test_unknown_day_is_incomplete_for_dated_qualifications if {
	i := inc({"requiredQualifications": ["ethical-hacking"]})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"actions/0/at"}
	statuses(object.union(i, {"occurredAt": "2026-01-01"})) == {"compliant"}
}

test_only_recognised_qualifications_count if {
	i := inc({"at": "2026-11-20", "requiredQualifications": ["auditing"]})
	statuses(i) == {"compliant"}
	fs := b2.findings with input as i with data.conduct.config.recognisedQualifications as ["ethical-hacking"]
	{f.status | some f in fs} == {"violation"}
}
