// `conduct-engine evaluate` against what a hostile or careless user gives
// it: symbolic links and loops, a 200,000-deep item among good ones, huge
// lines, binary junk, broken arrays, FIFOs with and without a writer,
// devices, files it may not read; and against what happens to a running
// command: SIGINT and SIGTERM, a closed pipe, a full disk, a terminal.
// Each ends as an error record or a documented exit, never a crash or a hang.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliPath, prepareConsumer } from './pack.mjs';
import * as fixtures from './fixtures.mjs';
import { Gen, writeJsonl } from './batch-incidents.mjs';

let dir;
const good = JSON.stringify(fixtures.priorConsent());
const bad = JSON.stringify(fixtures.noConsentNoJustification());
const deep = '['.repeat(200_000) + ']'.repeat(200_000);

before(async () => {
  prepareConsumer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduct-hostile-'));
  await writeJsonl(path.join(dir, 'many.jsonl'), 30_000, 7);
  // Only not_applicable incidents: nothing reaches --fail-on.
  fs.writeFileSync(path.join(dir, 'calm.jsonl'), `${good}\n`.repeat(20_000));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name, content) {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function run(args, { input, timeout = 60_000 } = {}) {
  const r = spawnSync(cliPath, args, { cwd: dir, encoding: 'utf8', input, timeout, maxBuffer: 1 << 28 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const records = (stdout) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const summary = (stderr) => /(\d+) incidents?: .*, (\d+) errors?/.exec(stderr);

/** Starts the command; resolves `output()` once stdout holds `bytes`. */
function start(args, options = {}) {
  const child = spawn(cliPath, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const out = [];
  const err = [];
  let size = 0;
  let waiting = null;
  child.stdout.on('data', (d) => {
    out.push(d);
    size += d.length;
    if (waiting && size >= waiting.bytes) waiting.resolve();
  });
  child.stderr.on('data', (d) => err.push(d));
  const exit = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() })));
  return {
    child,
    exit,
    output: (bytes) => new Promise((resolve) => {
      waiting = { bytes, resolve };
      if (size >= bytes) resolve();
    }),
  };
}

describe('directories and links', () => {
  test('symbolic links are followed; a loop, a link to itself and a dangling link are reported', () => {
    write('walk/outside/x.json', bad);
    write('walk/outside/more/y.jsonl', `${good}\n`);
    write('walk/tree/a.json', good);
    fs.symlinkSync('../outside/x.json', path.join(dir, 'walk/tree/b-link.json'));
    fs.symlinkSync('../outside', path.join(dir, 'walk/tree/c-dir'));
    fs.symlinkSync('../tree', path.join(dir, 'walk/tree/d-loop'));
    fs.symlinkSync('e-self.json', path.join(dir, 'walk/tree/e-self.json'));
    fs.symlinkSync('nowhere.json', path.join(dir, 'walk/tree/f-dangling.json'));
    const r = run(['evaluate', 'walk/tree']);
    assert.equal(r.code, 1, r.stderr);
    const recs = records(r.stdout);
    assert.deepEqual(
      recs.map((x) => [x.source, x.verdict?.outcome ?? x.error.code]),
      [
        ['walk/tree/a.json', 'not_applicable'],
        ['walk/tree/b-link.json', 'violation'],
        ['walk/tree/c-dir/more/y.jsonl:1', 'not_applicable'],
        ['walk/tree/c-dir/x.json', 'violation'],
        ['walk/tree/d-loop', 'directory_loop'],
        ['walk/tree/e-self.json', 'io_error'],
        ['walk/tree/f-dangling.json', 'io_error'],
      ],
    );
    assert.match(recs[5].error.message, /ELOOP/);
    assert.match(recs[6].error.message, /ENOENT/);
    assert.match(r.stderr, /7 incidents: 2 violation, 0 incomplete, 0 compliant, 2 not_applicable, 3 errors/);
  });

  test('a loop through two links ends', () => {
    write('ring/a/in.json', good);
    fs.mkdirSync(path.join(dir, 'ring/b'));
    fs.symlinkSync('../b', path.join(dir, 'ring/a/to-b'));
    fs.symlinkSync('../a', path.join(dir, 'ring/b/to-a'));
    const r = run(['evaluate', 'ring'], { timeout: 20_000 });
    assert.equal(r.code, 3);
    assert.deepEqual(records(r.stdout).map((x) => [x.source, x.error?.code]), [
      ['ring/a/in.json', undefined],
      ['ring/a/to-b/to-a', 'directory_loop'],
      ['ring/b/to-a/in.json', undefined],
      ['ring/b/to-a/to-b', 'directory_loop'],
    ]);
  });

  test('files it may not read are error records; the others are judged', (t) => {
    if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/setpriv')) {
      t.skip('needs root and setpriv to run the command as an unprivileged user');
      return;
    }
    fs.mkdirSync(path.join(dir, 'locked'));
    write('locked/open.json', good);
    write('locked/secret.json', bad);
    write('locked/closed/inside.json', bad);
    fs.chmodSync(path.join(dir, 'locked/secret.json'), 0o000);
    fs.chmodSync(path.join(dir, 'locked/closed'), 0o000);
    fs.chmodSync(dir, 0o755);
    const r = spawnSync('/usr/bin/setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', cliPath, 'evaluate', 'locked'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 3, r.stderr);
    assert.deepEqual(records(r.stdout).map((x) => [x.source, x.verdict?.outcome ?? x.error.code]), [
      ['locked/closed', 'io_error'],
      ['locked/open.json', 'not_applicable'],
      ['locked/secret.json', 'io_error'],
    ]);
    assert.match(r.stdout, /permission denied \(EACCES\)/);
  });
});

describe('hostile content', () => {
  test('a 200,000-deep item among good ones, in a .json array and in JSON Lines, is one limit_exceeded record', () => {
    write('deep/array.json', `[${good},\n${deep},\n{"a":${deep}},\n${bad}]`);
    write('deep/lines.jsonl', `${good}\n${deep}\n${bad}\n`);
    const r = run(['evaluate', 'deep/array.json', 'deep/lines.jsonl']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(records(r.stdout).map((x) => [x.source, x.verdict?.outcome ?? `${x.error.code} ${x.error.path}`]), [
      ['deep/array.json#/0', 'not_applicable'],
      ['deep/array.json#/1', 'limit_exceeded '],
      ['deep/array.json#/2', 'limit_exceeded '],
      ['deep/array.json#/3', 'violation'],
      ['deep/lines.jsonl:1', 'not_applicable'],
      ['deep/lines.jsonl:2', 'limit_exceeded '],
      ['deep/lines.jsonl:3', 'violation'],
    ]);
  });

  test('items over 1 MiB are skipped to their end and reported with their size; memory stays bounded', (t) => {
    const huge = `{"schemaVersion":"1","id":"${'x'.repeat(3_000_000)}"}`;
    write('big/lines.jsonl', `${good}\n${huge}\n${good}\n${'y'.repeat(48 << 20)}`);
    write('big/array.json', `[${good},${huge},${'['.repeat(2_000_000)}${']'.repeat(2_000_000)},${bad}]`);
    const timed = fs.existsSync('/usr/bin/time');
    const args = ['evaluate', '-j', '1', 'big/lines.jsonl', 'big/array.json'];
    const r = timed
      ? spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', cliPath, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(cliPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 1, r.stderr);
    const recs = records(r.stdout);
    assert.deepEqual(recs.map((x) => [x.source, x.verdict?.outcome ?? x.error.code]), [
      ['big/lines.jsonl:1', 'not_applicable'],
      ['big/lines.jsonl:2', 'limit_exceeded'],
      ['big/lines.jsonl:3', 'not_applicable'],
      ['big/lines.jsonl:4', 'limit_exceeded'],
      ['big/array.json#/0', 'not_applicable'],
      ['big/array.json#/1', 'limit_exceeded'],
      ['big/array.json#/2', 'limit_exceeded'],
      ['big/array.json#/3', 'violation'],
    ]);
    assert.equal(recs[1].error.message, `the incident is ${huge.length} bytes; the limit is 1048576 bytes`);
    assert.equal(recs[3].error.message, `the incident is ${48 << 20} bytes; the limit is 1048576 bytes`);
    if (!timed) return t.diagnostic('no /usr/bin/time: peak memory not measured');
    const kb = Number(/maxrss=(\d+)/.exec(r.stderr)[1]);
    t.diagnostic(`peak RSS ${Math.round(kb / 1024)} MiB for 48 MiB and 4 MiB items`);
    assert.ok(kb < 400 * 1024, `peak RSS ${kb} KiB`);
  });

  test('binary junk and broken arrays become error records; nothing crashes', () => {
    const g = new Gen(99);
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) junk[i] = g.next() & 0xff;
    write('junk/random.jsonl', junk);
    write('junk/random.json', junk);
    write('junk/latin1.jsonl', Buffer.concat([Buffer.from(good.slice(0, -2)), Buffer.from([0xe9, 0xff]), Buffer.from('"}\n')]));
    write('junk/nul.jsonl', `${good}\n\u0000\u0000\n\r\n   \n${good}\r\n`);
    write('junk/empty.json', '');
    write('junk/blank.json', ' \n\t ');
    write('junk/holes.json', `[,${good},,${good},]`);
    write('junk/open.json', `[${good},${good.slice(0, 20)}`);
    write('junk/after.json', `[${good}] and more`);
    write('junk/scalars.json', '[1, "two", null, true, {}]');
    const r = run(['evaluate', 'junk']);
    assert.equal(r.code, 3, r.stderr);
    const recs = records(r.stdout);
    const codes = (file) => recs.filter((x) => x.file === `junk/${file}`).map((x) => x.verdict?.outcome ?? x.error.code);
    assert.deepEqual(codes('after.json'), ['not_applicable', 'invalid_json']);
    assert.deepEqual(codes('blank.json'), ['invalid_json']);
    assert.deepEqual(codes('empty.json'), ['invalid_json']);
    assert.deepEqual(codes('holes.json'), ['invalid_json', 'not_applicable', 'invalid_json', 'not_applicable', 'invalid_json']);
    assert.deepEqual(codes('latin1.jsonl'), ['invalid_json']);
    assert.deepEqual(codes('nul.jsonl'), ['not_applicable', 'invalid_json', 'not_applicable']);
    assert.deepEqual(codes('open.json'), ['not_applicable', 'invalid_json']);
    assert.deepEqual(codes('scalars.json'), Array(5).fill('invalid_incident'));
    assert.ok(codes('random.jsonl').length > 100 && codes('random.jsonl').every((c) => c === 'invalid_json' || c === 'limit_exceeded'));
    assert.deepEqual(codes('random.json'), ['invalid_json']);
    const s = summary(r.stderr);
    assert.equal(Number(s[1]), recs.length);
  });
});

describe('FIFOs and devices', () => {
  const mkfifo = (name) => {
    const file = path.join(dir, name);
    const r = spawnSync('mkfifo', [file]);
    return r.status === 0 ? file : null;
  };

  test('a FIFO is read as a stream once its writer comes; one that no writer opens is an error after --fifo-timeout', async (t) => {
    const lines = mkfifo('lines.jsonl');
    const bare = mkfifo('bare');
    const lonely = mkfifo('lonely.jsonl');
    if (!lines || !bare || !lonely) return t.skip('no mkfifo');
    const run1 = start(['evaluate', '--fifo-timeout', '0.5', 'lines.jsonl', 'bare', 'lonely.jsonl']);
    // Writers that come after the reader started, as in `producer > fifo &`.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const w1 = fs.createWriteStream(lines);
    w1.end(`${good}\n${bad}\n`);
    await new Promise((resolve) => w1.on('close', resolve));
    const w2 = fs.createWriteStream(bare);
    w2.end(`[${good}]`);
    const t0 = Date.now();
    const r = await run1.exit;
    assert.ok(Date.now() - t0 < 10_000);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(records(r.stdout).map((x) => [x.source, x.verdict?.outcome ?? x.error.code]), [
      ['lines.jsonl:1', 'not_applicable'],
      ['lines.jsonl:2', 'violation'],
      ['bare#/0', 'not_applicable'],
      ['lonely.jsonl', 'io_error'],
    ]);
    assert.match(r.stdout, /lonely\.jsonl is a FIFO that no writer opened within 0\.5 s/);
  });

  test('devices are refused, not read', () => {
    const r = run(['evaluate', '/dev/zero', '/dev/urandom', '/dev/null'], { timeout: 20_000 });
    assert.equal(r.code, 3);
    assert.deepEqual(records(r.stdout).map((x) => x.error.code), ['not_a_file', 'not_a_file', 'not_a_file']);
    assert.match(records(r.stdout)[0].error.message, /character device/);
  });
});

describe('a running command', () => {
  test('standard input is judged as it comes, not read whole first', async () => {
    const c = start(['evaluate', '-']);
    c.child.stdin.write(`${bad}\n`);
    await c.output(10); // the first verdict, while standard input is still open
    assert.equal(c.child.exitCode, null);
    c.child.stdin.end(`${good}\n`);
    const r = await c.exit;
    assert.equal(r.code, 1);
    assert.deepEqual(records(r.stdout).map((x) => x.source), ['<stdin>:1', '<stdin>:2']);
  });

  for (const [signal, format] of [['SIGINT', 'jsonl'], ['SIGTERM', 'json'], ['SIGINT', 'sarif']]) {
    test(`${signal} (--format ${format}): reading stops, what was read is judged and written, a summary says where; the signal is re-raised`, async () => {
      const c = start(['evaluate', '-f', format, '-j', '2', 'many.jsonl']);
      await c.output(200_000);
      c.child.kill(signal);
      const r = await c.exit;
      assert.equal(r.signal, signal, `exit ${r.code}: ${r.stderr}`);
      const note = new RegExp(`stopped by ${signal}: (\\d+) incidents judged and written, the last (many\\.jsonl:\\d+); nothing after it was read`).exec(r.stderr);
      assert.ok(note, r.stderr);
      const n = Number(note[1]);
      assert.ok(n > 10 && n < 30_000, `${n} judged`);
      if (format === 'jsonl') {
        assert.ok(r.stdout.endsWith('\n'));
        const recs = records(r.stdout);
        assert.equal(recs.length, n, 'every judged incident was written');
        assert.equal(recs.at(-1).source, note[2]);
        assert.deepEqual(recs.map((x) => x.line), Array.from({ length: n }, (_, i) => i + 1));
        assert.match(r.stderr, new RegExp(`${n} incidents: `));
      } else if (format === 'json') {
        const doc = JSON.parse(r.stdout);
        assert.equal(doc.results.length, n);
        assert.deepEqual(doc.summary.stopped, { signal, after: note[2] });
      } else {
        const doc = JSON.parse(r.stdout);
        const invocation = doc.runs[0].invocations[0];
        assert.equal(invocation.exitSignalName, signal);
        assert.equal(invocation.properties.summary.incidents, n);
      }
    });
  }

  test('a closed pipe ends the run quietly: exit 1 when a violation was judged, else 4, never 0', () => {
    const pipe = (file, extra = '') =>
      spawnSync('bash', ['-c', `set -o pipefail; "${cliPath}" evaluate ${extra} ${file} | head -c 1000 > /dev/null; echo "status $?"`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const calm = pipe('calm.jsonl');
    assert.match(calm.stdout, /^status 4\n$/, calm.stderr);
    assert.equal(calm.stderr, '');
    const text = pipe('calm.jsonl', '-f text');
    assert.match(text.stdout, /^status 4\n$/, text.stderr);
    const found = pipe('many.jsonl');
    assert.match(found.stdout, /^status 1\n$/, found.stderr);
    assert.equal(found.stderr, '');
  });

  test('a full disk: exit 4, saying what could not be written', (t) => {
    if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full');
    const r = spawnSync('bash', ['-c', `"${cliPath}" evaluate calm.jsonl > /dev/full`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 4);
    assert.match(r.stderr, /cannot write to standard output: no space left on device \(ENOSPC\); stopped after \d+ incidents/);
    const o = run(['evaluate', '-o', '/dev/full', 'calm.jsonl']);
    assert.equal(o.code, 4);
    assert.match(o.stderr, /cannot write \/dev\/full: /);
  });

  test('on a terminal: text by default, and progress (incidents, rate, share, ETA, errors) on standard error', (t) => {
    if (!fs.existsSync('/usr/bin/script')) return t.skip('no script(1) to give the command a terminal');
    const r = spawnSync('/usr/bin/script', ['-qec', `"${cliPath}" evaluate -j 1 many.jsonl missing.json | tail -n 1 && "${cliPath}" evaluate -f text calm.jsonl 2>/dev/null | head -n 2`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const screen = r.stdout;
    assert.match(screen, /\rconduct-engine: [\d,]+ incidents judged · [\d,]+\/s · [\d.]+% · ETA \S+ · \d+ errors?/);
    assert.match(screen, /"source":"missing\.json"/, 'standard output was a pipe there: JSON Lines');
    assert.match(screen, /INC-NODE-0002 {2}not_applicable {2}calm\.jsonl:1/, 'a terminal gets text');
    const quiet = spawnSync('/usr/bin/script', ['-qec', `"${cliPath}" evaluate -q -f jsonl -o /dev/null many.jsonl`, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.doesNotMatch(quiet.stdout, /incidents judged/);
  });

  test('--progress: a progress line every 2 s on standard error that is no terminal', async () => {
    const c = start(['evaluate', '--progress', '-']);
    c.child.stdin.write(`${good}\n${bad}\nnot json\n`);
    let stderr = '';
    c.child.stderr.on('data', (d) => (stderr += d));
    const line = /^conduct-engine: 3 incidents judged · \d+\/s · 1 error\n/m;
    const deadline = Date.now() + 20_000;
    while (!line.test(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    c.child.stdin.end();
    const r = await c.exit;
    assert.match(r.stderr, line);
    assert.equal(r.code, 1);
  });
});
