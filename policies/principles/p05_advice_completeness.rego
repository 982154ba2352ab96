# METADATA
# title: Advice is complete and states its limits
# description: Advice the member gives weighs every relevant factor, including
#   the ones that cut against the member's own view, and makes plain where the
#   advice stops being reliable. Advice that leaves out the factors against the
#   adviser's view, or that states no limitations, breaks the rule; advice for
#   which either fact is not recorded cannot be judged yet.
# custom:
#   id: P5
#   slug: advice-completeness
#   section: principle
#   severity: minor
#   inputs:
#     - /actions/*/advice/opposingFactorsIncluded
#     - /actions/*/advice/limitationsStated
package conduct.rules.p5

import data.conduct.lib

# The two facts the rule needs, in the order the code names them, with the
# message keys for "not recorded" and "not done".
facts := [
	["opposingFactorsIncluded", "P5.opposing_factors_unrecorded", "P5.opposing_factors_left_out"],
	["limitationsStated", "P5.limitations_unrecorded", "P5.limitations_not_stated"],
]

# One finding per action that records advice; `advice: null` says none was
# given.
findings contains lib.finding(["actions", i], status, key, {}, gaps) if {
	some i, action in input.actions
	advice := action.advice
	is_object(advice)
	gaps := [g | some f in facts; some g in fact_gaps(i, advice, f)]
	status := lib.status_of(gaps)
	key := lib.finding_key("P5", status, gaps, reasons)
}

# Not recorded.
fact_gaps(i, advice, f) := [lib.gap(f[0], ["actions", i, "advice", f[0]], f[1], {}, false)] if {
	lib.absent(advice, f[0])
} else := [lib.gap(f[0], ["actions", i, "advice", f[0]], f[2], {}, true)] if {
	# Not done (false), or did not happen (null).
	not advice[f[0]] == true
} else := []

# A violation names the fact that failed, when only one did.
reasons := {
	"P5.opposing_factors_left_out": "opposing_factors",
	"P5.limitations_not_stated": "limitations",
}
