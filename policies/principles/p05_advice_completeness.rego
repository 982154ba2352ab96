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

# Advice given, by the index of the action. `advice: null` says none was given.
advised[i] := action.advice if {
	some i, action in input.actions
	is_object(action.advice)
}

findings contains lib.finding(["actions", i], status, concat(".", ["P5", status]), {}, gaps) if {
	some i, _ in advised
	found := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(found)
	gaps := [g | some f in facts; some g in found; g.element == f[0]]
}

# Not recorded.
gap contains [i, lib.gap(f[0], ["actions", i, "advice", f[0]], f[1], {}, false)] if {
	some i, advice in advised
	some f in facts
	lib.absent(advice, f[0])
}

# Not done (false), or did not happen (null).
gap contains [i, lib.gap(f[0], ["actions", i, "advice", f[0]], f[2], {}, true)] if {
	some i, advice in advised
	some f in facts
	lib.has_key(advice, f[0])
	not advice[f[0]] == true
}
