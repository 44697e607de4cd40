// Named workspaces (create, switch, rename, delete and undo, kept across reloads), export and
// import as a tar, unreadable saved data kept aside, and the build options: build-args,
// target, --no-cache, auto-rebuild, and the failing step's line marked in the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useDist, openPage, DESKTOP, PHONE } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

const editor = (page) => page.locator('#dockerfile');
const text = (page) => editor(page).inputValue();
const names = (page) => page.locator('#workspace-select option').allTextContents();
const current = (page) => page.locator('#workspace-select').inputValue();
const files = (page) => page.locator('.files .name').allTextContents();
const notice = (page) => page.locator('.notice').textContent();

async function open(context) {
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await editor(page).waitFor({ timeout: 20000 });
  return page;
}

// A minimal tar reader: ustar names with prefix, PAX `path` records.
function untar(buf) {
  const out = new Map();
  let off = 0;
  let pax = null;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (a, b) => { const s = h.subarray(a, b); const z = s.indexOf(0); return s.subarray(0, z < 0 ? s.length : z).toString('utf8'); };
    let name = field(0, 100);
    const prefix = field(345, 500);
    if (field(257, 262) === 'ustar' && prefix) name = `${prefix}/${name}`;
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = h[156] ? String.fromCharCode(h[156]) : '0';
    const data = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      pax = Object.fromEntries(data.toString('utf8').split('\n').filter(Boolean)
        .map((r) => r.slice(r.indexOf(' ') + 1)).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      continue;
    }
    if (pax?.path) name = pax.path;
    pax = null;
    out.set(name, { type, text: data.toString('utf8') });
  }
  return out;
}

// A tar with raw names (for hostile entries).
function tar(entries) {
  const blocks = [];
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100); h.write('0000000\0', 108); h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136); h.write('        ', 148); h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0; for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

test('named workspaces: new, edit, switch, reload, rename, delete and undo', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await open(context);
  assert.deepEqual(await names(page), ['My workspace']);
  await editor(page).fill('FROM alpine:3.20\nRUN echo first\n');

  page.once('dialog', (d) => d.accept('second'));
  await page.selectOption('#new-workspace', 'nginx-site');
  assert.equal(await current(page), 'second');
  assert.match(await text(page), /^FROM nginx:latest/);
  assert.match(await notice(page), /Created the workspace .second. from the example/);
  await editor(page).fill('FROM nginx:latest\nRUN echo second\n');

  await page.selectOption('#workspace-select', 'My workspace');
  assert.equal(await text(page), 'FROM alpine:3.20\nRUN echo first\n');
  assert.deepEqual(await files(page), ['Dockerfile', 'app.js']);
  await page.selectOption('#workspace-select', 'second');
  assert.equal(await text(page), 'FROM nginx:latest\nRUN echo second\n');
  assert.ok((await files(page)).includes('index.html'));

  await page.waitForFunction(() => (localStorage.getItem('layercake.workspace') ?? '').includes('echo second'));
  await page.reload();
  await editor(page).waitFor({ timeout: 20000 });
  assert.deepEqual(await names(page), ['My workspace', 'second']);
  assert.equal(await current(page), 'second');
  assert.equal(await text(page), 'FROM nginx:latest\nRUN echo second\n');
  await page.selectOption('#workspace-select', 'My workspace');
  assert.equal(await text(page), 'FROM alpine:3.20\nRUN echo first\n');

  page.once('dialog', (d) => d.accept('first one'));
  await page.click('#rename-workspace');
  assert.deepEqual(await names(page), ['first one', 'second']);
  assert.equal(await current(page), 'first one');

  page.once('dialog', (d) => d.accept('first copy'));
  await page.click('#duplicate-workspace');
  assert.deepEqual(await names(page), ['first copy', 'first one', 'second']);
  assert.equal(await text(page), 'FROM alpine:3.20\nRUN echo first\n');

  page.once('dialog', (d) => { assert.match(d.message(), /Delete the workspace first copy/); d.accept(); });
  await page.click('#delete-workspace');
  assert.deepEqual(await names(page), ['first one', 'second']);
  assert.match(await notice(page), /Deleted the workspace .first copy./);
  await page.click('#undo-example');
  assert.deepEqual(await names(page), ['first copy', 'first one', 'second']);
  assert.equal(await current(page), 'first copy');

  // Reset to example: back to web-ping (the first workspace started from it), with Undo.
  await page.click('#reset-workspace');
  assert.match(await text(page), /^FROM diamol\/node/);
  await page.click('#undo-example');
  assert.equal(await text(page), 'FROM alpine:3.20\nRUN echo first\n');

  await page.reload();
  await editor(page).waitFor({ timeout: 20000 });
  assert.deepEqual(await names(page), ['first copy', 'first one', 'second']);
  await page.shot('workspaces-desktop');
  page.assertClean();
  await context.close();
});

