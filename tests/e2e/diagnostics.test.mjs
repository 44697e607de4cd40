// Diagnostics as you type: errors and warnings with line:column and hints appear under the
// editor, the offending line is marked in the gutter, and clicking a problem selects it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDist, openPage, DESKTOP, PHONE } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

const BROKEN = 'FROM node:20-alpine as Build\nWORKDIR /app\nCOPPY package.json .\nCMD node app.js\n';

test('typing a typo shows the error with a hint, marks the line, and a click selects it', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.problems-summary').textContent(), 'No problems');

  await page.fill('#dockerfile', BROKEN);
  await page.waitForFunction(() => document.querySelector('.problems-summary')?.textContent.includes('error'));
  const items = await page.locator('.problem').allTextContents();
  assert.equal(items.length, 4, items.join('\n'));
  assert.match(items[0], /^1:1warning'as' and 'FROM' keywords' casing do not match/);
  assert.match(items[2], /^3:1errorunknown instruction: COPPYhint: did you mean COPY\?$/);
  assert.equal(await page.locator('.gutter .ln.err').textContent(), '3');
  assert.deepEqual(await page.locator('.gutter .ln.warn').allTextContents(), ['1', '4']);

  await page.locator('.problem.err').click();
  const selection = await page.evaluate(() => {
    const a = document.querySelector('#dockerfile');
    return [document.activeElement === a, a.value.slice(a.selectionStart, a.selectionEnd)];
  });
  assert.deepEqual(selection, [true, 'COPPY']);
  await page.shot('diagnostics-desktop');
  page.assertClean();
  await context.close();
});

test('diagnostics on a phone, dark', async () => {
  const context = await env.browser.newContext({ viewport: PHONE, colorScheme: 'dark', isMobile: true });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await page.fill('#dockerfile', BROKEN);
  await page.waitForFunction(() => document.querySelectorAll('.problem').length === 4);
  await page.shot('diagnostics-phone-dark');
  page.assertClean();
  await context.close();
});
