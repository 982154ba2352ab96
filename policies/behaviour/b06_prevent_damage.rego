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

# One finding per action that records damage; `damage: null` says there
# was none.
findings contains lib.finding_of(["actions", i], o) if {
	some i, action in input.actions
	damage := action.damage
	is_object(damage)
	o := damage_outcome(i, damage)
}

# Damage the member could not foresee or could not prevent (false, or null:
# "it was not") was not theirs to prevent.
damage_outcome(i, d) := lib.outcome("B6.compliant.unforeseeable", {}, []) if {
	denied(d, "foreseeable")
} else := lib.outcome("B6.compliant.unpreventable", {}, []) if {
	denied(d, "preventable")
} else := lib.outcome("B6.incomplete.foresight", {}, gaps) if {
	# Whether it could be foreseen, or prevented, is not recorded.
	gaps := [lib.gap(k, ["actions", i, "damage", k], key, {}, false) |
		some k, key in unrecorded_key
		lib.absent(d, k)
	]
	count(gaps) > 0
} else := lib.outcome("B6.incomplete.attempt", {}, [gap]) if {
	# Foreseeable and preventable: did the member try?
	lib.absent(d, "preventionAttempted")
	gap := lib.gap("preventionAttempted", ["actions", i, "damage", "preventionAttempted"], "B6.attempt_unrecorded", {}, false)
} else := lib.outcome("B6.compliant", {}, []) if {
	d.preventionAttempted == true
} else := lib.outcome("B6.violation", {}, [gap]) if {
	# No attempt was made (false or null).
	gap := lib.gap("preventionAttempted", ["actions", i, "damage", "preventionAttempted"], "B6.not_prevented", {}, true)
}

unrecorded_key := {
	"foreseeable": "B6.foreseeable_unrecorded",
	"preventable": "B6.preventable_unrecorded",
}

denied(d, k) if {
	lib.has_key(d, k)
	not d[k] == true
}
