# METADATA
# title: Say so when you know too little to judge fairly
# description: A member who acts as judge or arbiter, or otherwise makes a
#   judgement between parties, should first ask whether they know enough
#   about the situation to be "a fair judge". Knowing enough meets the rule.
#   Knowing too little is no breach in itself, provided the member is honest
#   about it and lets the other parties know; keeping that shortfall to
#   themselves breaks the rule.
# custom:
#   id: P1
#   slug: fair-judge
#   section: principle
#   severity: major
#   inputs:
#     - /actions/*/judgement/sufficientKnowledge
#     - /actions/*/judgement/insufficiencyDisclosed
package conduct.rules.p1

import data.conduct.lib

# One finding per action that records a judgement; `judgement: null` says
# no judgement was made.
findings contains lib.finding_of(["actions", i], o) if {
	some i, action in input.actions
	judgement := action.judgement
	is_object(judgement)
	o := judgement_outcome(i, judgement)
}

judgement_outcome(i, judgement) := lib.outcome("P1.incomplete.knowledge", {}, [gap]) if {
	lib.absent(judgement, "sufficientKnowledge")
	gap := lib.gap("sufficientKnowledge", ["actions", i, "judgement", "sufficientKnowledge"], "P1.knowledge_unrecorded", {}, false)
} else := lib.outcome("P1.compliant", {}, []) if {
	judgement.sufficientKnowledge == true
} else := insufficiency_outcome(i, judgement)

# Knowledge was insufficient (false, or null: it never was sufficient): it
# all turns on whether the member said so.
insufficiency_outcome(i, judgement) := lib.outcome("P1.incomplete.disclosure", {}, [gap]) if {
	lib.absent(judgement, "insufficiencyDisclosed")
	gap := lib.gap("insufficiencyDisclosed", ["actions", i, "judgement", "insufficiencyDisclosed"], "P1.disclosure_unrecorded", {}, false)
} else := lib.outcome("P1.disclosed", {}, []) if {
	judgement.insufficiencyDisclosed == true
} else := lib.outcome("P1.violation", {}, [gap]) if {
	gap := lib.gap("insufficiencyDisclosed", ["actions", i, "judgement", "insufficiencyDisclosed"], "P1.insufficiency_undisclosed", {}, true)
}
