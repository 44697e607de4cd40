// The build context: examples with their files, .dockerignore'd files marked, new files,
// rename, delete, drag and drop from the desktop, and everything kept across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDist, openPage, DESKTOP } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

const names = (page) => page.locator('.files .name').allTextContents();

test('an example brings its context; .dockerignore marks excluded files', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  assert.deepEqual(await names(page), ['Dockerfile', 'app.js']);

  await page.selectOption('#examples', 'nginx-site');
  assert.match(await page.locator('#dockerfile').inputValue(), /^FROM nginx:latest\nADD \. \/usr\/share\/nginx\/html\n$/);
  assert.deepEqual(await names(page), ['Dockerfile', '.dockerignoreignored', 'NOTES.mdignored', 'index.html', 'style.css']);
  assert.match(await page.locator('.notice').textContent(), /Loaded the example .nginx static site with \.dockerignore/);

  await page.click('.files .name:has-text("index.html")');
  assert.equal(await page.locator('#open-file').textContent(), 'index.html');
  assert.match(await page.locator('#dockerfile').inputValue(), /<h1>Hello from my own nginx image<\/h1>/);
  await page.shot('context-nginx-example');
  page.assertClean();
  await context.close();
});

test('new, rename, delete and drop files; they survive a reload', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });

  page.once('dialog', (d) => d.accept('src/server.js'));
  await page.click('#new-file');
  assert.equal(await page.locator('#open-file').textContent(), 'src/server.js');
  await page.fill('#dockerfile', 'console.log("hi")\n');

  page.once('dialog', (d) => d.accept('lib/server.js'));
  await page.click('button[aria-label="Rename src/server.js"]');
  // The tree lists the directory lib/ first, then the files at the root.
  assert.deepEqual(await names(page), ['Dockerfile', 'server.js', 'app.js']);

  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['dropped text\n'], 'notes.txt', { type: 'text/plain' }));
    return dt;
  });
  await page.dispatchEvent('.context', 'drop', { dataTransfer });
  await page.waitForFunction(() => [...document.querySelectorAll('.files .name')].some((b) => b.textContent === 'notes.txt'));
  assert.equal(await page.locator('#dockerfile').inputValue(), 'dropped text\n');

  page.once('dialog', (d) => d.accept());
  await page.click('button[aria-label="Delete app.js"]');
  assert.deepEqual(await names(page), ['Dockerfile', 'server.js', 'notes.txt']);

  await page.reload();
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  assert.deepEqual(await names(page), ['Dockerfile', 'server.js', 'notes.txt']);
  await page.click('.files .name:has-text("server.js")');
  assert.equal(await page.locator('#dockerfile').inputValue(), 'console.log("hi")\n');
  await page.shot('context-files-after-reload');
  page.assertClean();
  await context.close();
});
