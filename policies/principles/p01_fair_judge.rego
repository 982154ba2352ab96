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
findings contains lib.finding(["actions", i], status, key, {}, gaps) if {
	some i, action in input.actions
	judgement := action.judgement
	is_object(judgement)
	gaps := judgement_gaps(i, judgement)
	status := lib.status_of(gaps)
	key := finding_key(status, judgement)
}

# Knowing too little but saying so is compliant for its own reason.
finding_key(status, judgement) := "P1.disclosed" if {
	status == "compliant"
	judgement.sufficientKnowledge != true
} else := concat(".", ["P1", status])

# Whether the member knew enough is not recorded.
judgement_gaps(i, judgement) := [lib.gap("sufficientKnowledge", ["actions", i, "judgement", "sufficientKnowledge"], "P1.knowledge_unrecorded", {}, false)] if {
	lib.absent(judgement, "sufficientKnowledge")
} else := [] if {
	judgement.sufficientKnowledge == true
} else := disclosure_gaps(i, judgement)

# Knowledge was insufficient (false, or null: it never was sufficient).
disclosure_gaps(i, judgement) := [lib.gap("insufficiencyDisclosed", path, "P1.disclosure_unrecorded", {}, false)] if {
	lib.absent(judgement, "insufficiencyDisclosed")
	path := ["actions", i, "judgement", "insufficiencyDisclosed"]
} else := [] if {
	judgement.insufficiencyDisclosed == true
} else := [lib.gap("insufficiencyDisclosed", ["actions", i, "judgement", "insufficiencyDisclosed"], "P1.insufficiency_undisclosed", {}, true)]
