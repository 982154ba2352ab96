// conduct-engine for Node: the compiled catalogue.
export * from '../api.js';
