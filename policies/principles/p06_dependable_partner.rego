# METADATA
# title: Be a dependable partner
# description: A member others can rely on tells the truth and keeps their
#   word. Each promise is either delivered or, when something stands in the
#   way, the member tells the other party about it soon after learning of the
#   obstacle (within a configurable number of days). A promise broken in
#   silence, or explained only late, breaks the rule, and so does any
#   statement the member knew to be untrue when making it.
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

# Promises, by index. A `null` promise was never made.
promised[i] := p if {
	some i, p in input.promises
	is_object(p)
}

findings contains lib.finding(["promises", i], status, concat(".", ["P6", status]), {}, gaps) if {
	some i, _ in promised
	found := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(found)
	gaps := [g | some e in ["delivered", "obstacleKnownAt", "communicatedAt"]; some g in found; g.element == e]
}

# Whether the promise was delivered is not recorded.
gap contains [i, lib.gap("delivered", ["promises", i, "delivered"], "P6.delivery_unrecorded", {}, false)] if {
	some i, p in promised
	lib.absent(p, "delivered")
}

# Not delivered (false or null), and the other party never told (null).
gap contains [i, lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.never_told", {}, true)] if {
	some i, p in undelivered
	p.communicatedAt == null
}

# Not delivered, and whether or when the other party was told not recorded.
gap contains [i, lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.notice_unrecorded", {}, false)] if {
	some i, p in undelivered
	lib.absent(p, "communicatedAt")
}

# Not delivered, told, but when the obstacle became known is not recorded.
gap contains [i, lib.gap("obstacleKnownAt", ["promises", i, "obstacleKnownAt"], "P6.obstacle_unrecorded", {}, false)] if {
	some i, p in undelivered
	not lib.recorded(p, "obstacleKnownAt")
	not p.communicatedAt == null
}

# Not delivered, and the other party told later than the threshold allows.
gap contains [i, lib.gap("communicatedAt", ["promises", i, "communicatedAt"], "P6.told_late", params, true)] if {
	some i, p in undelivered
	lib.recorded(p, "obstacleKnownAt")
	lib.recorded(p, "communicatedAt")
	days := lib.days_between(p.obstacleKnownAt, p.communicatedAt)
	threshold := lib.config.promiseNoticeDays
	days > threshold
	params := {"days": days, "threshold": threshold, "obstacleKnownAt": lib.day(p.obstacleKnownAt), "communicatedAt": lib.day(p.communicatedAt)}
}

# Promises recorded as not delivered (false) or never delivered (null).
undelivered[i] := p if {
	some i, p in promised
	lib.has_key(p, "delivered")
	not p.delivered == true
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
