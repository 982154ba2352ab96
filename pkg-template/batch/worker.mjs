// A worker thread of `evaluateMany`: one engine, judging the chunks of
// incident texts the calling thread sends, in the order it sends them.
//
//   in:  { seq, texts, from }    from > 0 or `isolate`: report item by item
//   out: { type: 'ready' } | { type: 'fatal', error }
//        { type: 'item', seq, i, result } | { type: 'done', seq, results }

import { parentPort, workerData } from 'node:worker_threads';
import { createJudge, errorData } from './judge.mjs';

let judge;
try {
  judge = await createJudge(workerData.engine, workerData.task);
} catch (e) {
  parentPort.postMessage({ type: 'fatal', error: errorData(e) ?? { code: e?.code ?? 'internal_error', message: String(e?.message ?? e) } });
}

if (judge) {
  parentPort.on('message', ({ seq, texts, isolate, from }) => {
    if (isolate) {
      // After a worker died on this chunk: report each result as it is
      // reached, so that the item being judged when a worker dies is known.
      for (let i = from; i < texts.length; i++) parentPort.postMessage({ type: 'item', seq, i, result: judge(texts[i]) });
      parentPort.postMessage({ type: 'done', seq, results: null });
      return;
    }
    const results = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) results[i] = judge(texts[i]);
    parentPort.postMessage({ type: 'done', seq, results });
  });
  parentPort.postMessage({ type: 'ready' });
}