test('export a workspace as a tar and import it back; bad tars change nothing', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await open(context);
  await page.click('.files .name:has-text("app.js")');
  await editor(page).fill('console.log("exported")\n');
  await page.click('.files .name:has-text("Dockerfile")');
  const dockerfile = await text(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-workspace')]);
  assert.equal(download.suggestedFilename(), 'My-workspace.tar');
  const bytes = readFileSync(await download.path());
  const entries = untar(bytes);
  assert.deepEqual([...entries.keys()].sort(), ['Dockerfile', 'app.js']);
  assert.equal(entries.get('Dockerfile').text, dockerfile);
  assert.equal(entries.get('app.js').text, 'console.log("exported")\n');

  await page.setInputFiles('#import-file', { name: 'My-workspace.tar', mimeType: 'application/x-tar', buffer: bytes });
  await page.waitForFunction(() => document.querySelector('#workspace-select').value === 'My-workspace');
  assert.deepEqual(await names(page), ['My workspace', 'My-workspace']);
  assert.match(await notice(page), /Imported the workspace .My-workspace.: the Dockerfile and 1 file\./);
  assert.equal(await text(page), dockerfile);
  assert.deepEqual(await files(page), ['Dockerfile', 'app.js']);
  await page.click('.files .name:has-text("app.js")');
  assert.equal(await text(page), 'console.log("exported")\n');

  await page.setInputFiles('#import-file', { name: 'bad.tar', mimeType: 'application/x-tar', buffer: Buffer.from('this is not a tar archive, just text') });
  await page.waitForFunction(() => /Could not import bad\.tar/.test(document.querySelector('.notice')?.textContent ?? ''));
  assert.match(await notice(page), /Could not import bad\.tar: it is not a tar archive .*Nothing was changed\./);
  assert.deepEqual(await names(page), ['My workspace', 'My-workspace']);

  // Dropped on the build context: a tar climbing out with ../ is refused.
  const evil = tar([['Dockerfile', 'FROM alpine\n'], ['../evil.sh', 'rm -rf /\n']]);
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'evil.tar', { type: 'application/x-tar' }));
    return dt;
  }, [...evil]);
  await page.dispatchEvent('.context', 'drop', { dataTransfer });
  await page.waitForFunction(() => /Could not import evil\.tar/.test(document.querySelector('.notice')?.textContent ?? ''));
  assert.match(await notice(page), /the entry .\.\.\/evil\.sh. points outside the workspace/);
  assert.deepEqual(await names(page), ['My workspace', 'My-workspace']);

  // A good tar dropped on the build context opens as a workspace.
  const good = tar([['./Dockerfile', 'FROM alpine:3.20\nCOPY hi.txt /\n'], ['./hi.txt', 'hi\n']]);
  const goodTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped.tar', { type: 'application/x-tar' }));
    return dt;
  }, [...good]);
  await page.dispatchEvent('.context', 'drop', { dataTransfer: goodTransfer });
  await page.waitForFunction(() => document.querySelector('#workspace-select').value === 'dropped');
  assert.deepEqual(await files(page), ['Dockerfile', 'hi.txt']);
  page.assertClean();
  await context.close();
});

test('unreadable or unknown saved data is kept aside and reported; old data is migrated', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  await context.addInitScript(() => {
    const seed = sessionStorage.getItem('seed');
    if (seed !== null) {
      localStorage.setItem('layercake.workspace', seed);
      sessionStorage.removeItem('seed');
    }
  });
  const page = await openPage(context, env.server.origin);
  const loadWith = async (raw) => {
    await page.goto(env.server.url);
    await page.evaluate((r) => { localStorage.clear(); sessionStorage.setItem('seed', r); }, raw);
    await page.reload();
    await editor(page).waitFor({ timeout: 20000 });
  };
  const kept = () => page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('layercake.workspace.unreadable-')).map((k) => localStorage.getItem(k)));

  await loadWith('garbage{{');
  assert.match(await notice(page), /could not be read; it was kept in localStorage as "layercake\.workspace\.unreadable-\d+".*not valid JSON/);
  assert.deepEqual(await kept(), ['garbage{{']);
  assert.match(await text(page), /^FROM diamol\/node/);

  const future = JSON.stringify({ version: 99, workspaces: { a: { dockerfile: 'FROM a' } } });
  await loadWith(future);
  assert.match(await notice(page), /saved in format 99, which this version of Layercake does not know/);
  assert.deepEqual(await kept(), [future]);

  const v2 = JSON.stringify({ version: 2, workspace: { dockerfile: 'FROM busybox\n', files: { 'a.txt': 'a' }, open: null } });
  await loadWith(v2);
  assert.equal(await text(page), 'FROM busybox\n');
  assert.deepEqual(await names(page), ['My workspace']);
  assert.deepEqual(await files(page), ['Dockerfile', 'a.txt']);
  assert.equal(await page.evaluate(() => localStorage.getItem('layercake.workspace.v2-backup')), v2);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('layercake.workspace')).version === 3);

  const partly = JSON.stringify({ version: 3, current: 'ok', workspaces: { ok: { dockerfile: 'FROM ok\n' }, broken: { dockerfile: 7 } } });
  await loadWith(partly);
  assert.equal(await text(page), 'FROM ok\n');
  assert.match(await notice(page), /Part of your saved data could not be read: the workspace .broken. could not be read/);
  assert.deepEqual(await kept(), [partly]);
  page.assertClean();
  await context.close();
});

