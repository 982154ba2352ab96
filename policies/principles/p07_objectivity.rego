# METADATA
# title: Judge objectively
# description: Whoever settles a conflict of interest, a dispute between
#   parties or any other hard call that needs a judgement must be objective
#   about it. A member with a personal stake in the outcome declares it; the
#   judgement stands only when the parties, knowing of the stake, accept the
#   member as judge. An undeclared stake, or one the parties did not accept,
#   breaks the rule; a declared stake whose acceptance is not recorded cannot
#   be judged yet.
# custom:
#   id: P7
#   slug: objectivity
#   section: principle
#   severity: major
#   inputs:
#     - /actions/*/judgement/personalStake
#     - /actions/*/judgement/stakeDeclared
#     - /actions/*/judgement/stakeAccepted
package conduct.rules.p7

import data.conduct.lib

# Judgements made, by the index of the action. `judgement: null` says none was.
judged[i] := action.judgement if {
	some i, action in input.actions
	is_object(action.judgement)
}

findings contains lib.finding(["actions", i], status, concat(".", ["P7", status]), {}, gaps) if {
	some i, _ in judged
	gaps := [pair[1] | some pair in gap; pair[0] == i]
	status := lib.status_of(gaps)
}

# Whether the member had a personal stake is not recorded. (`null`: no stake.)
gap contains [i, lib.gap("personalStake", ["actions", i, "judgement", "personalStake"], "P7.stake_unrecorded", {}, false)] if {
	some i, j in judged
	lib.absent(j, "personalStake")
}

# A stake, and whether it was declared not recorded.
gap contains [i, lib.gap("stakeDeclared", ["actions", i, "judgement", "stakeDeclared"], "P7.declaration_unrecorded", {}, false)] if {
	some i, j in judged
	j.personalStake == true
	lib.absent(j, "stakeDeclared")
}

# A stake not declared (false), or never declared (null).
gap contains [i, lib.gap("stakeDeclared", ["actions", i, "judgement", "stakeDeclared"], "P7.stake_undeclared", {}, true)] if {
	some i, j in judged
	j.personalStake == true
	lib.has_key(j, "stakeDeclared")
	not j.stakeDeclared == true
}

# A declared stake, and whether the parties accepted it not recorded.
gap contains [i, lib.gap("stakeAccepted", ["actions", i, "judgement", "stakeAccepted"], "P7.acceptance_unrecorded", {}, false)] if {
	some i, j in judged
	j.personalStake == true
	j.stakeDeclared == true
	lib.absent(j, "stakeAccepted")
}

# A declared stake the parties refused (false) or never accepted (null).
gap contains [i, lib.gap("stakeAccepted", ["actions", i, "judgement", "stakeAccepted"], "P7.stake_not_accepted", {}, true)] if {
	some i, j in judged
	j.personalStake == true
	j.stakeDeclared == true
	lib.has_key(j, "stakeAccepted")
	not j.stakeAccepted == true
}
