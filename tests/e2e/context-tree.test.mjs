// The context files as a tree: directories first, files indented under them by their base
// name, directories collapsible with a click and with the arrow keys, a new file in a collapsed
// directory expands it, `.dockerignore` marks a directory whose files it all excludes, and a
// nested file opens in the editor. ARIA tree roles, levels, expanded and selected states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useDist, openPage, DESKTOP, PHONE } from './harness.mjs';

const AXE = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

// Each tree row as "level text [expanded]" (text of the row's main button).
const rows = (page) => page.$$eval('.files [role="treeitem"]', (els) => els.map((e) => {
  const main = e.querySelector('.name, .dir-name');
  const expanded = e.hasAttribute('aria-expanded') ? ` ${e.getAttribute('aria-expanded')}` : '';
  return `${e.getAttribute('aria-level')} ${main.textContent}${expanded}`;
}));

async function newFile(page, path, text) {
  page.once('dialog', (d) => d.accept(path));
  await page.click('#new-file');
  await page.waitForFunction((p) => document.querySelector('#open-file')?.textContent === p, path);
  await page.fill('#dockerfile', text);
}

const focused = (page) => page.evaluate(() => document.activeElement?.textContent);
async function press(page, key, expectText) {
  await page.keyboard.press(key);
  await page.waitForFunction((t) => document.activeElement?.textContent === t, expectText);
}

async function setUp(page) {
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await newFile(page, 'src/a.js', 'A\n');
  await newFile(page, 'src/lib/b.js', 'B\n');
}

test('context tree: levels, indentation, collapse by click and keyboard, ignored dirs, nested files open', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await setUp(page);

  assert.equal(await page.getAttribute('.files', 'role'), 'tree');
  assert.deepEqual(await rows(page), ['1 Dockerfile', '1 ▾src/ true', '2 ▾lib/ true', '3 b.js', '2 a.js', '1 app.js']);
  assert.equal(await page.locator('.files .dir:has-text("src/") .size').textContent(), '2 files');
  assert.equal(await page.locator('.files .dir:has-text("lib/") .size').textContent(), '1 file');
  // The open file is the selected row; the others are not selected.
  assert.equal(await page.locator('[role="treeitem"]:has(.name:text-is("b.js"))').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('[role="treeitem"]:has(.name:text-is("a.js"))').getAttribute('aria-selected'), 'false');
  // Indentation grows with the level.
  const x = async (name) => (await page.locator(`.files .name:text-is("${name}")`).boundingBox()).x;
  const [xApp, xA, xB] = [await x('app.js'), await x('a.js'), await x('b.js')];
  assert.ok(xApp < xA && xA < xB, `indents ${xApp} ${xA} ${xB}`);

  // A click collapses and expands a directory.
  await page.click('.files .dir-name:has-text("src/")');
  assert.deepEqual(await rows(page), ['1 Dockerfile', '1 ▸src/ false', '1 app.js']);
  await page.click('.files .dir-name:has-text("src/")');
  assert.equal((await rows(page)).length, 6);

  // The keyboard: Down/Up move, Left collapses (or goes to the parent), Right expands (or goes
  // to the first child), Enter opens.
  await page.focus('.files .name:text-is("Dockerfile")');
  await press(page, 'ArrowDown', '▾src/');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelectorAll('.files [role="treeitem"]').length === 3);
  assert.equal(await focused(page), '▸src/');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelectorAll('.files [role="treeitem"]').length === 6);
  // The key's focus move lands on the next turn; a person's next key comes later than that.
  await page.waitForFunction(() => document.activeElement?.textContent === '▾src/');
  await press(page, 'ArrowRight', '▾lib/');
  await press(page, 'ArrowDown', 'b.js');
  await press(page, 'ArrowLeft', '▾lib/');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelectorAll('.files [role="treeitem"]').length === 5);
  await page.waitForFunction(() => document.activeElement?.textContent === '▸lib/');
  await press(page, 'ArrowDown', 'a.js');
  await press(page, 'ArrowUp', '▸lib/');
  await press(page, 'ArrowDown', 'a.js');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#open-file')?.textContent === 'src/a.js');
  assert.equal(await page.locator('#dockerfile').inputValue(), 'A\n');
  assert.deepEqual(await rows(page), ['1 Dockerfile', '1 ▾src/ true', '2 ▸lib/ false', '2 a.js', '1 app.js']);

  // A new file in the collapsed lib/ expands it.
  await newFile(page, 'src/lib/c.js', 'C\n');
  assert.deepEqual(await rows(page), ['1 Dockerfile', '1 ▾src/ true', '2 ▾lib/ true', '3 b.js', '3 c.js', '2 a.js', '1 app.js']);

  // .dockerignore with src/lib ignores both its files: the directory is marked too.
  await newFile(page, '.dockerignore', 'src/lib\n');
  await page.locator('.files .dir.ignored').waitFor();
  assert.equal(await page.locator('.files .dir.ignored .dir-name').textContent(), '▾lib/ignored');
  assert.equal(await page.locator('.files .dir:has-text("src/")').getAttribute('class'), 'dir');
  assert.deepEqual(await page.locator('.files .file.ignored .name').allTextContents(), ['b.jsignored', 'c.jsignored']);
  const strike = await page.locator('.files .dir.ignored .dir-name').evaluate((e) => getComputedStyle(e).textDecorationLine);
  assert.equal(strike, 'line-through');

  // A nested file opens in the editor with a click.
  await page.click('.files .name:has-text("b.js")');
  assert.equal(await page.locator('#open-file').textContent(), 'src/lib/b.js');
  assert.equal(await page.locator('#dockerfile').inputValue(), 'B\n');
  // axe finds nothing serious in the tree (roles, levels, states, nested buttons).
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run('.context', { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  });
  console.log(`axe on the tree: ${violations.join('\n') || 'no violations'}`);
  assert.deepEqual(violations.filter((v) => /^(serious|critical)/.test(v)), []);
  await page.shot('context-tree-desktop');
  page.assertClean();
  await context.close();
});

test('context tree at phone width', async () => {
  const context = await env.browser.newContext({ viewport: PHONE, isMobile: true });
  const page = await openPage(context, env.server.origin);
  await setUp(page);
  await newFile(page, '.dockerignore', 'src/lib\n');
  await page.locator('.files .dir.ignored').waitFor();
  await page.click('.files .name:has-text("a.js")');
  assert.equal(await page.locator('#dockerfile').inputValue(), 'A\n');
  // Nothing overflows the panel sideways.
  const overflow = await page.locator('.context').evaluate((e) => e.scrollWidth - e.clientWidth);
  assert.ok(overflow <= 0, `context panel overflows by ${overflow}px`);
  await page.locator('.context').screenshot({ path: 'target/e2e-screenshots/context-tree-phone-panel.png' });
  await page.shot('context-tree-phone');
  page.assertClean();
  await context.close();
});
