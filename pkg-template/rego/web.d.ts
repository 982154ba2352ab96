// conduct-engine/rego for browsers, workers and bundlers: the declarations
// of index.d.ts, and the loader.
export * from './index.js';

/** What `init` loads the module from. */
type ModuleSource = string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>;
/**
 * Fetches and compiles the module next to this file (once); call before
 * constructing engines. An argument of another kind rejects with
 * `invalid_argument`.
 */
export default function init(input?: ModuleSource | { module_or_path: ModuleSource }): Promise<void>;
/** As `init`, from bytes or a compiled module at hand; another argument throws `invalid_argument`. */
export declare function initSync(options: { module: BufferSource | WebAssembly.Module }): void;
