# METADATA
# title: Be a dependable partner
# description: A member others can rely on tells the truth and keeps their
#   word. Each promise is either delivered or, when something stands in the
#   way, the member tells the other party about it soon after learning of the
#   obstacle (within a configurable number of days). A promise broken in
#   silence, or explained only late, breaks the rule, and so does any
#   statement the member knew to be untrue when making it. A recorded day of
#   notice shows that an obstacle was communicated; a notice dated before the
#   obstacle was known cannot be judged until one of the dates is corrected.
# custom:
#   id: P6
#   slug: dependable-partner
#   section: principle
#   severity: major
#   inputs:
#     - /promises
#     - /actions/*/knowinglyUntrue
package conduct.rules.p6

import data.conduct.lib

# --- Promises ----------------------------------------------------------------

# One finding per promise (a `null` item was never made).
findings contains lib.finding_of(["promises", i], o) if {
	some i, p in input.promises
	is_object(p)
	o := promise_outcome(i, p)
}

promise_outcome(i, p) := lib.outcome("P6.compliant.delivered", {}, []) if {
	p.delivered == true
} else := lib.outcome("P6.incomplete.delivery", {}, [gap]) if {
	# Whether it was delivered is not recorded, and no day of notice shows
	# that something stood in the way.
	lib.absent(p, "delivered")
	not lib.recorded(p, "communicatedAt")
	gap := lib.gap("delivered", ["promises", i, "delivered"], "P6.delivery_unrecorded", {}, false)
} else := notice_outcome(i, p)

# Not delivered (false, or null: never), or an obstacle communicated: the
# notice decides.
notice_outcome(i, p) := lib.outcome("P6.violation.never_told", {}, [gap]) if {
	p.communicatedAt == null
	gap := lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.never_told", {}, true)
} else := lib.outcome("P6.incomplete.notice", {}, array.concat(obstacle_gaps(i, p), [gap])) if {
	lib.absent(p, "communicatedAt")
	gap := lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.notice_unrecorded", {}, false)
} else := lib.outcome("P6.incomplete.notice", {}, obstacle_gaps(i, p)) if {
	not lib.recorded(p, "obstacleKnownAt")
} else := timeliness(i, known, told, lib.days_between(known, told)) if {
	known := lib.day(p.obstacleKnownAt)
	told := lib.day(p.communicatedAt)
}

# When the obstacle became known is not recorded (or null: no day to count
# from).
obstacle_gaps(i, p) := [] if {
	lib.recorded(p, "obstacleKnownAt")
} else := [lib.gap("obstacleKnownAt", ["promises", i, "obstacleKnownAt"], "P6.obstacle_unrecorded", {}, false)]

# Both days are known: the other party was told `days` after the obstacle
# became known.
timeliness(i, known, told, days) := lib.outcome("P6.incomplete.dates_disagree", params, [gap]) if {
	# Told before the obstacle was known: the two dates cannot both be right.
	days < 0
	params := {"obstacleKnownAt": known, "communicatedAt": told}
	gap := lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.dates_disagree", params, false)
} else := lib.outcome("P6.violation.told_late", params, [gap]) if {
	days > lib.config.promiseNoticeDays
	params := {"days": days, "threshold": lib.config.promiseNoticeDays, "obstacleKnownAt": known, "communicatedAt": told}
	gap := lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.told_late", params, true)
} else := lib.outcome("P6.compliant.told_in_time", params, []) if {
	params := {"days": days, "threshold": lib.config.promiseNoticeDays, "obstacleKnownAt": known, "communicatedAt": told}
}

# --- Statements --------------------------------------------------------------

# An action that records whether the member said something they knew to be
# untrue. `null` says no such statement was made.
findings contains lib.finding(["actions", i], "violation", "P6.statement.violation", {}, [gap]) if {
	some i, action in input.actions
	action.knowinglyUntrue == true
	gap := lib.gap("knowinglyUntrue", ["actions", i, "knowinglyUntrue"], "P6.untrue_statement", {}, true)
}

findings contains lib.finding(["actions", i], "compliant", "P6.statement.compliant", {}, []) if {
	some i, action in input.actions
	lib.has_key(action, "knowinglyUntrue")
	not action.knowinglyUntrue == true
}
