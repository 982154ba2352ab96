# METADATA
# title: Tell the parties in time when an agreement cannot be kept lawfully
# description: Sometimes a member finds they cannot keep their side of an
#   agreement without breaking the agreement itself or the law. They must
#   then let every party involved know "as soon as you can". We measure that
#   in calendar days from the day the problem was discovered to the day the
#   parties were told, against a configurable limit (14 days by default,
#   inclusive). Telling them later than that, or never telling them, breaks
#   the rule.
# custom:
#   id: P3
#   slug: unlawful-agreement-notice
#   section: principle
#   severity: major
#   inputs:
#     - /agreements/*/conflictsWithLaw
#     - /agreements/*/discoveredAt
#     - /agreements/*/partiesNotifiedAt
package conduct.rules.p3

import data.conduct.lib

# Only agreements that could not be kept lawfully fall under P3.
findings contains lib.finding(["agreements", i], status, concat(".", ["P3", status]), params, gaps) if {
	some i, agreement in input.agreements
	agreement.conflictsWithLaw == true
	elapsed := days_to_notice(agreement)
	gaps := array.concat(discovery_gaps(i, agreement), notice_gaps(i, agreement, elapsed))
	status := lib.status_of(gaps)
	params := {"days": elapsed, "max": lib.config.agreementNoticeDays}
}

# Days from discovery to notice; null when either date is missing.
days_to_notice(agreement) := lib.days_between(agreement.discoveredAt, agreement.partiesNotifiedAt) if {
	lib.recorded(agreement, "discoveredAt")
	lib.recorded(agreement, "partiesNotifiedAt")
} else := null

# When the problem was discovered is not recorded (`null` gives no day to
# count from either).
discovery_gaps(i, agreement) := [] if {
	lib.recorded(agreement, "discoveredAt")
} else := [lib.gap("discoveredAt", ["agreements", i, "discoveredAt"], "P3.discovery_unrecorded", {}, false)]

notice_gaps(i, agreement, elapsed) := [lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.notice_unrecorded", {}, false)] if {
	lib.absent(agreement, "partiesNotifiedAt")
} else := [lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.never_told", {}, true)] if {
	agreement.partiesNotifiedAt == null
} else := [lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.told_late", params, true)] if {
	elapsed != null
	elapsed > lib.config.agreementNoticeDays
	params := {
		"days": elapsed,
		"max": lib.config.agreementNoticeDays,
		"discoveredAt": lib.day(agreement.discoveredAt),
		"notifiedAt": lib.day(agreement.partiesNotifiedAt),
	}
} else := []
