// Unit tests for docs/assets/js/course-rules.js, the course builder's reader
// and its interpreter of the build's course declaration (node --test).
// The model is the one the build publishes: ESCA_COURSE_MODEL names the JSON
// file (make test writes it with `python -m esca generate`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const rules = require("../../docs/assets/js/course-rules.js");
const { resolve, pyStrip, pyRepr, oneLine, fill, fixOrChoices, findCycle, parseDatetime, clockChange } = rules.internals;
const model = JSON.parse(readFileSync(process.env.ESCA_COURSE_MODEL, "utf8"));
const enc = (text) => new TextEncoder().encode(text);

// A plain scalar resolves as PyYAML's safe loader resolves it (YAML 1.1).
const SCALARS = [
  ["yes", true], ["Off", false], ["~", null], ["", null], ["0x1A", 26], ["017", 15], ["1_000", 1000],
  ["1:30", 90], ["hello", "hello"], ["2026-02-30", "2026-02-30"], ["3.5", "PyFloat 3.5"],
];
for (const [text, want] of SCALARS) {
  test(`resolve ${JSON.stringify(text)}`, () => {
    const got = resolve(text, 1);
    if (typeof want === "string" && want.startsWith("PyFloat")) assert.equal(got.v, Number(want.split(" ")[1]));
    else assert.equal(got, want);
  });
}

test("a YAML date is a date, a time with an offset is not a session time", () => {
  assert.equal(resolve("2026-11-24", 1).iso(), "2026-11-24");
  const stamp = resolve("2027-02-03 09:30:00+05:00", 1);
  assert.equal(parseDatetime(stamp, model), null);
  assert.equal(parseDatetime("2027-02-03T09:30", model), "202702030930" + "00");
  for (const bad of ["2027-2-3T9:30", "2027-02-30T09:30", "2027-02-03T24:00", "٢٠٢٧-02-03T09:30"]) {
    assert.equal(parseDatetime(bad, model), null, bad);
  }
});

// London's clock changes by date arithmetic (esca.core.fields.clock_change): the last
// Sundays of March and October, 2024-2028, as the Summer Time Act gives them.
test("the hour London skips and the hour it repeats", () => {
  const days = { 2024: [31, 27], 2025: [30, 26], 2026: [29, 25], 2027: [28, 31], 2028: [26, 29] };
  for (const [year, [march, october]] of Object.entries(days)) {
    assert.equal(clockChange([+year, 3, march, 1]), "forward", year);
    assert.equal(clockChange([+year, 10, october, 1]), "back", year);
    assert.equal(clockChange([+year, 3, march - 7, 1]), "", year);
    for (const hour of [0, 2]) {
      assert.equal(clockChange([+year, 3, march, hour]), "", year);
      assert.equal(clockChange([+year, 10, october, hour]), "", year);
    }
  }
});

test("str.strip is Python's white space, not JavaScript's \\s", () => {
  assert.equal(pyStrip("\u001c a \u0085"), "a");
  assert.equal(pyStrip("\ufeffa"), "\ufeffa");  // a byte order mark is not white space in Python
});

test("values are quoted as Python's repr quotes them", () => {
  assert.equal(pyRepr(["a", 1, true, null]), "['a', 1, True, None]");
  assert.equal(pyRepr("it's"), "\"it's\"");
});

test("a finding is one line: control and bidirectional characters are escaped", () => {
  assert.equal(oneLine("a\nb\u202ec\x1b"), "a\\nb\\u202ec\\x1b");
});

test("messages fill {slots} and keep {{ }} as braces, as str.format does", () => {
  assert.equal(fill("write - {{date: {d}}}", { d: "x" }), "write - {date: x}");
});

test("the closest choice is offered, as difflib would", () => {
  assert.equal(fixOrChoices("social-workr", ["social-worker", "councillor"], "ids"), "did you mean 'social-worker'?");
  assert.equal(fixOrChoices("zzz", [], "ids"), "there are no ids yet");
});

test("a circle of prerequisites is found, in linear time", () => {
  const graph = Object.create(null);
  for (let i = 0; i < 20000; i++) graph["c" + i] = ["c" + (i + 1)];
  graph["c20000"] = ["c0"];
  const loop = findCycle("c0", graph);
  assert.equal(loop.length, 20001);
  graph["c20000"] = [];
  assert.equal(findCycle("c0", graph), null);
});

test("every published course reads and checks without a problem", () => {
  const today = model.today;
  for (const id of model.courses) {
    const file = readFileSync(new URL(`../../curricula/courses/${id}.yml`, import.meta.url));
    const result = rules.checkBytes(new Uint8Array(file), `${id}.yml`, model, today, id);
    assert.deepEqual(result.findings.filter((f) => f.severity === "error").map(String), [], id);
  }
});

