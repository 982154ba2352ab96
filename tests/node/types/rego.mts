// A partner's TypeScript (module: nodenext): the conduct-engine/rego entry.
import { ConductEngine, ConductError, evaluateRego } from 'conduct-engine/rego';
import type { PolicyBundle, Verdict } from 'conduct-engine/rego';

const engine = new ConductEngine({ limits: { maxInstructions: 100_000, maxMemoryBytes: 32 * 1024 * 1024 } });
const bundle: PolicyBundle = { files: [{ path: 'acme/soc.rego', source: 'package conduct.partner.acme' }] };
const added: string[] = engine.addPolicies(bundle);
const one: string[] = engine.addPolicy('acme/x.rego', 'package conduct.partner.x');
const verdict: Verdict = engine.evaluate({ schemaVersion: '1' });
const traps: number | undefined = engine.stats().sandbox?.traps;
const labels: Record<string, string> = engine.labels({ locale: 'nl' });
const results: string = evaluateRego('{"modules": [], "query": "1 + 1"}', { limits: { maxInstructions: 10_000 } });

try {
  engine.addPolicy('a.rego', 'package conduct.rules.b12');
} catch (e) {
  if (e instanceof ConductError) console.log(e.code, e.location?.line);
}

// @ts-expect-error the built-in engine's limits have no unknown keys
new ConductEngine({ limits: { maxSpeed: 1 } });

// The same catalogue on regorus, for comparing; nothing else is a backend.
const onVm = new ConductEngine({ backend: 'vm' });
// @ts-expect-error the backends are compiled, vm and interpreter
new ConductEngine({ backend: 'fast' });

export { added, one, verdict, traps, results, labels, onVm };
