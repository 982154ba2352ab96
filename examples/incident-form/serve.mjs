// A static server for a built demo, with the headers a partner's server
// should send: the strict Content-Security-Policy, `application/wasm` for
// the module (so it compiles while it downloads), and gzip when asked.
//
//   node examples/incident-form/serve.mjs [dir] [port]     (default dir: dist/incident-form)
//
// The tests and the bench start it in-process (`startServer`) and read
// what it sent.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** The policy the demo is built for: no inline script or style, wasm allowed to compile. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * Serves `root` on 127.0.0.1. Options: `port` (0: any), `gzip` (compress
 * what a browser accepts gzipped), `csp` (the policy header; false for
 * none), `isolate` (COOP/COEP headers). Resolves to `{ origin, sent, close() }`; `sent` lists each
 * response as `{ path, status, bytes, rawBytes, referer }` (bytes on the wire).
 */
export async function startServer({ root, port = 0, gzip = false, csp = CSP, cache = 'no-store', isolate = false } = {}) {
  const base = path.resolve(root);
  const sent = [];
  const compressed = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(base, path.normalize(rel));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (rel.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        sent.push({ path: url.pathname, status: 404, bytes: 0, rawBytes: 0, referer: req.headers.referer ?? null });
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const headers = {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': cache,
        'x-content-type-options': 'nosniff',
      };
      if (csp) headers['content-security-policy'] = csp;
      if (isolate) {
        // Cross-origin isolation, for the bench: performance.now() to microseconds.
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      let out = body;
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!compressed.has(file)) compressed.set(file, zlib.gzipSync(body, { level: 9 }));
        out = compressed.get(file);
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      headers['content-length'] = out.length;
      sent.push({ path: url.pathname, status: 200, bytes: out.length, rawBytes: body.length, referer: req.headers.referer ?? null });
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : out);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    sent,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = process.argv[2] ?? path.join(here, '../../dist/incident-form');
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve.mjs: no index.html in ${root}: run \`make demo\` first`);
    process.exit(1);
  }
  const server = await startServer({ root, port: Number(process.argv[3] ?? 8080), gzip: true });
  console.log(`serving ${root} at ${server.origin}/ (Ctrl-C stops)`);
}
