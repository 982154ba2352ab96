// The incident-form demo: a form bound to the engine with
// conduct-engine/form, the verdict shown beside it by <conduct-feedback>,
// the engine in a Web Worker (or on the page with ?engine=main).
import { bindForm } from 'conduct-engine/form';
import 'conduct-engine/feedback';
import { connect } from 'conduct-engine/worker';
import { strings } from './strings.js';

/** The incident the form fills in: one action, taken without prior consent. */
const INCIDENT = {
  schemaVersion: '1',
  id: 'INC-DEMO-1',
  actions: [{ id: 'a1', kind: 'security-test', consent: { prior: false } }],
};

const form = document.getElementById('incident-form');
const feedback = document.getElementById('feedback');
const thread = new URLSearchParams(location.search).get('engine') === 'main' ? 'main' : 'worker';

async function makeEngine() {
  if (thread === 'main') {
    // Loaded only on this path, so the worker page does not download it.
    const { default: init, ConductEngine } = await import('conduct-engine');
    await init();
    return new ConductEngine();
  }
  const { ConductEngine } = connect();
  return new ConductEngine();
}

/** The page's own words, and field labels from the engine's label catalogue. */
async function translate(engine, locale) {
  const words = strings[locale] ?? strings.en;
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll('[data-text]')) {
    const text = words[el.dataset.text];
    if (typeof text === 'string') el.textContent = text;
    else if (text && typeof text[thread] === 'string') el.textContent = text[thread];
  }
  if (typeof engine.labels !== 'function') return;
  let labels;
  try {
    labels = await engine.labels({ locale });
  } catch {
    return; // an engine without a label catalogue keeps the labels in the page
  }
  for (const el of document.querySelectorAll('[data-label]')) {
    const label = labels[el.dataset.label];
    if (label) el.textContent = label;
  }
}

async function main() {
  const engine = await makeEngine();
  const locale = document.querySelector('input[name="locale"]:checked')?.value ?? 'en';
  feedback.engine = engine;
  feedback.locale = locale;
  const binding = bindForm(form, {
    engine,
    incident: INCIDENT,
    locale,
    feedback,
    onError: (error) => console.error('conduct-engine:', error),
  });
  await Promise.all([binding.ready, translate(engine, locale)]);
  performance.mark('conduct:first-verdict');
  document.body.dataset.state = 'ready';
  document.body.dataset.engine = thread;

  document.getElementById('language').addEventListener('change', async (event) => {
    const next = event.target.value;
    document.body.dataset.state = 'loading';
    feedback.locale = next;
    await Promise.all([binding.setLocale(next), translate(engine, next)]);
    document.body.dataset.state = 'ready';
  });
}

main().catch((error) => {
  document.body.dataset.state = 'failed';
  console.error('The incident form could not start:', error);
});
