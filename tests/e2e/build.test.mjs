// Build in the browser: the log shows every step; a rebuild shows CACHED; after an edit of
// app.js only COPY onward runs again, with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDist, openPage, DESKTOP, PHONE, untarFiles } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

const steps = (page) => page.locator('.step').evaluateAll((els) => els.map((e) => [
  e.querySelector('.name').textContent, e.querySelector('.badge').textContent, e.querySelector('.reason')?.textContent ?? '',
]));

test('build, rebuild from cache, and rebuild after an edit with reasons', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });

  await page.click('#build');
  await page.locator('#build-result').waitFor();
  assert.match(await page.locator('#build-result').textContent(), /^writing image sha256:[0-9a-f]{64} done$/);
  const first = await steps(page);
  assert.ok(first.some(([name]) => /WORKDIR \/web-ping/.test(name)), JSON.stringify(first));
  assert.ok(first.some(([name, badge]) => /COPY app\.js \./.test(name) && badge === 'DONE'), JSON.stringify(first));

  await page.focus('#dockerfile');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('.step .badge')].some((b) => b.textContent === 'CACHED'));
  const second = await steps(page);
  assert.ok(second.filter(([name]) => /WORKDIR|COPY/.test(name)).every(([, badge]) => badge === 'CACHED'), JSON.stringify(second));

  await page.click('.files .name:has-text("app.js")');
  await page.fill('#dockerfile', 'console.log("edited");\n');
  await page.click('#build');
  await page.waitForFunction(() => [...document.querySelectorAll('.step')].some((s) => /COPY/.test(s.textContent) && /DONE/.test(s.textContent)));
  const third = await steps(page);
  const copy = third.find(([name]) => /COPY app\.js/.test(name));
  assert.equal(copy[1], 'DONE');
  assert.match(copy[2], /file app\.js changed \(sha256:[0-9a-f]+ → sha256:[0-9a-f]+\)|file app\.js changed/);
  assert.equal(third.find(([name]) => /WORKDIR/.test(name))[1], 'CACHED');
  await page.shot('build-rebuild-after-edit');
  page.assertClean();
  await context.close();
});

test('a failing build shows the error on a phone', async () => {
  const context = await env.browser.newContext({ viewport: PHONE, isMobile: true });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await page.fill('#dockerfile', 'FROM alpine:3.20\nCOPY missing.txt /\n');
  await page.click('#build');
  await page.locator('#build-result.err').waitFor();
  assert.match(await page.locator('#build-result').textContent(), /missing\.txt/);
  await page.shot('build-error-phone');
  page.assertClean();
  await context.close();
});

test('RUN steps run in the sandbox: apt-get installs nginx; a wrong package manager fails with a hint', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await page.selectOption('#examples', 'static-web');
  await page.click('#build');
  await page.locator('#build-result').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#build-result').textContent(), /^writing image sha256:[0-9a-f]{64} done$/);
  const logs = await page.locator('.step .logs').allTextContents();
  assert.ok(logs.some((l) => /Setting up nginx/.test(l) && /Get:1 http:\/\/archive\.ubuntu\.com\/ubuntu xenial InRelease/.test(l)), logs.join('\n---\n'));
  await page.shot('build-run-apt-nginx');

  await page.fill('#dockerfile', 'FROM ubuntu:16.04\nRUN apk add --no-cache curl\n');
  await page.click('#build');
  await page.locator('#build-result.err').waitFor({ timeout: 30000 });
  const error = await page.locator('#build-result').textContent();
  assert.match(error, /process "\/bin\/sh -c apk add --no-cache curl" did not complete successfully: exit code: 127/);
  assert.match(error, /install packages with `apt-get install`/);
  assert.match((await page.locator('.step .logs').allTextContents()).join('\n'), /\/bin\/sh: 1: apk: not found/);
  await page.shot('build-run-wrong-package-manager');
  page.assertClean();
  await context.close();
});

test('the image panel shows the history and downloads a docker-archive tar', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await page.selectOption('#examples', 'web-ping');
  await page.click('#build');
  await page.locator('#build-result').waitFor({ timeout: 30000 });
  await page.click('#tab-image');
  await page.locator('#history').waitFor();
  const rows = await page.locator('#history tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.match(rows[0][0], /^[0-9a-f]{12}$/);
  assert.ok(rows.slice(1).every((r) => r[0] === '<missing>'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[1] === 'COPY app.js . # buildkit'), JSON.stringify(rows));
  assert.ok(rows.some((r) => /^CMD \["node" "\/web-ping\/app\.js"\]$/.test(r[1]) && r[2] === '0B'), JSON.stringify(rows));
  await page.shot('image-history');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-image')]);
  assert.equal(download.suggestedFilename(), 'playground.tar');
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const files = untarFiles(new Uint8Array(readFileSync(file)));
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
  assert.deepEqual(manifest[0].RepoTags, ['playground:latest']);
  assert.ok(files.has(manifest[0].Config), manifest[0].Config);
  assert.ok(manifest[0].Layers.length >= 1 && manifest[0].Layers.every((l) => files.has(l)), JSON.stringify(manifest));
  page.assertClean();
  await context.close();
});
