// A module Web Worker that loads the web build by URL (import maps do not
// reach workers) and judges the incidents it is sent.
import init, { ConductEngine } from '/node_modules/conduct-engine/web/index.js';

const ready = init().then(() => new ConductEngine());

self.onmessage = async ({ data }) => {
  const engine = await ready;
  try {
    self.postMessage({ verdict: engine.evaluate(data) });
  } catch (e) {
    self.postMessage({ error: { name: e.name, code: e.code, path: e.path } });
  }
};
