/* ESCA course rules: how the course builder (course-builder.js) reads a
   course file and checks it.

   The checks are not written here. The build publishes the course
   declaration of its field library (hooks/esca/core/fields.py, declared in
   hooks/esca/curricula/model.py) with its message table as
   cpd/course-model.json, embedded in the builder page; the interpreter below
   applies that data, kind by kind, as esca.core.fields does in Python.
   tests/test_course_differential.py feeds thousands of generated course
   files through both and compares every finding.

   Course files are read with a small reader for the YAML a course file uses
   (block mappings and lists, [flow, lists], {flow: mappings}, quoted, plain
   and >- text), resolving values as PyYAML's safe loader does. Anchors,
   aliases, tags and keys in the explicit form ('? key') are refused: a
   course file never needs them.

   Nothing is sent anywhere: no fetch, no storage, no eval. */
(function () {
  "use strict";

  /* ---------- Python-like values ---------- */

  function PyFloat(v) { this.v = v; }
  function PyDate(y, m, d) { this.y = y; this.m = m; this.d = d; }
  PyDate.prototype.iso = function () { return pad(this.y, 4) + "-" + pad(this.m, 2) + "-" + pad(this.d, 2); };
  function PyDateTime(y, mo, d, h, mi, s, frac, tz) {
    this.y = y; this.mo = mo; this.d = d; this.h = h; this.mi = mi; this.s = s; this.frac = frac || ""; this.tz = tz || "";
  }
  PyDateTime.prototype.iso = function () {
    return pad(this.y, 4) + "-" + pad(this.mo, 2) + "-" + pad(this.d, 2) + "T" + pad(this.h, 2) + ":" +
      pad(this.mi, 2) + ":" + pad(this.s, 2) + this.frac + this.tz;
  };
  PyDateTime.prototype.key = function () { return [this.y, this.mo, this.d, this.h, this.mi, this.s]; };
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }

  /* A mapping that remembers key order and lines (esca.core.safeyaml.LineMap). */
  function YMap() { this.keys = []; this.vals = Object.create(null); this.lines = Object.create(null); this.line = 0; }
  YMap.prototype.has = function (k) { return Object.prototype.hasOwnProperty.call(this.vals, k); };
  YMap.prototype.get = function (k) { return this.has(k) ? this.vals[k] : null; };
  YMap.prototype.set = function (k, v, line) { if (!this.has(k)) this.keys.push(k); this.vals[k] = v; this.lines[k] = line; };
  YMap.prototype.lineOf = function (k) { return this.has(k) ? this.lines[k] : this.line; };
  /* A list that remembers its items' lines (esca.core.safeyaml.LineList). */
  function ylist(line) { var a = []; a.lines = []; a.line = line; a.isList = true; return a; }
  function lineOfItem(list, i) { return list.lines && i < list.lines.length ? list.lines[i] : list.line; }

  function isStr(v) { return typeof v === "string"; }
  function isInt(v) { return typeof v === "number"; }
  function isList(v) { return Array.isArray(v); }
  function isMap(v) { return v instanceof YMap; }
  function isDate(v) { return v instanceof PyDate; }
  function chars(s) { return Array.from(s); }
  /* str.strip(): Python's whitespace exactly (str.isspace), which is not JavaScript's \s. */
  var PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var PY_SPACE_ONE = new RegExp("^[" + PY_SPACE + "]$");
  /* Trims walk in from each end: a pattern such as /[ \t]+$/ tries every
     position of a long run of spaces again, and a value of many spaces
     followed by a letter took time growing with its square. */
  function pyStrip(s) {
    var a = 0, b = s.length;
    while (a < b && PY_SPACE_ONE.test(s[a])) a += 1;
    while (b > a && PY_SPACE_ONE.test(s[b - 1])) b -= 1;
    return s.slice(a, b);
  }
  function rtrimYaml(s) {
    var b = s.length;
    while (b > 0 && (s[b - 1] === " " || s[b - 1] === "\t")) b -= 1;
    return b === s.length ? s : s.slice(0, b);
  }

  function pyStrRepr(s) {
    var q = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
    if (q === "'") body = body.replace(/'/g, "\\'");
    return q + body + q;
  }
  function pyRepr(v) {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (isStr(v)) return pyStrRepr(v);
    if (isInt(v)) return String(v);
    if (v instanceof PyFloat) {
      if (v.v !== v.v) return "nan";
      if (v.v === Infinity) return "inf";
      if (v.v === -Infinity) return "-inf";
      return Number.isInteger(v.v) && Math.abs(v.v) < 1e16 ? v.v.toFixed(1) : String(v.v);
    }
    if (isDate(v)) return "datetime.date(" + v.y + ", " + v.m + ", " + v.d + ")";
    if (v instanceof PyDateTime) return "datetime.datetime(" + [v.y, v.mo, v.d, v.h, v.mi].join(", ") + (v.s ? ", " + v.s : "") + ")";
    if (isList(v)) return "[" + v.map(pyRepr).join(", ") + "]";
    if (isMap(v)) return "{" + v.keys.map(function (k) { return pyRepr(v.keyValues[k]) + ": " + pyRepr(v.vals[k]); }).join(", ") + "}";
    return String(v);
  }
  function pyStr(v) { return isStr(v) ? v : pyRepr(v); }
  /* esca.core.findings._quote */
  function quote(v) {
    var text = isStr(v) ? "'" + v + "'" : pyRepr(v);
    var cs = chars(text);
    return cs.length <= 80 ? text : cs.slice(0, 77).join("") + "…'";
  }

  /* ---------- difflib.get_close_matches, as Python computes it ---------- */

  function ratio(a, b) {
    var b2j = Object.create(null);
    for (var j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = Object.create(null);
      for (var i = alo; i < ahi; i++) {
        var newj2len = Object.create(null), js = b2j[a[i]] || [];
        for (var n = 0; n < js.length; n++) {
          var jj = js[n];
          if (jj < blo) continue;
          if (jj >= bhi) break;
          var k = newj2len[jj] = (j2len[jj - 1] || 0) + 1;
          if (k > bestsize) { besti = i - k + 1; bestj = jj - k + 1; bestsize = k; }
        }
        j2len = newj2len;
      }
      return [besti, bestj, bestsize];
    }
    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]);
      if (m[2]) {
        matches += m[2];
        if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
      }
    }
    var total = a.length + b.length;
    return total ? 2 * matches / total : 1;
  }
  function closest(value, choices) {
    if (!isStr(value)) return null;
    var word = chars(value), best = null, bestScore = -1;
    choices.forEach(function (x) {
      var score = ratio(chars(x), word);
      if (score >= 0.6 && (score > bestScore || (score === bestScore && x > best))) { best = x; bestScore = score; }
    });
    return best;
  }
  function didYouMean(value, choices) {
    var match = closest(value, choices);
    return match === null ? "" : "did you mean '" + match + "'?";
  }
  function fixOrChoices(value, choices, what) {
    var sorted = choices.slice().sort(function (x, y) { return x < y ? -1 : x > y ? 1 : 0; });
    var hint = didYouMean(value, sorted);
    if (hint) return hint;
    if (!sorted.length) return "there are no " + what + " yet";
    return "use one of the " + what + ": " + sorted.slice(0, 12).join(", ") + (sorted.length > 12 ? ", …" : "");
  }

  /* ---------- Findings, in the shape of esca.core.findings.Finding ---------- */

  function Finding(path, line, field, problem, fix, value, hasValue) {
    this.path = path; this.line = line; this.field = field; this.problem = problem; this.fix = fix;
    this.value = value; this.hasValue = hasValue;
  }
  Finding.prototype.toString = function () {
    var text = this.path + ":" + (this.line || 1) + ": " + shortField(this.field) + ": " + this.problem;
    if (this.hasValue) text += ": " + quote(this.value);
    if (this.fix) text += " — " + this.fix;
    return oneLine(text);
  };
  /* esca.core.findings._field: a field's path past 120 characters (a key can
     be 1,024) shows its first 119 and "…", as a value shows its first 77. */
  var MAX_FIELD = 120;
  function shortField(field) {
    var text = String(field);
    if (text.length <= MAX_FIELD) return text;
    var cs = chars(text);
    return cs.length <= MAX_FIELD ? text : cs.slice(0, MAX_FIELD - 1).join("") + "…";
  }
  /* esca.core.findings.one_line: controls, line breaks and bidirectional controls as escapes. */
  var UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
  function oneLine(text) {
    return text.replace(UNSAFE, function (c) {
      if (c === "\n") return "\\n";
      if (c === "\r") return "\\r";
      if (c === "\t") return "\\t";
      var code = c.charCodeAt(0);
      return code < 0x100 ? "\\x" + pad(code.toString(16), 2) : "\\u" + pad(code.toString(16), 4);
    });
  }
  function fill(template, slots) {
    /* str.format: {name} is filled in, {{ and }} are literal braces */
    return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (all, name) {
      if (!name) return all[0];
      return slots[name] === undefined ? "{" + name + "}" : String(slots[name]);
    });
  }

  /* ---------- The YAML reader ---------- */

  /* YAML's own white space (space and tab), not JavaScript's \s. */
  function ytrim(s) {
    var a = 0;
    while (a < s.length && (s[a] === " " || s[a] === "\t")) a += 1;
    return rtrimYaml(a ? s.slice(a) : s);
  }
  function YamlError(line, key, slots) { this.line = line; this.key = key; this.slots = slots || {}; }
  function syntax(line, detail) { return new YamlError(line, "syntax", { detail: detail }); }

  var BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
  var FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
  var INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
  var NULL = /^(?:~|null|Null|NULL|)$/;
  var TIMESTAMP = /^(?:([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(\.[0-9]*)?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

  function realDate(y, m, d) {
    if (m < 1 || m > 12 || d < 1 || y < 1) return false;
    return d <= [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }
  function sexagesimal(text, parse) {
    var parts = text.split(":").map(parse).reverse(), base = 1, total = 0;
    parts.forEach(function (p) { total += p * base; base *= 60; });
    return total;
  }
  /* A plain scalar as PyYAML's safe loader resolves it. */
  function resolve(text, line) {
    if (BOOL.test(text)) return /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(text);
    if (NULL.test(text)) return null;
    if (INT.test(text)) {
      var v = text.replace(/_/g, ""), sign = 1;
      if (v[0] === "-") sign = -1;
      if ("+-".indexOf(v[0]) >= 0) v = v.slice(1);
      if (v === "0") return 0;
      if (v.slice(0, 2) === "0b") return sign * parseInt(v.slice(2), 2);
      if (v.slice(0, 2) === "0x") return sign * parseInt(v.slice(2), 16);
      if (v[0] === "0") return sign * parseInt(v, 8);
      if (v.indexOf(":") >= 0) return sign * sexagesimal(v, function (p) { return parseInt(p, 10); });
      return sign * parseInt(v, 10);
    }
    if (FLOAT.test(text)) {
      var f = text.replace(/_/g, "").toLowerCase(), s = 1;
      if (f[0] === "-") s = -1;
      if ("+-".indexOf(f[0]) >= 0) f = f.slice(1);
      if (f === ".inf") return new PyFloat(s * Infinity);
      if (f === ".nan") return new PyFloat(NaN);
      if (f.indexOf(":") >= 0) return new PyFloat(s * sexagesimal(f, parseFloat));
      return new PyFloat(s * parseFloat(f));
    }
    var t = TIMESTAMP.exec(text);
    if (t) {
      if (t[1]) {
        var y = +t[1], m = +t[2], d = +t[3];
        return realDate(y, m, d) ? new PyDate(y, m, d) : text;
      }
      var dt = [+t[4], +t[5], +t[6], +t[7], +t[8], +t[9]];
      if (!realDate(dt[0], dt[1], dt[2]) || dt[3] > 23 || dt[4] > 59 || dt[5] > 59) return text;
      var frac = t[10] && t[10].length > 1 ? "." + (t[10].slice(1) + "000000").slice(0, 6) : "";
      if (frac === ".000000") frac = "";
      var tz = "";
      if (t[11]) {
        if (t[11] === "Z") tz = "+00:00";
        else { var sign2 = t[11][0], hm = t[11].slice(1).split(":"); tz = sign2 + pad(+hm[0], 2) + ":" + pad(+(hm[1] || 0), 2); }
      }
      return new PyDateTime(dt[0], dt[1], dt[2], dt[3], dt[4], dt[5], frac, tz);
    }
    if (text === "=" || text === "<<") throw syntax(line, "'" + text + "' is not a plain value");
    return text;
  }

  /* How deep lists and mappings may nest (esca.core.safeyaml.MAX_DEPTH, from the
     model): past it, the file gets one finding where the nesting goes too
     deep, never a stack overflow. The document's own mapping is level 1. */
  function Reader(text, maxDepth, maxKey) {
    this.maxDepth = maxDepth;
    this.maxKey = maxKey;
    this.depth = 0;
    this.lines = text.split(/\r\n|[\r\n\x85\u2028\u2029]/).map(function (raw, i) {
      var indent = raw.length - raw.replace(/^ +/, "").length;
      return { num: i + 1, raw: raw, indent: indent, text: raw.slice(indent) };
    });
    this.pos = 0;
  }
  /* One level deeper, at `line`: refused past the limit. Each caller leaves
     with `depth -= 1`; a refusal ends the whole reading. */
  function deeper(holder, line) {
    holder.depth += 1;
    if (holder.depth > holder.maxDepth) throw new YamlError(line, "too-deep", { limit: holder.maxDepth });
  }

  function significant(l) { return l.text !== "" && l.text[0] !== "#"; }
  Reader.prototype.peek = function () {
    while (this.pos < this.lines.length && !significant(this.lines[this.pos])) this.pos += 1;
    return this.pos < this.lines.length ? this.lines[this.pos] : null;
  };

  /* Cut a trailing " # comment" outside quotes from a piece of one line. */
  function stripComment(s) {
    var inS = false, inD = false;
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (inD) { if (c === "\\") i++; else if (c === '"') inD = false; }
      else if (inS) { if (c === "'") inS = false; }
      else if (c === "'" && (i === 0 || /[ \t\[{,:]/.test(s[i - 1]))) inS = true;
      else if (c === '"' && (i === 0 || /[ \t\[{,:]/.test(s[i - 1]))) inD = true;
      else if (c === "#" && (i === 0 || /[ \t]/.test(s[i - 1]))) return rtrimYaml(s.slice(0, i));
    }
    return rtrimYaml(s);
  }
  /* Where "key: value" splits, or -1 (quoted keys are allowed). */
  function keySplit(text) {
    var i = 0;
    if (text[0] === '"' || text[0] === "'") {
      var q = text[0];
      for (i = 1; i < text.length; i++) {
        if (q === '"' && text[i] === "\\") { i++; continue; }
        if (text[i] === q) { if (q === "'" && text[i + 1] === "'") { i++; continue; } break; }
      }
      i += 1;
      while (text[i] === " ") i++;  /* "key"  : value, as YAML allows */
      return text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ") ? i : -1;
    }
    if (/^[\[{]/.test(text) || /^- /.test(text) || text === "-") return -1;
    for (i = 0; i < text.length; i++) {
      if (text[i] === "#" && i > 0 && text[i - 1] === " ") return -1;
      if (text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ")) return i;
    }
    return -1;
  }
  /* Keys are the same when Python's dict says so (1, 1.0 and True are one key). */
  function keyId(key) {
    if (key === true || key === false) return "n:" + (key ? 1 : 0);
    if (isInt(key)) return "n:" + key;
    if (key instanceof PyFloat) return "n:" + key.v;
    if (isDate(key) || key instanceof PyDateTime) return "d:" + key.iso();
    return (key === null ? "null:" : "s:") + key;
  }
  function duplicateCheck(map, key, line) {
    map.ids = map.ids || Object.create(null);
    var id = keyId(key);
    if (map.ids[id]) throw new YamlError(line, "duplicate", { key: pyRepr(key), first: map.ids[id] });
    map.ids[id] = line;
  }
  function checkIndicators(value, line) {
    if (/^[&*]/.test(value)) throw new YamlError(line, "aliases");
    if (/^!/.test(value)) throw new YamlError(line, "tags");
  }
  /* A key in YAML's explicit form ('? key', then ': value'): refused, as
     esca.core.safeyaml refuses it, wherever a key or value could start; in a
     flow, YAML reads any '?' there as one. */
  function explicitKey(text, line, inFlow) {
    if (inFlow ? text[0] === "?" : /^\?( |$)/.test(text)) throw new YamlError(line, "explicit-key");
  }

  Reader.prototype.document = function () {
    var first = this.peek();
    if (first && /^---([ \t]|$)/.test(first.text) && first.indent === 0) {
      var rest = stripComment(ytrim(first.text.slice(3)));
      if (rest) { first.text = rest; first.indent = 4; } else this.pos += 1;
      first = this.peek();
    }
    if (!first) return null;
    if (/^(%|\.\.\.)/.test(first.text)) throw syntax(first.num, "directives and '...' are not used in course files");
    var node = this.node(first.indent, -1);
    var extra = this.peek();
    if (extra) {
      if (/^---([ \t]|$)/.test(extra.text)) throw syntax(extra.num, "expected a single document in the stream");
      throw syntax(extra.num, "expected <block end>, but found another value");
    }
    return node;
  };
  /* The node starting at the next significant line (indented at `indent`);
     `parent` is the indentation of the line that owns it. */
  Reader.prototype.node = function (indent, parent) {
    var l = this.peek();
    explicitKey(l.text, l.num, false);
    if (/^-( |$)/.test(l.text)) return this.sequence(l.indent);
    if (keySplit(l.text) >= 0) return this.mapping(l.indent);
    this.pos += 1;
    return this.inline(l.text, l, parent);
  };
  Reader.prototype.mapping = function (indent) {
    var map = new YMap(), l;
    map.keyValues = Object.create(null);
    map.line = this.peek().num;
    deeper(this, map.line);
    while ((l = this.peek()) && l.indent === indent) {
      if (/^-( |$)/.test(l.text)) throw syntax(l.num, "expected <block end>, but found '-'");
      explicitKey(l.text, l.num, false);
      var at = keySplit(l.text);
      if (at < 0) throw syntax(l.num, "could not find expected ':'");
      if (at > this.maxKey) throw new YamlError(l.num, "long-key");  /* the most YAML reads */
      var rawKey = ytrim(l.text.slice(0, at)), key;
      checkIndicators(rawKey, l.num);
      if (rawKey[0] === '"' || rawKey[0] === "'") key = quoted(rawKey, l.num).value;
      else key = resolve(rawKey, l.num);
      if (isList(key) || isMap(key)) throw syntax(l.num, "a key must be plain text");
      var name = pyStr(key);
      duplicateCheck(map, key, l.num);
      var rest = l.text.slice(at + 1);
      this.pos += 1;
      var value = this.value(rest, l, indent);
      map.set(name, value, l.num);
      map.keyValues[name] = key;
    }
    if (l && l.indent > indent) throw new YamlError(l.num, "colon");
    this.depth -= 1;
    return map;
  };
  Reader.prototype.sequence = function (indent) {
    var list = ylist(this.peek().num), l;
    deeper(this, list.line);
    while ((l = this.peek()) && l.indent === indent && /^-( |$)/.test(l.text)) {
      var rest = l.text.slice(1), gap = rest.length - rest.replace(/^ +/, "").length;
      var inner = rest.slice(gap);
      if (inner === "" || inner[0] === "#") {
        this.pos += 1;
        var next = this.peek();
        if (next && next.indent > indent) { list.lines.push(next.num); list.push(this.node(next.indent, indent)); }
        else { list.lines.push(l.num); list.push(null); }
        continue;
      }
      list.lines.push(l.num);
      explicitKey(inner, l.num, false);
      if (/^-( |$)/.test(inner)) {
        l.indent = indent + 1 + gap;   /* read "- - item" as a list at the inner dash's column */
        l.text = inner;
        list.push(this.sequence(l.indent));
        continue;
      }
      if (keySplit(inner) >= 0) {
        l.indent = indent + 1 + gap;   /* read "- key: value" as a mapping at the key's column */
        l.text = inner;
        list.push(this.mapping(l.indent));
      } else {
        this.pos += 1;
        list.push(this.inline(inner, l, indent));
      }
    }
    if (l && l.indent > indent) throw syntax(l.num, "expected <block end>, but found another value");
    this.depth -= 1;
    return list;
  };
  /* The value after "key:" on line l (owner indentation `indent`). */
  Reader.prototype.value = function (rest, l, indent) {
    var text = stripComment(rest).replace(/^ +/, "");
    if (text === "") {
      var next = this.peek();
      if (next && next.indent > indent) return this.node(next.indent, indent);
      if (next && next.indent === indent && /^-( |$)/.test(next.text)) return this.sequence(indent);
      return null;
    }
    return this.inline(rest.replace(/^ +/, ""), l, indent);
  };
  /* A value that starts in the middle of line l: block text, flow, quoted or plain. */
  Reader.prototype.inline = function (text, l, indent) {
    var head = stripComment(text);
    checkIndicators(head, l.num);
    explicitKey(head, l.num, false);
    if (/^[|>]/.test(head)) return this.blockText(head, l, indent);
    if (/^[\[{]/.test(head) || /^["']/.test(head)) {
      var parts = [{ text: text, num: l.num }];
      while (true) {
        var p = new FlowParser(parts, this.depth, this.maxDepth);
        try {
          var value = p.parse();
          if (stripComment(p.rest())) throw syntax(p.lineAt(), "expected <block end>, but found another value");
          return value;
        } catch (error) {
          if (!(error instanceof YamlError) || !error.more || this.pos >= this.lines.length) {
            if (error.more) throw syntax(l.num, "while parsing a flow node, found unexpected end of file");
            throw error;
          }
          var nxt = this.lines[this.pos];
          if (significant(nxt) && nxt.indent <= indent) throw syntax(l.num, head[0] === "[" || head[0] === "{" ?
            "while parsing a flow sequence did not find expected ',' or ']'" : "while scanning a quoted scalar found unexpected end of stream");
          parts.push({ text: nxt.raw, num: nxt.num });
          this.pos += 1;
        }
      }
    }
    /* plain text, perhaps over several lines */
    var pieces = [head], ended = head !== rtrimYaml(text);  /* a comment ends the text */
    plainCheck(head, l.num, false);
    while (!ended && this.pos < this.lines.length) {
      var n = this.lines[this.pos];
      if (ytrim(n.raw) === "") { pieces.push(""); this.pos += 1; continue; }
      if (n.indent <= indent || n.text[0] === "#") break;
      var piece = stripComment(n.text);
      if (keySplit(n.text) >= 0 || /:( |$)/.test(piece)) throw new YamlError(n.num, "colon");
      plainCheck(piece, n.num, true);
      pieces.push(piece);
      this.pos += 1;
      ended = piece !== rtrimYaml(n.text);
    }
    while (pieces.length && pieces[pieces.length - 1] === "") pieces.pop();
    var joined = "", empties = 0;
    pieces.forEach(function (p, i) {
      if (p === "") { empties += 1; return; }
      joined += i === 0 ? p : (empties ? "\n".repeat(empties) : " ") + p;
      empties = 0;
    });
    return pieces.length === 1 ? resolve(joined, l.num) : joined;
  };
  function plainCheck(text, line, continuation) {
    if (!continuation && /^[\]}%@`,|>]/.test(text)) throw syntax(line, "found character '" + text[0] + "' that cannot start any token");
    if (/: /.test(text) || /:$/.test(text)) throw new YamlError(line, "colon");
  }
  Reader.prototype.blockText = function (head, l, indent) {
    var m = /^([|>])([-+]?)$/.exec(head);
    if (!m) throw syntax(l.num, "block text starts with |, |-, > or >- alone on its line");
    var lines = [], contentIndent = null;
    while (this.pos < this.lines.length) {
      var n = this.lines[this.pos];
      if (n.text === "" && ytrim(n.raw) === "") { lines.push(null); this.pos += 1; continue; }
      if (contentIndent === null) { if (n.indent <= indent) break; contentIndent = n.indent; }
      if (n.indent < contentIndent) break;
      lines.push(n.raw.slice(contentIndent));
      this.pos += 1;
    }
    var trailing = 0;
    while (lines.length && lines[lines.length - 1] === null) { lines.pop(); trailing += 1; }
    lines = lines.map(function (x) { return x === null ? "" : x; });
    var body;
    if (m[1] === "|") body = lines.join("\n");
    else {
      body = ""; var prev = null, empty = 0;
      lines.forEach(function (ln) {
        if (ln === "") { empty += 1; return; }
        var more = /^[ \t]/.test(ln);
        if (prev === null) body += "\n".repeat(empty) + ln;
        else if (prev === "normal" && !more) body += (empty ? "\n".repeat(empty) : " ") + ln;
        else body += "\n" + "\n".repeat(empty) + ln;
        empty = 0; prev = more ? "more" : "normal";
      });
    }
    if (m[2] === "-" || !lines.length) return m[2] === "+" ? body + "\n".repeat(trailing) : body;
    return body + "\n" + (m[2] === "+" ? "\n".repeat(trailing) : "");
  };

  /* Quoted text starting at s[0]; returns {value, end}. */
  function quoted(s, line, start) {
    var q = s[start || 0], i = (start || 0) + 1, out = "";
    var ESC = { "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
      " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" };
    while (i < s.length) {
      var c = s[i];
      if (c === "\n") {
        out = rtrimYaml(out);
        var j = i, breaks = 0;
        while (j < s.length && /[ \t\n]/.test(s[j])) { if (s[j] === "\n") breaks += 1; j++; }
        out += breaks > 1 ? "\n".repeat(breaks - 1) : " ";
        i = j; continue;
      }
      if (q === "'" && c === "'") { if (s[i + 1] === "'") { out += "'"; i += 2; continue; } return { value: out, end: i + 1 }; }
      if (q === '"' && c === '"') return { value: out, end: i + 1 };
      if (q === '"' && c === "\\") {
        var e = s[i + 1];
        if (e === undefined) break;   /* an escaped line break: the text goes on on the next line */
        if (e === "\n") { i += 2; while (i < s.length && /[ \t]/.test(s[i])) i++; continue; }
        if (ESC[e] !== undefined) { out += ESC[e]; i += 2; continue; }
        var len = { x: 2, u: 4, U: 8 }[e];
        if (len && /^[0-9A-Fa-f]+$/.test(s.substr(i + 2, len)) && s.substr(i + 2, len).length === len) {
          out += String.fromCodePoint(parseInt(s.substr(i + 2, len), 16)); i += 2 + len; continue;
        }
        throw syntax(line, "while parsing a quoted scalar found unknown escape character");
      }
      out += c; i += 1;
    }
    var err = syntax(line, "while scanning a quoted scalar found unexpected end of stream");
    err.more = true;
    throw err;
  }

  /* Flow collections ([a, b] and {k: v}) and quoted text, possibly over lines. */
  function FlowParser(parts, depth, maxDepth) {
    this.depth = depth; this.maxDepth = maxDepth;
    this.s = parts.map(function (p) { return p.text; }).join("\n");
    this.starts = []; var at = 0, self = this;
    parts.forEach(function (p) { self.starts.push([at, p.num]); at += p.text.length + 1; });
    this.i = 0;
  }
  FlowParser.prototype.lineAt = function (i) {
    var pos = i === undefined ? this.i : i, num = this.starts[0][1];
    this.starts.forEach(function (st) { if (st[0] <= pos) num = st[1]; });
    return num;
  };
  FlowParser.prototype.rest = function () { return this.s.slice(this.i); };
  FlowParser.prototype.ws = function () {
    while (this.i < this.s.length) {
      var c = this.s[this.i];
      if (c === " " || c === "\n" || c === "\t") this.i++;
      else if (c === "#" && (this.i === 0 || /[ \t\n]/.test(this.s[this.i - 1]))) { while (this.i < this.s.length && this.s[this.i] !== "\n") this.i++; }
      else break;
    }
  };
  FlowParser.prototype.more = function (what) { var e = syntax(this.lineAt(), what); e.more = true; return e; };
  FlowParser.prototype.parse = function () { this.ws(); return this.node(false); };
  FlowParser.prototype.node = function (inFlow) {
    this.ws();
    var c = this.s[this.i], line = this.lineAt();
    if (c === undefined) throw this.more("while parsing a flow node, found unexpected end");
    explicitKey(c, line, true);
    checkIndicators(this.s.slice(this.i), line);
    if (c === "[") return this.seq();
    if (c === "{") return this.map();
    if (c === '"' || c === "'") { var r = quoted(this.s, line, this.i); this.i = r.end; return r.value; }
    if (!inFlow) throw syntax(line, "expected a value");
    var start = this.i;
    while (this.i < this.s.length) {
      var ch = this.s[this.i];
      if (",[]{}".indexOf(ch) >= 0) break;
      if (ch === ":" && (this.i + 1 >= this.s.length || /[ \t\n,\[\]{}]/.test(this.s[this.i + 1]))) break;
      if (ch === "#" && /[ \t\n]/.test(this.s[this.i - 1])) break;
      this.i++;
    }
    var text = this.s.slice(start, this.i).split("\n").map(ytrim).filter(Boolean).join(" ");
    if (/^[|>%@`?]/.test(text)) throw syntax(line, "found character '" + text[0] + "' that cannot start any token");
    return resolve(text, line);
  };
  FlowParser.prototype.seq = function () {
    var list = ylist(this.lineAt()); this.i++;
    deeper(this, list.line);
    while (true) {
      this.ws();
      if (this.i >= this.s.length) throw this.more("while parsing a flow sequence did not find expected ',' or ']'");
      if (this.s[this.i] === "]") { this.i++; this.depth -= 1; return list; }
      var line = this.lineAt();
      var item = this.node(true);
      this.ws();
      if (this.s[this.i] === ":") throw syntax(line, "a 'key: value' pair inside [ ] is not used in course files");
      list.push(item); list.lines.push(line);
      if (this.s[this.i] === ",") { this.i++; continue; }
      if (this.s[this.i] === "]") { this.i++; this.depth -= 1; return list; }
      if (this.i >= this.s.length) throw this.more("while parsing a flow sequence did not find expected ',' or ']'");
      throw syntax(this.lineAt(), "while parsing a flow sequence did not find expected ',' or ']'");
    }
  };
  FlowParser.prototype.map = function () {
    var map = new YMap(); map.keyValues = Object.create(null); map.line = this.lineAt(); this.i++;
    deeper(this, map.line);
    while (true) {
      this.ws();
      if (this.i >= this.s.length) throw this.more("while parsing a flow mapping did not find expected ',' or '}'");
      if (this.s[this.i] === "}") { this.i++; this.depth -= 1; return map; }
      var line = this.lineAt(), key = this.node(true);
      if (isList(key) || isMap(key)) throw syntax(line, "a key must be plain text");
      this.ws();
      if (this.s[this.i] !== ":") throw syntax(this.lineAt(), "while parsing a flow mapping did not find expected ':'");
      this.i++;
      this.ws();
      var value = ",}".indexOf(this.s[this.i]) >= 0 ? null : this.node(true);
      var name = pyStr(key);
      duplicateCheck(map, key, line);
      map.set(name, value, line); map.keyValues[name] = key;
      this.ws();
      if (this.s[this.i] === ",") { this.i++; continue; }
      if (this.s[this.i] === "}") { this.i++; this.depth -= 1; return map; }
      if (this.i >= this.s.length) throw this.more("while parsing a flow mapping did not find expected ',' or '}'");
      throw syntax(this.lineAt(), "while parsing a flow mapping did not find expected ',' or '}'");
    }
  };

  /* esca.core.safeyaml.load_bytes: bytes -> {data} or {findings}. */
  function load(bytes, rel, model) {
    var ym = model.yaml_messages;
    function fail(line, key, slots) {
      var pair = ym[key];
      return { findings: [new Finding(rel, line, key === "encoding" ? "encoding" : "yaml", fill(pair[0], slots || {}), fill(pair[1], slots || {}))] };
    }
    if (bytes.length > model.max_bytes) {
      return fail(null, "too-large", { size: bytes.length.toLocaleString("en-GB"), limit: model.max_bytes.toLocaleString("en-GB") });
    }
    var text;
    try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); }
    catch (e) {
      /* The first bad byte: walk the lenient decoding until a U+FFFD that the
         file did not spell as EF BF BD. */
      var lenient = new TextDecoder("utf-8").decode(bytes), at = 0;
      for (var ch of lenient) {
        var cp = ch.codePointAt(0);
        if (cp === 0xfffd && !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) break;
        at += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      }
      var line = 1;
      for (var b = 0; b < at; b++) if (bytes[b] === 10) line += 1;
      return fail(line, "encoding");
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.indexOf("\t") >= 0) {
      var rows = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
      for (var n = 0; n < rows.length; n++) if (rows[n].replace(/^ +/, "")[0] === "\t") return fail(n + 1, "tab");
    }
    if (pyStrip(text) === "") return fail(null, "empty");
    var maxDepth = typeof model.max_depth === "number" ? model.max_depth : 64;  /* a model from before it was published */
    var maxKey = typeof model.max_key === "number" ? model.max_key : 1024;  /* esca.core.safeyaml.MAX_KEY */
    try { return { data: new Reader(text, maxDepth, maxKey).document() }; }
    catch (error) {
      /* A stack overflow all the same (a deeper recursion than the limit
         allows for): the same line as esca.core.safeyaml's RecursionError. */
      if (error instanceof RangeError) return fail(1, "too-deep", { limit: maxDepth });
      if (!(error instanceof YamlError)) throw error;
      return fail(error.line, error.key, error.slots);
    }
  }

  /* ---------- The field library's interpreter (hooks/esca/core/fields.py) ----------

     A generic reader of the declarations the build publishes (model.course:
     fields, kinds, limits, labels, checks) and of its one message table.
     It knows the kinds and the kinds of check, never a field or a message:
     every rule and every word comes from the model. A test feeds thousands
     of generated course files through this and through esca.core.fields and
     compares every finding. */

  function Ctx(model, today, stem, loaded) {
    var self = this;
    this.model = model; this.today = today; this.stem = stem;
    this.choices = Object.create(null);
    Object.keys(model.choices).forEach(function (name) {
      self.choices[name] = model.choices[name].map(function (pair) { return pair[0]; });
    });
    var own = this.choices.course.slice();
    if (own.indexOf(stem) < 0) own.push(stem);
    this.choices.course = own;
    this.choices.hosts = model.hosts.slice();
    this.others = Object.create(null);
    model.courses.forEach(function (cid) { if (cid !== loaded) self.others[cid] = "curricula/courses/" + cid + ".yml"; });
    this.graph = Object.create(null);
    Object.keys(model.graph).forEach(function (cid) { self.graph[cid] = model.graph[cid].slice(); });
  }

  function whole(pattern) { return new RegExp("^(?:" + pattern + ")$"); }
  function fieldsOf(spec) {
    var out = Object.create(null);
    (spec.fields || []).forEach(function (f) { out[f.name] = f; });
    return out;
  }
  function titleOf(spec) {
    if (spec.label) return spec.label;
    var name = spec.name.replace(/_/g, " ");
    return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  }
  function lowerFirst(s) { return s.charAt(0).toLowerCase() + s.slice(1); }
  function labelOf(spec, itemLabel, n) {
    var own = titleOf(spec);
    if (n !== undefined) own = own.split("{n}").join(String(n));
    return itemLabel ? itemLabel + " " + lowerFirst(own) : own;
  }
  function join(path, name) { return path ? path + "." + name : name; }
  function isChoice(spec) {
    return spec.kind === "choice" || spec.kind === "bool" || (spec.kind === "list" && spec.item && spec.item.kind === "choice");
  }
  function isPyDate(v) { return isDate(v); }
  function isNumber(v) { return (isInt(v) && isFinite(v)) || v instanceof PyFloat; }
  function numberOf(v) { return v instanceof PyFloat ? v.v : v; }
  function isWhole(v) { return isInt(v) && Number.isInteger(v); }
  /* str() of a value, as Python prints it (dates as ISO dates). */
  function plain(v) {
    if (v === null || v === undefined) return "None";
    if (isDate(v) || v instanceof PyDateTime) return v.iso();
    return pyStr(v);
  }
  function shownExample(example) {
    if (example === null || example === undefined) return "";
    if (isList(example)) return example.map(function (x) { return pyStr(x); }).join(", ");
    if (example === true) return "True";
    if (example === false) return "False";
    return String(example);
  }
  function orList(items) {
    return items.length > 1 ? items.slice(0, -1).join(", ") + " or " + items[items.length - 1] : items.join("");
  }
  /* A session time: London clock time YYYY-MM-DDTHH:MM, or a datetime
     without an offset (esca.core.fields.parse_datetime); a sortable key or null. */
  function parseDatetime(value, model) {
    if (value instanceof PyDateTime) return value.tz ? null : value.key().map(function (n) { return pad(n, 2); }).join("");
    if (!isStr(value)) return null;
    var m = whole(model.patterns.datetime).exec(value);
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3], h = +m[4], mi = +m[5];
    if (!realDate(y, mo, d) || h > 23 || mi > 59) return null;
    return [pad(y, 4), pad(mo, 2), pad(d, 2), pad(h, 2), pad(mi, 2), "00"].join("");
  }
  /* esca.core.fields.clock_change: "forward" for 01:00-01:59 on the last Sunday
     of March (London skips that hour), "back" for 01:00-01:59 on the last
     Sunday of October (London has it twice), else "". Date arithmetic alone
     (the day of the week by Sakamoto's method, Sunday 0), no time-zone data. */
  function clockChange(parts) {
    var y = parts[0], mo = parts[1], d = parts[2], h = parts[3];
    if (h !== 1 || (mo !== 3 && mo !== 10)) return "";
    var t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    var weekday = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + t[mo - 1] + 31) % 7;
    if (d !== 31 - weekday) return "";
    return mo === 3 ? "forward" : "back";
  }
  function dateKey(v) { return v.iso(); }
  /* esca.core.fields._long: a date as a form says it (1 December 2026), with the model's month names. */
  function longDate(v, months) {
    if (isDate(v)) return v.d + " " + months[v.m - 1] + " " + v.y;
    if (v instanceof PyDateTime) return v.d + " " + months[v.mo - 1] + " " + v.y + ", " + pad(v.h, 2) + ":" + pad(v.mi, 2);
    return pyStr(v);
  }

  function Interpreter(model, rel, ctx) { this.m = model; this.rel = rel; this.ctx = ctx; this.out = []; }

  Interpreter.prototype.finding = function (line, path, value, key, spec, opts) {
    opts = opts || {};
    var message = this.m.messages[key];
    var title = opts.label || labelOf(spec, opts.itemLabel || "");
    var enter = isChoice(spec) ? "Select" : "Enter";
    var slots = {
      name: spec.name, label: title, Label: title.charAt(0).toUpperCase() + title.slice(1),
      noun: !spec.noun ? "the " + lowerFirst(title) : opts.itemLabel ? spec.noun + " for " + lowerFirst(opts.itemLabel) : spec.noun,
      Enter: enter, enter: enter.toLowerCase(),
      example: shownExample(spec.example), value: plain(value), rule: spec.rule || "",
      item: opts.itemLabel || title, what: "", shape: "", hint: "", where: "", kind: "", stem: "", other: "",
      other_label: "", other_label_lower: "", after: "", choices: "", hosts: "", given: "", after_long: ""
    };
    Object.keys(opts.slots || {}).forEach(function (k) { slots[k] = opts.slots[k]; });
    var shown = opts.show && value !== null && value !== undefined;
    var f = new Finding(this.rel, line, path || spec.name, fill(message.problem, slots), fill(message.fix, slots),
      isDate(value) || value instanceof PyDateTime ? value.iso() : value, shown);
    f.key = key;
    f.form = fill(message.form, slots);
    f.severity = opts.notice ? "notice" : "error";
    f.at = atPath(path || spec.name);
    this.out.push(f);
  };
  /* "sessions[2].end" -> ["sessions", 1, "end"] */
  function atPath(path) {
    var out = [];
    path.split(".").forEach(function (part) {
      var m = /^(.*)\[(\d+)\]$/.exec(part);
      if (m) { out.push(m[1]); out.push(+m[2] - 1); } else out.push(part);
    });
    return out;
  }

  Interpreter.prototype.check = function (data, schema, what) {
    if (!isMap(data)) {
      this.finding((data && data.line) || 1, "", data, "not-mapping", schema, { label: what, slots: { what: what } });
      return;
    }
    this.map(data, schema, "", "");
  };
  /* 1234567 -> "1,234,567", as Python's format(n, ",") */
  function grouped(n) {
    var s = String(n), out = "";
    while (s.length > 3) { out = "," + s.slice(-3) + out; s = s.slice(0, -3); }
    return s + out;
  }
  Interpreter.prototype.map = function (data, spec, path, itemLabel) {
    var self = this, known = fieldsOf(spec), kind = this.ctx.pageKind || "";
    /* esca.core.fields.SPARE_FIELDS: a mapping with more keys than its declared
       fields plus this many is one finding, and its keys are not checked one by one. */
    var declared = (spec.fields || []).length;
    var crowded = !spec.extra && data.keys.length > declared + this.m.spare_fields;
    if (crowded) {
      this.finding(data.line, path, spec.name, "too-many-fields", spec, { label: itemLabel || titleOf(spec),
        slots: { count: grouped(data.keys.length), maximum: declared, reference: spec.rule || "the field reference" } });
    }
    (crowded ? [] : data.keys).forEach(function (key) {
      var sub = known[key];
      if (!sub) {
        var names = (spec.fields || []).map(function (f) { return f.name; });
        var hint = didYouMean(key, names) || "remove it, or see " + (spec.rule || "the field reference") + " for the names";
        self.finding(data.lineOf(key), join(path, key), key, "unknown-field", spec,
          { itemLabel: itemLabel, slots: { hint: hint, name: key } });
      } else if (sub.only_on && sub.only_on.indexOf(kind) < 0) {
        self.finding(data.lineOf(key), join(path, key), key, "only-on", sub, { itemLabel: itemLabel,
          slots: { where: sub.only_on.map(function (k) { return k + " pages"; }).join(" and ") } });
      }
    });
    (spec.fields || []).forEach(function (sub) {
      if (!data.has(sub.name) && (sub.required || (sub.required_on || []).indexOf(kind) >= 0)) {
        self.finding(data.line, join(path, sub.name), sub.name, "missing", sub, { itemLabel: itemLabel });
      }
    });
    (spec.fields || []).forEach(function (sub) {
      if (data.has(sub.name) && !(sub.only_on && sub.only_on.indexOf(kind) < 0)) {
        self.value(data.get(sub.name), data.lineOf(sub.name), sub, join(path, sub.name), itemLabel);
      }
    });
    (spec.checks || []).forEach(function (rule) { self.rule(data, spec, rule, path, itemLabel); });
  };
  Interpreter.prototype.value = function (value, line, spec, path, itemLabel) {
    if (spec.kind === "list") { this.list(value, line, spec, path, itemLabel); return; }
    if (spec.kind === "map") {
      if (!isMap(value)) {
        this.finding(line, path, value, "item", spec, { itemLabel: itemLabel,
          slots: { what: titleOf(spec).toLowerCase(), shape: spec.item_shape || "the fields under it, indented" } });
      } else this.map(value, spec, path, labelOf(spec, itemLabel));
      return;
    }
    var problem = this.scalar(value, spec);
    if (problem) this.finding(line, path, value, problem.key, spec, { itemLabel: itemLabel, show: problem.show,
      notice: problem.notice, slots: problem.slots });
  };
  Interpreter.prototype.textProblem = function (value, spec) {
    var ch = this.m.characters, i;
    if (!isStr(value)) return { key: "text", show: true };
    for (i = 0; i < value.length; i++) if (ch.bidi.indexOf(value[i]) >= 0) return { key: "bidi", show: true };
    if (new RegExp("[" + ch.control + "]").test(value)) return { key: "control", show: true };
    var visible = false;
    for (i = 0; i < value.length; i++) if (ch.invisible.indexOf(value[i]) < 0 && pyStrip(value[i])) { visible = true; break; }
    if (!visible) return { key: "invisible", show: true };
    if (spec.one_line && pyStrip(value).indexOf("\n") >= 0) return { key: "one-line", show: true };
    if (spec.plain && value.indexOf("<") >= 0) return { key: "markup", show: true };
    var length = chars(value).length;
    if (spec.max_length && length > spec.max_length) return { key: "too-long", slots: { length: length, limit: spec.max_length } };
    if (spec.numbers) {
      var numbers = numbersInText(value, this.m);
      for (i = 0; i < numbers.length; i++) {
        if (!numberClassOk(numbers[i], this.m.dial)) return { key: "number-in-text", slots: { number: numbers[i] } };
      }
    }
    return null;
  };
  /* esca.core.fields._dialled, one code point for one: a decimal digit of any
     script as its ASCII digit (the published zeros each begin a run of ten), a
     gap as a space, any other character as itself (astral ones as "x", so the
     mapped text has one UTF-16 unit per code point). Returns the text and where
     each code point starts in the original. */
  function dialled(text, dial) {
    var out = "", starts = [], at = 0;
    var gap = new RegExp("[" + dial.gap_categories.map(function (c) { return "\\p{" + c + "}"; }).join("") + "]", "u");
    for (var ch of text) {
      var cp = ch.codePointAt(0), mapped = ch;
      if (/\p{Nd}/u.test(ch)) {
        var lo = 0, hi = dial.zeros.length - 1;
        while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (dial.zeros[mid] <= cp) lo = mid; else hi = mid - 1; }
        mapped = String(cp - dial.zeros[lo]);
      } else if (dial.plus.indexOf(ch) >= 0) mapped = "+";
      else if (dial.gaps.indexOf(ch) >= 0 || gap.test(ch)) mapped = " ";
      else if (ch.length > 1) mapped = "x";
      out += mapped;
      starts.push(at);
      at += ch.length;
    }
    starts.push(at);
    return { text: out, starts: starts };
  }
  /* esca.core.fields.numbers_in_text: the numbers in a text, as written. */
  function numbersInText(value, model) {
    var dial = model.dial, read = dialled(value, dial), found = [], m;
    var pattern = new RegExp(model.patterns["number-in-text"], "g");
    while ((m = pattern.exec(read.text)) !== null) {
      if (m[0] === "") { pattern.lastIndex += 1; continue; }
      var digits = m[0].replace(/[^0-9]/g, "");
      /* a run from 11 is a number only as a six-digit 116 or 118 code (esca.core.fields._a_number) */
      var shortCode = digits.length === dial.short_code_digits &&
        dial.short_codes.some(function (c) { return digits.indexOf(c) === 0; });
      if (digits.length >= dial.min_digits && (m[0].trim()[0] !== "1" || shortCode)) {
        found.push(value.slice(read.starts[m.index], read.starts[m.index + m[0].length]));
      }
    }
    return found;
  }
  /* esca.core.fields.number_class_ok: a number of an ordinary class. */
  function numberClassOk(number, dial) {
    var read = dialled(number, dial).text.trim(), digits = read.replace(/[^0-9]/g, "");
    if (read[0] === "+") { var rest = digits.slice(2); digits = rest[0] === "0" ? rest : "0" + rest; }
    if (digits.slice(0, 2) === "11") return digits.slice(0, 3) === "116" && digits.length === 6;
    return dial.classes.some(function (c) { return digits.indexOf(c) === 0; });
  }
  /* The message key (and slots) for a scalar value, or null (esca.core.fields._scalar_problem). */
  Interpreter.prototype.scalar = function (value, spec) {
    var m = this.m, ctx = this.ctx, kind = spec.kind;
    if (kind === "text" || kind === "route" || kind === "url") {
      var problem = this.textProblem(value, spec);
      if (problem || kind === "text") return problem;
      if (kind === "route") {
        var route = pyStrip(value), url = whole(m.patterns.https).exec(route);
        if (!(whole(m.patterns.email).test(route) || (url && ctx.choices.hosts.indexOf(url[1].toLowerCase()) >= 0))) {
          var site = new RegExp("^(?:" + m.patterns.site + ")").exec(route);
          return { key: "route", show: true, slots: { given: site ? site[1] : route, hosts: pySorted(ctx.choices.hosts).join(", ") } };
        }
        return null;
      }
      return { key: "url", show: true };  /* no url field is published to the browser */
    }
    if (kind === "slug") {
      if (!isStr(value) || !whole(m.patterns.slug).test(value)) return { key: "slug", show: true };
      if ((spec.reserved || []).indexOf(value) >= 0) return { key: "reserved", show: true };
    } else if (kind === "choice") {
      var choices = ctx.choices[spec.choices] || [];
      if (!isStr(value) || choices.indexOf(value) < 0) {
        var meta = m.choice_lists[spec.choices];
        return { key: meta.key, show: true, slots: { where: meta.where, kind: meta.kind, choices: orList(choices),
          hint: fixOrChoices(value, choices, meta.what) } };
      }
    } else if (kind === "int") {
      if (!isWhole(value) || value <= 0) return { key: "int", show: true };
      if (spec.maximum !== undefined && spec.maximum !== null && value > spec.maximum) {
        return { key: "too-big", slots: { maximum: String(spec.maximum) } };
      }
    } else if (kind === "number") {
      if (!isNumber(value) || !isFinite(numberOf(value)) || numberOf(value) <= 0) return { key: "number", show: true };
      if (spec.maximum !== undefined && spec.maximum !== null && numberOf(value) > spec.maximum) {
        return { key: "too-big", slots: { maximum: String(spec.maximum) } };
      }
    } else if (kind === "bool") {
      if (value !== true && value !== false) return { key: "bool", show: true };
    } else if (kind === "date") {
      if (!isPyDate(value)) return { key: "date", show: true };
      if (spec.not_future && dateKey(value) > ctx.today) return { key: "future", show: true };
    } else if (kind === "datetime") {
      var when = parseDatetime(value, m);
      if (when === null) return { key: "datetime", show: true };
      var change = clockChange(value instanceof PyDateTime ? [value.y, value.mo, value.d, value.h] :
        whole(m.patterns.datetime).exec(value).slice(1, 5).map(Number));
      if (change === "forward") return { key: "no-such-time", show: true };
      if (spec.notice && when.slice(0, 8) < ctx.today.replace(/-/g, "")) return { key: "past", show: true, notice: true };
      if (change === "back") return { key: "time-twice", show: true, notice: true };
    }
    return null;
  };
  Interpreter.prototype.list = function (value, line, spec, path, itemLabel) {
    var self = this;
    if (!isList(value)) { this.finding(line, path, value, "list", spec, { itemLabel: itemLabel, show: true }); return; }
    if (value.length < (spec.min_items || 0)) {
      this.finding(line, path, value, "too-few", spec, { itemLabel: itemLabel,
        slots: { minimum: spec.min_items, items: spec.min_items === 1 ? "item" : "items" } });
    }
    if (spec.max_items !== undefined && spec.max_items !== null && value.length > spec.max_items) {
      /* one finding: the items are not checked one by one (their number is the file's, not the declaration's) */
      this.finding(line, path, value, "too-many", spec, { itemLabel: itemLabel, slots: { count: value.length, maximum: spec.max_items } });
      return;
    }
    var item = spec.item;
    if (!item) return;
    value.forEach(function (entry, index) {
      var entryLine = lineOfItem(value, index);
      if (item.kind === "map") {
        var where = path + "[" + (index + 1) + "]", label = labelOf(item, itemLabel, index + 1);
        if (!isMap(entry)) {
          self.finding(entryLine, where, entry, "item", item, { label: label, slots: { what: item.name, shape: item.item_shape || "" } });
        } else self.map(entry, item, where, label);
      } else {
        var problem = self.scalar(entry, item);
        if (problem) self.finding(entryLine, path, entry, problem.key, item, { label: labelOf(spec, itemLabel),
          show: problem.show, notice: problem.notice, slots: problem.slots });
      }
    });
  };
  Interpreter.prototype.rule = function (data, spec, rule, path, itemLabel) {
    var self = this, fields = fieldsOf(spec), target = fields[rule.field], other = fields[rule.other];
    var value = data.has(rule.field) ? data.get(rule.field) : null, where = join(path, rule.field), key = rule.key;
    var slots = { other: rule.other, other_label: other ? titleOf(other) : "", other_label_lower: other ? titleOf(other).toLowerCase() : "" };
    function withSlots(extra) { var out = {}; Object.keys(slots).forEach(function (k) { out[k] = slots[k]; });
      Object.keys(extra || {}).forEach(function (k) { out[k] = extra[k]; }); return out; }
    function itemLine(list, i) { return lineOfItem(list, i); }
    var k = rule.kind;
    if (k === "after") {
      var first = this.when(value, target), second = this.when(data.has(rule.other) ? data.get(rule.other) : null, other);
      if (first !== null && second !== null && first <= second) {
        var before = data.get(rule.other);
        this.finding(data.lineOf(rule.field), where, value, key, target, { itemLabel: itemLabel, show: true,
          slots: withSlots({ after: isDate(before) || before instanceof PyDateTime ? before.iso() : pyStr(before),
            after_long: longDate(before, this.m.months) }) });
      }
    } else if (k === "subset") {
      var wider = data.get(rule.other);
      if (isList(value) && isList(wider)) {
        value.forEach(function (entry, i) {
          if (isStr(entry) && wider.indexOf(entry) < 0) {
            self.finding(itemLine(value, i), where, entry, key, target, { itemLabel: itemLabel, show: true, slots: withSlots() });
          }
        });
      }
    } else if (k === "needs") {
      var reason = data.get(rule.other);
      if (isList(reason) && reason.length && !(isStr(value) && pyStrip(value))) {
        this.finding(data.lineOf(rule.other), where, value, key, target, { itemLabel: itemLabel, slots: withSlots() });
      }
    } else if (k === "one-of") {
      if (!(isStr(value) && pyStrip(value)) && data.get(rule.other) !== true) {
        this.finding(data.line, path || rule.field, value, key, target, { label: itemLabel, slots: withSlots({ name: rule.field }) });
      }
    } else if (k === "newest-first" && isList(value)) {
      var dates = [];
      value.forEach(function (entry, i) {
        if (isMap(entry) && isDate(entry.get(rule.other))) dates.push([dateKey(entry.get(rule.other)), itemLine(value, i)]);
      });
      for (var i = 1; i < dates.length; i++) {
        if (dates[i][0] > dates[i - 1][0]) {
          this.finding(dates[i][1], where, value, key, target, { itemLabel: itemLabel, slots: withSlots() });
          break;
        }
      }
    } else if (k === "file-stem") {
      if (isStr(value) && whole(this.m.patterns.slug).test(value) && this.ctx.stem && value !== this.ctx.stem) {
        this.finding(data.lineOf(rule.field), where, value, key, target, { itemLabel: itemLabel, show: true, slots: { stem: this.ctx.stem } });
      }
    } else if (k === "not-self") {
      var own = data.get(rule.other);
      if (isList(value)) {
        value.forEach(function (entry, i) {
          if (isStr(own) && entry === own) self.finding(itemLine(value, i), where, entry, key, target, { itemLabel: itemLabel, show: true });
        });
      }
    } else if (k === "unique") {
      if (isStr(value) && Object.prototype.hasOwnProperty.call(this.ctx.others, value)) {
        this.finding(data.lineOf(rule.field), where, value, key, target, { itemLabel: itemLabel, show: true,
          slots: { other: this.ctx.others[value] } });
      }
    } else if (k === "acyclic") {
      var me = data.get(rule.other);
      if (isStr(me) && isList(value)) {
        var graph = Object.create(null);
        Object.keys(this.ctx.graph).forEach(function (cid) { graph[cid] = self.ctx.graph[cid].filter(isStr); });
        graph[me] = value.filter(function (p) { return isStr(p) && p !== me; });
        var loop = findCycle(me, graph);
        if (loop) {
          this.finding(data.lineOf(rule.field), where, value, key, target, { itemLabel: itemLabel,
            slots: { circle: loop.concat([loop[0]]).join(" → ") } });
        }
      }
    }
  };
  Interpreter.prototype.when = function (value, spec) {
    if (spec && spec.kind === "datetime") return parseDatetime(value, this.m);
    return isDate(value) ? dateKey(value) : null;
  };
  function pySorted(items) { return items.slice().sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; }); }
  /* esca.core.fields.find_cycle: iterative depth-first search, each course entered once. */
  function findCycle(start, graph) {
    var colour = Object.create(null), path = [start], stack = [[start, pySorted(graph[start] || []), 0]];
    colour[start] = 1;
    while (stack.length) {
      var top = stack[stack.length - 1];
      if (top[2] >= top[1].length) { stack.pop(); path.pop(); colour[top[0]] = 2; continue; }
      var step = top[1][top[2]];
      top[2] += 1;
      if (step === start) return path.slice();
      if (colour[step] || !Object.prototype.hasOwnProperty.call(graph, step)) continue;
      colour[step] = 1;
      path.push(step);
      stack.push([step, pySorted(graph[step] || []), 0]);
    }
    return null;
  }

  function todayInLondon() {
    var parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date());
    var get = function (t) { return parts.filter(function (p) { return p.type === t; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  /* Every finding for one course file: what the build says about it
     (esca.curricula.builder.check_file). `loaded` is the id of the published
     course the file was opened from, if any. */
  function checkBytes(bytes, filename, model, today, loaded) {
    var rel = "curricula/courses/" + filename, stem = filename.replace(/\.[^.]*$/, "");
    var read = load(bytes, rel, model);
    if (read.findings) return { findings: read.findings, data: null };
    var run = new Interpreter(model, rel, new Ctx(model, today || model.today || todayInLondon(), stem, loaded));
    run.check(read.data, model.course, "course");
    return { findings: run.out, data: read.data };
  }

  /* ---------- Writing a course file ---------- */

  function yamlText(s) {
    var plain = /^[A-Za-z][^\n:#'"\[\]{},&*!|>%@`]*$/.test(s) && !/\s$/.test(s) && isStr(resolve(s, 0)) &&
      !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s);
    return plain ? s : JSON.stringify(s).replace(/[\u2028\u2029]/g, function (c) { return c === "\u2028" ? "\\L" : "\\P"; });
  }
  /* A number as typed, else quoted text so the build reports it. */
  function yamlNumber(raw) {
    var t = raw.trim();
    return /^\d+(\.\d+)?$/.test(t) ? t : yamlText(raw);
  }
  /* One scalar as the file writes it, by the field's kind. */
  function yamlScalar(spec, v) {
    var k = spec.kind;
    if (k === "int" || k === "number") return yamlNumber(String(v));
    if (k === "bool") return v === true || v === "true" ? "true" : "false";
    if (k === "date") return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : yamlText(String(v));
    return yamlText(String(v));
  }
  function empty(v) { return v === undefined || v === null || v === "" || v === false || (isList(v) && !v.length); }
  /* Lists a declaration keeps newest first are written newest first. */
  function newestFirst(spec, name, items) {
    var rule = (spec.checks || []).filter(function (c) { return c.kind === "newest-first" && c.field === name; })[0];
    if (!rule) return items;
    var key = rule.other;
    return items.map(function (x, i) { return [x, i]; }).sort(function (a, b) {
      var x = String(a[0][key] || ""), y = String(b[0][key] || "");
      return x === y ? a[1] - b[1] : x < y ? 1 : -1;
    }).map(function (pair) { return pair[0]; });
  }
  /* The course file for the form's values `c` (field name -> value; a list
     of maps is a list of objects), in the declaration's order. */
  function toYaml(c, model) {
    var out = [model.schema_line], course = model.course;
    course.fields.forEach(function (f) {
      var v = c[f.name];
      if (empty(v)) return;
      if (f.kind !== "list") { out.push(f.name + ": " + yamlScalar(f, v)); return; }
      out.push(f.name + ":");
      newestFirst(course, f.name, v).forEach(function (item) {
        if (f.item.kind !== "map") { out.push("- " + yamlScalar(f.item, item)); return; }
        var first = true;
        f.item.fields.forEach(function (sub) {
          var x = item[sub.name];
          if (empty(x) && !(sub.required && x === "")) return;
          var text = x === "" ? "null" : yamlScalar(sub, x);
          out.push((first ? "- " : "  ") + sub.name + ": " + text);
          first = false;
        });
        if (first) out.push("- {}");
      });
    });
    return out.join("\n") + "\n";
  }

  /* A value as the form shows it (dates as YYYY-MM-DD, numbers as typed). */
  function display(x) {
    if (x === null || x === undefined) return "";
    if (isDate(x) || x instanceof PyDateTime) return x.iso();
    if (x instanceof PyFloat) return String(x.v);
    return String(x);
  }

  var api = {
    load: load, checkBytes: checkBytes, toYaml: toYaml, ratio: ratio, closest: closest, quote: quote,
    todayInLondon: todayInLondon, display: display, isList: isList, isMap: isMap,
    /* The generic pieces, for the unit tests in tests/js/. */
    internals: { resolve: resolve, pyStrip: pyStrip, pyRepr: pyRepr, oneLine: oneLine, fill: fill,
      numbersInText: numbersInText, numberClassOk: numberClassOk,
      fixOrChoices: fixOrChoices, findCycle: findCycle, parseDatetime: parseDatetime, clockChange: clockChange }
  };
  /* In a page: window.escaCourseRules. In Node (the unit tests): module.exports. */
  if (typeof window !== "undefined") window.escaCourseRules = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
