// @ts-check
// An incident that sets every field of the model. The type check (tsc over
// this file, see types.test.mjs) proves it has every field the TypeScript
// types declare and no other; the same test proves the engine's validator
// accepts exactly these fields, so the types and the validator agree.

/** @type {import('./full.js').Full<import('conduct-engine').Incident>} */
export const fullIncident = {
  schemaVersion: '1',
  id: 'INC-2026-0042',
  occurredAt: '2026-11-20',
  member: {
    name: 'Sam Jansen',
    qualifications: [{ name: 'ethical-hacking', validUntil: '2027-06-30' }],
    lastTraining: '2026-03-01',
  },
  actions: [
    {
      id: 'a1',
      kind: 'security-test',
      description: "Probed the partner's login form for SQL injection",
      at: '2026-11-20',
      affectedParties: ['Acme Corp'],
      requiredQualifications: ['ethical-hacking'],
      consent: { prior: false, grantedBy: 'nobody' },
      justification: {
        legal: { claimed: true, basis: 'responsible-disclosure policy of Acme', explanation: 'The policy invites tests of this kind by outsiders.' },
        ethical: { claimed: true, explanation: 'Customers were exposed; warning the owner protects them.' },
        beneficial: { claimed: true, beneficiaries: ['Acme Corp', 'Acme customers'], explanation: 'Acme fixed the flaw before anyone abused it.' },
        minimal: { claimed: true, explanation: 'One harmless probe showed the flaw; nothing was read or kept.', dataRetained: false, beyondNeed: false },
        evidence: ['request log excerpt'],
      },
      disclosure: { classification: 'confidential', owner: 'Acme Corp', recipients: ['press'], ownerConsent: false },
      advice: {
        informationCorrect: true,
        informationCurrent: true,
        informationComplete: true,
        doubtsDisclosed: true,
        limitationsStated: false,
        opposingFactorsIncluded: true,
      },
      judgement: {
        sufficientKnowledge: false,
        insufficiencyDisclosed: true,
        personalStake: false,
        stakeDeclared: false,
        stakeAccepted: false,
      },
      damage: { description: 'Login outage', foreseeable: true, preventable: true, preventionAttempted: false },
      knowinglyUntrue: false,
      risk: { exposedParties: ['Acme customers'], intentional: true, explicitlyRequestedBy: [] },
      request: {
        description: 'Publish the flaw at once',
        clearlyUnlawfulOrUnethical: true,
        consultedSenior: false,
        legalAdviceSought: false,
        complied: true,
      },
    },
  ],
  agreements: [
    {
      id: 'ag1',
      description: 'Keep test results confidential',
      with: ['Acme'],
      kind: 'implicit',
      honoured: false,
      conflictsWithLaw: true,
      discoveredAt: '2026-11-01',
      partiesNotifiedAt: '2026-11-20',
    },
  ],
  promises: [{ id: 'pr1', description: 'Report by Friday', to: 'Acme', delivered: false, obstacleKnownAt: '2026-11-02', communicatedAt: '2026-11-10' }],
  conflictsOfInterest: [
    {
      id: 'c1',
      description: 'Shareholder in a competitor',
      parties: ['Acme'],
      declared: true,
      declaredTo: ['Acme'],
      declaredAt: '2026-11-01',
    },
  ],
  deficienciesFound: [
    {
      id: 'd1',
      description: 'Login form open to SQL injection',
      owner: 'Acme',
      learnedAt: '2026-11-01',
      reportedToOwner: false,
      reportedAt: '2026-11-03',
      reportingRisk: 'unreasonable',
      riskExplanation: 'Acme threatened legal action against earlier reporters.',
    },
  ],
  extensions: { trainingExercise: 'week-3' },
};
