// Types of the Node ESM entry: the same API as the CommonJS build it re-exports.
export * from './conduct_engine.js';
