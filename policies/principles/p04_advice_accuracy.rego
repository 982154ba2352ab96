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
findings contains lib.finding_of(["actions", i], o) if {
	some i, action in input.actions
	advice := action.advice
	is_object(advice)

	# In doubt: stated false, or null (never believed sound).
	doubted := [q | some q in qualities; lib.has_key(advice, q); advice[q] != true]
	o := advice_outcome(i, advice, doubted)
}

# Some quality in doubt: it all turns on whether the doubt was disclosed.
# None in doubt: each quality must still be recorded.
advice_outcome(i, advice, doubted) := disclosure_outcome(i, advice) if {
	count(doubted) > 0
} else := lib.outcome("P4.compliant", {}, []) if {
	count([q | some q in qualities; lib.absent(advice, q)]) == 0
} else := lib.outcome("P4.incomplete", {}, gaps) if {
	gaps := [lib.gap(q, ["actions", i, "advice", q], concat(".", ["P4.unrecorded", q]), {}, false) |
		some q in qualities
		lib.absent(advice, q)
	]
}

disclosure_outcome(i, advice) := lib.outcome("P4.doubts_disclosed", {}, []) if {
	advice.doubtsDisclosed == true
} else := lib.outcome("P4.incomplete.disclosure", {}, [gap]) if {
	lib.absent(advice, "doubtsDisclosed")
	gap := lib.gap("doubtsDisclosed", ["actions", i, "advice", "doubtsDisclosed"], "P4.disclosure_unrecorded", {}, false)
} else := lib.outcome("P4.violation", {}, [gap]) if {
	# Not disclosed (false, or null: never).
	gap := lib.gap("doubtsDisclosed", ["actions", i, "advice", "doubtsDisclosed"], "P4.doubt_undisclosed", {}, true)
}
