// Bounded work in the course builder's page (issue 24, point 4): its YAML
// reader and its circle search, on inputs grown 10× and 100×, never do more
// than linear work. Work is counted, not timed: V8's precise coverage counts
// how many times each block of docs/assets/js/course-rules.js runs
// (node:inspector), the same count on every machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Session } from "node:inspector/promises";

const require = createRequire(import.meta.url);
const rules = require("../../docs/assets/js/course-rules.js");
const { findCycle } = rules.internals;
const model = JSON.parse(readFileSync(process.env.ESCA_COURSE_MODEL, "utf8"));
const enc = (text) => new TextEncoder().encode(text);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });

/* Block runs inside course-rules.js while `work` runs (counters reset on each take). */
async function blocksRun(work) {
  await session.post("Profiler.takePreciseCoverage");
  work();
  const { result } = await session.post("Profiler.takePreciseCoverage");
  let runs = 0;
  for (const script of result) {
    if (!script.url.endsWith("/course-rules.js")) continue;
    for (const fn of script.functions) for (const range of fn.ranges) runs += range.count;
  }
  return runs;
}

/* Each count at most 2 × 10 times the one before: grown tenfold, no faster than the input. */
async function assertLinear(name, make) {
  const counts = [];
  for (const n of [4, 40, 400]) counts.push(await blocksRun(() => make(n)));
  assert.ok(counts[2] > 5 * counts[0], `${name}: the meter saw no work: ${counts}`);
  for (let i = 1; i < counts.length; i++) {
    assert.ok(counts[i] <= 20 * Math.max(counts[i - 1], 1), `${name}: work grew faster than the input: ${counts}`);
  }
}

const YAML = [
  ["many keys", (n) => Array.from({ length: n }, (_, i) => `k${i}: value ${i}\n`).join("")],
  ["a long flow list", (n) => "k: [" + Array.from({ length: n }, (_, i) => `v${i}`).join(", ") + "]\n"],
  ["a block list of flow mappings", (n) => "k:\n" + Array.from({ length: n }, (_, i) => `  - {a: ${i}, b: x}\n`).join("")],
  ["a long folded text", (n) => "k: >-\n" + "  word word word\n".repeat(n)],
  ["an unclosed quote", (n) => 'k: "' + "a ".repeat(10 * n) + "\n"],
  ["an unclosed flow list", (n) => "k: [" + "a, ".repeat(10 * n) + "\n"],
  ["nested flow lists", (n) => "k: " + "[".repeat(Math.min(n, 40)) + "]".repeat(Math.min(n, 40)) + "\n" + "x: 1\n".repeat(n)],
  ["many comments", (n) => "# note\n".repeat(10 * n) + "k: 1\n"],
];

for (const [name, make] of YAML) {
  test(`the YAML reader: ${name}`, async () => {
    await assertLinear(name, (n) => rules.load(enc(make(n)), "curricula/courses/c.yml", model));
  });
}

const chain = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, i + 1 < n ? [`c${i + 1}`] : []]));
const ladder = (n) => Object.fromEntries(Array.from({ length: n },
  (_, i) => [`c${i}`, [i + 1, i + 2].filter((j) => j < n).map((j) => `c${j}`)]));

test("the circle search: a chain", async () => {
  await assertLinear("chain", (n) => findCycle("c0", chain(10 * n)));
});

test("the circle search: a ladder (2^n paths)", async () => {
  await assertLinear("ladder", (n) => findCycle("c0", ladder(10 * n)));
});
