// `make bench`, UI timings in headless Chromium (dist/ must be built). For the default example
// (web-ping), in a fresh browser context each run (no cache, no saved workspace):
//   wasm fetched       navigation start → the .wasm response has ended (resource timing)
//   app ready          navigation start → the editor (#dockerfile) is in the DOM (wasm
//                      compiled, instantiated, first render)
//   build              click on Build → #build-result in the DOM (the page clicks Build itself
//                      on the next turn after the editor appears)
//   first build shown  navigation start → #build-result in the DOM (= app ready + build)
//   keystroke rebuild  keydown of one character typed at the end of app.js, then Ctrl+Enter →
//                      the new #build-result (new element or new image ID) in the DOM
//                      (COPY app.js runs again); Playwright sends the keys one by one, so
//                      this includes its delivery of Ctrl and Enter
//   Ctrl+Enter rebuild keydown of Enter (with Ctrl) → the new #build-result
//   keystroke → layer stack  the same as keystroke rebuild with the Layers tab open: keydown
//                      of the character → the rebuilt layer stack (#layer-rows changed)
// Times come from performance.now() inside the page (a MutationObserver notes when an element
// appears; the next frame paints it). Prints the median and the range of N runs
// (BENCH_RUNS, default 7); asserts nothing about time.
import { serveDist, launch, DESKTOP } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// Installed before the page's scripts: notes when the editor first appears, when the build
// result appears or changes (a new element or new text: a new image ID), and keydown times.
function instrument() {
  window.__marks = { appear: {}, keydown: [] };
  const last = {};
  new MutationObserver(() => {
    const now = performance.now();
    for (const sel of ['#dockerfile', '#build-result', '#layer-rows']) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const text = sel === '#dockerfile' ? '' : el.textContent;
      if (last[sel]?.el !== el || last[sel]?.text !== text) {
        last[sel] = { el, text };
        (window.__marks.appear[sel] ??= []).push(now);
        // The scripted click on Build, as soon as the app is there.
        if (sel === '#dockerfile' && window.__marks.appear[sel].length === 1) {
          setTimeout(() => { window.__marks.click = performance.now(); document.querySelector('#build')?.click(); }, 0);
        }
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  window.addEventListener('keydown', () => window.__marks.keydown.push(performance.now()), true);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const server = await serveDist();
const browser = await launch();
const results = { 'wasm fetched': [], 'app ready': [], build: [], 'first build shown': [], 'keystroke rebuild': [], 'Ctrl+Enter rebuild': [], 'keystroke → layer stack': [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e}`));
    await page.goto(server.url);
    await page.locator('#dockerfile').waitFor({ timeout: 30000 });
    await page.locator('#build-result').waitFor({ timeout: 30000 });
    const first = await page.evaluate(() => ({
      click: window.__marks.click,
      ready: window.__marks.appear['#dockerfile'][0],
      result: window.__marks.appear['#build-result'][0],
      wasm: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd,
    }));
    results['wasm fetched'].push(first.wasm);
    results['app ready'].push(first.ready);
    results.build.push(first.result - first.click);
    results['first build shown'].push(first.result);

    // Keystroke → rebuilt: type one character at the end of app.js, then Ctrl+Enter.
    await page.click('.files .name:has-text("app.js")');
    await page.focus('#dockerfile');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+End');
    const before = await page.evaluate(() => window.__marks.keydown.length);
    await page.keyboard.type('x');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => (window.__marks.appear['#build-result'] ?? []).length >= 2, null, { timeout: 30000 });
    const again = await page.evaluate((n) => ({
      key: window.__marks.keydown[n],
      enter: window.__marks.keydown[n + 2],
      result: window.__marks.appear['#build-result'][1],
      copy: [...document.querySelectorAll('.step')].find((s) => /COPY app\.js/.test(s.textContent))?.querySelector('.badge')?.textContent,
    }), before);
    if (again.copy !== 'DONE') console.error(`run ${run}: the rebuild did not run COPY app.js again (${again.copy})`);
    results['keystroke rebuild'].push(again.result - again.key);
    results['Ctrl+Enter rebuild'].push(again.result - again.enter);

    // Keystroke → rebuilt layer stack shown: the same with the Layers tab open; the stack's
    // rows change (the COPY layer's digest and its BUILT / changed marks).
    await page.click('#tab-layers');
    await page.locator('#layer-rows').waitFor();
    const mark = await page.evaluate(() => [window.__marks.keydown.length, (window.__marks.appear['#layer-rows'] ?? []).length]);
    await page.focus('#dockerfile');
    await page.keyboard.press('Control+End');
    const typed = await page.evaluate(() => window.__marks.keydown.length);
    await page.keyboard.type('y');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction((k) => (window.__marks.appear['#layer-rows'] ?? []).length > k, mark[1], { timeout: 30000 });
    const stack = await page.evaluate(([n, k]) => ({ key: window.__marks.keydown[n], shown: window.__marks.appear['#layer-rows'][k] }), [typed, mark[1]]);
    results['keystroke → layer stack'].push(stack.shown - stack.key);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}

console.log(`UI timings, web-ping, headless Chromium, median of ${RUNS} runs (min – max), ms:`);
for (const [name, xs] of Object.entries(results)) {
  const ok = xs.filter((x) => typeof x === 'number');
  if (!ok.length) { console.log(`  ${name.padEnd(24)} not measured`); continue; }
  console.log(`  ${name.padEnd(24)} ${median(ok).toFixed(1).padStart(8)}   (${Math.min(...ok).toFixed(1)} – ${Math.max(...ok).toFixed(1)})`);
}
