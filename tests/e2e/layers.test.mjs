// The Layers tab (one row per history entry, CACHED / BUILT, changed / reused after a
// rebuild, digest copied on click) and the Files tab (merged tree with the layer of each file,
// keyboard navigation, a layer's own changes with whiteouts, the version stack of a path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDist, openPage, DESKTOP, PHONE } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

const layerRows = (page) => page.locator('.layer-row').evaluateAll((els) => els.map((e) => ({
  index: e.querySelector('.lr-index').textContent,
  createdBy: e.querySelector('.lr-created').textContent,
  empty: e.classList.contains('empty'),
  badge: e.querySelector('.badge')?.textContent ?? '',
  mark: e.querySelector('.mark')?.textContent ?? '',
  reason: e.querySelector('.lr-reason')?.textContent ?? '',
  digest: e.querySelector('.digest')?.textContent ?? '',
})));

async function open(viewport, extra = {}) {
  const context = await env.browser.newContext({ viewport, ...extra });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  return { context, page };
}

test('layer stack: badges, created-by, changed and reused after editing app.js; files of a layer', async () => {
  const { context, page } = await open(DESKTOP, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.click('#build');
  await page.locator('#build-result.ok').waitFor();
  await page.click('#tab-layers');
  await page.locator('#layer-rows').waitFor();
  const first = await layerRows(page);
  assert.equal(first[0].createdBy, 'CMD ["node" "/web-ping/app.js"]', JSON.stringify(first));
  assert.ok(first[0].empty && first[0].badge === '' && first[0].index === '—');
  const copy = first.find((r) => r.createdBy === 'COPY app.js . # buildkit');
  assert.equal(copy.badge, 'BUILT');
  assert.match(copy.digest, /^[0-9a-f]{12}$/);
  assert.ok(first.some((r) => /^ENV TARGET=/.test(r.createdBy) && r.empty));
  assert.ok(first.filter((r) => !r.empty).every((r) => r.mark === ''), 'no marks before a rebuild');
  const baseRows = first.filter((r) => !r.empty && r.badge === '');
  assert.ok(baseRows.length >= 1, 'base image layers have no cache badge');

  // The digest copies the full diff_id.
  await page.locator('.layer-row:has-text("COPY app.js") .digest').click();
  await page.locator('.layer-row:has-text("COPY app.js") .copied').waitFor();
  assert.equal(await page.locator('.layer-row:has-text("COPY app.js") .copied').textContent(), 'copied');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, `sha256:${copy.digest}${clip.slice(19)}`);
  assert.match(clip, /^sha256:[0-9a-f]{64}$/);

  // Edit app.js and rebuild: the COPY layer changed, everything below reused.
  await page.click('.files .name:has-text("app.js")');
  await page.fill('#dockerfile', 'console.log("edited");\n');
  await page.click('#build');
  await page.waitForFunction(() => document.querySelector('.layer-row .mark') !== null);
  const rows = await layerRows(page);
  const layered = rows.filter((r) => !r.empty);
  const copyAgain = layered.find((r) => r.createdBy === 'COPY app.js . # buildkit');
  assert.equal(copyAgain.mark, 'changed', JSON.stringify(rows));
  assert.equal(copyAgain.badge, 'BUILT');
  assert.match(copyAgain.reason, /app\.js/);
  assert.notEqual(copyAgain.digest, copy.digest);
  const below = layered.slice(layered.indexOf(copyAgain) + 1);
  assert.ok(below.length >= 2 && below.every((r) => r.mark === 'reused'), JSON.stringify(below));
  assert.equal(layered.find((r) => r.createdBy === 'WORKDIR /web-ping').badge, 'CACHED');
  assert.ok(rows.filter((r) => r.empty).every((r) => r.mark === ''));
  assert.match(await page.locator('.layer-row:has-text("WORKDIR /web-ping") .shared').textContent(), /shared with [0-9a-f]{12} \(untagged\)/);
  await page.shot('layers-desktop');

  // "files →" on the COPY row opens the Files tab on that layer's changes.
  await page.locator('.layer-row:has-text("COPY app.js") .files-link').click();
  await page.locator('#layer-changes').waitFor();
  assert.equal(await page.getAttribute('#tab-files', 'aria-selected'), 'true');
  assert.equal(await page.locator('#layer-picker').inputValue(), copyAgain.index.slice(1));
  const changes = await page.locator('.change').allTextContents();
  assert.ok(changes.some((c) => /^A\/web-ping\/app\.js/.test(c)), JSON.stringify(changes));

  // The merged tree: /web-ping/app.js comes from the COPY layer; keyboard opens it.
  await page.selectOption('#layer-picker', 'all');
  const tree = page.locator('#fx-tree');
  await tree.waitFor();
  const webPing = page.locator('[role=treeitem]:has(.fx-name:text-is("web-ping/"))');
  assert.equal(await webPing.getAttribute('aria-expanded'), 'false');
  await webPing.click();
  assert.equal(await webPing.getAttribute('aria-expanded'), 'true');
  const app = page.locator('[role=treeitem]:has(.fx-name:text-is("app.js"))');
  assert.equal(await app.locator('.fx-layer').textContent(), copyAgain.index);
  assert.equal(await app.getAttribute('aria-level'), '2');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.textContent.includes('app.js'));
  await page.keyboard.press('Enter');
  await page.locator('#file-view').waitFor();
  assert.equal(await page.locator('#file-view .file-text').textContent(), 'console.log("edited");\n');
  assert.match(await page.locator('#file-view').textContent(), new RegExp(`from ${copyAgain.index}`));
  await page.shot('explorer-tree-desktop');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.activeElement?.textContent.includes('web-ping/'));
  await page.keyboard.press('ArrowLeft');
  assert.equal(await webPing.getAttribute('aria-expanded'), 'false');
  // A synthetic binary of the base image: its size, no text.
  await page.locator('[role=treeitem]:has(.fx-name:text-is("bin/"))').click();
  await page.locator('[role=treeitem]:has(.tag:text-is("synthetic"))').first().click();
  assert.match(await page.locator('#file-view .note').textContent(), /^synthetic content · \d/);
  assert.equal(await page.locator('#file-view .file-text').count(), 0);
  page.assertClean();
  await context.close();
});