// One row per kind of problem: the message key the interpreter gives.
const GOOD = readFileSync(new URL("../fixtures/curricula-broken/courses/good-course.yml", import.meta.url), "utf8");
const ROWS = [
  ["unknown field", GOOD + "sumary: x\n", "unknown-field"],
  ["a tab", GOOD.replace("id: good-course", "id:\tgood-course").replace("title:", "\ttitle:"), null],
  ["an alias", GOOD + "extra: &a x\n", null],
  ["markup in a title", GOOD.replace("title: A good course", "title: <b>x</b>"), "markup"],
  ["text over its limit", GOOD.replace("title: A good course", "title: " + "x".repeat(91)), "too-long"],
  ["a past session", GOOD + "booking: a@b.org\nsessions:\n  - {start: 2020-01-02T09:30, end: 2020-01-02T10:30, online: true, capacity: 3}\n", "past"],
  ["a __proto__ key is a field like any other", GOOD + "__proto__: x\n", "unknown-field"],
];
for (const [name, text, key] of ROWS) {
  test(`check: ${name}`, () => {
    const { findings } = rules.checkBytes(enc(text), "good-course.yml", model, model.today, null);
    assert.ok(findings.length > 0, name);
    if (key) assert.ok(findings.some((f) => f.key === key), `${name}: ${findings.map(String)}`);
    else assert.equal(findings[0].field, "yaml");
    for (const f of findings) assert.ok(!String(f).includes("\n"), "one line each");
  });
}

// Case 124 of the blind attack: nesting past the model's max_depth (the
// build's esca.core.safeyaml.MAX_DEPTH) is one finding at its line, in blocks or
// in flow, never a stack overflow.
const DEEP = [
  ["x: " + "[".repeat(200000) + "]".repeat(200000) + "\n", 1],
  ["x: " + "{a: ".repeat(100000) + "1" + "}".repeat(100000) + "\n", 1],
  ["x:\n  " + "- ".repeat(200000) + "z\n", 2],
  ["a:\n" + Array.from({ length: 69 }, (_, i) => " ".repeat(i + 1) + "- \n").join(""), 65],
  ["x: " + "[".repeat(model.max_depth) + "]".repeat(model.max_depth) + "\n", 1],
];
for (const [text, line] of DEEP) {
  test(`nesting past ${model.max_depth} levels: ${JSON.stringify(text.slice(0, 12))}…`, () => {
    const read = rules.load(enc(text), "c.yml", model);
    assert.deepEqual(read.findings.map(String), [`c.yml:${line}: yaml: lists or mappings are nested more than ` +
      `${model.max_depth} levels deep — write the values out flat, as the other files do`]);
  });
}

test("nesting up to the limit is read", () => {
  const depth = model.max_depth - 1;  /* the document's mapping is one level */
  const read = rules.load(enc("x: " + "[".repeat(depth) + "]".repeat(depth) + "\n"), "c.yml", model);
  assert.equal(read.findings, undefined);
});

// Case 127: a key named like an object's own is a field like any other.
for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
  test(`a ${key} key is read as data and kept`, () => {
    const read = rules.load(enc(`id: a\n${key}: {polluted: 1}\n`), "c.yml", model);
    assert.deepEqual(read.data.keys, ["id", key]);
    assert.equal(({}).polluted, undefined);
  });
}

// Numbers read as a phone dials them, from the published dial data (esca.core.fields.numbers_in_text).
test("numbers in text are found in any digits and gaps, and classed as the build classes them", () => {
  const { numbersInText, numberClassOk } = rules.internals;
  const rows = [
    ["Call (0909) 879\u20130000 now", ["0909) 879\u20130000"], [false]],
    ["Ring \uff10\uff19\uff10\uff19\u00a0603\u00a07627.", ["\uff10\uff19\uff10\uff19\u00a0603\u00a07627"], [false]],
    ["Bold \u{1d7ce}\u{1d7d7}\u{1d7ce}\u{1d7d7} 603 7627", ["\u{1d7ce}\u{1d7d7}\u{1d7ce}\u{1d7d7} 603 7627"], [false]],
    ["+44 (0) 345 603 7627 or 116 123", ["+44 (0) 345 603 7627", "116 123"], [true, true]],
    ["Childline 0800 1111, 999, 2026-12-01, 0.5", ["0800 1111"], [true]],
    ["Ask 118\u00a0118", ["118\u00a0118"], [false]],
    ["Gaps inside: +4 4 909 879 0000, 1 18 118; years 11 12 13", ["+4 4 909 879 0000", "1 18 118"], [false, false]],
    ["Wide 0909  \u2013  123  4567 and \uff0b44 909 123 4567", ["0909  \u2013  123  4567", "\uff0b44 909 123 4567"], [false, false]],
  ];
  for (const [text, found, ok] of rows) {
    assert.deepEqual(numbersInText(text, model), found, text);
    assert.deepEqual(found.map((n) => numberClassOk(n, model.dial)), ok, text);
  }
});
