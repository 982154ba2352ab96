'use strict';
// conduct-engine/rego for Node (CommonJS): the engine that takes partner
// rules, each engine in a WebAssembly instance of its own (see host.cjs).

const fs = require('node:fs');
const path = require('node:path');
const { makeApi, makeRego } = require('../lib/api.cjs');
const { sandboxBackend, DEFAULT_BUDGET, DEFAULT_MEMORY_BYTES, MAX_MEMORY_BYTES } = require('./host.cjs');

let compiled = null;
// Compiled once, on first use; every engine instantiates it anew.
const getModule = () =>
  compiled || (compiled = new WebAssembly.Module(fs.readFileSync(path.join(__dirname, 'conduct_engine_rego.wasm'))));

const backend = sandboxBackend(getModule);

module.exports = {
  ...makeApi(backend, { partner: true }),
  ...makeRego(backend, { budget: DEFAULT_BUDGET, memoryBytes: DEFAULT_MEMORY_BYTES, maxMemoryBytes: MAX_MEMORY_BYTES }),
};
