// The contenders of the peer benchmark, each loaded the way a user would load
// it. `load()` imports the engine, builds it for B2, B3, B4 and B12, and
// returns `{ evaluate(incident), judge(result) }`: `evaluate` is what is timed
// (incident object in, the engine's own answer out; a promise for
// json-rules-engine), `judge` turns that answer into the form the agreement
// check compares (per rule, per subject: status and named elements).
//
// Imports stay inside `load()`, so a cold-start child pays only for the
// contender it measures.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES, collect, elementsOf, facts } from './facts.mjs';
import { ENTRIES, jsClosure } from '../budget.mjs';

export const root = path.resolve(fileURLToPath(import.meta.url), '../../../..');
const here = path.join(root, 'tests', 'bench', 'peers');
const consumerDir = path.join(root, '.scratch', 'node-consumer');
export const rawRegorusDir = path.join(root, '.scratch', 'raw-regorus-pkg');

// The Rego the raw interpreter loads: the shared library and the four rules.
const REGO_FILES = [
  'lib/conduct.rego',
  'behaviour/b02_qualified.rego',
  'behaviour/b03_conflict_of_interest.rego',
  'behaviour/b04_confidentiality.rego',
  'behaviour/b12_act_without_consent.rego',
];
// One rule to read all four rules' findings, as the engine's own gather module does.
const GATHER = [
  'package bench',
  '',
  'findings := {',
  ...RULES.map((id) => `\t"${id}": {f | some f in data.conduct.rules.${id.toLowerCase()}.findings},`),
  '}',
  '',
].join('\n');

/**
 * The configuration the rules read as data.conduct.config: default.json,
 * which names every key the engine has (tests/errors.rs holds it so).
 */
export function effectiveConfig() {
  return JSON.parse(fs.readFileSync(path.join(root, 'policies', 'config', 'default.json'), 'utf8'));
}

