# METADATA
# title: Keep knowledge and skills up to date
# description: A member maintains their knowledge and skills so that what
#   they do rests on current expertise. Where the member's last training is
#   recorded, it has to lie no more than a configurable number of years
#   (three by default, counted to the same calendar day) before each action;
#   an action after that period is taken with skills that have lapsed, and so
#   is every action of a member recorded as never trained. A training dated
#   after an action says nothing about the skills the action was taken with.
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
# null).
last_training := lib.day(input.member.lastTraining) if lib.recorded(input.member, "lastTraining")

# `lastTraining: null`: the member never trained.
never_trained if input.member.lastTraining == null

# The last day that training keeps skills current: the same month and day,
# trainingValidYears later (29 February becomes 28 February in a common year).
current_until := "9999-12-31" if {
	until_year > 9999
} else := concat("", [until_year_text, "-02-28"]) if {
	substring(last_training, 4, 6) == "-02-29"
	common_year(until_year)
} else := concat("", [until_year_text, substring(last_training, 4, 6)])

# A leading "1" keeps years before 1000 ("0999") readable as numbers.
until_year := (to_number(concat("", ["1", substring(last_training, 0, 4)])) - 10000) + lib.config.trainingValidYears

until_year_text := substring(format_int(until_year + 10000, 10), 1, 4)

# Said positively, not as `not leap_year(y)`: OPA and regorus disagree on a
# negated call whose argument may be undefined (docs/rego-portability.md).
common_year(y) if y % 4 != 0

common_year(y) if {
	y % 100 == 0
	y % 400 != 0
}

# Judged only when the last training is recorded, or recorded as never:
# one finding per action.
judged if last_training

judged if never_trained

findings contains lib.finding_of(["actions", i], o) if {
	judged
	some i, action in input.actions
	is_object(action)
	o := action_outcome(i, action)
}

action_outcome(i, action) := lib.outcome("B7.violation.never_trained", {}, [gap]) if {
	never_trained
	gap := lib.gap("lastTraining", ["member", "lastTraining"], "B7.never_trained", {}, true)
} else := lib.outcome("B7.incomplete.day", {}, [gap]) if {
	# Neither the action nor the incident has a date.
	not lib.action_day(action)
	gap := lib.gap("at", ["actions", i, "at"], "B7.day_unrecorded", {}, false)
} else := training_outcome(lib.action_day(action))

training_outcome(day) := lib.outcome("B7.incomplete.trained_after", params, [gap]) if {
	# Trained after the action: that says nothing about the skills it was
	# taken with.
	day < last_training
	params := {"lastTraining": last_training, "day": day}
	gap := lib.gap("lastTraining", ["member", "lastTraining"], "B7.trained_after", params, false)
} else := lib.outcome("B7.violation", params, [gap]) if {
	# The action came after the training stopped keeping skills current.
	day > current_until
	params := {"lastTraining": last_training, "currentUntil": current_until, "day": day}
	gap := lib.gap("lastTraining", ["member", "lastTraining"], "B7.lapsed", params, true)
} else := lib.outcome("B7.compliant", params, []) if {
	params := {"lastTraining": last_training, "currentUntil": current_until, "day": day}
}
