// A Node ESM TypeScript user (module: nodenext).
import { ConductEngine, ConductSession, version } from 'conduct-engine';
import type { EffectiveConfig, ConductError, EngineStats, Finding, Incident, Labels, MissingElement, RuleInfo, Status, ValidationProblem, Verdict } from 'conduct-engine';

const incident: Incident = { schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] };
const engine = new ConductEngine();
const strict = new ConductEngine({ config: { minExplanationLength: 40 } });
const verdict: Verdict = engine.evaluate(incident);
const outcome: Status = verdict.outcome;
const findings: Finding[] = verdict.findings;
const pointers: string[] = findings.flatMap((f) => (f.missing ?? []).map((m) => m.path));
const text: string = engine.evaluateJson(JSON.stringify(incident));
const problems: ValidationProblem[] = engine.validate(JSON.parse(text) as unknown);
const rules: RuleInfo[] = strict.rules();
const config: EffectiveConfig = strict.config;
const critical: RuleInfo[] = strict.rules({ severity: ['critical'], section: 'behaviour', locale: 'nl' });
const dutch: Verdict = engine.evaluate(incident, { locale: 'nl' });
const min: number = config.minExplanationLength;
const digest: string = engine.ruleset.digest + version().engine;
const session: ConductSession = engine.session(incident, { locale: 'nl' });
const updated: Verdict = session.update('/actions/0/justification/legal/explanation', 'The policy invites tests.');
const removed: Verdict = session.remove('/actions/0');
const rerun: string[] = session.lastRerun;
const current: Incident = session.incident();
const stats: EngineStats = engine.stats();
const backend: 'compiled' | 'vm' | 'interpreter' = stats.backend;
// A form titles its fields from the labels, keyed by pointer pattern, and
// marks each gap with its own label.
const labels: Labels = engine.labels({ locale: 'nl' });
const plain: Record<string, string> = engine.labels();
const basis: string | undefined = labels['/actions/*/justification/legal/basis'];
const gapLabels: string[] = findings.flatMap((f) => (f.missing ?? []).map((m: MissingElement) => m.label));
const relabelled = new ConductEngine({
  config: { labels: { nl: { '/actions/*/justification/legal/basis': 'wetsartikel' } } },
});
session.free();
engine.free();

try {
  engine.evaluate(incident);
} catch (e) {
  const error = e as ConductError;
  const where: string | null = error.path;
  const code: 'invalid_json' | 'invalid_incident' | 'unsupported_schema_version' | 'invalid_config' | 'limit_exceeded' | 'policy_error' | 'invalid_argument' | 'freed' | 'load_failed' = error.code;
  console.log(where, code);
}

// @ts-expect-error unknown fields are not part of an incident
engine.evaluate({ schemaVersion: '1', actionz: [] });
// @ts-expect-error consent.prior is a boolean
engine.evaluate({ schemaVersion: '1', actions: [{ consent: { prior: 'yes' } }] });
// @ts-expect-error a session opens on an incident
engine.session({ actions: [] });
// @ts-expect-error schemaVersion is required
engine.evaluate({ actions: [] });
// @ts-expect-error unknown configuration keys are rejected
new ConductEngine({ config: { minExplanationLenght: 4 } });
// @ts-expect-error labels take a locale, nothing else
engine.labels({ locael: 'nl' });
// @ts-expect-error a label is a string
new ConductEngine({ config: { labels: { nl: { '/actions/*/id': 1 } } } });
// @ts-expect-error labels are not part of the configuration in force
strict.config.labels;

export { outcome, pointers, problems, rules, min, digest, updated, removed, rerun, current, backend, plain, basis, gapLabels, relabelled };
