// Reads a WebAssembly binary far enough to say where its bytes go: section
// sizes, each defined function's body size with its name (from the `name`
// custom section), and the data segments. Used by tests/bench/size.mjs and
// tests/bench/cold-start.mjs; no dependencies.

/** Parses `bytes` (a Buffer/Uint8Array holding a .wasm file). */
export function parseWasm(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WebAssembly binary');
  let p = 8;
  const u32 = () => {
    let r = 0;
    let shift = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const str = () => {
    const n = u32();
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  const skipLimits = () => {
    const flags = buf[p++];
    u32();
    if (flags & 1) u32();
  };
  const skipConstExpr = () => {
    // Enough for the constant expressions rustc/lld and wasm-opt emit
    // (i32.const / i64.const / global.get / ref.null / ref.func ... end).
    for (;;) {
      const op = buf[p++];
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) {
        // signed or unsigned LEB: skipping bytes works the same
        while (buf[p++] & 0x80);
      } else if (op === 0xd0) p++;
      else if (op === 0x43) p += 4;
      else if (op === 0x44) p += 8;
      else if (op === 0x6a || op === 0x6b || op === 0x6c || op === 0x7c || op === 0x7d || op === 0x7e) {
        /* i32/i64 add, sub, mul: no immediates */
      } else throw new Error(`unsupported opcode 0x${op.toString(16)} in a constant expression`);
    }
  };

  const sections = [];
  let importedFuncs = 0;
  const bodies = []; // { index, size } for each defined function
  const data = []; // { offset (in memory, if constant), bytes }
  const names = new Map();
  while (p < buf.length) {
    const id = buf[p++];
    const size = u32();
    const start = p;
    const end = start + size;
    let name = null;
    if (id === 0) name = str();
    const headerStart = start - lebLength(size) - 1;
    sections.push({ id, name, size: end - headerStart, bytes: buf.subarray(headerStart, end) });
    if (id === 2) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        str();
        str();
        const kind = buf[p++];
        if (kind === 0) {
          u32();
          importedFuncs++;
        } else if (kind === 1) {
          p++;
          skipLimits();
        } else if (kind === 2) skipLimits();
        else if (kind === 3) p += 2;
        else if (kind === 4) {
          p++;
          u32();
        } else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 10) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        const bodySize = u32();
        bodies.push({ index: importedFuncs + i, size: bodySize, start: p });
        p += bodySize;
      }
    } else if (id === 11) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        const flags = u32();
        let offset = null;
        if (flags === 0 || flags === 2) {
          if (flags === 2) u32();
          if (buf[p] === 0x41) {
            const opStart = p;
            p++;
            offset = sleb();
            p = opStart;
          }
          skipConstExpr();
        }
        const len = u32();
        data.push({ offset, bytes: buf.subarray(p, p + len) });
        p += len;
      }
    } else if (id === 0 && name === 'name') {
      while (p < end) {
        const sub = buf[p++];
        const subSize = u32();
        const subEnd = p + subSize;
        if (sub === 1) {
          const n = u32();
          for (let i = 0; i < n; i++) {
            const idx = u32();
            names.set(idx, str());
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  for (const b of bodies) {
    b.name = names.get(b.index) ?? null;
    b.bytes = buf.subarray(b.start, b.start + b.size);
  }
  return { size: buf.length, sections, importedFuncs, bodies, data, hasNames: names.size > 0 };

  function sleb() {
    let r = 0;
    let shift = 0;
    let b;
    do {
      b = buf[p++];
      r |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 32 && b & 0x40) r |= -1 << shift;
    return r;
  }
}

function lebLength(n) {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

export const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];

/**
 * Demangles a Rust symbol far enough to read its path: legacy `_ZN…E`
 * mangling (the hash dropped, `$LT$`-style escapes decoded); v0 (`_R…`) and
 * other names come back unchanged.
 */
export function demangle(sym) {
  if (!sym || !sym.startsWith('_ZN')) return sym;
  let p = 3;
  const parts = [];
  while (p < sym.length && sym[p] !== 'E') {
    let n = 0;
    const s = p;
    while (sym[p] >= '0' && sym[p] <= '9') p++;
    if (p === s) return sym;
    n = Number(sym.slice(s, p));
    parts.push(sym.slice(p, p + n));
    p += n;
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  return parts.map(unescape).join('::');
}

const ESCAPES = { SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',' };
function unescape(part) {
  let s = part.startsWith('_$') ? part.slice(1) : part;
  s = s.replace(/\$([A-Z]{1,2}|u[0-9a-f]+)\$/g, (m, code) => {
    if (code[0] === 'u') return String.fromCodePoint(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? m;
  });
  return s.replace(/\.\./g, '::');
}

/**
 * Rust v0 mangling (`_R…`, which the precompiled standard library uses), far
 * enough for paths: crate roots, nested names, inherent and trait impls,
 * generic arguments and back-references; types other than paths are shown
 * in short form. Returns the input unchanged when it cannot parse it.
 */
export function demangleV0(sym) {
  if (!sym || !sym.startsWith('_R')) return sym;
  const s = sym.slice(2);
  let depth = 0;
  const base62 = (p) => {
    // <base-62-number> = {digit} '_' ; '_' alone is 0, else value + 1
    if (s[p.i] === '_') {
      p.i++;
      return 0;
    }
    let n = 0;
    while (s[p.i] !== '_') {
      const c = s[p.i++];
      if (c === undefined) throw new Error('eof');
      n = n * 62 + (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : c.charCodeAt(0) - 29);
    }
    p.i++;
    return n + 1;
  };
  const disambiguator = (p) => {
    if (s[p.i] === 's') {
      p.i++;
      base62(p);
    }
  };
  const ident = (p) => {
    let punycode = false;
    if (s[p.i] === 'u') {
      punycode = true;
      p.i++;
    }
    const st = p.i;
    while (s[p.i] >= '0' && s[p.i] <= '9') p.i++;
    const n = Number(s.slice(st, p.i));
    if (s[p.i] === '_') p.i++;
    const id = s.slice(p.i, p.i + n);
    p.i += n;
    return punycode ? `{${id}}` : id;
  };
  const backref = (p, fn) => {
    const target = base62(p);
    if (++depth > 50) throw new Error('deep');
    const q = { i: target };
    const r = fn(q);
    depth--;
    return r;
  };
  const path = (p) => {
    const tag = s[p.i++];
    switch (tag) {
      case 'C': {
        disambiguator(p);
        return ident(p);
      }
      case 'N': {
        const ns = s[p.i++];
        const parent = path(p);
        disambiguator(p);
        const name = ident(p);
        if (ns === 'C') return `${parent}::{{closure}}`;
        if (ns === 'S') return `${parent}::{{shim}}`;
        return name ? `${parent}::${name}` : parent;
      }
      case 'M': {
        disambiguator(p);
        path(p);
        return `<${type(p)}>`;
      }
      case 'X': {
        disambiguator(p);
        path(p);
        const t = type(p);
        return `<${t} as ${path(p)}>`;
      }
      case 'Y': {
        const t = type(p);
        return `<${t} as ${path(p)}>`;
      }
      case 'I': {
        const base = path(p);
        const args = [];
        while (s[p.i] !== 'E') args.push(genericArg(p));
        p.i++;
        return `${base}<${args.join(', ')}>`;
      }
      case 'B':
        return backref(p, path);
      default:
        throw new Error(`path tag ${tag}`);
    }
  };
  const BASIC = { a: 'i8', b: 'bool', c: 'char', d: 'f64', e: 'str', f: 'f32', h: 'u8', i: 'isize', j: 'usize', l: 'i32', m: 'u32', n: 'i128', o: 'u128', s: 'i16', t: 'u16', u: '()', v: '...', x: 'i64', y: 'u64', z: '!', p: '_' };
  const lifetime = (p) => {
    if (s[p.i] === 'L') {
      p.i++;
      base62(p);
    }
  };
  const type = (p) => {
    const c = s[p.i];
    if (BASIC[c]) {
      p.i++;
      return BASIC[c];
    }
    p.i++;
    switch (c) {
      case 'R':
      case 'Q':
        lifetime(p);
        return `&${c === 'Q' ? 'mut ' : ''}${type(p)}`;
      case 'P':
      case 'O':
        return `*${c === 'O' ? 'mut' : 'const'} ${type(p)}`;
      case 'A': {
        const t = type(p);
        constant(p);
        return `[${t}; _]`;
      }
      case 'S':
        return `[${type(p)}]`;
      case 'T': {
        const ts = [];
        while (s[p.i] !== 'E') ts.push(type(p));
        p.i++;
        return `(${ts.join(', ')})`;
      }
      case 'F': {
        if (s[p.i] === 'G') {
          p.i++;
          base62(p);
        }
        if (s[p.i] === 'U') p.i++;
        if (s[p.i] === 'K') {
          p.i++;
          if (s[p.i] === 'C') p.i++;
          else ident(p);
        }
        const ts = [];
        while (s[p.i] !== 'E') ts.push(type(p));
        p.i++;
        return `fn(${ts.join(', ')}) -> ${type(p)}`;
      }
      case 'D': {
        if (s[p.i] === 'G') {
          p.i++;
          base62(p);
        }
        const bounds = [];
        while (s[p.i] !== 'E') {
          let b = path(p);
          while (s[p.i] === 'p') {
            p.i++;
            ident(p);
            type(p);
          }
          bounds.push(b);
        }
        p.i++;
        lifetime(p);
        return `dyn ${bounds.join(' + ')}`;
      }
      case 'B':
        return backref(p, type);
      default:
        p.i--;
        return path(p);
    }
  };
  const constant = (p) => {
    if (s[p.i] === 'B') {
      p.i++;
      return backref(p, constant);
    }
    if (s[p.i] === 'p') {
      p.i++;
      return '_';
    }
    type(p);
    if (s[p.i] === 'n') p.i++;
    while (s[p.i] !== '_') p.i++;
    p.i++;
    return '_';
  };
  const genericArg = (p) => {
    if (s[p.i] === 'L') {
      p.i++;
      base62(p);
      return "'_";
    }
    if (s[p.i] === 'K') {
      p.i++;
      return constant(p);
    }
    return type(p);
  };
  try {
    return path({ i: 0 });
  } catch {
    return sym;
  }
}

/** A readable Rust path for any symbol name the toolchain emits. */
export function rustName(sym) {
  if (!sym) return sym;
  if (sym.startsWith('_R')) return demangleV0(sym);
  if (sym.startsWith('_ZN')) return demangle(sym);
  return sym;
}

// ---------------------------------------------------------------- owners

const STD = new Set(['core', 'alloc', 'std', 'compiler_builtins', 'dlmalloc', 'std_detect', 'panic_abort', 'panic_unwind', 'rustc_demangle', 'unwind', '__rustc']);
const BINDGEN = new Set(['wasm_bindgen', 'js_sys', 'wasm_bindgen_shared']);

/** The crates a demangled name mentions, in order (`regorus::rvm::vm` → regorus, with its path). */
function cratePaths(name) {
  const out = [];
  // A path starts at the beginning or after a delimiter, and is a run of
  // `ident::` segments; `[0123abcd]` crate disambiguators are dropped.
  const re = /(?:^|[<\s(&,*[;])((?:[A-Za-z_][A-Za-z0-9_]*(?:\[[0-9a-f]+\])?::)+[A-Za-z_{][A-Za-z0-9_{}]*)/g;
  for (const m of name.matchAll(re)) out.push(m[1].replace(/\[[0-9a-f]+\]/g, ''));
  return out;
}

const REGORUS_GROUPS = [
  [/^regorus::rvm::(vm|instructions)\b/, 'regorus rvm: vm (executes bytecode)'],
  [/^regorus::languages::rego::compiler\b/, 'regorus rvm: compiler (Rego → bytecode)'],
  [/^regorus::rvm::program::serialization\b/, 'regorus rvm: program & serialization'],
  [/^regorus::rvm\b/, 'regorus rvm: program & serialization'],
  [/^regorus::(interpreter)\b/, 'regorus interpreter'],
  [/^regorus::(scheduler|compiler|compiled_policy|compile|engine|lookup|query|indexchecker|policy_info)\b/, 'regorus engine & analysis (shared by both)'],
  [/^regorus::(parser|lexer|ast)\b/, 'regorus parser, lexer & AST'],
  [/^regorus::builtins\b/, 'regorus builtins'],
  [/^regorus::/, 'regorus value, number & other'],
];

/**
 * `{ group, crate }` for one function name: the first non-standard crate
 * its demangled name mentions (so `drop_in_place<regorus::ast::Expr>` and
 * `<regorus::value::Value as Clone>::clone` count for regorus), regorus by
 * module, our exported API shims for conduct_engine.
 */
export function owner(rawName) {
  const name = rustName(rawName ?? '').replace(/::h[0-9a-f]{16}$/, '');
  if (!name) return { group: 'other', crate: '(unnamed)' };
  if (/^(__wbindgen|__wbg|__externref|__wbg_)/.test(name)) return { group: 'wasm-bindgen (glue)', crate: 'wasm_bindgen' };
  const paths = cratePaths(name);
  if (paths.length === 0) {
    // No Rust path: compiler-builtins and libm symbols (`__multi3`, `memcmp`,
    // `round`) or the export shims wasm-bindgen generates for our API.
    if (/^__|^mem(cpy|set|move|cmp)$|^(round|fmod|pow|exp|log)[f]?$/.test(name)) return { group: 'std / core / alloc', crate: 'compiler_builtins' };
    // Our exported API (`conductengine_evaluate`, `version`…): the shims
    // #[wasm_bindgen] generates, with whatever the optimisers inlined.
    return { group: 'conduct_engine (our code)', crate: 'conduct_engine: exported API shims' };
  }
  const first = paths.find((p) => !STD.has(p.split('::')[0])) ?? paths[0];
  const crate = first.split('::')[0];
  if (STD.has(crate)) return { group: 'std / core / alloc', crate: crate === 'compiler_builtins' ? crate : 'std/core/alloc' };
  if (BINDGEN.has(crate)) return { group: 'wasm-bindgen (glue)', crate };
  if (crate === 'conduct_engine') return { group: 'conduct_engine (our code)', crate };
  if (crate === 'serde_json') return { group: 'serde_json', crate };
  if (crate === 'regorus') {
    const g = REGORUS_GROUPS.find(([re]) => re.test(first));
    const module = first.split('::').slice(0, first.startsWith('regorus::languages') ? 4 : 3).join('::');
    return { group: g[1], crate: module };
  }
  return { group: 'other crates', crate };
}
