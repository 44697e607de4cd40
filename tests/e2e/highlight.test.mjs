// Syntax highlighting: the Dockerfile is drawn highlighted under the transparent textarea,
// with the same text, font and padding (so the caret sits on the characters), recolours as
// you type, scrolls sideways with the textarea, and is not used for context files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDist, openPage, DESKTOP, PHONE } from './harness.mjs';

// The dist server and Chromium, started before the tests and stopped after them.
const env = useDist();

const TEXT = '# syntax=docker/dockerfile:1\nFROM node:20 AS build\n# a comment\nCOPY --from=build /a "$HOME/b"\nRUN <<EOF\necho ${X:-y}\nEOF\n';

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`the editor highlights the Dockerfile as you type (${name})`, async () => {
    const context = await env.browser.newContext({ viewport });
    const page = await openPage(context, env.server.origin);
    await page.goto(env.server.url);
    await page.locator('#dockerfile').waitFor({ timeout: 20000 });
    await page.fill('#dockerfile', TEXT);
    await page.waitForFunction(() => document.querySelector('.highlight .tok-heredoc'));
    const kinds = await page.locator('.highlight span').evaluateAll((spans) => spans.map((s) => [s.className, s.textContent]));
    assert.deepEqual(kinds, [
      ['tok-directive', '# syntax=docker/dockerfile:1'],
      ['tok-keyword', 'FROM'], ['tok-keyword', 'AS'],
      ['tok-comment', '# a comment'],
      ['tok-keyword', 'COPY'], ['tok-flag', '--from=build'], ['tok-string', '"$HOME/b"'],
      ['tok-keyword', 'RUN'], ['tok-heredoc-marker', '<<EOF'],
      ['tok-heredoc', 'echo ${X:-y}'], ['tok-heredoc-marker', 'EOF'],
    ]);
    // The copy under the textarea has the same text, font, size and padding.
    const same = await page.evaluate(() => {
      const a = document.querySelector('#dockerfile');
      const h = document.querySelector('.highlight');
      const css = (e) => { const s = getComputedStyle(e); return [s.fontFamily, s.fontSize, s.lineHeight, s.paddingTop, s.paddingLeft, s.tabSize, s.letterSpacing]; };
      return { text: h.textContent === a.value + '\n ', css: JSON.stringify(css(a)) === JSON.stringify(css(h)), transparent: getComputedStyle(a).color };
    });
    assert.ok(same.text, 'highlighted text equals the textarea text');
    assert.ok(same.css, 'same font metrics and padding');
    assert.equal(same.transparent, 'rgba(0, 0, 0, 0)');
    await page.shot(`highlight-${name}`);

    // The editor grows with its lines (the page scrolls); a long line scrolls sideways, and
    // the highlighted copy scrolls with the textarea.
    await page.fill('#dockerfile', TEXT + `RUN echo ${'x'.repeat(400)}\n`);
    await page.locator('#dockerfile').evaluate((a) => { a.scrollLeft = 300; a.dispatchEvent(new Event('scroll')); });
    await page.waitForFunction(() => document.querySelector('.highlight').scrollLeft > 0);
    assert.equal(await page.locator('.highlight').evaluate((h) => h.scrollLeft),
      await page.locator('#dockerfile').evaluate((a) => a.scrollLeft));

    // Context files are plain text: no highlighted copy.
    await page.click('.files .name:has-text("app.js")');
    await page.waitForFunction(() => !document.querySelector('.highlight'));
    assert.notEqual(await page.locator('#dockerfile').evaluate((a) => getComputedStyle(a).color), 'rgba(0, 0, 0, 0)');
    page.assertClean();
    await context.close();
  });
}
