// A browser / bundler TypeScript user of the embedding modules: the inline
// entry, the worker (the engine's API, async), the form binding and the
// feedback element.
import initInline, { ConductEngine as InlineEngine } from 'conduct-engine/inline';
import { ConductEngine as WorkerEngine, ConductError, connect } from 'conduct-engine/worker';
import type { ConductSession as WorkerSession, ConductWorker, Labels } from 'conduct-engine/worker';
import { bindForm, pointerFromName } from 'conduct-engine/form';
import type { FormBinding } from 'conduct-engine/form';
import { ConductFeedback, defineConductFeedback, labelPattern } from 'conduct-engine/feedback';
import type { Incident, Verdict } from 'conduct-engine';

const incident: Incident = { schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] };

export async function inline(): Promise<Verdict> {
  await initInline();
  return new InlineEngine().evaluate(incident);
}

export async function inWorker(): Promise<string[]> {
  const engine = new WorkerEngine({ locale: 'nl' });
  await engine.ready;
  const verdict: Verdict = await engine.evaluate(incident);
  const session: WorkerSession = await engine.session(incident);
  const next: Verdict = await session.update('/actions/0/consent/prior', true);
  const rerun: string[] = session.lastRerun;
  const labels: Labels = await engine.labels({ locale: 'en' });
  const locale: string = await engine.locale;
  await session.free();
  await engine.free();
  // @ts-expect-error a worker engine's methods return promises, not verdicts
  const wrong: Verdict = engine.evaluate(incident);
  console.log(verdict.outcome, next.outcome, labels['status:compliant'], locale, wrong);
  return rerun;
}

export function ownWorker(url: URL, wasm: WebAssembly.Module): ConductWorker {
  const own = connect({ worker: url, wasm });
  own.ready.catch((e: ConductError) => console.log(e.code === 'load_failed'));
  const engine = new own.ConductEngine();
  console.log(engine instanceof own.ConductEngine);
  return own;
}

export function form(el: HTMLFormElement, feedback: ConductFeedback): FormBinding {
  const binding = bindForm(el, {
    worker: connect(),
    incident,
    locale: 'en',
    debounce: 50,
    outcome: '#outcome',
    feedback,
    onVerdict: (v: Verdict) => console.log(v.outcome),
  });
  binding.ready.then((v) => console.log(v.findings.length, binding.incident().schemaVersion));
  const pointer: string | null = pointerFromName('actions[0].justification.legal.basis');
  console.log(pointer);
  // @ts-expect-error an engine or a worker is needed
  bindForm(el, { incident });
  return binding;
}

export function feedback(engine: WorkerEngine): ConductFeedback {
  defineConductFeedback();
  const el = document.createElement('conduct-feedback');
  el.engine = engine;
  el.justification = { legal: { claimed: true, basis: 'policy', explanation: 'The published policy invites such tests.' } };
  el.setAttribute('statuses', 'violation incomplete');
  const pattern: string = labelPattern('/actions/0/justification/legal/basis');
  console.log(pattern, el.verdict?.outcome);
  return el;
}
