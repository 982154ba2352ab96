# METADATA
# title: Disclose confidential information only with consent
# description: Members keep the trust placed in them. Information that is
#   confidential, personal or otherwise sensitive, whether it concerns a
#   person or an organisation, is disclosed only with the consent of those it
#   belongs to. Public and internal information is not protected by this
#   clause.
# custom:
#   id: B4
#   slug: confidentiality
#   section: behaviour
#   severity: critical
#   inputs:
#     - /actions/*/disclosure
package conduct.rules.b4

import data.conduct.lib

protected := {"confidential", "personal", "sensitive"}

# One finding per disclosure, on the action that made it. `disclosure: null`
# says nothing was disclosed.
findings contains lib.finding_of(["actions", i, "disclosure"], o) if {
	some i, action in input.actions
	d := action.disclosure
	is_object(d)
	o := disclosure_outcome(i, d)
}

# What kind of information it was is not recorded.
disclosure_outcome(i, d) := lib.outcome("B4.incomplete.classification", {}, [gap]) if {
	not lib.recorded(d, "classification")
	gap := lib.gap("classification", ["actions", i, "disclosure", "classification"], "B4.classification_unrecorded", {}, false)
} else := lib.outcome(concat(".", ["B4.compliant", class]), {}, []) if {
	# Public or internal information: the clause does not protect it.
	class := d.classification
	not class in protected
} else := lib.outcome("B4.incomplete.consent", {}, [gap]) if {
	lib.absent(d, "ownerConsent")
	gap := lib.gap("ownerConsent", ["actions", i, "disclosure", "ownerConsent"], "B4.consent_unrecorded", {}, false)
} else := lib.outcome("B4.compliant.consented", {}, []) if {
	d.ownerConsent == true
} else := lib.outcome(concat(".", ["B4.violation", d.classification]), {}, [no_consent_gap(i, d)])

# Protected information disclosed without the owner's consent (false, or
# null: never asked), naming the owner where the incident does.
no_consent_gap(i, d) := lib.gap("ownerConsent", ["actions", i, "disclosure", "ownerConsent"], "B4.no_consent", {"owner": d.owner}, true) if {
	lib.has_text(d.owner)
} else := lib.gap("ownerConsent", ["actions", i, "disclosure", "ownerConsent"], "B4.no_consent.owner_unnamed", {}, true)
