// Accessibility and quality: axe-core (from node_modules) runs on the page before and after a
// build, in light and dark colour schemes, at desktop (1440 px) and phone (390 px) widths; no
// `serious` or `critical` violation may remain (every violation is printed). The keyboard
// reaches the examples, the context files, the editor, Build and the tabs, in that order, and
// every focused control shows a visible focus ring. No console errors anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useDist, openPage, DESKTOP, PHONE } from './harness.mjs';

const AXE = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

// Runs axe-core on the page; prints every violation; returns the serious and critical ones.
async function audit(page, label) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    if (result.passes.length < 10) throw new Error(`axe checked almost nothing (${result.passes.length} rules passed)`);
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`),
    }));
  });
  for (const v of violations) {
    console.log(`[axe ${label}] ${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.join('\n  ')}`);
  }
  if (violations.length === 0) console.log(`[axe ${label}] no violations`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

for (const scheme of ['light', 'dark']) {
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`axe finds nothing serious before and after a build (${scheme}, ${size})`, async () => {
      const context = await env.browser.newContext({ viewport, colorScheme: scheme, isMobile: size === 'phone' });
      const page = await openPage(context, env.server.origin);
      await page.goto(env.server.url);
      await page.locator('#dockerfile').waitFor({ timeout: 20000 });
      const before = await audit(page, `${scheme} ${size} before build`);
      await page.click('#build');
      await page.locator('#build-result').waitFor({ timeout: 20000 });
      const afterBuild = await audit(page, `${scheme} ${size} after build`);
      await page.shot(`a11y-${scheme}-${size}`);
      await page.click('#tab-image');
      await page.locator('#panel-image').waitFor();
      const image = await audit(page, `${scheme} ${size} image tab`);
      const serious = [...before, ...afterBuild, ...image];
      assert.deepEqual(serious.map((v) => `${v.impact} ${v.id}: ${v.nodes.join('; ')}`), []);
      page.assertClean();
      await context.close();
    });
  }
}

test('Tab reaches the examples, the files, the editor, Build and the tabs, with a visible focus ring', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  const order = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}[${el.textContent.trim().slice(0, 20)}]`;
      return { name, ring };
    });
    if (!focused) break;
    order.push(focused);
    if (order.some((f) => f.name === '#tab-log') && order.some((f) => f.name === '#build')) break;
  }
  const names = order.map((f) => f.name);
  console.log(`Tab order: ${names.join(' → ')}`);
  const at = (pred) => names.findIndex(pred);
  const examples = at((n) => n === '#examples');
  const file = at((n) => n.includes('app.js'));
  const editor = at((n) => n === '#dockerfile');
  const build = at((n) => n === '#build');
  const tabs = at((n) => n === '#tab-log');
  for (const [what, i] of Object.entries({ examples, file, editor, build, tabs })) {
    assert.ok(i >= 0, `Tab never reached ${what}: ${names.join(' → ')}`);
  }
  assert.ok(examples < file && file < editor && editor < build, names.join(' → '));
  const noRing = order.filter((f) => !f.ring).map((f) => f.name);
  assert.deepEqual(noRing, [], `focused without a visible focus ring: ${noRing.join(', ')}`);
  // The tabs work from the keyboard: arrow right selects the next tab (Layers), End the last
  // (Image), Home the first.
  await page.focus('#tab-log');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-layers');
  assert.equal(await page.locator('#tab-layers').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-image');
  assert.equal(await page.locator('#tab-image').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-log');
  page.assertClean();
  await context.close();
});

test('a long build shows its progress, keeps the page responsive, and can be canceled', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await openPage(context, env.server.origin);
  await page.goto(env.server.url);
  await page.locator('#dockerfile').waitFor({ timeout: 20000 });
  await page.selectOption('#examples', 'static-web');
  // Record what the log shows while the build runs (sampled every animation frame).
  await page.evaluate(() => {
    window.seen = [];
    const sample = () => {
      const status = document.querySelector('#build-status')?.textContent;
      const running = document.querySelector('.step.running .name')?.textContent;
      if (status) window.seen.push(`${status} | ${running ?? ''}`);
      if (!document.querySelector('#build-result')) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.click('#build');
  await page.locator('#build-result').waitFor({ timeout: 30000 });
  const seen = [...new Set(await page.evaluate(() => window.seen))];
  console.log(`progress seen:\n  ${seen.join('\n  ')}`);
  assert.ok(seen.some((s) => /^Building… step \d+\/\d+ \| \[\d\/\d\] RUN apt-get update/.test(s)), seen.join('\n'));
  assert.match(await page.locator('#build-result').textContent(), /^writing image sha256:[0-9a-f]{64} done$/);
  await page.shot('build-progress-done');

  // Cancel: twelve slow RUN steps (4,000 shell loop turns each, a fraction of a second in wasm), stopped once the first runs.
  const slow = Array.from({ length: 12 }, (_, i) => `RUN i=${i}; while [ $i -lt 4000 ]; do i=$((i+1)); done`);
  await page.fill('#dockerfile', `FROM alpine:3.20\n${slow.join('\n')}\n`);
  await page.click('#build');
  await page.locator('.step.running .name:has-text("RUN")').first().waitFor();
  assert.equal((await page.locator('#build').textContent()).trim(), 'Cancel');
  // The click is delivered as a task: it runs between two steps, which is what is tested
  // (Playwright's own click first waits for stable frames, which can outlast the build).
  await page.evaluate(() => document.querySelector('#build').click());
  await page.locator('#build-result.err').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#build-result').textContent(), /Canceled: context canceled/);
  assert.equal((await page.locator('#build').textContent()).trim(), 'Build');
  const ran = await page.locator('.step .name:has-text("RUN")').count();
  assert.ok(ran < 12, `the canceled build stopped early (${ran} RUN steps ran)`);
  await page.shot('build-canceled');

  // Build (Ctrl+Enter) during a build starts over with the current text.
  await page.click('#build');
  await page.locator('.step.running .name:has-text("RUN")').first().waitFor();
  await page.fill('#dockerfile', 'FROM alpine:3.20\nRUN echo restarted > /r\n');
  await page.focus('#dockerfile');
  await page.keyboard.press('Control+Enter');
  await page.locator('#build-result.ok').waitFor({ timeout: 30000 });
  const names = await page.locator('.step .name').allTextContents();
  assert.ok(names.some((n) => /echo restarted/.test(n)) && !names.some((n) => /while/.test(n)), names.join('\n'));
  page.assertClean();
  await context.close();
});