test('a deleted base file shows as a whiteout; wasted bytes; versions of the path', async () => {
  const { context, page } = await open(DESKTOP);
  await page.fill('#dockerfile', 'FROM alpine:3.20\nRUN rm /etc/motd\n');
  await page.click('#build');
  await page.locator('#build-result.ok').waitFor();
  await page.click('#tab-files');
  await page.locator('#fx-tree').waitFor();
  assert.match(await page.locator('#wasted summary').textContent(), /^Wasted: \d+B in 1 path/);
  const options = await page.locator('#layer-picker option').allTextContents();
  const last = options.length - 2;
  assert.match(options.at(-1), /RUN \/bin\/sh -c rm \/etc\/motd/);
  await page.selectOption('#layer-picker', String(last));
  const motd = page.locator('.change:has-text("/etc/motd")');
  await motd.waitFor();
  assert.equal(await motd.locator('.letter').textContent(), 'D');
  assert.equal(await motd.locator('.tag.wh').textContent(), 'whiteout /etc/.wh.motd');
  assert.match(await motd.locator('.tag.wh').getAttribute('title'), /whiteout/);
  await motd.locator('button').click();
  const view = page.locator('#file-view');
  await view.waitFor();
  const versions = await view.locator('.version').allTextContents();
  assert.equal(versions.length, 2, JSON.stringify(versions));
  assert.match(versions[0], new RegExp(`^L${last}whiteout0Bdeleted here`));
  assert.match(versions[1], /^L0put\d+Bhidden by a later layer/);
  assert.match(await view.textContent(), /not in the image/);
  await page.locator('#sort-size').click();
  assert.equal(await page.getAttribute('#sort-size', 'aria-pressed'), 'true');
  await page.locator('#wasted summary').click();
  await page.shot('explorer-desktop');
  page.assertClean();
  await context.close();
});

test('a large directory is listed 200 entries at a time; a large layer 300 changes', async () => {
  const { context, page } = await open(DESKTOP);
  await page.fill('#dockerfile', 'FROM alpine:3.20\nRUN mkdir /many && cd /many && for i in $(seq 1 450); do echo $i > f$i; done\n');
  await page.click('#build');
  await page.locator('#build-result.ok').waitFor();
  await page.click('#tab-files');
  await page.locator('[role=treeitem]:has(.fx-name:text-is("many/"))').click();
  const level2 = page.locator('#fx-tree [role=treeitem][aria-level="2"]');
  assert.equal(await level2.count(), 201);
  assert.equal(await level2.last().textContent(), '… 250 more (show 200)');
  assert.equal(await level2.first().getAttribute('aria-setsize'), '450');
  await level2.last().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#fx-tree [role=treeitem][aria-level="2"]').length === 401);
  assert.equal(await level2.last().textContent(), '… 50 more (show 50)');
  const options = await page.locator('#layer-picker option').count();
  await page.selectOption('#layer-picker', String(options - 2));
  await page.locator('#layer-changes').waitFor();
  assert.equal(await page.locator('.change').count(), 300);
  assert.match(await page.locator('#layer-changes').textContent(), /Showing 300 of 451 changes\./);
  page.assertClean();
  await context.close();
});

test('layers and files on a phone, dark', async () => {
  const { context, page } = await open(PHONE, { isMobile: true, colorScheme: 'dark' });
  await page.click('#build');
  await page.locator('#build-result.ok').waitFor();
  await page.click('#tab-layers');
  await page.locator('#layer-rows').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await page.shot('layers-phone');
  await page.click('#tab-files');
  await page.locator('[role=treeitem]:has(.fx-name:text-is("web-ping/"))').click();
  await page.locator('[role=treeitem]:has(.fx-name:text-is("app.js"))').click();
  await page.locator('#file-view .file-text').waitFor();
  const width2 = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width2 <= 390, `page is ${width2}px wide`);
  await page.shot('explorer-phone');
  page.assertClean();
  await context.close();
});
