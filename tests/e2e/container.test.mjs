// The Container tab: run a container of the built image, change files at its prompt and see
// the copy-on-write events, `docker container diff`, `docker commit` into a new image that a
// later build starts FROM. The Image tab: config, RootFS.Layers and the OCI layout download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useDist, openPage, DESKTOP, PHONE, untarFiles } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

async function buildExample(page, id) {
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await page.selectOption('#examples', id);
  await page.click('#build');
  await page.locator('#build-result').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#build-result').textContent(), /^writing image sha256:[0-9a-f]{64} done$/);
}

// Types a line at the container prompt and waits for its block.
async function run(page, line) {
  const before = await page.locator('.term-block').count();
  await page.fill('#container-input', line);
  await page.press('#container-input', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.term-block').length > n, before);
  return page.locator('.term-block').last();
}

const events = (block) => block.locator('.cow-event').evaluateAll((els) => els.map((e) => ({
  badge: e.querySelector('.cow-badge').textContent,
  path: e.querySelector('.cow-path').textContent,
  text: e.querySelector('.cow-text').textContent,
})));

test('run a container, copy-on-write events, diff, commit, then FROM the commit', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await buildExample(page, 'web-ping');

  await page.click('#tab-container');
  await page.click('#run-container');
  await page.locator('#container-input').waitFor();
  const prompt = await page.locator('label[for="container-input"]').textContent();
  assert.match(prompt, /^root@[0-9a-f]{12}:\/web-ping#$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'container-input');
  assert.equal(await page.locator('#container-log').getAttribute('role'), 'log');

  // Overwrite a file from the COPY layer: copied up from that layer.
  let block = await run(page, 'echo "// changed in the container" >> app.js && tail -n 1 app.js');
  assert.equal((await block.locator('.term-out').textContent()).trim(), '// changed in the container');
  let ev = await events(block);
  const app = ev.find((e) => e.path === '/web-ping/app.js');
  assert.ok(app, JSON.stringify(ev));
  assert.equal(app.badge, 'copy-up');
  assert.match(app.text, /^copied up from layer \d+ \(COPY app\.js \.\)/);

  // Delete a file of the base image: a whiteout.
  block = await run(page, 'rm /etc/motd');
  ev = await events(block);
  assert.equal(ev.length, 1, JSON.stringify(ev));
  assert.equal(ev[0].path, '/etc/motd');
  assert.equal(ev[0].badge, 'whiteout');
  assert.match(ev[0].text, /whiteout in the writable layer hides the version in layer \d+/);

  // A new file.
  block = await run(page, 'echo new > /tmp/new.txt');
  ev = await events(block);
  assert.deepEqual(ev.map((e) => [e.badge, e.path]), [['new', '/tmp/new.txt']]);

  // A failing command and a runaway loop do not hang the tab.
  block = await run(page, 'hostname');
  assert.equal((await block.locator('.term-out').textContent()).trim(), prompt.slice(5, 17));
  block = await run(page, 'cat /nope');
  assert.match(await block.textContent(), /cat: can't open '\/nope': No such file or directory|No such file/);
  const started = Date.now();
  block = await run(page, 'while true; do :; done');
  assert.ok(Date.now() - started < 10000);
  assert.match(await block.textContent(), /budget|stopped/i);

  // Up recalls the previous line.
  await page.focus('#container-input');
  await page.press('#container-input', 'ArrowUp');
  assert.equal(await page.inputValue('#container-input'), 'while true; do :; done');
  await page.press('#container-input', 'ArrowUp');
  assert.equal(await page.inputValue('#container-input'), 'cat /nope');
  await page.press('#container-input', 'ArrowDown');
  await page.press('#container-input', 'ArrowDown');
  assert.equal(await page.inputValue('#container-input'), '');

  // docker container diff.
  await page.click('#container-diff');
  const diff = await page.locator('.term-block.host').last();
  assert.match(await diff.locator('.term-cmd').textContent(), /^\$ docker container diff [0-9a-f]{12}$/);
  const lines = (await diff.locator('.term-out').textContent()).trim().split('\n');
  for (const want of ['C /web-ping', 'C /web-ping/app.js', 'C /etc', 'D /etc/motd', 'C /tmp', 'A /tmp/new.txt']) {
    assert.ok(lines.includes(want), `${want} in ${JSON.stringify(lines)}`);
  }
  await page.shot('container-desktop');

  // docker commit with a bad name, then a good one.
  await page.fill('#commit-tag', 'Web-Ping:v2');
  await page.click('#commit');
  await page.locator('.container-panel [role="alert"]').waitFor();
  assert.match(await page.locator('.container-panel [role="alert"]').textContent(), /invalid reference format/);
  await page.fill('#commit-tag', 'web-ping:v2');
  await page.click('#commit');
  await page.locator('#commit-result').waitFor();
  const committed = (await page.locator('#commit-result').textContent()).match(/sha256:[0-9a-f]{64}/)[0];
  assert.equal((await page.locator('.term-block.host').last().locator('.term-out').textContent()).trim(), committed);
  assert.equal(await page.locator('.cow-event').first().evaluate((e) => getComputedStyle(e).animationName), 'cow-in');
  await page.shot('container-commit-desktop');

  // The container lives on across tabs.
  await page.click('#tab-log');
  await page.click('#tab-container');
  assert.ok(await page.locator('.term-block').count() >= 8);

  // FROM the committed tag.
  await page.click('#tab-log');
  await page.fill('#dockerfile', 'FROM web-ping:v2\nRUN tail -n 1 /web-ping/app.js && ls /tmp && test ! -e /etc/motd\n');
  await page.click('#build');
  await page.locator('#build-result').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#build-result').textContent(), /^writing image sha256:[0-9a-f]{64} done$/);
  const logs = (await page.locator('.step .logs').allTextContents()).join('\n');
  assert.match(logs, /\/\/ changed in the container/);
  assert.match(logs, /new\.txt/);

  // Stop removes the container.
  await page.click('#tab-container');
  await page.click('#container-stop');
  await page.locator('#run-container').waitFor();
  assert.equal(await page.locator('#container-input').count(), 0);
  page.assertClean();
  await context.close();
});

test('the container terminal on a phone', async () => {
  const context = await env.browser.newContext({ viewport: PHONE, isMobile: true, reducedMotion: 'reduce' });
  const page = await openPage(context, env.server.origin);
  await buildExample(page, 'web-ping');
  await page.click('#tab-container');
  await page.click('#run-container');
  await page.locator('#container-input').waitFor();
  await run(page, 'echo hi > /etc/motd');
  await run(page, 'rm /etc/hostname');
  await page.click('#container-diff');
  await page.locator('.term-block.host').nth(1).waitFor();
  assert.equal(await page.locator('.cow-event').first().evaluate((e) => getComputedStyle(e).animationName), 'none',
    'no animation under prefers-reduced-motion');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scroll on a phone (scrollWidth ${width})`);
  await page.shot('container-phone');
  page.assertClean();
  await context.close();
});

test('the image panel shows the config and RootFS.Layers and downloads an OCI layout', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const page = await openPage(context, env.server.origin);
  await buildExample(page, 'web-ping');
  const id = (await page.locator('#build-result').textContent()).match(/sha256:[0-9a-f]{64}/)[0];
  await page.click('#tab-image');
  await page.locator('#image-config').waitFor();
  assert.equal(await page.locator('#image-full-id').textContent(), id);
  const config = Object.fromEntries(await page.locator('#image-config dt').evaluateAll((dts) =>
    dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
  assert.equal(config.Cmd, '["node","/web-ping/app.js"]');
  assert.equal(config.WorkingDir, '"/web-ping"');
  assert.match(config.Env, /"TARGET=blog\.sixeyed\.com"/);
  assert.equal(config.RepoTags, 'playground:latest');
  assert.equal(config.Entrypoint, '["docker-entrypoint.sh"]', 'inherited from diamol/node');
  assert.equal(config.Volumes, undefined, 'only the fields the image sets');
  const layers = await page.locator('#rootfs-layers tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.ok(layers.length >= 2 && layers.every((l) => /^sha256:[0-9a-f]{64}$/.test(l[1])), JSON.stringify(layers));
  assert.ok(layers.some((l) => l[3] === 'COPY app.js . # buildkit'), JSON.stringify(layers));
  await page.shot('image-config-desktop');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-oci')]);
  assert.equal(download.suggestedFilename(), 'playground-oci.tar');
  const files = untarFiles(new Uint8Array(readFileSync(await download.path())));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(files.get('oci-layout'))), { imageLayoutVersion: '1.0.0' });
  assert.ok(!files.has('manifest.json'), 'an OCI layout, not a docker archive');
  const index = JSON.parse(new TextDecoder().decode(files.get('index.json')));
  assert.equal(index.schemaVersion, 2);
  assert.equal(index.manifests.length, 1);
  const desc = index.manifests[0];
  assert.equal(desc.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  const manifest = JSON.parse(new TextDecoder().decode(files.get(`blobs/sha256/${desc.digest.slice(7)}`)));
  assert.equal(manifest.config.digest, id, 'the config blob is the image ID');
  assert.deepEqual(manifest.layers.map((l) => l.digest), layers.map((l) => l[1]));
  assert.ok(manifest.layers.every((l) => files.has(`blobs/sha256/${l.digest.slice(7)}`)));
  page.assertClean();
  await context.close();
});
