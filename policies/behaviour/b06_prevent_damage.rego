# METADATA
# title: Try to prevent damage
# description: Where a member could see damage coming to assets, data,
#   processes, people or reputations, and was in a position to prevent it,
#   they make an attempt to do so. Damage the member could not reasonably
#   foresee, or could not have prevented, is not held against them; damage
#   that was both foreseeable and preventable, with no attempt to stop it,
#   breaks the rule.
# custom:
#   id: B6
#   slug: prevent-damage
#   section: behaviour
#   severity: minor
#   inputs:
#     - /actions/*/damage/foreseeable
#     - /actions/*/damage/preventable
#     - /actions/*/damage/preventionAttempted
package conduct.rules.b6

import data.conduct.lib

# Damage, by action index. `damage: null` says there was none.
damages[i] := action.damage if {
	some i, action in input.actions
	is_object(action.damage)
}

findings contains lib.finding(["actions", i], status, concat(".", ["B6", status]), {}, gaps) if {
	some i, _ in damages
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
}

unrecorded_key := {
	"foreseeable": "B6.foreseeable_unrecorded",
	"preventable": "B6.preventable_unrecorded",
}

# Whether the damage could be foreseen, or prevented, is not recorded, and
# nothing else already puts it beyond the member.
gap contains [i, lib.gap(k, ["actions", i, "damage", k], key, {}, false)] if {
	some i, d in damages
	not beyond_member(d)
	some k, key in unrecorded_key
	lib.absent(d, k)
}

# Foreseeable and preventable, and whether the member tried is not recorded.
gap contains [i, lib.gap("preventionAttempted", ["actions", i, "damage", "preventionAttempted"], "B6.attempt_unrecorded", {}, false)] if {
	some i, d in damages
	d.foreseeable == true
	d.preventable == true
	lib.absent(d, "preventionAttempted")
}

# Foreseeable and preventable, and no attempt was made (false or null).
gap contains [i, lib.gap("preventionAttempted", ["actions", i, "damage", "preventionAttempted"], "B6.not_prevented", {}, true)] if {
	some i, d in damages
	d.foreseeable == true
	d.preventable == true
	lib.has_key(d, "preventionAttempted")
	not d.preventionAttempted == true
}

# Damage the member could not foresee or could not prevent (false, or null:
# "it was not") was not theirs to prevent.
beyond_member(d) if denied(d, "foreseeable")

beyond_member(d) if denied(d, "preventable")

denied(d, k) if {
	lib.has_key(d, k)
	not d[k] == true
}
