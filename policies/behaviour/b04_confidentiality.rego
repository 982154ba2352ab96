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

# Disclosures, by the index of the action that made them. `disclosure: null`
# says nothing was disclosed.
disclosures[i] := action.disclosure if {
	some i, action in input.actions
	is_object(action.disclosure)
}

findings contains lib.finding(["actions", i, "disclosure"], status, key, params, gaps) if {
	some i, d in disclosures
	gaps := {pair[1] | some pair in gap; pair[0] == i}
	status := lib.status_of(gaps)
	key := concat(".", ["B4", status])
	params := {"classification": object.get(d, "classification", "unknown"), "owner": object.get(d, "owner", "its owner")}
}

# What kind of information it was is not recorded.
gap contains [i, lib.gap("classification", ["actions", i, "disclosure", "classification"], "B4.classification_unrecorded", {}, false)] if {
	some i, d in disclosures
	not lib.recorded(d, "classification")
}

# Protected information, and the owner's consent not recorded.
gap contains [i, lib.gap("ownerConsent", ["actions", i, "disclosure", "ownerConsent"], "B4.consent_unrecorded", {}, false)] if {
	some i, d in disclosures
	d.classification in protected
	lib.absent(d, "ownerConsent")
}

# Protected information disclosed without the owner's consent.
gap contains [i, lib.gap("ownerConsent", ["actions", i, "disclosure", "ownerConsent"], "B4.no_consent", params, true)] if {
	some i, d in disclosures
	d.classification in protected
	lib.has_key(d, "ownerConsent")
	not d.ownerConsent == true
	params := {"classification": d.classification, "owner": object.get(d, "owner", "its owner")}
}
