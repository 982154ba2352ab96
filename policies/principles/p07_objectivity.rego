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

# One finding per action that records a judgement; `judgement: null` says
# none was made.
findings contains lib.finding_of(["actions", i], o) if {
	some i, action in input.actions
	judgement := action.judgement
	is_object(judgement)
	o := stake_outcome(i, judgement)
}

stake_outcome(i, j) := lib.outcome("P7.incomplete.stake", {}, [gap]) if {
	lib.absent(j, "personalStake")
	gap := lib.gap("personalStake", ["actions", i, "judgement", "personalStake"], "P7.stake_unrecorded", {}, false)
} else := lib.outcome("P7.compliant", {}, []) if {
	# No stake (false, or null: there was none).
	not j.personalStake == true
} else := lib.outcome("P7.incomplete.declaration", {}, [gap]) if {
	lib.absent(j, "stakeDeclared")
	gap := lib.gap("stakeDeclared", ["actions", i, "judgement", "stakeDeclared"], "P7.declaration_unrecorded", {}, false)
} else := lib.outcome("P7.violation.undeclared", {}, [gap]) if {
	# Not declared (false), or never declared (null).
	not j.stakeDeclared == true
	gap := lib.gap("stakeDeclared", ["actions", i, "judgement", "stakeDeclared"], "P7.stake_undeclared", {}, true)
} else := lib.outcome("P7.incomplete.acceptance", {}, [gap]) if {
	lib.absent(j, "stakeAccepted")
	gap := lib.gap("stakeAccepted", ["actions", i, "judgement", "stakeAccepted"], "P7.acceptance_unrecorded", {}, false)
} else := lib.outcome("P7.violation.not_accepted", {}, [gap]) if {
	# The parties refused (false), or never accepted (null).
	not j.stakeAccepted == true
	gap := lib.gap("stakeAccepted", ["actions", i, "judgement", "stakeAccepted"], "P7.stake_not_accepted", {}, true)
} else := lib.outcome("P7.compliant.accepted", {}, [])
