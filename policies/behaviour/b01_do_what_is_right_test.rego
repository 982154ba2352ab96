package conduct.rules.b1_test

test_no_findings if not data.conduct.rules.b1.findings
