# METADATA
# title: Make deficiencies known to those responsible
# description: A member who learns of a weakness in the security or
#   dependability of someone's assets, processes or behaviour makes it known
#   to those responsible for it. Keeping silent is acceptable only when
#   reporting would expose the member to an unreasonable personal or legal
#   risk, and that risk then has to be stated and explained. Where the
#   configuration sets a deadline, the report has to follow within that many
#   days of learning of the deficiency.
# custom:
#   id: B11
#   slug: report-deficiencies
#   section: behaviour
#   severity: major
#   inputs:
#     - /deficienciesFound
package conduct.rules.b11

import data.conduct.lib

# Deficiencies, by index (a `null` item records none).
deficiencies[i] := d if {
	some i, d in input.deficienciesFound
	is_object(d)
}

findings contains lib.finding(["deficienciesFound", i], status, key, {}, gaps) if {
	some i, d in deficiencies
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
	key := finding_key(d, status)
}

# Not reporting, for a stated and explained risk, is compliant in its own words.
finding_key(d, status) := "B11.withheld" if {
	status == "compliant"
	d.reportedToOwner != true
} else := concat(".", ["B11", status])

# Whether the deficiency was reported is not recorded.
gap contains [i, lib.gap("reportedToOwner", ["deficienciesFound", i, "reportedToOwner"], "B11.report_unrecorded", {}, false)] if {
	some i, d in deficiencies
	lib.absent(d, "reportedToOwner")
}

# Reported, but later than the configured deadline allows.
gap contains [i, lib.gap("reportedAt", ["deficienciesFound", i, "reportedAt"], "B11.reported_late", params, true)] if {
	limit := lib.config.deficiencyReportDays
	is_number(limit)
	some i, d in deficiencies
	d.reportedToOwner == true
	lib.recorded(d, "learnedAt")
	lib.recorded(d, "reportedAt")
	learned := lib.day(d.learnedAt)
	reported := lib.day(d.reportedAt)
	n := lib.days_between(learned, reported)
	n > limit
	params := {"learnedAt": learned, "reportedAt": reported, "days": n, "limit": limit}
}

# Not reported (false, or null: never), with no unreasonable risk stated.
gap contains [i, lib.gap("reportedToOwner", ["deficienciesFound", i, "reportedToOwner"], "B11.not_reported", {}, true)] if {
	some i, d in deficiencies
	withheld(d)
	not d.reportingRisk == "unreasonable"
}

# Not reported for an unreasonable risk, but the risk is not explained.
gap contains [i, lib.gap("riskExplanation", ["deficienciesFound", i, "riskExplanation"], key, params, false)] if {
	some i, d in deficiencies
	withheld(d)
	d.reportingRisk == "unreasonable"
	weakness := lib.explanation_weakness(d, "riskExplanation")
	key := concat(".", ["B11.risk_explanation", weakness])
	params := {"text": object.get(d, "riskExplanation", ""), "min": lib.config.minExplanationLength}
}

withheld(d) if {
	lib.has_key(d, "reportedToOwner")
	not d.reportedToOwner == true
}
