// A worker thread of `evaluateMany`: one engine, judging the chunks of
// incident texts the calling thread sends, in the order it sends them.
//
//   in:  { seq, texts, from }    from > 0 or `isolate`: report item by item
//   out: { type: 'ready' } | { type: 'fatal', error }
//        { type: 'item', seq, i, result } | { type: 'done', seq, results }
//        | { type: 'done', seq, bytes, ends, outcomes, errors: [i, error, ...] }
//          (evaluate: verdict i is bytes[ends[i-1], ends[i]), UTF-8)

import { parentPort, workerData } from 'node:worker_threads';
import { createJudge, errorData, OUTCOME_CODES, outcomeOf, textsOf } from './judge.mjs';

let judge;
try {
  judge = await createJudge(workerData.engine, workerData.task);
} catch (e) {
  parentPort.postMessage({ type: 'fatal', error: errorData(e) ?? { code: e?.code ?? 'internal_error', message: String(e?.message ?? e) } });
}

if (judge) {
  parentPort.on('message', (message) => {
    const { seq, isolate, from } = message;
    const texts = textsOf(message);
    if (isolate) {
      // After a worker died on this chunk: report each result as it is
      // reached, so that the item being judged when a worker dies is known.
      for (let i = from; i < texts.length; i++) parentPort.postMessage({ type: 'item', seq, i, result: judge(texts[i]) });
      parentPort.postMessage({ type: 'done', seq, results: null });
      return;
    }
    const results = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) results[i] = judge(texts[i]);
    if (workerData.task !== 'evaluate') {
      parentPort.postMessage({ type: 'done', seq, results });
      return;
    }
    // The verdicts as UTF-8 in one buffer: on the calling thread a verdict
    // then costs no decoding and no string and, when it is only written out
    // (the command line), nothing but one copy into the output.
    let total = 0;
    let errors = null;
    const sizes = new Uint32Array(results.length);
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (typeof r === 'string') {
        sizes[i] = Buffer.byteLength(r);
        total += sizes[i];
      } else {
        (errors ??= []).push(i, r.error);
      }
    }
    const bytes = Buffer.allocUnsafeSlow(total);
    const ends = new Uint32Array(results.length);
    const outcomes = new Uint8Array(results.length);
    let at = 0;
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (typeof r === 'string') {
        at += bytes.write(r, at);
        outcomes[i] = OUTCOME_CODES[outcomeOf(r)] ?? 0;
      }
      ends[i] = at;
    }
    // Copied, not transferred: measured here, detaching the buffer from a
    // worker that has run the engine costs several times the copy.
    parentPort.postMessage({ type: 'done', seq, bytes, ends, outcomes, errors });
  });
  parentPort.postMessage({ type: 'ready' });
}
