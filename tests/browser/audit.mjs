// Audits one HTML report as its readers meet it, in Debian's chromium driven by
// playwright-core: axe-core with every rule enabled (best practices and experimental
// rules included) at 375 and 1280 px wide, whether anything sticks out of the page at
// those widths, a full-page screenshot at each, and the report printed to an A4 PDF.
// tests/cli/report_browser.rs runs it and judges what it prints: one JSON object.
//
//   node audit.mjs REPORT.html OUT_DIR [CHROMIUM]

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");

const [report, outDir, executablePath = "/usr/bin/chromium"] = process.argv.slice(2);
if (!report || !outDir) {
  console.error("usage: node audit.mjs REPORT.html OUT_DIR [CHROMIUM]");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath,
  // The flags a closed network needs: no background connections, no sandbox as root.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const result = { axe_version: null, widths: {}, pdf: null };
try {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(pathToFileURL(report).href);
    await page.addScriptTag({ path: axePath });
    const audit = await page.evaluate(async () => {
      // Every rule axe has, not only those it runs by default.
      const rules = {};
      for (const rule of window.axe.getRules()) rules[rule.ruleId] = { enabled: true };
      const r = await window.axe.run(document, { rules, resultTypes: ["violations"] });
      return {
        version: window.axe.version,
        rules: Object.keys(rules).length,
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
        })),
      };
    });
    const layout = await page.evaluate(() => {
      // Elements whose box reaches past the page's right edge, outside any scrolling
      // region: what a reader at this width could not see.
      const limit = document.documentElement.clientWidth;
      const cut = [];
      for (const el of document.body.querySelectorAll("*")) {
        if (el.closest(".scroll")) continue;
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > limit + 1) cut.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""));
      }
      // The smallest text a reader meets, charts included (their text scales with them).
      let smallest = Infinity;
      for (const el of document.querySelectorAll("p, td, th, dd, dt, li, caption, figcaption, h1, h2, h3, h4, svg text")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || !el.textContent.trim()) continue;
        let size = parseFloat(getComputedStyle(el).fontSize);
        const svg = el.closest("svg");
        if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
          size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        }
        smallest = Math.min(smallest, size);
      }
      return {
        scroll_width: document.documentElement.scrollWidth,
        client_width: limit,
        cut: cut.slice(0, 10),
        smallest_text_px: Math.round(smallest * 10) / 10,
        wide_table_shown: (() => {
          const t = document.querySelector("table.comparison");
          return !!t && t.getBoundingClientRect().width > 0;
        })(),
      };
    });
    const shot = path.join(outDir, `report-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    result.axe_version = audit.version;
    result.widths[width] = { rules: audit.rules, violations: audit.violations, ...layout, screenshot: shot };
    await page.close();
  }
  const page = await browser.newPage();
  await page.goto(pathToFileURL(report).href);
  await page.emulateMedia({ media: "print" });
  result.pdf = path.join(outDir, "report.pdf");
  await page.pdf({ path: result.pdf, format: "A4", printBackground: true });
  await page.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
