// The incident-form demo in headless Chromium, per way of building it: what
// a reporter waits for and what the page downloads. Figures, not
// assertions (`make bench-embed`):
//
//   - keystroke to findings rendered: characters typed one at a time into a
//     justification field (EMBED_BENCH_KEYS, default 240), from the input
//     event to the marks on the form (`conduct:verdict`) and to the
//     <conduct-feedback> element rendered (`conduct:rendered`); median and
//     p95, with the engine in a Web Worker and on the main thread, against
//     the bare `session.update` (and the bare worker round trip) timed in the
//     same page as the baseline;
//   - navigation to the first verdict rendered, cache disabled, a fresh
//     browser context per run (EMBED_BENCH_NAVS, default 9): median;
//   - bytes transferred for the page until its first verdict, gzip -9 (as a
//     server would send them) and raw.
//
// Pages are served with COOP/COEP so that performance.now() is precise to
// microseconds. EMBED_BUNDLERS=none,vite narrows the builds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BUNDLERS, build } from '../../examples/incident-form/build.mjs';
import { startServer } from '../../examples/incident-form/serve.mjs';
import { prepareConsumer, scratch } from '../node/pack.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const KEYS = Number(process.env.EMBED_BENCH_KEYS ?? 240);
const NAVS = Number(process.env.EMBED_BENCH_NAVS ?? 9);
const bundlers = process.env.EMBED_BUNDLERS ? process.env.EMBED_BUNDLERS.split(',') : BUNDLERS;
const out = path.join(scratch, 'embed');
const J = '/actions/0/justification';

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
const kib = (b) => (b / 1024).toFixed(1);

/** The text typed, one character per keystroke. */
function typedText(n) {
  const sentence = "Acme's published responsible-disclosure policy invites good-faith reports of flaws in its public services, and the test stayed within it. ";
  return sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n);
}

/** In the page: types `text` into the legal explanation, one input event per character. */
async function typeInPage(page, text) {
  return page.evaluate(async ({ text, J }) => {
    const form = document.getElementById('incident-form');
    const feedback = document.getElementById('feedback');
    const field = document.querySelector(`[data-pointer="${J}/legal/explanation"]`);
    const marked = [];
    const rendered = [];
    for (const ch of text) {
      const verdict = new Promise((resolve) => form.addEventListener('conduct:verdict', () => resolve(performance.now()), { once: true }));
      const shown = new Promise((resolve) => feedback.addEventListener('conduct:rendered', () => resolve(performance.now()), { once: true }));
      const t0 = performance.now();
      field.value += ch;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ch }));
      marked.push((await verdict) - t0);
      rendered.push((await shown) - t0);
    }
    return { marked, rendered, isolated: crossOriginIsolated };
  }, { text, J });
}

/** In the page: the same keystrokes as bare session updates, on the page and through a worker (the none build's vendor files). */
async function bareInPage(page, text) {
  return page.evaluate(async ({ text, J }) => {
    const web = await import('/vendor/conduct-engine/web/index.js');
    const { connect } = await import('/vendor/conduct-engine/worker/index.js');
    await web.default();
    const incident = { schemaVersion: '1', id: 'INC-DEMO-1', actions: [{ id: 'a1', kind: 'security-test', consent: { prior: false }, justification: { legal: { claimed: true, basis: 'policy' } } }] };
    const session = new web.ConductEngine().session(incident);
    const worker = connect();
    const remote = await new worker.ConductEngine().session(incident);
    const main = [];
    const viaWorker = [];
    let value = '';
    for (const ch of text) {
      value += ch;
      let t0 = performance.now();
      session.update(`${J}/legal/explanation`, value);
      main.push(performance.now() - t0);
      t0 = performance.now();
      await remote.update(`${J}/legal/explanation`, value);
      viaWorker.push(performance.now() - t0);
    }
    worker.terminate();
    return { main, viaWorker };
  }, { text, J });
}

