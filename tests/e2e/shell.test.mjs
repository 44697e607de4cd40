// The app shell: loads with no console error and no foreign request, shows the editor with
// the example, keeps edits across a reload, follows the colour scheme, works from a sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, DESKTOP, PHONE } from './harness.mjs';

let server, subServer, browser;

before(async () => {
  server = await serveDist();
  subServer = await serveDist('layercake/');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  subServer?.stop();
});

async function editorText(page) {
  const area = page.locator('#dockerfile');
  await area.waitFor({ timeout: 20000 });
  return area.inputValue();
}

test('loads with the example Dockerfile on a desktop', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light' });
  const page = await openPage(context, server.origin);
  await page.goto(server.url);
  assert.match(await editorText(page), /^FROM diamol\/node\nENV TARGET="blog.sixeyed.com"/);
  assert.equal(await page.locator('h1').textContent(), 'Layercake');
  assert.deepEqual(await page.locator('.gutter .ln').allTextContents(), ['1', '2', '3', '4', '5', '6']);
  await page.shot('shell-desktop-light');
  page.assertClean();
  await context.close();
});

test('an edit survives a reload', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, server.origin);
  await page.goto(server.url);
  await editorText(page);
  await page.fill('#dockerfile', 'FROM alpine:3.20\nRUN echo "kept after reload"\n');
  await page.waitForFunction(() => (localStorage.getItem('layercake.workspace') ?? '').includes('kept after reload'));
  await page.reload();
  assert.equal(await editorText(page), 'FROM alpine:3.20\nRUN echo "kept after reload"\n');
  await page.shot('shell-after-reload');
  await page.selectOption('#examples', 'web-ping');
  assert.match(await editorText(page), /^FROM diamol\/node/);
  await page.click('#undo-example');
  assert.equal(await editorText(page), 'FROM alpine:3.20\nRUN echo "kept after reload"\n');
  page.assertClean();
  await context.close();
});

test('unreadable saved data is kept aside and reported', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, server.origin);
  await page.goto(server.url);
  await editorText(page);
  await page.evaluate(() => localStorage.setItem('layercake.workspace', '{not json'));
  await page.reload();
  assert.match(await editorText(page), /^FROM diamol\/node/);
  const notice = await page.locator('.notice').textContent();
  assert.match(notice, /could not be read; it was kept in localStorage as "layercake\.workspace\.unreadable-\d+"/);
  const kept = await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('layercake.workspace.unreadable-')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(kept, ['{not json']);
  await page.shot('shell-unreadable-saved-data');
  page.assertClean();
  await context.close();
});

test('dark colour scheme on a phone', async () => {
  const context = await browser.newContext({ viewport: PHONE, colorScheme: 'dark', isMobile: true });
  const page = await openPage(context, server.origin);
  await page.goto(server.url);
  await editorText(page);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(18, 21, 28)');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
  await page.shot('shell-phone-dark');
  page.assertClean();
  await context.close();
});

test('works when served from a sub-path', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, subServer.origin);
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(subServer.url);
  assert.match(await editorText(page), /^FROM diamol\/node/);
  const outside = requested.filter((p) => !p.startsWith('/layercake/'));
  assert.deepEqual(outside, [], `requests outside the sub-path: ${outside}`);
  await page.shot('shell-subpath');
  page.assertClean();
  await context.close();
});
