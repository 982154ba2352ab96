// A CommonJS TypeScript user (module: nodenext, .cts).
import conduct = require('conduct-engine');

const engine = new conduct.ConductEngine();
const verdict: conduct.Verdict = engine.evaluate({ schemaVersion: '1' });
const status: conduct.Status = verdict.outcome;
const info: conduct.RulesetInfo = engine.ruleset;
const labels: conduct.Labels = engine.labels({ locale: 'en' });
const label: string | undefined = verdict.findings[0]?.missing?.[0]?.label;

export = { status, info, labels, label };
