// Rollup for the incident-form demo: `rollup -c rollup.config.mjs --dir dist`.
// Rollup needs a resolver for packages (@rollup/plugin-node-resolve, with the
// browser conditions); the worker's script is a second entry, since Rollup
// does not follow `new Worker(new URL(…, import.meta.url))`, and the engine's
// .wasm is emitted beside the output, where the code looks for it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const require = createRequire(import.meta.url);

/** Emits conduct-engine's .wasm next to the chunks (the glue resolves it against its own URL). */
function conductWasm() {
  return {
    name: 'conduct-wasm',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'conduct_engine_bg.wasm',
        source: fs.readFileSync(require.resolve('conduct-engine/web/conduct_engine_bg.wasm')),
      });
    },
  };
}

export default {
  input: { main: 'main.js', host: 'conduct-engine/worker/host' },
  output: { dir: 'dist', format: 'es', entryFileNames: '[name].js' },
  plugins: [nodeResolve({ browser: true }), conductWasm()],
};
