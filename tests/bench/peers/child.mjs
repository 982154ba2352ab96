// One process per contender, for the figures that need one:
//
//   node child.mjs cold <id>      import, build, judge the typical incident once;
//                                 prints { harnessMs, buildMs, firstMs } (in process)
//   node child.mjs rss <id> <n>   the same, then <n> warm evaluations;
//                                 prints the process's peak RSS in KiB
//   node child.mjs empty          prints the peak RSS of a node that loaded nothing
//   fork(child.mjs, ['serve', id]) a runner peers.mjs drives over IPC: it
//                                 judges the incidents for the agreement
//                                 check and times rounds of evaluations
//
// Timing each contender in a process of its own keeps one engine's garbage
// and JIT state off another's figures, and lets a contender run with Node
// flags of its own (`nodeFlags` in contenders.mjs).

import fs from 'node:fs';

/**
 * VmHWM where Linux has it: there maxRSS keeps the high-water mark of the
 * parent's pages that fork copied before exec, so a child of a large parent
 * would report the parent's size.
 */
function peakRssKiB() {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
  } catch {
    return process.resourceUsage().maxRSS;
  }
}

const [mode, id, n] = process.argv.slice(2);
if (mode === 'empty') {
  process.stdout.write(String(peakRssKiB()));
  process.exit(0);
}

const t0 = performance.now();
const { CONTENDERS, root } = await import('./contenders.mjs');
const contender = CONTENDERS[id];
if (!contender || !['cold', 'rss', 'serve'].includes(mode)) {
  console.error('usage: node child.mjs cold|rss|serve <contender> [n] | empty');
  process.exit(2);
}
const incident = JSON.parse(fs.readFileSync(`${root}/benches/typical-incident.json`, 'utf8'));

const t1 = performance.now();
const instance = await contender.load();
const t2 = performance.now();
await instance.evaluate(incident);
const t3 = performance.now();

if (mode === 'cold') {
  process.stdout.write(JSON.stringify({ harnessMs: t1 - t0, buildMs: t2 - t1, firstMs: t3 - t2 }));
} else if (mode === 'rss') {
  for (let i = 0; i < Number(n); i++) await instance.evaluate(incident);
  process.stdout.write(String(peakRssKiB()));
} else {
  serve();
}

/** `n` evaluations of the typical incident, each timed: µs per call and the loop's ns. */
async function timed(count) {
  const { evaluate } = instance;
  const each = new Float64Array(count);
  const start = process.hrtime.bigint();
  if (instance.async) {
    for (let i = 0; i < count; i++) {
      const t = process.hrtime.bigint();
      await evaluate(incident);
      each[i] = Number(process.hrtime.bigint() - t) / 1e3;
    }
  } else {
    for (let i = 0; i < count; i++) {
      const t = process.hrtime.bigint();
      evaluate(incident);
      each[i] = Number(process.hrtime.bigint() - t) / 1e3;
    }
  }
  return { each: Array.from(each), ns: Number(process.hrtime.bigint() - start) };
}

/** Each judged incident as contenders.mjs's judge() gives it, or the error. */
async function judgeAll() {
  const { incidents } = await import('./incidents.mjs');
  const out = [];
  for (const [name, inc] of incidents()) {
    try {
      out.push({ name, judged: instance.judge(await instance.evaluate(inc)) });
    } catch (e) {
      out.push({ name, error: e.message });
    }
  }
  return out;
}

function serve() {
  const answer = {
    judge: async () => ({ result: await judgeAll() }),
    warmup: async ({ count }) => {
      for (let i = 0; i < count; i++) await instance.evaluate(incident);
      return {};
    },
    round: ({ count }) => timed(count),
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (msg) => {
    try {
      process.send({ ok: true, ...(await answer[msg.cmd](msg)) });
    } catch (e) {
      process.send({ ok: false, error: e.stack ?? String(e) });
    }
  });
  // What the parent needs before the first command: the engine's configuration
  // and the rules it switched off (cold-start children reuse that list).
  const engine = instance.engine;
  process.send({
    ok: true,
    config: engine?.config ?? null,
    rulesOff: engine ? engine.rules().filter((r) => !r.enabled).map((r) => r.id) : null,
  });
}
