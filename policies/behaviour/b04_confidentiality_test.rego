package conduct.rules.b4_test

import data.conduct.rules.b4

inc(disclosure) := {"schemaVersion": "1", "actions": [{"id": "a1"}, {"disclosure": disclosure}]}

statuses(i) := {f.status | some f in b4.findings with input as i}

test_no_disclosure_means_no_findings if {
	count(b4.findings) == 0 with input as inc(null)
}

test_public_information_is_compliant if {
	statuses(inc({"classification": "public", "ownerConsent": false})) == {"compliant"}
}

test_protected_with_consent_is_compliant if {
	statuses(inc({"classification": "personal", "ownerConsent": true})) == {"compliant"}
}

test_protected_without_consent_is_a_violation if {
	every c in ["confidential", "personal", "sensitive"] {
		statuses(inc({"classification": c, "ownerConsent": false})) == {"violation"}
		statuses(inc({"classification": c, "ownerConsent": null})) == {"violation"}
	}
}

test_unrecorded_facts_are_incomplete if {
	statuses(inc({"classification": "sensitive"})) == {"incomplete"}
	statuses(inc({"ownerConsent": true})) == {"incomplete"}
}

test_subject_is_the_disclosure if {
	some f in b4.findings with input as inc({"classification": "sensitive", "ownerConsent": false})
	f.subject == ["actions", 1, "disclosure"]
	some g in f.missing
	g.path == ["actions", 1, "disclosure", "ownerConsent"]
}
