// Where a wasm binary's bytes go: reads the code section's function bodies and the `name`
// section (function names, as rustc/lld write them, demangled), groups code bytes by crate
// (the first path segment; for `<T as Trait>::f`, T's crate), and prints the sections, the
// crates, this crate's modules and the largest functions. Usage: node scripts/wasm-top.mjs FILE.wasm [TOP_N]
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const topN = Number(process.argv[3] ?? 15);
const buf = readFileSync(file);
let pos = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = buf[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
const str = () => { const n = u32(); const t = buf.toString('utf8', pos, pos + n); pos += n; return t; };

const sections = []; let importedFuncs = 0; const bodies = []; const names = new Map();
while (pos < buf.length) {
  const id = buf[pos++]; const size = u32(); const start = pos; const end = pos + size;
  let label = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] ?? `id${id}`;
  if (id === 0) { label = `custom "${str()}"`; }
  if (id === 2) {
    for (let n = u32(); n > 0; n--) {
      str(); str(); const kind = buf[pos++];
      if (kind === 0) { u32(); importedFuncs++; } else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else if (kind === 3) { pos += 2; } else { u32(); }
    }
  }
  if (id === 10) { for (let n = u32(); n > 0; n--) { const s = u32(); bodies.push(s + 1); pos += s; } }
  if (label === 'custom "name"') {
    while (pos < end) {
      const sub = buf[pos++]; const len = u32(); const subEnd = pos + len;
      if (sub === 1) { for (let n = u32(); n > 0; n--) { const i = u32(); names.set(i, str()); } }
      pos = subEnd;
    }
  }
  sections.push([label, size]); pos = end;
}

// Rust's legacy mangling: _ZN <len><ident>… E, with $LT$ (<), $GT$ (>), $u20$ (space), .. (::).
const demangle = (name) => {
  if (!name.startsWith('_ZN')) return name;
  const parts = []; let i = 3;
  while (i < name.length && name[i] !== 'E') {
    const m = /^\d+/.exec(name.slice(i)); if (!m) break;
    i += m[0].length; parts.push(name.slice(i, i + Number(m[0]))); i += Number(m[0]);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  const codes = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', SP: '@', LP: '(', RP: ')' };
  return parts.join('::').replace(/^_\$/, '$').replace(/\$([A-Z]+)\$/g, (x, c) => codes[c] ?? x)
    .replace(/\$u([0-9a-f]+)\$/g, (x, h) => String.fromCodePoint(parseInt(h, 16))).replace(/\.\./g, '::');
};
// Rust's v0 mangling (the standard library uses it): the first crate root is C[s<hash>_]<len><name>.
const v0Crate = (name) => {
  const m = /C(?:s[0-9A-Za-z]*_)?(\d+)/.exec(name);
  return m ? name.substr(m.index + m[0].length, Number(m[1])) : null;
};
const crateOf = (name) => {
  if (name.startsWith('_R')) return v0Crate(name) ?? '(other)';
  let n = name.replace(/^(<|&|mut |dyn |\(|\[)+/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(::|$)/.exec(n);
  if (!m || !m[2]) return name.startsWith('__') || /^[a-z_]+$/.test(name) ? '(wasm-bindgen shims, builtins)' : '(other)';
  return m[1];
};
const total = buf.length;
const pct = (n) => `${(100 * n / total).toFixed(1)}%`;
const codeTotal = bodies.reduce((a, b) => a + b, 0);
const pctCode = (n) => `${(100 * n / codeTotal).toFixed(1)}%`;
const row = (a, b, c) => console.log(`  ${String(a).padEnd(52)} ${String(b).padStart(10)} ${String(c).padStart(7)}`);

console.log(`${file}: ${total} bytes; ${bodies.length} functions${names.size ? '' : ' (no name section: crates unknown)'}`);
console.log('sections:');
for (const [l, s] of sections.sort((a, b) => b[1] - a[1]).slice(0, 6)) row(l, s, pct(s));
if (!names.size) process.exit(0);
const crates = new Map(); const funcs = [];
bodies.forEach((size, i) => {
  const name = demangle(names.get(i + importedFuncs) ?? `func[${i + importedFuncs}]`);
  const c = crateOf(name); crates.set(c, (crates.get(c) ?? 0) + size); funcs.push([name, size]);
});
console.log(`code by crate (share of the ${codeTotal} code bytes):`);
for (const [c, s] of [...crates].sort((a, b) => b[1] - a[1]).slice(0, topN)) row(c, s, pctCode(s));
const modules = new Map();
for (const [n, size] of funcs) {
  const m = /^<?(layercake::[a-z_]+)/.exec(n);
  if (m) modules.set(m[1], (modules.get(m[1]) ?? 0) + size);
}
console.log('layercake code by module:');
for (const [c, s] of [...modules].sort((a, b) => b[1] - a[1]).slice(0, topN)) row(c, s, pctCode(s));
console.log('largest functions:');
for (const [n, s] of funcs.sort((a, b) => b[1] - a[1]).slice(0, topN)) row(n.slice(0, 52), s, pctCode(s));
