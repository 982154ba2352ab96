# METADATA
# title: Escalate a clearly unlawful or unethical request
# description: When a member is expected to do, or to leave undone, something
#   that plainly goes against the law, against ethics (their own or society's)
#   or against this code, they do not simply go along with it. They turn to a
#   more senior person who can help decide and who will back the decision;
#   seeking legal advice as well is wise but not required. Complying with such
#   a request breaks the rule whether or not anyone was consulted; refusing
#   without consulting anyone is recorded as incomplete. A request that was
#   not clearly unlawful or unethical meets the rule: there was nothing to
#   escalate.
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

# One finding per action that records a request made of the member.
findings contains lib.finding_of(["actions", i], o) if {
	some i, action in input.actions
	request := action.request
	is_object(request)
	o := request_outcome(i, request)
}

request_outcome(i, r) := lib.outcome("P8.incomplete.nature", {}, [gap]) if {
	lib.absent(r, "clearlyUnlawfulOrUnethical")
	gap := lib.gap("clearlyUnlawfulOrUnethical", ["actions", i, "request", "clearlyUnlawfulOrUnethical"], "P8.nature_unrecorded", {}, false)
} else := lib.outcome("P8.not_unlawful", {}, []) if {
	# Not clearly unlawful or unethical (false), or not stated to be (null).
	not r.clearlyUnlawfulOrUnethical == true
} else := lib.outcome("P8.violation", {}, [gap]) if {
	# Complied: a violation, whoever was consulted.
	r.complied == true
	gap := lib.gap("complied", ["actions", i, "request", "complied"], "P8.complied", {}, true)
} else := lib.outcome("P8.incomplete.compliance", {}, array.concat([gap], consultation_gaps(i, r))) if {
	lib.absent(r, "complied")
	gap := lib.gap("complied", ["actions", i, "request", "complied"], "P8.compliance_unrecorded", {}, false)
} else := refusal_outcome(i, r, consultation_gaps(i, r))

# Refused (false, or null: never complied): the backing of someone senior
# decides.
refusal_outcome(i, r, gaps) := lib.outcome("P8.compliant", {}, []) if {
	count(gaps) == 0
} else := lib.outcome("P8.incomplete.consultation", {}, gaps) if {
	lib.absent(r, "consultedSenior")
} else := lib.outcome("P8.incomplete.not_consulted", {}, gaps)

# Whether anyone senior was consulted is not recorded; or nobody was (false
# or null): not a breach, but the backing the code asks for is missing.
consultation_gaps(i, r) := [] if {
	r.consultedSenior == true
} else := [lib.gap("consultedSenior", ["actions", i, "request", "consultedSenior"], "P8.consultation_unrecorded", {}, false)] if {
	lib.absent(r, "consultedSenior")
} else := [lib.gap("consultedSenior", ["actions", i, "request", "consultedSenior"], "P8.not_consulted", {}, false)]
