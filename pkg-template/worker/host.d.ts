// conduct-engine/worker/host: the worker script. Loaded as a module worker it
// serves conduct-engine/worker's requests; imported elsewhere it does nothing.

/** Serves requests on `scope` with the engine module `api`, after `load(wasm)`. */
export declare function serve(
  scope: { addEventListener(type: 'message', listener: (event: MessageEvent) => void): void; postMessage(message: unknown): void },
  load: (wasm: string | URL | WebAssembly.Module | undefined) => unknown,
  api: { ConductEngine: new (options?: unknown) => unknown; ConductError: new (message: string, details?: object) => Error },
): void;
