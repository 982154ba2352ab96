# METADATA
# title: Advise on sound information, or disclose your doubts
# description: Advice should rest on information the member, to the best of
#   their knowledge, holds to be correct, up to date and complete. Information
#   that falls short on any of these may still be used, but only when the
#   member told the other parties of that doubt; advising on doubtful
#   information without saying so breaks the rule.
# custom:
#   id: P4
#   slug: advice-accuracy
#   section: principle
#   severity: major
#   inputs:
#     - /actions/*/advice/informationCorrect
#     - /actions/*/advice/informationCurrent
#     - /actions/*/advice/informationComplete
#     - /actions/*/advice/doubtsDisclosed
package conduct.rules.p4

import data.conduct.lib

qualities := ["informationCorrect", "informationCurrent", "informationComplete"]

# One finding per action that records advice; `advice: null` says none was
# given.
findings contains lib.finding(["actions", i], status, key, {}, gaps) if {
	some i, action in input.actions
	advice := action.advice
	is_object(advice)

	# In doubt: stated false, or null (never believed sound).
	doubted := [q | some q in qualities; advice[q] != true]
	gaps := advice_gaps(i, advice, doubted)
	status := lib.status_of(gaps)
	key := finding_key(status, doubted)
}

# Doubtful information used with the doubt disclosed is compliant for its
# own reason.
finding_key(status, doubted) := "P4.doubts_disclosed" if {
	status == "compliant"
	count(doubted) > 0
} else := concat(".", ["P4", status])

# Some quality in doubt: it all turns on whether the doubt was disclosed.
# None in doubt: each quality must still be recorded.
advice_gaps(i, advice, doubted) := disclosure_gaps(i, advice, doubted) if {
	count(doubted) > 0
} else := [lib.gap(q, ["actions", i, "advice", q], concat(".", ["P4.unrecorded", q]), {}, false) |
	some q in qualities
	lib.absent(advice, q)
]

disclosure_gaps(i, advice, doubted) := [] if {
	advice.doubtsDisclosed == true
} else := [lib.gap("doubtsDisclosed", ["actions", i, "advice", "doubtsDisclosed"], "P4.disclosure_unrecorded", {"qualities": doubted}, false)] if {
	lib.absent(advice, "doubtsDisclosed")
} else := [lib.gap("doubtsDisclosed", ["actions", i, "advice", "doubtsDisclosed"], "P4.doubt_undisclosed", {"qualities": doubted}, true)]
