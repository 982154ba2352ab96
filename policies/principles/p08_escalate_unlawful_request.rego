# METADATA
# title: Escalate a clearly unlawful or unethical request
# description: When a member is expected to do, or to leave undone, something
#   that plainly goes against the law, against ethics (their own or society's)
#   or against this code, they do not simply go along with it. They turn to a
#   more senior person who can help decide and who will back the decision;
#   seeking legal advice as well is wise but not required. Complying with such
#   a request breaks the rule whether or not anyone was consulted; refusing
#   without consulting anyone is recorded as incomplete.
# custom:
#   id: P8
#   slug: escalate-unlawful-request
#   section: principle
#   severity: critical
#   inputs:
#     - /actions/*/request/clearlyUnlawfulOrUnethical
#     - /actions/*/request/complied
#     - /actions/*/request/consultedSenior
package conduct.rules.p8

import data.conduct.lib

# Requests made of the member, by the index of the action.
requested[i] := action.request if {
	some i, action in input.actions
	is_object(action.request)
}

# A request that was not clearly unlawful or unethical (false), or not
# stated to be so (null): the clause does not reach it.
findings contains lib.finding(["actions", i], "not_applicable", "P8.not_unlawful", {}, []) if {
	some i, r in requested
	lib.has_key(r, "clearlyUnlawfulOrUnethical")
	not r.clearlyUnlawfulOrUnethical == true
}

# Whether the request was clearly unlawful or unethical is not recorded.
findings contains lib.finding(["actions", i], "incomplete", "P8.incomplete", {}, [gap]) if {
	some i, r in requested
	lib.absent(r, "clearlyUnlawfulOrUnethical")
	gap := lib.gap("clearlyUnlawfulOrUnethical", ["actions", i, "request", "clearlyUnlawfulOrUnethical"], "P8.nature_unrecorded", {}, false)
}

findings contains lib.finding(["actions", i], status, concat(".", ["P8", status]), {}, gaps) if {
	some i, _ in unlawful
	found := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(found)
	gaps := [g | some e in ["complied", "consultedSenior"]; some g in found; g.element == e]
}

# Clearly unlawful or unethical requests, by action index.
unlawful[i] := r if {
	some i, r in requested
	r.clearlyUnlawfulOrUnethical == true
}

# Complied: a violation, whoever was consulted.
gap contains [i, lib.gap("complied", ["actions", i, "request", "complied"], "P8.complied", {}, true)] if {
	some i, r in unlawful
	r.complied == true
}

# Whether the member complied is not recorded.
gap contains [i, lib.gap("complied", ["actions", i, "request", "complied"], "P8.compliance_unrecorded", {}, false)] if {
	some i, r in unlawful
	lib.absent(r, "complied")
}

# Not known to have complied, and whether anyone senior was consulted is
# not recorded.
gap contains [i, lib.gap("consultedSenior", ["actions", i, "request", "consultedSenior"], "P8.consultation_unrecorded", {}, false)] if {
	some i, r in unlawful
	not r.complied == true
	lib.absent(r, "consultedSenior")
}

# Not known to have complied, but refused without consulting anyone senior
# (false or null): not a breach, but the backing the code asks for is missing.
gap contains [i, lib.gap("consultedSenior", ["actions", i, "request", "consultedSenior"], "P8.not_consulted", {}, false)] if {
	some i, r in unlawful
	not r.complied == true
	lib.has_key(r, "consultedSenior")
	not r.consultedSenior == true
}
