// Server-side rendering (Vite's SSR build, as SvelteKit, Nuxt and Astro use
// it): every browser entry of the package is imported on the server; none
// may touch the DOM or start a worker at import.
import { ConductEngine } from 'conduct-engine';
import { bindForm, pointerFromName } from 'conduct-engine/form';
import { ConductFeedback, labelPattern } from 'conduct-engine/feedback';
import { ConductEngine as WorkerEngine, connect } from 'conduct-engine/worker';

export async function render(incident) {
  const verdict = new ConductEngine().evaluate(incident);
  let worker;
  try {
    await new WorkerEngine().ready;
    worker = 'started';
  } catch (e) {
    worker = e.code;
  }
  let connected;
  try {
    connect();
    connected = 'started';
  } catch (e) {
    connected = e.code;
  }
  return {
    html: `<p data-outcome="${verdict.outcome}">${verdict.findings.length}</p>`,
    outcome: verdict.outcome,
    exports: [typeof bindForm, typeof ConductFeedback, typeof labelPattern, pointerFromName('actions[0].id')],
    worker,
    connected,
  };
}
