package conduct.rules.b5_test

import data.conduct.rules.b5

inc(risk) := {"schemaVersion": "1", "actions": [{"id": "a1", "risk": risk}]}

statuses(i) := {f.status | some f in b5.findings with input as i}

missing_paths(i) := {concat("/", [sprintf("%v", [t]) | some t in g.path]) |
	some f in b5.findings with input as i
	some g in f.missing
}

untold(i) := [p | some f in b5.findings with input as i; some g in f.missing; some p in g.params.parties]

test_no_risk_means_no_findings if {
	count(b5.findings) == 0 with input as {"schemaVersion": "1"}
	count(b5.findings) == 0 with input as {"schemaVersion": "1", "actions": [{"id": "a1"}, {"risk": null}, null]}
}

test_unintentional_is_compliant if {
	statuses(inc({"exposedParties": ["Acme customers"], "intentional": false})) == {"compliant"}
}

test_intentional_null_did_not_happen if {
	statuses(inc({"exposedParties": ["Acme customers"], "intentional": null})) == {"compliant"}
}

test_intentional_unrecorded_is_incomplete if {
	i := inc({"exposedParties": ["Acme customers"]})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"actions/0/risk/intentional"}
}

test_every_exposed_party_asked_is_compliant if {
	statuses(inc({"exposedParties": ["Acme", " Beta "], "intentional": true, "explicitlyRequestedBy": ["beta", "ACME"]})) == {"compliant"}
	statuses(inc({"exposedParties": [], "intentional": true})) == {"compliant"}
	statuses(inc({"exposedParties": null, "intentional": true})) == {"compliant"}
}

test_a_client_cannot_accept_risk_for_third_parties if {
	i := inc({"exposedParties": ["Acme", "Acme customers"], "intentional": true, "explicitlyRequestedBy": ["Acme"]})
	statuses(i) == {"violation"}
	missing_paths(i) == {"actions/0/risk/exposedParties"}
	untold(i) == ["Acme customers"]
	{f.key | some f in b5.findings with input as i} == {"B5.violation.on_behalf"}
	[g.key | some f in b5.findings with input as i; some g in f.missing] == ["B5.not_requested.on_behalf"]
}

test_nobody_asked_is_a_violation if {
	i := inc({"exposedParties": ["Acme"], "intentional": true, "explicitlyRequestedBy": []})
	statuses(i) == {"violation"}
	[g.key | some f in b5.findings with input as i; some g in f.missing] == ["B5.not_requested"]
	statuses(inc({"exposedParties": ["Acme"], "intentional": true, "explicitlyRequestedBy": null})) == {"violation"}
}

test_unrecorded_parties_or_requests_are_incomplete if {
	i := inc({"intentional": true, "explicitlyRequestedBy": ["Acme"]})
	statuses(i) == {"incomplete"}
	missing_paths(i) == {"actions/0/risk/exposedParties"}
	j := inc({"intentional": true, "exposedParties": ["Acme"]})
	statuses(j) == {"incomplete"}
	missing_paths(j) == {"actions/0/risk/explicitlyRequestedBy"}
}

test_one_finding_per_action if {
	i := {"schemaVersion": "1", "actions": [
		{"risk": {"intentional": false}},
		{},
		{"risk": {"intentional": true, "exposedParties": ["Acme"], "explicitlyRequestedBy": []}},
	]}
	{[f.subject, f.status] | some f in b5.findings with input as i} == {[["actions", 0], "compliant"], [["actions", 2], "violation"]}
}
