// Incidents for the package tests, written from spec/INCIDENT.md and the B12
// rules in spec/RULES.md. Each function returns a fresh object.

/** An explanation comfortably above any default minimum length. */
const because = (what) => `${what}, as recorded in the engagement notes and the request log of that day.`;

/** Probed a partner's login form with no prior consent and no justification at all. */
export function noConsentNoJustification() {
  return {
    schemaVersion: '1',
    id: 'INC-NODE-0001',
    occurredAt: '2026-11-20',
    actions: [
      {
        id: 'a1',
        kind: 'security-test',
        description: "Probed the partner's login form for SQL injection",
        at: '2026-11-20',
        affectedParties: ['Acme Corp'],
        consent: { prior: false, grantedBy: null },
      },
    ],
  };
}

/** The same action, done with the owner's prior consent. */
export function priorConsent() {
  const incident = noConsentNoJustification();
  incident.id = 'INC-NODE-0002';
  incident.actions[0].consent = { prior: true, grantedBy: 'Acme Corp CISO' };
  return incident;
}

/** No prior consent, but every element of the justification given, of substance, uncontradicted. */
export function fullyJustified() {
  const incident = noConsentNoJustification();
  incident.id = 'INC-NODE-0003';
  incident.actions[0].justification = {
    legal: {
      claimed: true,
      basis: 'responsible-disclosure policy of Acme',
      explanation: because('The published responsible-disclosure policy of Acme invites exactly this kind of test'),
    },
    ethical: {
      claimed: true,
      explanation: because('Customers were exposed to an injectable login form, and warning the owner protects them'),
    },
    beneficial: {
      claimed: true,
      beneficiaries: ['Acme Corp', 'Acme customers'],
      explanation: because('Acme could fix the flaw before anyone abused it, which protects its customers'),
    },
    minimal: {
      claimed: true,
      explanation: because('One harmless probe request showed the flaw; no data was read, kept or shared'),
      dataRetained: false,
      beyondNeed: false,
    },
    evidence: ['request log excerpt'],
  };
  return incident;
}

/** fullyJustified, with one element's explanation replaced by a placeholder. */
export function placeholderEthical() {
  const incident = fullyJustified();
  incident.id = 'INC-NODE-0004';
  incident.actions[0].justification.ethical.explanation = 'n/a';
  return incident;
}

/** A busier incident: several actions touching B12, B2, B3 and B4. */
export function typical() {
  const justified = fullyJustified().actions[0];
  return {
    schemaVersion: '1',
    id: 'INC-NODE-0005',
    occurredAt: '2026-11-20',
    member: {
      name: 'Sam Jansen',
      qualifications: [
        { name: 'ethical-hacking', validUntil: '2027-06-30' },
        { name: 'forensics', validUntil: '2025-01-31' },
      ],
      lastTraining: '2026-03-01',
    },
    actions: [
      { ...justified, id: 'a1', requiredQualifications: ['ethical-hacking'] },
      {
        id: 'a2',
        kind: 'access',
        description: 'Opened the mailbox of a suspected insider',
        at: '2026-11-20',
        affectedParties: ['J. Doe'],
        requiredQualifications: ['forensics'],
        consent: { prior: false },
        justification: { legal: { claimed: true, explanation: 'see above' } },
      },
      {
        id: 'a3',
        kind: 'disclosure',
        description: 'Shared the findings report with the press',
        at: '2026-11-21',
        affectedParties: ['Acme Corp'],
        consent: { prior: true, grantedBy: 'Acme Corp' },
        disclosure: { classification: 'confidential', owner: 'Acme Corp', recipients: ['press'], ownerConsent: false },
      },
      {
        id: 'a4',
        kind: 'advice',
        description: 'Advised Acme on remediation',
        at: '2026-11-22',
        requiredQualifications: ['ethical-hacking'],
        consent: { prior: true, grantedBy: 'Acme Corp' },
      },
    ],
    conflictsOfInterest: [
      { id: 'c1', description: 'Shareholder in a competitor of Acme', parties: ['Acme Corp'], declared: false },
    ],
  };
}
