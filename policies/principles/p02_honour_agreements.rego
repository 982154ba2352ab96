# METADATA
# title: Honour the agreements you are party to
# description: Whatever a member has agreed to do or not to do, whether the
#   agreement was spelled out or only implied, they keep their side of it. An
#   agreement that was not kept breaks the rule. The one exception is an
#   agreement the member could not keep without breaking it or the law: that
#   case belongs to P3, which judges whether the parties were told in time,
#   so this rule counts it as met.
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

# An agreement that could not be kept lawfully: P3 judges the notice.
findings contains lib.finding(["agreements", i], "compliant", "P2.unlawful_to_keep", {}, []) if {
	some i, agreement in input.agreements
	agreement.conflictsWithLaw == true
}

findings contains lib.finding(["agreements", i], status, concat(".", ["P2", status]), {}, gaps) if {
	some i, agreement in input.agreements
	is_object(agreement)
	not agreement.conflictsWithLaw == true
	gaps := honoured_gaps(i, agreement)
	status := lib.status_of(gaps)
}

# Whether the agreement was honoured is not recorded.
honoured_gaps(i, agreement) := [lib.gap("honoured", ["agreements", i, "honoured"], "P2.honoured_unrecorded", {}, false)] if {
	lib.absent(agreement, "honoured")
} else := [] if {
	agreement.honoured == true
} else := [lib.gap("honoured", ["agreements", i, "honoured"], "P2.not_honoured", {}, true)]
