package conduct.rules.b9_test

test_no_findings if not data.conduct.rules.b9.findings
