# Helpers shared by the conduct rules: when a fact counts as recorded, when
# an explanation has substance, and the shape of findings.
#
# Rules report findings as objects the engine renders:
#   {"subject": path, "status": s, "key": k, "params": {...}, "missing": [gap]}
# where a path is a list of tokens (["actions", 0, "consent"]) that the engine
# turns into a JSON Pointer, and `key` names a message in messages/*.json.
#
# The rules run on regorus's bytecode VM, checked against its interpreter by
# tests/differential.rs. Two constructs the VM gets wrong are avoided: `every`
# (undefined inside its body does not fail it) and a `some` loop in the first
# branch of an else-chain (an empty loop skips the else). Counted
# comprehensions say the same thing and run the same on both. The
# interpreter, for its part, fails on a partial-object rule whose value is a
# function call that comes out undefined (`x[i] := f(a) if …`): bind the
# value in the body instead.
package conduct.lib

config := data.conduct.config

# --- Presence --------------------------------------------------------------
# Absent means "not recorded"; null means "did not happen". In Rego `not x`
# is false when x is null, so the two need telling apart on purpose.

# obj has no field `key` at all.
absent(obj, key) if not is_object(obj)

absent(obj, key) if {
	is_object(obj)
	not has_key(obj, key)
}

has_key(obj, key) if _ = obj[key]

# obj[key] is present and is not null.
recorded(obj, key) if {
	is_object(obj)
	obj[key] != null
}

# obj[field] as a list: empty when absent or null.
list(obj, field) := obj[field] if {
	is_object(obj)
	is_array(obj[field])
} else := []

# --- Text of substance -----------------------------------------------------
# On the VM a builtin or function call costs about as much as a whole rule
# body, so each text is trimmed and lowered once.

has_text(s) if {
	is_string(s)
	trim_space(s) != ""
}

normalised(s) := lower(trim_space(s))

# Why obj[field] cannot serve as an explanation ("absent", "placeholder" or
# "too_short"); undefined when it can.
explanation_weakness(obj, field) := "absent" if not is_string(obj[field])

explanation_weakness(obj, field) := weakness if {
	is_string(obj[field])
	weakness := trimmed_weakness(trim_space(obj[field]))
}

trimmed_weakness(t) := "absent" if {
	t == ""
} else := "placeholder" if {
	lower(t) in config.placeholderPhrases
} else := "too_short" if {
	count(t) < config.minExplanationLength
}

# Like explanation_weakness, for short texts (a legal basis, an evidence
# item) where length says nothing: only "absent" or "placeholder".
name_weakness(obj, field) := "absent" if not is_string(obj[field])

name_weakness(obj, field) := weakness if {
	is_string(obj[field])
	weakness := trimmed_name_weakness(trim_space(obj[field]))
}

trimmed_name_weakness(t) := "absent" if {
	t == ""
} else := "placeholder" if {
	lower(t) in config.placeholderPhrases
}

# --- Dates -------------------------------------------------------------------
# Dates are validated ISO 8601 before rules run, so their first ten
# characters compare correctly as text.

day(text) := substring(text, 0, 10)

# Days since 1970-01-01 of an ISO date (only its first ten characters
# count), by Howard Hinnant's days-from-civil algorithm.
days(date) := n if {
	# to_number reads JSON numbers, which have no leading zeros: read "0999"
	# as 10999 and take the 1 off again.
	y0 := to_number(concat("", ["1", substring(date, 0, 4)])) - 10000
	m := to_number(concat("", ["1", substring(date, 5, 2)])) - 100
	d := to_number(concat("", ["1", substring(date, 8, 2)])) - 100
	y := y0 - january_or_february(m)
	era := floor(y / 400)
	yoe := y - (era * 400)
	mp := (m + 9) % 12
	doy := (floor(((153 * mp) + 2) / 5) + d) - 1
	doe := (((yoe * 365) + floor(yoe / 4)) - floor(yoe / 100)) + doy
	n := ((era * 146097) + doe) - 719468
}

january_or_february(m) := 1 if {
	m <= 2
} else := 0

# Calendar days from one ISO date to another (negative when `to` is earlier).
days_between(from, to) := days(to) - days(from)

# The day an action took place: its own date, else the incident's.
action_day(action) := day(action.at) if {
	recorded(action, "at")
} else := day(input.occurredAt) if {
	recorded(input, "occurredAt")
}

# --- Findings ------------------------------------------------------------------

finding(subject, status, key, params, missing) := {
	"subject": subject,
	"status": status,
	"key": key,
	"params": params,
	"missing": missing,
}

# One missing or failing element. `violates` marks a fact that breaks the
# rule, as opposed to one that is merely missing or too weak to judge.
gap(element, path, key, params, violates) := {
	"element": element,
	"path": path,
	"key": key,
	"params": params,
	"violates": violates,
}

# The status a set of gaps amounts to.
status_of(gaps) := "violation" if {
	# A comprehension, not `some`: regorus's RVM skips the else branches
	# when a `some` loop in the first branch finds nothing.
	count([g | some g in gaps; g.violates]) > 0
} else := "incomplete" if {
	count(gaps) > 0
} else := "compliant"
