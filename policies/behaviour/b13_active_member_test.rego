package conduct.rules.b13_test

test_no_findings if not data.conduct.rules.b13.findings
