# METADATA
# title: Be an active member of the community
# description: When circumstances allow, members take an active part in the
#   SECO community, so that fellow members can rely on them and turn to them
#   with questions. Taking part is encouraged rather than required, so the
#   clause guides without being checked.
# custom:
#   id: B13
#   slug: active-member
#   section: behaviour
#   severity: advisory
#   checkable: false
package conduct.rules.b13

# Guidance only: the clause describes an attitude rather than a fact an
# incident records, so this rule produces no findings.
