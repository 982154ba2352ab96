'use strict';
// conduct-engine for Node (CommonJS): the compiled catalogue (wasm-bindgen's
// build, loaded synchronously) behind the checked API of ../lib/api.cjs.

const raw = require('./conduct_engine.js');
const { makeApi, wasmBackend } = require('../lib/api.cjs');

module.exports = makeApi(wasmBackend(raw));
