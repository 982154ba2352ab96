// Partner rules for the tests: one well-behaved rule and a set of hostile or
// broken ones, each with the error it must give.

export const METADATA = (id) => `# METADATA
# title: Red-team exercises are announced to the SOC
# description: A partner's own rule, for its training platform. Any action of
#   kind red-team must say that the client's security operations centre was told.
# custom:
#   id: ${id}
#   slug: soc-informed
#   section: behaviour
#   severity: major
#   clause: B12
#   inputs:
#     - /actions/*/kind
#     - /extensions/socInformed`;

/** A well-behaved partner rule: per red-team action, was the SOC told? */
export const good = `${METADATA('ACME1')}
package conduct.partner.acme

import data.conduct.lib

findings contains lib.finding(["actions", i], status, concat(".", ["ACME1", status]), {}, gaps) if {
	some i, action in input.actions
	action.kind == "red-team"
	gaps := [g | some g in soc_gaps]
	status := lib.status_of(gaps)
}

soc_gaps contains lib.gap("socInformed", ["extensions", "socInformed"], "ACME1.soc_not_told", {}, true) if {
	not input.extensions.socInformed == true
}
`;

export const goodMessages = {
  en: { 'ACME1.compliant': 'The SOC knew of this exercise.', 'ACME1.violation': 'The SOC was not told of this exercise.', 'ACME1.soc_not_told': 'Tell the SOC before a red-team exercise.' },
  nl: { 'ACME1.compliant': 'Het SOC wist van deze oefening.', 'ACME1.violation': 'Het SOC is niet ingelicht over deze oefening.', 'ACME1.soc_not_told': 'Licht het SOC in vóór een red-team-oefening.' },
};

const rule = (id, body) => `${METADATA(id)}\npackage conduct.partner.${id.toLowerCase()}\n\n${body}\n`;

/** [name, source, expected code, what the message must mention, expected location line or null] */
export const hostile = [
  ['syntax error', rule('H1', 'findings contains x if {\n\tx := \n}'), 'policy_error', /syntax-error\.rego:17:7/, 17],
  ['outside the partner namespace', rule('H2', '').replace('package conduct.partner.h2', 'package conduct.rules.b12'), 'policy_error', /namespace/, 14],
  ['clashes with a built-in id', rule('B12', 'findings := set()'), 'policy_error', /already in the catalogue/, null],
  ['findings without METADATA', 'package conduct.partner.nometa\n\nfindings contains {"status": "violation"} if true\n', 'policy_error', /METADATA/, null],
  ['network access', rule('H4', 'r := http.send({"method": "get", "url": "http://127.0.0.1"})'), 'policy_error', /http\.send/, 16],
  ['the wall clock', rule('H5', 'r := time.now_ns()'), 'policy_error', /time\.now_ns/, 16],
  ['randomness without opting in', rule('H6', 'r := rand.intn("x", 6)'), 'policy_error', /rand\.intn/, 16],
  ['unknown builtin', rule('H7', 'findings contains x if { x := crypto.sha256("a") }'), 'policy_error', /crypto|sha256|H7/i, null],
  ['metadata with an unknown severity', rule('H8', 'findings := set()').replace('severity: major', 'severity: apocalyptic'), 'policy_error', /apocalyptic/, null],
  ['metadata without inputs', rule('H9', 'findings := set()').replace(/# {3}inputs:\n(# {5}- .*\n)+/, ''), 'policy_error', /inputs/, null],
  ['empty bundle', null, 'policy_error', /no files/, null],
  ['a path already loaded', null, 'policy_error', /already loaded/, null],
];

/** Rules that load but misbehave when they run: [name, source, expected code]. */
export const misbehaving = [
  ['findings of the wrong shape', rule('W1', 'findings contains "not an object" if true'), 'policy_error'],
  ['an unknown status', rule('W2', 'findings contains {"subject": [], "status": "maybe"} if true'), 'policy_error'],
  ['a runaway rule', rule('W3', 'findings contains {"subject": [], "status": "compliant"} if {\n\tsome a in numbers.range(1, 2000)\n\tsome b in numbers.range(1, 2000)\n\tsome c in numbers.range(1, 2000)\n\ta + b + c < 0\n}'), 'limit_exceeded'],
];
