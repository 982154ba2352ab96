// conduct-engine for browsers, workers and bundlers: call `init()` once (it
// fetches and compiles conduct_engine_bg.wasm next to this file), then use
// the engine synchronously.
import init, * as raw from './conduct_engine.js';
import { makeApi, wasmBackend } from '../lib/api.js';

export default init;
export { initSync } from './conduct_engine.js';
export const { ConductEngine, ConductSession, ConductError, version, incidentSchema } = makeApi(wasmBackend(raw));