const stepNames = (page) => page.locator('.step .name').allTextContents();
const badges = (page) => page.locator('.step .badge').allTextContents();
const logText = (page) => page.locator('.build-log').textContent();

test('build options: build-args, target, --no-cache, auto-rebuild, failing line', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await open(context);
  await editor(page).fill('FROM alpine:3.20 AS base\nARG GREETING\nRUN echo "greeting: $GREETING"\n\nFROM base AS final\nRUN echo "final stage"\n');
  assert.deepEqual(await page.locator('#build-target option').allTextContents(), ['last stage', 'base', 'final']);

  await page.click('#add-build-arg');
  await page.fill('#build-arg-key-0', 'GREETING');
  await page.fill('#build-arg-value-0', 'hello from the test');
  await page.click('#build');
  await page.locator('#build-result').waitFor();
  assert.match(await logText(page), /greeting: hello from the test/);
  assert.ok((await stepNames(page)).some((n) => /echo "final stage"/.test(n)));

  await page.selectOption('#build-target', 'base');
  await page.click('#build');
  await page.waitForFunction(() => ![...document.querySelectorAll('.step .name')].some((n) => /final stage/.test(n.textContent)));
  assert.match(await page.locator('#build-result').textContent(), /^writing image sha256:/);
  assert.ok((await badges(page)).includes('CACHED'), JSON.stringify(await badges(page)));

  await page.check('#no-cache');
  await page.click('#build');
  await page.waitForFunction(() => ![...document.querySelectorAll('.step .badge')].some((b) => b.textContent === 'CACHED'));
  assert.ok((await badges(page)).every((b) => b === 'DONE' || b === 'config'), JSON.stringify(await badges(page)));
  await page.shot('build-options-desktop');

  // Auto-rebuild: an edit builds by itself; a Dockerfile with errors does not.
  await page.uncheck('#no-cache');
  await page.selectOption('#build-target', '');
  await page.check('#auto-rebuild');
  await editor(page).fill('FROM alpine:3.20\nARG GREETING\nRUN echo "auto: $GREETING"\n');
  await page.waitForFunction(() => /auto: hello from the test/.test(document.querySelector('.build-log')?.textContent ?? ''));
  await editor(page).fill('FROM alpine:3.20\nCOPPY x y\n');
  await page.waitForTimeout(900);
  assert.match(await logText(page), /auto: hello from the test/);

  // A failing step: its line is marked in the gutter; the error's link selects it.
  await editor(page).fill('FROM alpine:3.20\nRUN echo ok\nRUN exit 3\n');
  await page.waitForFunction(() => document.querySelector('.result.err') !== null);
  assert.deepEqual(await page.locator('.gutter .ln.failed').allTextContents(), ['3']);
  assert.match(await page.locator('.gutter .ln.failed').getAttribute('title'), /The build failed here: .*exit code: 3/);
  await page.click('.files .name:has-text("app.js")');
  await page.click('#error-line');
  assert.equal(await page.locator('#open-file').textContent(), 'Dockerfile');
  const sel = await editor(page).evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(sel, 'RUN exit 3');
  await page.shot('build-failed-line-desktop');

  await page.reload();
  await editor(page).waitFor({ timeout: 20000 });
  assert.equal(await page.inputValue('#build-arg-key-0'), 'GREETING');
  assert.equal(await page.inputValue('#build-arg-value-0'), 'hello from the test');
  assert.equal(await page.isChecked('#auto-rebuild'), true);
  page.assertClean();
  await context.close();
});

test('workspaces and options on a phone', async () => {
  const context = await env.browser.newContext({ viewport: PHONE, isMobile: true });
  const page = await open(context);
  page.once('dialog', (d) => d.accept('phone'));
  await page.selectOption('#new-workspace', 'multi-stage');
  assert.equal(await current(page), 'phone');
  assert.equal(await page.locator('#build-target').isVisible(), false);
  await page.click('.options-toggle');
  assert.equal(await page.locator('#build-target').isVisible(), true);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await page.shot('workspaces-phone');
  page.assertClean();
  await context.close();
});
