# METADATA
# title: Keep knowledge and skills up to date
# description: A member maintains their knowledge and skills so that what
#   they do rests on current expertise. Where the member's last training is
#   recorded, it has to lie no more than a configurable number of years
#   (three by default, counted to the same calendar day) before each action;
#   an action after that period is taken with skills that have lapsed.
# custom:
#   id: B7
#   slug: keep-skills-current
#   section: behaviour
#   severity: minor
#   inputs:
#     - /member/lastTraining
#     - /actions/*/at
#     - /occurredAt
package conduct.rules.b7

import data.conduct.lib

# The day of the member's last training; undefined when not recorded (or
# null), which leaves the rule not applicable.
last_training := lib.day(input.member.lastTraining) if lib.recorded(input.member, "lastTraining")

# The last day that training keeps skills current: the same month and day,
# trainingValidYears later (29 February becomes 28 February in a common year).
current_until := "9999-12-31" if {
	until_year > 9999
} else := concat("", [until_year_text, "-02-28"]) if {
	substring(last_training, 4, 6) == "-02-29"
	not leap_year(until_year)
} else := concat("", [until_year_text, substring(last_training, 4, 6)])

# A leading "1" keeps years before 1000 ("0999") readable as numbers.
until_year := (to_number(concat("", ["1", substring(last_training, 0, 4)])) - 10000) + lib.config.trainingValidYears

until_year_text := substring(format_int(until_year + 10000, 10), 1, 4)

leap_year(y) if {
	y % 4 == 0
	y % 100 != 0
}

leap_year(y) if y % 400 == 0

# The actions judged, and the day of each where known, by action index.
judged[i] := action if {
	last_training
	some i, action in input.actions
	is_object(action)
}

# (The day is bound in the body: regorus's interpreter fails with "not an
# object" when a partial object's value expression is undefined.)
day_of[i] := day if {
	some i, action in judged
	day := lib.action_day(action)
}

findings contains lib.finding(["actions", i], status, concat(".", ["B7", status]), params, gaps) if {
	some i, _ in judged
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
	params := {"lastTraining": last_training, "currentUntil": current_until}
}

# Neither the action nor the incident has a date.
gap contains [i, lib.gap("at", ["actions", i, "at"], "B7.day_unrecorded", {}, false)] if {
	some i, _ in judged
	not day_of[i]
}

# The action came after the training stopped keeping skills current.
gap contains [i, lib.gap("lastTraining", ["member", "lastTraining"], "B7.lapsed", params, true)] if {
	some i, day in day_of
	day > current_until
	params := {"lastTraining": last_training, "currentUntil": current_until, "day": day}
}
