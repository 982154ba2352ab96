package conduct.rules.p8_test

import data.conduct.rules.p8

inc(request) := {"schemaVersion": "1", "actions": [{"id": "a1"}, {"request": request}]}

# Status, message key and gap paths of the one finding.
result(i) := [f.status, f.key, [g.path | some g in f.missing]] if {
	some f in p8.findings with input as i
	f.subject == ["actions", 1]
}

at(field) := ["actions", 1, "request", field]

test_no_request_means_no_findings if {
	count(p8.findings) == 0 with input as {"schemaVersion": "1"}
	count(p8.findings) == 0 with input as inc(null)
}

# The request is there, the clause's condition is not: compliant.
test_lawful_request_is_compliant if {
	result(inc({"clearlyUnlawfulOrUnethical": false, "complied": true})) == ["compliant", "P8.not_unlawful", []]
	result(inc({"clearlyUnlawfulOrUnethical": null})) == ["compliant", "P8.not_unlawful", []]
}

test_nature_unrecorded_is_incomplete if {
	result(inc({"complied": true})) == ["incomplete", "P8.incomplete.nature", [at("clearlyUnlawfulOrUnethical")]]
}

test_complying_is_a_violation_consulted_or_not if {
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": true})) == ["violation", "P8.violation", [at("complied")]]
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": true, "consultedSenior": true, "legalAdviceSought": true})) == ["violation", "P8.violation", [at("complied")]]
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": true, "consultedSenior": false})) == ["violation", "P8.violation", [at("complied")]]
}

test_refusing_after_consulting_is_compliant if {
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": false, "consultedSenior": true})) == ["compliant", "P8.compliant", []]
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": null, "consultedSenior": true, "legalAdviceSought": false})) == ["compliant", "P8.compliant", []]
}

test_refusing_without_consulting_is_incomplete if {
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": false, "consultedSenior": false})) == ["incomplete", "P8.incomplete.not_consulted", [at("consultedSenior")]]
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": false, "consultedSenior": null})) == ["incomplete", "P8.incomplete.not_consulted", [at("consultedSenior")]]
	some f in p8.findings with input as inc({"clearlyUnlawfulOrUnethical": true, "complied": false, "consultedSenior": false})
	some g in f.missing
	g.key == "P8.not_consulted"
}

test_unrecorded_facts_are_incomplete if {
	result(inc({"clearlyUnlawfulOrUnethical": true, "consultedSenior": true})) == ["incomplete", "P8.incomplete.compliance", [at("complied")]]
	result(inc({"clearlyUnlawfulOrUnethical": true, "complied": false})) == ["incomplete", "P8.incomplete.consultation", [at("consultedSenior")]]
	result(inc({"clearlyUnlawfulOrUnethical": true})) == ["incomplete", "P8.incomplete.compliance", [at("complied"), at("consultedSenior")]]
}

test_each_request_is_judged if {
	i := {"schemaVersion": "1", "actions": [
		{"request": {"clearlyUnlawfulOrUnethical": true, "complied": true}},
		{"request": {"clearlyUnlawfulOrUnethical": false}},
		{"request": {"clearlyUnlawfulOrUnethical": true, "complied": false, "consultedSenior": true}},
	]}
	{[f.subject[1], f.status] | some f in p8.findings with input as i} == {[0, "violation"], [1, "compliant"], [2, "compliant"]}
}
