// Runs Lighthouse (mobile) on several addresses in one Chromium that is
// already running with --remote-debugging-port, and prints one JSON object:
// {address: {scores: {category: score}, failing: [audit id: title]}}.
// Only the accessibility, best-practices and SEO categories: their audits do
// not depend on speed, so nothing waits for the page to go quiet.
// Used by tests/test_lighthouse.py; usage: node lighthouse_run.mjs PORT URL...
import lighthouse from "lighthouse";

const [port, ...urls] = process.argv.slice(2);
const config = {
  extends: "lighthouse:default",
  settings: {
    formFactor: "mobile",
    onlyCategories: ["accessibility", "best-practices", "seo"],
    // The default "simulate" method throttles nothing in the browser (it only
    // models performance, which is not run here); "provided" would add
    // 5-second quiet windows. No waiting after load: the page is static.
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
    disableFullPageScreenshot: true,
  },
};
const report = {};
for (const url of urls) {
  const result = await lighthouse(url, { port: Number(port), logLevel: "error", output: "json" }, config);
  const lhr = result.lhr;
  const scores = {};
  const failing = [];
  for (const [id, category] of Object.entries(lhr.categories)) {
    scores[id] = category.score;
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        failing.push(`${ref.id}: ${audit.title}`);
      }
    }
  }
  report[url] = { scores, failing, runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null };
}
process.stdout.write(JSON.stringify(report, null, 1));
