# METADATA
# title: Help improve people and processes
# description: Members try to raise the performance of the people and
#   processes they work with by actively helping to improve them where they
#   can, unless helping would be out of place. The effort is open-ended and
#   its fitness depends on context, so the clause is guidance and produces no
#   findings.
# custom:
#   id: B10
#   slug: improve-performance
#   section: behaviour
#   severity: advisory
#   checkable: false
package conduct.rules.b10

# Guidance only: the clause describes an attitude rather than a fact an
# incident records, so this rule produces no findings.
