# METADATA
# title: Honour the agreements you are party to
# description: Whatever a member has agreed to do or not to do, whether the
#   agreement was spelled out or only implied, they keep their side of it. An
#   agreement that was not kept breaks the rule. The one exception is an
#   agreement the member could not keep without breaking it or the law: that
#   case belongs to P3, which judges whether the parties were told in time,
#   so this rule counts it as met. Whether that exception applies is never
#   guessed: an agreement not kept, where it is not recorded whether keeping
#   it would have broken the agreement or the law, cannot be judged yet.
# custom:
#   id: P2
#   slug: honour-agreements
#   section: principle
#   severity: major
#   inputs:
#     - /agreements/*/honoured
#     - /agreements/*/conflictsWithLaw
package conduct.rules.p2

import data.conduct.lib

# One finding per agreement (a `null` item records none).
findings contains lib.finding_of(["agreements", i], o) if {
	some i, agreement in input.agreements
	is_object(agreement)
	o := agreement_outcome(i, agreement)
}

# An agreement that could not be kept lawfully: P3 judges the notice.
agreement_outcome(i, agreement) := lib.outcome("P2.unlawful_to_keep", {}, []) if {
	agreement.conflictsWithLaw == true
} else := lib.outcome("P2.incomplete.honoured", {}, [gap]) if {
	lib.absent(agreement, "honoured")
	gap := lib.gap("honoured", ["agreements", i, "honoured"], "P2.honoured_unrecorded", {}, false)
} else := lib.outcome("P2.compliant", {}, []) if {
	agreement.honoured == true
} else := lib.outcome("P2.incomplete.law", {}, [gap]) if {
	# Not honoured (false, or null: never), and whether keeping it would have
	# broken the agreement or the law is not recorded.
	lib.absent(agreement, "conflictsWithLaw")
	gap := lib.gap("conflictsWithLaw", ["agreements", i, "conflictsWithLaw"], "P2.law_unrecorded", {}, false)
} else := lib.outcome("P2.violation", {}, [gap]) if {
	# Not honoured, though keeping it would have broken neither (false, or
	# null: there was no such conflict).
	gap := lib.gap("honoured", ["agreements", i, "honoured"], "P2.not_honoured", {}, true)
}
