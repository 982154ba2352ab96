// conduct-engine/inline: the browser build with its WebAssembly embedded.
export * from '../api.js';

/** Compiles the embedded WebAssembly (once); call before constructing engines. */
export default function init(): Promise<unknown>;
