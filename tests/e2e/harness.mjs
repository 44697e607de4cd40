// Shared end-to-end helpers: a static server for dist/ on 127.0.0.1 (optionally under a
// sub-path), Debian's Chromium through playwright-core, and a page wrapper that records
// console errors and requests to other origins, and saves screenshots under
// target/e2e-screenshots/.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
export const SHOTS = path.join(ROOT, 'target', 'e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitForHttp(url, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server at ${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Serves dist/ at http://127.0.0.1:PORT/<subPath> (subPath '' or e.g. 'layercake/').
export async function serveDist(subPath = '') {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `${DIST}/index.html missing: run trunk build first`);
  let dir = DIST;
  if (subPath) {
    dir = mkdtempSync(path.join(tmpdir(), 'layercake-e2e-'));
    symlinkSync(DIST, path.join(dir, subPath.replace(/\/$/, '')));
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/${subPath}`;
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
    { stdio: 'ignore' });
  await waitForHttp(url);
  return { origin, url, stop: () => proc.kill() };
}

export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// A page that records problems: console errors, uncaught exceptions, failed requests and any
// request to an origin other than `origin`. Call `assertClean()` at the end of a test.
export async function openPage(context, origin) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (u.origin !== origin) problems.push(`request to another origin: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.assertClean = () => assert.deepEqual(problems, [], problems.join('\n'));
  page.shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  return page;
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

// Registers the usual hooks of a test file: serve dist/ (at `subPath`) and launch Chromium
// before its tests, stop both after them. Returns `{ server, browser }`, filled in by then.
export function useDist(subPath = '') {
  const env = {};
  before(async () => {
    env.server = await serveDist(subPath);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

// A minimal tar reader (ustar names, no PAX): name → bytes of each entry.
export function untarFiles(buf) {
  const files = new Map();
  for (let off = 0; off + 512 <= buf.length;) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = new TextDecoder().decode(header.subarray(0, 100)).replace(/\0.*$/s, '');
    const size = parseInt(new TextDecoder().decode(header.subarray(124, 136)).replace(/\0.*$/s, '').trim() || '0', 8);
    off += 512;
    files.set(name, buf.subarray(off, off + size));
    off += Math.ceil(size / 512) * 512;
  }
  return files;
}
