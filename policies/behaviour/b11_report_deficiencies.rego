# METADATA
# title: Make deficiencies known to those responsible
# description: A member who learns of a weakness in the security or
#   dependability of someone's assets, processes or behaviour makes it known
#   to those responsible for it. Keeping silent is acceptable only when
#   reporting would expose the member to an unreasonable personal or legal
#   risk, and that risk then has to be stated and explained. Where the
#   configuration sets a deadline, the report has to follow within that many
#   days of learning of the deficiency. A recorded day of reporting shows the
#   deficiency was reported, unless the incident says it was not; a report
#   dated before the deficiency was learned of cannot be judged until one of
#   the dates is corrected.
# custom:
#   id: B11
#   slug: report-deficiencies
#   section: behaviour
#   severity: major
#   inputs:
#     - /deficienciesFound
package conduct.rules.b11

import data.conduct.lib

# One finding per deficiency (a `null` item records none).
findings contains lib.finding_of(["deficienciesFound", i], o) if {
	some i, d in input.deficienciesFound
	is_object(d)
	o := deficiency_outcome(i, d)
}

deficiency_outcome(i, d) := report_outcome(i, d) if {
	reported(d)
} else := lib.outcome("B11.incomplete.report", {}, [gap]) if {
	# Whether the deficiency was reported is not recorded, nor when.
	lib.absent(d, "reportedToOwner")
	lib.absent(d, "reportedAt")
	gap := lib.gap("reportedToOwner", ["deficienciesFound", i, "reportedToOwner"], "B11.report_unrecorded", {}, false)
} else := withheld_outcome(i, d)

# Reported: said so, or a day of reporting recorded where nothing says it
# was not.
reported(d) if d.reportedToOwner == true

reported(d) if {
	lib.absent(d, "reportedToOwner")
	lib.recorded(d, "reportedAt")
}

# With both days known, the report must not precede the learning of it,
# and must meet the deadline when the configuration sets one.
report_outcome(i, d) := timeliness(i, learned, reported, lib.days_between(learned, reported)) if {
	lib.recorded(d, "learnedAt")
	lib.recorded(d, "reportedAt")
	learned := lib.day(d.learnedAt)
	reported := lib.day(d.reportedAt)
} else := lib.outcome("B11.compliant", {}, [])

timeliness(i, learned, reported, days) := lib.outcome("B11.incomplete.dates_disagree", params, [gap]) if {
	# Reported before it was learned of: the two dates cannot both be right.
	days < 0
	params := {"learnedAt": learned, "reportedAt": reported}
	gap := lib.gap("reportedAt", ["deficienciesFound", i, "reportedAt"], "B11.dates_disagree", params, false)
} else := lib.outcome("B11.violation.late", params, [gap]) if {
	limit := lib.config.deficiencyReportDays
	is_number(limit)
	days > limit
	params := {"learnedAt": learned, "reportedAt": reported, "days": days, "limit": limit}
	gap := lib.gap("reportedAt", ["deficienciesFound", i, "reportedAt"], "B11.reported_late", params, true)
} else := lib.outcome("B11.compliant", {}, [])

# Not reported (false, or null: never): excused only by an unreasonable
# risk, stated and explained.
withheld_outcome(i, d) := lib.outcome("B11.violation", {}, [gap]) if {
	not d.reportingRisk == "unreasonable"
	field := report_field(d)
	gap := lib.gap(field, ["deficienciesFound", i, field], "B11.not_reported", {}, true)
} else := lib.outcome("B11.incomplete.risk", params, [gap]) if {
	weakness := lib.explanation_weakness(d, "riskExplanation")
	is_string(weakness)
	params := {"text": object.get(d, "riskExplanation", ""), "min": lib.config.minExplanationLength}
	gap := lib.gap("riskExplanation", ["deficienciesFound", i, "riskExplanation"], concat(".", ["B11.risk_explanation", weakness]), params, false)
} else := lib.outcome("B11.withheld", {}, [])

# The field that records the silence: the yes/no answer where there is one,
# else the (null) day of reporting.
report_field(d) := "reportedToOwner" if {
	lib.has_key(d, "reportedToOwner")
} else := "reportedAt"
