// A page bundled by esbuild with its defaults (`esbuild iife.js --bundle`,
// an IIFE for a classic <script>), through conduct-engine/inline: no
// import.meta.url, no .wasm file to place.
import init, { ConductEngine } from 'conduct-engine/inline';

init()
  .then(() => {
    const verdict = new ConductEngine().evaluate({ schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] });
    document.body.dataset.outcome = verdict.outcome;
    document.body.dataset.state = 'ready';
  })
  .catch((e) => {
    document.body.dataset.state = 'failed';
    console.error(e);
  });
