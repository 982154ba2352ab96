package conduct.rules.b10_test

test_no_findings if not data.conduct.rules.b10.findings
