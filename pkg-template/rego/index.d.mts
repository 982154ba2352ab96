// conduct-engine/rego for Node's ES modules: the declarations of index.d.ts.
export * from './index.js';