const pointer = (tokens) => '/' + tokens.map((t) => String(t).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Per rule, per subject: { status, elements }, from findings of any contender. */
function byRule(findings) {
  const out = Object.fromEntries(RULES.map((id) => [id, {}]));
  for (const f of findings) {
    // The engine's one `not_applicable` for a rule nothing fell under has no subject.
    if (!(f.rule in out) || f.subject === '') continue;
    out[f.rule][f.subject] = { status: f.status, elements: [...new Set(f.elements)].sort() };
  }
  return out;
}

/** Gap ids per record → findings the comparison reads. */
const peerJudge = (found) => byRule(found.map((f) => ({ ...f, elements: elementsOf(f) })));

/** Rule ids to switch off, when a parent already listed them (see peers.mjs). */
const knownOff = () => (process.env.PEERS_RULES_OFF ? process.env.PEERS_RULES_OFF.split(',') : null);

/**
 * conduct-engine for B2–B4 and B12 (or all rules), from the default entry
 * (the compiled catalogue) or, with `backend`, from `conduct-engine/rego`
 * with that backend (`'vm'`: the same catalogue's Rego on regorus's VM).
 */
async function conductEngine(all, backend) {
  const entry = backend ? 'rego.mjs' : 'esm.mjs';
  const { ConductEngine } = await import(pathToFileURL(path.join(consumerDir, entry)).href);
  const options = backend ? { backend } : {};
  let engine;
  if (all) engine = new ConductEngine(options);
  else {
    // A user would write the list down; listing it costs a second engine,
    // which cold-start children are spared.
    let off = knownOff();
    if (!off) {
      const full = new ConductEngine(options);
      off = full.rules().map((r) => r.id).filter((id) => !RULES.includes(id));
      full.free();
    }
    engine = new ConductEngine({ ...options, config: { rules: Object.fromEntries(off.map((id) => [id, { enabled: false }])) } });
  }
  if (engine.stats().backend !== (backend ?? 'compiled')) {
    throw new Error(`conduct-engine runs on '${engine.stats().backend}', not '${backend ?? 'compiled'}'`);
  }
  return {
    engine,
    evaluate: (incident) => engine.evaluate(incident),
    judge: (verdict) =>
      byRule(verdict.findings.map((f) => ({ rule: f.rule, subject: f.subject, status: f.status, elements: (f.missing ?? []).map((m) => m.element) }))),
  };
}

export const CONTENDERS = {
  'conduct-engine': {
    label: 'conduct-engine (B2–B4, B12)',
    returns: 'verdict: per-subject findings, status, JSON Pointers, rendered messages, missing fields; input validated',
    load: () => conductEngine(false),
  },
  'conduct-engine-vm': {
    label: "conduct-engine on the VM (`conduct-engine/rego`, `{ backend: 'vm' }`; B2–B4, B12)",
    returns: 'the same verdict, from the same Rego run on regorus\'s VM in the partner entry\'s own instance',
    load: () => conductEngine(false, 'vm'),
  },
  'conduct-engine-all': {
    label: 'conduct-engine, all 21 rules (reference)',
    returns: 'the same, for the whole catalogue',
    reference: true,
    load: () => conductEngine(true),
  },
  'raw-regorus': {
    label: 'raw regorus-Wasm (interpreter)',
    returns: 'the rules\' raw findings: path tokens, message keys, no messages; input not validated; JSON text both ways (stringify and parse timed)',
    async load() {
      const { RawRegorus } = createRequire(import.meta.url)(path.join(rawRegorusDir, 'raw_regorus.js'));
      const sources = REGO_FILES.map((f) => fs.readFileSync(path.join(root, 'policies', f), 'utf8'));
      const data = JSON.stringify({ conduct: { config: effectiveConfig() } });
      const engine = new RawRegorus([...REGO_FILES, 'bench.rego'], [...sources, GATHER], data, 'data.bench.findings');
      return {
        evaluate: (incident) => JSON.parse(engine.evaluate(JSON.stringify(incident))),
        judge: (out) =>
          byRule(
            RULES.flatMap((rule) =>
              out[rule].map((f) => ({ rule, subject: pointer(f.subject), status: f.status, elements: f.missing.map((m) => m.element) })),
            ),
          ),
      };
    },
  },
  'json-logic-js': {
    label: 'json-logic-js',
    returns: 'per record, the ids of the gaps found (lists built in JsonLogic); status from the gap table; no messages or pointers',
    async load() {
      const { default: jsonLogic } = await import('json-logic-js');
      const { LOGIC } = await import('./jsonlogic.mjs');
      const config = effectiveConfig();
      return {
        evaluate(incident) {
          const records = facts(incident, config);
          return collect(records, records.map((s) => jsonLogic.apply(LOGIC[s.rule], { s, c: config })));
        },
        judge: peerJudge,
      };
    },
  },
  'json-rules-engine': {
    label: 'json-rules-engine',
    returns: 'per record, the events of the rules that fired (gap ids), asynchronously; no messages or pointers',
    async load() {
      const { Engine } = await import('json-rules-engine');
      const { RULE_SETS } = await import('./json-rules-engine.mjs');
      const config = effectiveConfig();
      const engines = Object.fromEntries(RULES.map((id) => [id, new Engine(RULE_SETS[id])]));
      const constants = { placeholders: config.placeholderPhrases, minLength: config.minExplanationLength };
      return {
        async: true,
        async evaluate(incident) {
          const records = facts(incident, config);
          const ids = [];
          for (const r of records) {
            const { events } = await engines[r.rule].run({ ...r, ...constants });
            ids.push(events.map((e) => e.type));
          }
          return collect(records, ids);
        },
        judge: peerJudge,
      };
    },
  },
  'cedar-wasm': {
    label: '@cedar-policy/cedar-wasm',
    // Node 20's V8 (11.3) aborts with "unreachable code" in the deoptimiser
    // when optimised code that inlined the call into Cedar's Wasm (it returns
    // an externref) is deoptimised while that call runs, which Cedar's
    // callbacks into JSON.stringify/parse provoke within a few thousand
    // evaluations. Not inlining JS→Wasm calls avoids it; each call then costs
    // a wrapper call more, nothing next to Cedar's ~0.3 ms per request.
    nodeFlags: ['--no-turbo-inline-js-wasm-calls'],
    returns: 'per record, allow/deny and the ids of the policies that decided it (the gaps); no messages or pointers',
    async load() {
      const cedar = await import('@cedar-policy/cedar-wasm/nodejs');
      const { policies } = await import('./cedar.mjs');
      const config = effectiveConfig();
      const parsed = cedar.preparsePolicySet('conduct', { staticPolicies: policies(config) });
      if (parsed.type !== 'success') throw new Error(`Cedar policies: ${JSON.stringify(parsed.errors)}`);
      const context = {};
      const principal = { type: 'Member', id: 'm' };
      const resource = { type: 'Record', id: 'r' };
      return {
        evaluate(incident) {
          const records = facts(incident, config);
          const ids = [];
          for (const { rule, subject, label, ...attrs } of records) {
            const answer = cedar.statefulIsAuthorized({
              principal,
              action: { type: 'Action', id: rule },
              resource,
              context,
              preparsedPolicySetId: 'conduct',
              entities: [{ uid: resource, attrs, parents: [] }],
            });
            // A policy that fails to evaluate is skipped silently: fail loudly instead.
            if (answer.type !== 'success' || answer.response.diagnostics.errors.length) {
              throw new Error(`Cedar on ${rule} ${subject}: ${JSON.stringify(answer.errors ?? answer.response.diagnostics.errors)}`);
            }
            ids.push(answer.response.decision === 'deny' ? answer.response.diagnostics.reason : []);
          }
          return collect(records, ids);
        },
        judge: peerJudge,
      };
    },
  },
  adapter: {
    label: '(facts.mjs adapter alone)',
    returns: 'records only: the share of the three peers\' figures spent in the shared JS adapter',
    reference: true,
    adapterOnly: true,
    async load() {
      const config = effectiveConfig();
      return { evaluate: (incident) => facts(incident, config), judge: null };
    },
  },
};

/** The files of one of the package's entries, as tests/bench/budget.mjs counts them. */
function packageEntry(key) {
  const installed = path.join(consumerDir, 'node_modules', 'conduct-engine');
  const entry = ENTRIES.find((e) => e.key === key);
  const abs = (f) => path.join(installed, f);
  return { wasm: entry.wasm.map(abs), js: jsClosure(installed, entry.entry).map(abs) };
}

/** Files a browser or bundler would ship for a contender: { wasm: [...], js: [...] }. */
export function shippedFiles(id) {
  const mod = (p) => path.join(root, 'node_modules', p);
  switch (id) {
    case 'conduct-engine':
    case 'conduct-engine-all':
      return packageEntry('web');
    case 'conduct-engine-vm':
      return packageEntry('rego');
    case 'raw-regorus':
      return { wasm: [path.join(rawRegorusDir, 'raw_regorus_bg.wasm')], js: [path.join(rawRegorusDir, 'raw_regorus.js')] };
    case 'cedar-wasm':
      return { wasm: [mod('@cedar-policy/cedar-wasm/web/cedar_wasm_bg.wasm')], js: [mod('@cedar-policy/cedar-wasm/web/cedar_wasm.js')] };
    default:
      return null; // JS packages: the files `require` loads (see peers.mjs)
  }
}

/** Our own encoding files a peer ships besides its library (adapter and rules). */
export const ENCODING_FILES = {
  'json-logic-js': ['facts.mjs', 'jsonlogic.mjs'],
  'json-rules-engine': ['facts.mjs', 'json-rules-engine.mjs'],
  'cedar-wasm': ['facts.mjs', 'cedar.mjs'],
};
export const encodingPath = (f) => path.join(here, f);
