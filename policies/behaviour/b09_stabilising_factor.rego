# METADATA
# title: Be a stabilising factor
# description: Members aim to be a steady presence in their surroundings:
#   someone people can turn to for guidance and support within the member's
#   fields of expertise. This describes how a member is seen over time rather
#   than what they did in one incident, so it guides without being checked.
# custom:
#   id: B9
#   slug: stabilising-factor
#   section: behaviour
#   severity: advisory
#   checkable: false
package conduct.rules.b9

# Guidance only: the clause describes an attitude rather than a fact an
# incident records, so this rule produces no findings.
