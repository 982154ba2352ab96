# METADATA
# title: Tell the parties in time when an agreement cannot be kept lawfully
# description: Sometimes a member finds they cannot keep their side of an
#   agreement without breaking the agreement itself or the law. They must
#   then let every party involved know "as soon as you can". We measure that
#   in calendar days from the day the problem was discovered to the day the
#   parties were told, against a configurable limit (14 days by default,
#   inclusive). Telling them later than that, or never telling them, breaks
#   the rule. An agreement that was kept, or that could be kept lawfully,
#   meets it; one not kept where it is not recorded whether keeping it would
#   have been unlawful cannot be judged yet, and neither can a notice dated
#   before the discovery it reports.
# custom:
#   id: P3
#   slug: unlawful-agreement-notice
#   section: principle
#   severity: major
#   inputs:
#     - /agreements/*/honoured
#     - /agreements/*/conflictsWithLaw
#     - /agreements/*/discoveredAt
#     - /agreements/*/partiesNotifiedAt
package conduct.rules.p3

import data.conduct.lib

# One finding per agreement (a `null` item records none).
findings contains lib.finding_of(["agreements", i], o) if {
	some i, agreement in input.agreements
	is_object(agreement)
	o := agreement_outcome(i, agreement)
}

# The clause's condition: the agreement could not be kept lawfully.
agreement_outcome(i, agreement) := notice_outcome(i, agreement, discovery_gaps(i, agreement)) if {
	agreement.conflictsWithLaw == true
} else := lib.outcome("P3.compliant.lawful", {}, []) if {
	# It could be kept lawfully (false, or null: there was no conflict).
	lib.has_key(agreement, "conflictsWithLaw")
} else := lib.outcome("P3.compliant.kept", {}, []) if {
	agreement.honoured == true
} else := lib.outcome("P3.incomplete.law", {}, [gap]) if {
	gap := lib.gap("conflictsWithLaw", ["agreements", i, "conflictsWithLaw"], "P3.law_unrecorded", {}, false)
}

# When the problem was discovered is not recorded (`null` gives no day to
# count from either).
discovery_gaps(i, agreement) := [] if {
	lib.recorded(agreement, "discoveredAt")
} else := [lib.gap("discoveredAt", ["agreements", i, "discoveredAt"], "P3.discovery_unrecorded", {}, false)]

notice_outcome(i, agreement, discovery) := lib.outcome("P3.incomplete", {}, array.concat(discovery, [gap])) if {
	lib.absent(agreement, "partiesNotifiedAt")
	gap := lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.notice_unrecorded", {}, false)
} else := lib.outcome("P3.violation.never_told", {}, array.concat(discovery, [gap])) if {
	agreement.partiesNotifiedAt == null
	gap := lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.never_told", {}, true)
} else := lib.outcome("P3.incomplete", {}, discovery) if {
	count(discovery) > 0
} else := timeliness(i, discovered, notified, lib.days_between(discovered, notified)) if {
	discovered := lib.day(agreement.discoveredAt)
	notified := lib.day(agreement.partiesNotifiedAt)
}

# Both days are known: the parties were told `days` after the discovery.
timeliness(i, discovered, notified, days) := lib.outcome("P3.incomplete.dates_disagree", params, [gap]) if {
	# Told before the problem was found: the two dates cannot both be right.
	days < 0
	params := {"discoveredAt": discovered, "notifiedAt": notified}
	gap := lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.dates_disagree", params, false)
} else := lib.outcome("P3.violation.told_late", params, [gap]) if {
	days > lib.config.agreementNoticeDays
	params := {"days": days, "max": lib.config.agreementNoticeDays, "discoveredAt": discovered, "notifiedAt": notified}
	gap := lib.gap("partiesNotifiedAt", ["agreements", i, "partiesNotifiedAt"], "P3.told_late", params, true)
} else := lib.outcome("P3.compliant", params, []) if {
	params := {"days": days, "max": lib.config.agreementNoticeDays, "discoveredAt": discovered, "notifiedAt": notified}
}
