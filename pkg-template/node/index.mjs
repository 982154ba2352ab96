// conduct-engine for Node (ES modules): the CommonJS build re-exported, so
// that `import` and `require` share one module instance and no top-level
// await is needed.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const api = require('./index.cjs');

export const { ConductEngine, ConductSession, ConductError, version, incidentSchema } = api;
