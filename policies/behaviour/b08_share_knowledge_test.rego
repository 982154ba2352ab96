package conduct.rules.b8_test

test_no_findings if not data.conduct.rules.b8.findings
