// conduct-engine/inline: the browser build with its WebAssembly inside this
// JavaScript (gzipped, in base64), for bundlers and pages that do not place
// the `.wasm` beside the code that loads it (esbuild, Rollup, a classic
// script). Same API as `conduct-engine/web`; `init()` fetches nothing: it
// unpacks the module with the browser's DecompressionStream and compiles it
// while unpacking.
//
// Served gzipped, it weighs about what the `.wasm` file does; where your
// bundler emits the `.wasm` (Vite, webpack), prefer `conduct-engine`, which
// the browser can also cache apart from your code.
import webInit from '../web/index.js';
import { wasmGzipBase64 } from './wasm.js';

export { ConductEngine, ConductSession, ConductError, version, incidentSchema } from '../web/index.js';

/** The embedded module as a Response, unpacked as it is read. */
function embedded() {
  const text = atob(wasmGzipBase64);
  const packed = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) packed[i] = text.charCodeAt(i);
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream, { headers: { 'content-type': 'application/wasm' } });
}

let started = null;

/** Compiles the embedded WebAssembly (once); call before constructing engines. */
export default function init() {
  started ??= webInit({ module_or_path: embedded() });
  return started;
}
