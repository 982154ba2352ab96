# METADATA
# title: Share knowledge and skills
# description: Where it is fitting, members pass on what they know and can do
#   freely, so that others gain from their work and experience. Whether and
#   when sharing is appropriate depends on the situation (confidentiality and
#   B4 come first), so the clause is offered as guidance and not checked.
# custom:
#   id: B8
#   slug: share-knowledge
#   section: behaviour
#   severity: advisory
#   checkable: false
package conduct.rules.b8

# Guidance only: the clause describes an attitude rather than a fact an
# incident records, so this rule produces no findings.