async function main() {
  prepareConsumer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'] });
  const text = typedText(KEYS);
  const results = { keys: KEYS, navs: NAVS, load: os.loadavg()[0], cpus: os.cpus().length, builds: {} };
  try {
    for (const bundler of bundlers) {
      const built = build({ bundler, out: path.join(out, 'bench-builds', bundler) });
      const server = await startServer({ root: built.out, gzip: true, isolate: true });
      const r = { buildMs: built.ms, sizeWarning: built.warnings.some((w) => /exceed the recommended size limit/.test(w)) };
      results.builds[bundler] = r;
      try {
        for (const thread of ['worker', 'main']) {
          const query = thread === 'main' ? '?engine=main' : '';
          // Navigation to first verdict, a fresh context (empty cache) each time.
          const firsts = [];
          const dcls = [];
          const wasmAt = [];
          let bytes = null;
          for (let i = 0; i < NAVS; i++) {
            const context = await browser.newContext();
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send('Network.enable');
            await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
            server.sent.length = 0;
            await page.goto(`${server.origin}/${query}`);
            await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30_000 });
            const times = await page.evaluate(() => ({
              first: performance.getEntriesByName('conduct:first-verdict')[0].startTime,
              dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
              wasm: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? null,
            }));
            firsts.push(times.first);
            dcls.push(times.dcl);
            if (times.wasm !== null) wasmAt.push(times.wasm);
            if (i === 0) {
              const sent = server.sent.filter((s) => s.status === 200);
              bytes = {
                gzip: sent.reduce((a, s) => a + s.bytes, 0),
                raw: sent.reduce((a, s) => a + s.rawBytes, 0),
                wasmGzip: sent.filter((s) => s.path.endsWith('.wasm')).reduce((a, s) => a + s.bytes, 0),
                jsGzip: sent.filter((s) => s.path.endsWith('.js')).reduce((a, s) => a + s.bytes, 0),
                files: sent.length,
              };
            }
            await context.close();
          }
          // Keystrokes, on a page whose legal element is claimed and based.
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(`${server.origin}/${query}`);
          await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30_000 });
          await page.locator(`[data-pointer="${J}/legal/claimed"]`).selectOption('true');
          await page.locator(`[data-pointer="${J}/legal/basis"]`).fill('policy');
          const typed = await typeInPage(page, text);
          let bare = null;
          if (bundler === 'none' && thread === 'worker') bare = await bareInPage(page, text);
          await context.close();
          r[thread] = {
            firstVerdict: { median: median(firsts), min: Math.min(...firsts), max: Math.max(...firsts) },
            domContentLoaded: median(dcls),
            wasmLoaded: wasmAt.length ? median(wasmAt) : null,
            bytes,
            marked: { median: median(typed.marked), p95: quantile(typed.marked, 0.95) },
            rendered: { median: median(typed.rendered), p95: quantile(typed.rendered, 0.95) },
            isolated: typed.isolated,
          };
          if (bare) {
            results.bare = {
              main: { median: median(bare.main), p95: quantile(bare.main, 0.95) },
              worker: { median: median(bare.viaWorker), p95: quantile(bare.viaWorker, 0.95) },
            };
          }
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'bench.json'), JSON.stringify(results, null, 2));
  report(results);
}

function report(results) {
  const lines = [];
  lines.push(`Chromium, ${results.keys} keystrokes, ${results.navs} navigations per row; load average ${results.load.toFixed(1)} on ${results.cpus} cores.`);
  if (results.bare) {
    lines.push('', `Baseline in the same run (the none build's page): a bare session.update on the page ${ms(results.bare.main.median)} ms median (p95 ${ms(results.bare.main.p95)}); through the worker, round trip ${ms(results.bare.worker.median)} ms (p95 ${ms(results.bare.worker.p95)}).`);
  }
  lines.push('', '| build | engine | keystroke → marks, median / p95 | keystroke → feedback rendered, median / p95 | × bare update (median) | first verdict after navigation, median (min–max) | DOMContentLoaded / .wasm loaded (page) | transferred, gzip (wasm + JS) | raw |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [bundler, r] of Object.entries(results.builds)) {
    for (const thread of ['worker', 'main']) {
      const t = r[thread];
      const base = results.bare ? (thread === 'main' ? results.bare.main.median : results.bare.worker.median) : null;
      lines.push(`| ${bundler} | ${thread} | ${ms(t.marked.median)} / ${ms(t.marked.p95)} ms | ${ms(t.rendered.median)} / ${ms(t.rendered.p95)} ms | ${base ? (t.rendered.median / base).toFixed(1) + '×' : '–'} | ${ms(t.firstVerdict.median)} ms (${ms(t.firstVerdict.min)}–${ms(t.firstVerdict.max)}) | ${ms(t.domContentLoaded)} / ${t.wasmLoaded === null ? 'in the worker' : `${ms(t.wasmLoaded)} ms`} | ${kib(t.bytes.gzip)} KiB (${kib(t.bytes.wasmGzip)} + ${kib(t.bytes.jsGzip)}) in ${t.bytes.files} files | ${kib(t.bytes.raw)} KiB |`);
    }
  }
  lines.push('', `Build times: ${Object.entries(results.builds).map(([b, r]) => `${b} ${(r.buildMs / 1000).toFixed(1)} s`).join(', ')}. webpack's asset-size warning: ${results.builds.webpack ? (results.builds.webpack.sizeWarning ? 'shown' : 'not shown') : 'not built'}.`);
  if (Object.values(results.builds).some((r) => !r.worker.isolated)) lines.push('(performance.now() was coarse: the page was not cross-origin isolated.)');
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
