// conduct-engine for browsers, workers and bundlers: the compiled catalogue.
export * from '../api.js';

/** Fetches and compiles the WebAssembly next to this file (once); call before constructing engines. */
export default function init(
  input?: { module_or_path: string | URL | Response | BufferSource | WebAssembly.Module | Promise<Response> } | string | URL,
): Promise<unknown>;
/** As `init`, from bytes or a compiled module at hand. */
export declare function initSync(options: { module: BufferSource | WebAssembly.Module }): unknown;
