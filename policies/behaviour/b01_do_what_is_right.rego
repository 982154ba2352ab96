# METADATA
# title: Earn respect and trust by doing what is right
# description: Members earn the respect and trust of others by actively
#   choosing the right course of action, not merely by avoiding the wrong one.
#   The clause sets the attitude behind every other rule of the code; it names
#   no fact an incident could record, so it guides without being checked.
# custom:
#   id: B1
#   slug: do-what-is-right
#   section: behaviour
#   severity: advisory
#   checkable: false
package conduct.rules.b1

# Guidance only: the clause describes an attitude rather than a fact an
# incident records, so this rule produces no findings.
