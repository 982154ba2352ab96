'use strict';
// conduct-engine/batch for CommonJS: the same functions as index.mjs, which
// they load on first use (their results are async iterators anyway). Bad
// options throw at the call, as they do in ESM.

const entries = require('./entries.cjs');

let module_ = null;
const load = () => (module_ ??= import('./index.mjs'));

function lazy(name) {
  return function (input, options) {
    entries.checkOptions(options, name);
    const iterable = input !== null && input !== undefined && typeof input !== 'string'
      && (typeof input[Symbol.asyncIterator] === 'function' || typeof input[Symbol.iterator] === 'function');
    if (!iterable) throw new TypeError(`${name}: the input must be an iterable or an async iterable of incidents`);
    let inner = null;
    const open = () => (inner ??= load().then((m) => m[name](input, options)));
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        return (await open()).next();
      },
      async return(value) {
        if (inner === null) return { done: true, value };
        return (await inner).return(value);
      },
      async throw(error) {
        if (inner === null) throw error;
        return (await inner).throw(error);
      },
    };
  };
}

exports.evaluateMany = lazy('evaluateMany');
exports.validateMany = lazy('validateMany');
exports.entry = entries.entry;
exports.inputError = entries.inputError;
