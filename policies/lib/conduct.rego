# Helpers shared by the conduct rules: when a fact counts as recorded, when
# an explanation has substance, and the shape of findings.
#
# Rules report findings as objects the engine renders:
#   {"subject": path, "status": s, "key": k, "params": {...}, "missing": [gap]}
# where a path is a list of tokens (["actions", 0, "consent"]) that the engine
# turns into a JSON Pointer, and `key` names a message in messages/*.json.
#
# Each rule judges one item (an action, an agreement, a promise...) with a
# function of that item, so the cost grows with the number of items, not
# with its square.
#
# The rules run on regorus's bytecode VM, checked against its interpreter by
# tests/differential.rs. Two constructs the VM gets wrong are avoided: `every`
# (undefined inside its body does not fail it) and a `some` loop in the first
# branch of an else-chain (an empty loop skips the else). Counted
# comprehensions say the same thing and run the same on both. The
# interpreter, for its part, fails on a partial-object rule whose value is a
# function call that comes out undefined (`x[i] := f(a) if …`): bind the
# value in the body instead.
#
# The VM binds `x := expr` even when expr is undefined (a missing field, a
# function with no result), where the interpreter and OPA fail the body.
# So a value that may be undefined is tested before it is used
# (`is_string(w)`, `is_object(o)`, `x == v`), and functions that judge an
# item return a value in every case (an else-chain ending in a default).
#
# The same Rego must mean the same in OPA (docs/rego-portability.md): no
# `not f(x.y)` where `x.y` may be undefined (OPA evaluates `x.y` before the
# `not`, so the body fails; regorus makes the `not` true). Negated calls take
# only variables and literals; a possibly missing field is looked up inside
# the function (`absent(obj, key)`), or the negation is of a comparison
# (`not x.y == true`) or of a rule. Lengths of text are counted in characters
# (code points) with `characters`, never with `count` on a string.
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

# obj[key] is an object (not absent, null or anything else).
has_object(obj, key) if is_object(obj[key])

# obj[key], or null where there is none: a value that a function (negated
# or not) can always take.
value_at(obj, key) := obj[key] if {
	has_key(obj, key)
} else := null

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

# The number of characters (Unicode code points) in a string. `count(s)`
# counts UTF-16 units in regorus and code points in OPA; `split(s, "")`
# gives one item per code point in both.
characters(s) := count(split(s, ""))

# Why obj[field] cannot serve as an explanation ("absent", "placeholder" or
# "too_short"); undefined when it can.
explanation_weakness(obj, field) := weakness if {
	weakness := text_weakness(value_at(obj, field))
	is_string(weakness)
}

# The same for a value that may be anything (null, a number, a text).
text_weakness(value) := "absent" if {
	not is_string(value)
} else := weakness if {
	weakness := trimmed_weakness(trim_space(value))
	is_string(weakness)
}

trimmed_weakness(t) := "absent" if {
	t == ""
} else := "placeholder" if {
	lower(t) in config.placeholderPhrases
} else := "too_short" if {
	characters(t) < config.minExplanationLength
}

# Like explanation_weakness, for short texts (a legal basis, an evidence
# item) where length says nothing: only "absent" or "placeholder".
name_weakness(obj, field) := weakness if {
	weakness := name_text_weakness(value_at(obj, field))
	is_string(weakness)
}

name_text_weakness(value) := "absent" if {
	not is_string(value)
} else := weakness if {
	weakness := trimmed_name_weakness(trim_space(value))
	is_string(weakness)
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

# How one item was decided: the message key of the branch that held, its
# parameters, and the gaps it found (the status follows from the gaps).
outcome(key, params, gaps) := {"key": key, "params": params, "gaps": gaps}

# The finding on one item (`subject`, as path tokens), as `o` decided it.
finding_of(subject, o) := finding(subject, status_of(o.gaps), o.key, o.params, o.gaps)

# The message key of a finding: `<rule>.<status>.<reason>` when a single
# reason decided it, else `<rule>.<status>`. `reasons` gives the reason of
# each gap key that can decide alone; a violation is decided by its
# violating gaps, an incomplete finding by all of its gaps.
finding_key(rule, status, gaps, reasons) := concat(".", [rule, status]) if {
	status == "compliant"
} else := reason_key(rule, status, {object.get(reasons, g.key, "") | some g in gaps; g.violates}) if {
	status == "violation"
} else := reason_key(rule, status, {object.get(reasons, g.key, "") | some g in gaps})

reason_key(rule, status, kinds) := concat(".", [rule, status, kind]) if {
	count(kinds) == 1
	kind := [k | some k in kinds][0]
	kind != ""
} else := concat(".", [rule, status])

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
