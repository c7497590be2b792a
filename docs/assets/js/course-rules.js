/* ESCA course rules: what the course builder (course-builder.js) checks.

   Everything here works from the course model the build embeds in the page
   (cpd/course-model.json: fields, vocabularies, limits, patterns and the
   validator's own messages), so the rules have one source: the Python course
   model in hooks/esca/curricula/. The checks below follow
   hooks/esca/curricula/validate.py rule for rule; tests/test_course_builder.py
   runs every course fixture through both and compares the messages.

   Nothing is sent anywhere: no fetch, no storage, no eval. Course files are
   read with a small reader for the YAML a course file uses (block mappings
   and lists, [flow, lists], {flow: mappings}, quoted, plain and >- text).
   Anchors, aliases and tags are refused: a course file never needs them. */
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

  /* A mapping that remembers key order and lines (esca.safeyaml.LineMap). */
  function YMap() { this.keys = []; this.vals = {}; this.lines = {}; this.line = 0; }
  YMap.prototype.has = function (k) { return Object.prototype.hasOwnProperty.call(this.vals, k); };
  YMap.prototype.get = function (k) { return this.has(k) ? this.vals[k] : null; };
  YMap.prototype.set = function (k, v, line) { if (!this.has(k)) this.keys.push(k); this.vals[k] = v; this.lines[k] = line; };
  YMap.prototype.lineOf = function (k) { return this.has(k) ? this.lines[k] : this.line; };
  /* A list that remembers its items' lines (esca.safeyaml.LineList). */
  function ylist(line) { var a = []; a.lines = []; a.line = line; a.isList = true; return a; }
  function lineOfItem(list, i) { return list.lines && i < list.lines.length ? list.lines[i] : list.line; }

  function isStr(v) { return typeof v === "string"; }
  function isInt(v) { return typeof v === "number"; }
  function isList(v) { return Array.isArray(v); }
  function isMap(v) { return v instanceof YMap; }
  function isDate(v) { return v instanceof PyDate; }
  function chars(s) { return Array.from(s); }
  function pyStrip(s) { return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, ""); }

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
  /* esca.findings._quote */
  function quote(v) {
    var text = isStr(v) ? "'" + v + "'" : pyRepr(v);
    var cs = chars(text);
    return cs.length <= 80 ? text : cs.slice(0, 77).join("") + "…'";
  }

  /* ---------- difflib.get_close_matches, as Python computes it ---------- */

  function ratio(a, b) {
    var b2j = {};
    for (var j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (var i = alo; i < ahi; i++) {
        var newj2len = {}, js = b2j[a[i]] || [];
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
    return "use one of the " + what + ": " + sorted.slice(0, 12).join(", ") + (sorted.length > 12 ? ", …" : "");
  }

  /* ---------- Findings, in the shape of esca.findings.Finding ---------- */

  function Finding(path, line, field, problem, fix, value, hasValue) {
    this.path = path; this.line = line; this.field = field; this.problem = problem; this.fix = fix;
    this.value = value; this.hasValue = hasValue;
  }
  Finding.prototype.toString = function () {
    var text = this.path + ":" + (this.line || 1) + ": " + this.field + ": " + this.problem;
    if (this.hasValue) text += ": " + quote(this.value);
    if (this.fix) text += " — " + this.fix;
    return oneLine(text);
  };
  /* esca.findings.one_line: controls, line breaks and bidirectional controls as escapes. */
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

  function Reader(text) {
    this.lines = text.split(/\r\n|\r|\n/).map(function (raw, i) {
      var indent = raw.length - raw.replace(/^ +/, "").length;
      return { num: i + 1, raw: raw, indent: indent, text: raw.slice(indent) };
    });
    this.pos = 0;
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
      else if (c === "'" && (i === 0 || /[\s\[{,:]/.test(s[i - 1]))) inS = true;
      else if (c === '"' && (i === 0 || /[\s\[{,:]/.test(s[i - 1]))) inD = true;
      else if (c === "#" && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).replace(/\s+$/, "");
    }
    return s.replace(/\s+$/, "");
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
    map.ids = map.ids || {};
    var id = keyId(key);
    if (map.ids[id]) throw new YamlError(line, "duplicate", { key: pyRepr(key), first: map.ids[id] });
    map.ids[id] = line;
  }
  function checkIndicators(value, line) {
    if (/^[&*]/.test(value)) throw new YamlError(line, "aliases");
    if (/^!/.test(value)) throw new YamlError(line, "tags");
  }

  Reader.prototype.document = function () {
    var first = this.peek();
    if (first && /^---(\s|$)/.test(first.text) && first.indent === 0) {
      var rest = stripComment(first.text.slice(3).trim());
      if (rest) { first.text = rest; first.indent = 4; } else this.pos += 1;
      first = this.peek();
    }
    if (!first) return null;
    if (/^(%|\.\.\.)/.test(first.text)) throw syntax(first.num, "directives and '...' are not used in course files");
    var node = this.node(first.indent, -1);
    var extra = this.peek();
    if (extra) {
      if (/^---(\s|$)/.test(extra.text)) throw syntax(extra.num, "expected a single document in the stream");
      throw syntax(extra.num, "expected <block end>, but found another value");
    }
    return node;
  };
  /* The node starting at the next significant line (indented at `indent`);
     `parent` is the indentation of the line that owns it. */
  Reader.prototype.node = function (indent, parent) {
    var l = this.peek();
    if (/^-( |$)/.test(l.text)) return this.sequence(l.indent);
    if (keySplit(l.text) >= 0) return this.mapping(l.indent);
    this.pos += 1;
    return this.inline(l.text, l, parent);
  };
  Reader.prototype.mapping = function (indent) {
    var map = new YMap(), l;
    map.keyValues = {};
    map.line = this.peek().num;
    while ((l = this.peek()) && l.indent === indent) {
      if (/^-( |$)/.test(l.text)) throw syntax(l.num, "expected <block end>, but found '-'");
      var at = keySplit(l.text);
      if (at < 0) throw syntax(l.num, "could not find expected ':'");
      var rawKey = l.text.slice(0, at).trim(), key;
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
    return map;
  };
  Reader.prototype.sequence = function (indent) {
    var list = ylist(this.peek().num), l;
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
      if (/^-( |$)/.test(inner)) throw syntax(l.num, "a list inside a list is not used in course files");
      list.lines.push(l.num);
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
    if (/^[|>]/.test(head)) return this.blockText(head, l, indent);
    if (/^[\[{]/.test(head) || /^["']/.test(head)) {
      var parts = [{ text: text, num: l.num }];
      while (true) {
        var p = new FlowParser(parts);
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
    var pieces = [head], ended = head !== text.replace(/\s+$/, "");  /* a comment ends the text */
    plainCheck(head, l.num, false);
    while (!ended && this.pos < this.lines.length) {
      var n = this.lines[this.pos];
      if (n.raw.trim() === "") { pieces.push(""); this.pos += 1; continue; }
      if (n.indent <= indent || n.text[0] === "#") break;
      var piece = stripComment(n.text);
      if (keySplit(n.text) >= 0 || /:( |$)/.test(piece)) throw new YamlError(n.num, "colon");
      plainCheck(piece, n.num, true);
      pieces.push(piece);
      this.pos += 1;
      ended = piece !== n.text.replace(/\s+$/, "");
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
    if (!continuation && /^[\]}%@`,|>?]/.test(text)) throw syntax(line, "found character '" + text[0] + "' that cannot start any token");
    if (/: /.test(text) || /:$/.test(text)) throw new YamlError(line, "colon");
  }
  Reader.prototype.blockText = function (head, l, indent) {
    var m = /^([|>])([-+]?)$/.exec(head);
    if (!m) throw syntax(l.num, "block text starts with |, |-, > or >- alone on its line");
    var lines = [], contentIndent = null;
    while (this.pos < this.lines.length) {
      var n = this.lines[this.pos];
      if (n.text === "" && n.raw.trim() === "") { lines.push(null); this.pos += 1; continue; }
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
    var q = s[start || 0], i = (start || 0) + 1, out = "", pendingSpace = "";
    var ESC = { "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
      " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" };
    while (i < s.length) {
      var c = s[i];
      if (c === "\n") {
        out = out.replace(/[ \t]+$/, "");
        var j = i, breaks = 0;
        while (j < s.length && /[ \t\n]/.test(s[j])) { if (s[j] === "\n") breaks += 1; j++; }
        out += breaks > 1 ? "\n".repeat(breaks - 1) : " ";
        i = j; continue;
      }
      if (q === "'" && c === "'") { if (s[i + 1] === "'") { out += "'"; i += 2; continue; } return { value: out, end: i + 1 }; }
      if (q === '"' && c === '"') return { value: out, end: i + 1 };
      if (q === '"' && c === "\\") {
        var e = s[i + 1];
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
  function FlowParser(parts) {
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
      else if (c === "#" && (this.i === 0 || /\s/.test(this.s[this.i - 1]))) { while (this.i < this.s.length && this.s[this.i] !== "\n") this.i++; }
      else break;
    }
  };
  FlowParser.prototype.more = function (what) { var e = syntax(this.lineAt(), what); e.more = true; return e; };
  FlowParser.prototype.parse = function () { this.ws(); return this.node(false); };
  FlowParser.prototype.node = function (inFlow) {
    this.ws();
    var c = this.s[this.i], line = this.lineAt();
    if (c === undefined) throw this.more("while parsing a flow node, found unexpected end");
    checkIndicators(this.s.slice(this.i), line);
    if (c === "[") return this.seq();
    if (c === "{") return this.map();
    if (c === '"' || c === "'") { var r = quoted(this.s, line, this.i); this.i = r.end; return r.value; }
    if (!inFlow) throw syntax(line, "expected a value");
    var start = this.i;
    while (this.i < this.s.length) {
      var ch = this.s[this.i];
      if (",[]{}".indexOf(ch) >= 0) break;
      if (ch === ":" && (this.i + 1 >= this.s.length || /[\s,\[\]{}]/.test(this.s[this.i + 1]))) break;
      if (ch === "#" && /\s/.test(this.s[this.i - 1])) break;
      this.i++;
    }
    var text = this.s.slice(start, this.i).split("\n").map(function (x) { return x.trim(); }).filter(Boolean).join(" ");
    if (/^[|>%@`?]/.test(text)) throw syntax(line, "found character '" + text[0] + "' that cannot start any token");
    return resolve(text, line);
  };
  FlowParser.prototype.seq = function () {
    var list = ylist(this.lineAt()); this.i++;
    while (true) {
      this.ws();
      if (this.i >= this.s.length) throw this.more("while parsing a flow sequence did not find expected ',' or ']'");
      if (this.s[this.i] === "]") { this.i++; return list; }
      var line = this.lineAt();
      var item = this.node(true);
      this.ws();
      if (this.s[this.i] === ":") throw syntax(line, "a 'key: value' pair inside [ ] is not used in course files");
      list.push(item); list.lines.push(line);
      if (this.s[this.i] === ",") { this.i++; continue; }
      if (this.s[this.i] === "]") { this.i++; return list; }
      if (this.i >= this.s.length) throw this.more("while parsing a flow sequence did not find expected ',' or ']'");
      throw syntax(this.lineAt(), "while parsing a flow sequence did not find expected ',' or ']'");
    }
  };
  FlowParser.prototype.map = function () {
    var map = new YMap(); map.keyValues = {}; map.line = this.lineAt(); this.i++;
    while (true) {
      this.ws();
      if (this.i >= this.s.length) throw this.more("while parsing a flow mapping did not find expected ',' or '}'");
      if (this.s[this.i] === "}") { this.i++; return map; }
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
      if (this.s[this.i] === "}") { this.i++; return map; }
      if (this.i >= this.s.length) throw this.more("while parsing a flow mapping did not find expected ',' or '}'");
      throw syntax(this.lineAt(), "while parsing a flow mapping did not find expected ',' or '}'");
    }
  };

  /* esca.safeyaml.load_bytes: bytes -> {data} or {findings}. */
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
    try { return { data: new Reader(text).document() }; }
    catch (error) {
      if (!(error instanceof YamlError)) throw error;
      return fail(error.line, error.key, error.slots);
    }
  }

  /* ---------- The course rules (hooks/esca/curricula/validate.py) ---------- */

  function Checker(model, rel, today) {
    this.model = model; this.rel = rel; this.today = today; this.out = [];
    this.byName = {};
    var self = this;
    model.fields.forEach(function (f) { self.byName[f.name] = f; });
    this.vocab = {};
    Object.keys(model.vocabularies).forEach(function (name) {
      self.vocab[name] = model.vocabularies[name].map(function (pair) { return pair[0]; });
    });
  }
  Checker.prototype.add = function (line, field, key, value, slots) {
    slots = slots || {};
    if (slots.value === undefined) slots.value = value === undefined || value === null ? "None" : pyStr(value);
    var pair = this.model.messages[key];
    var hasValue = value !== undefined && value !== null;
    var shown = isDate(value) || value instanceof PyDateTime ? value.iso() : value;
    this.out.push(new Finding(this.rel, line, field, fill(pair[0], slots), fill(pair[1], slots), shown, hasValue));
  };
  Checker.prototype.course = function (stem, data) {
    var self = this, m = this.model;
    if (!isMap(data)) { this.add((data && data.line) || 1, "course", "not-mapping", undefined, { what: "course" }); return; }
    var names = m.fields.map(function (f) { return f.name; });
    data.keys.forEach(function (key) {
      if (!self.byName[key]) {
        self.add(data.lineOf(key), key, "unknown-field", undefined,
          { hint: didYouMean(key, names) || "remove it, or see the field reference for the names" });
      }
    });
    m.fields.forEach(function (f) { if (f.required && !data.has(f.name)) self.add(data.line, f.name, "missing", undefined, { name: f.name }); });
    m.fields.forEach(function (f) { if (data.has(f.name)) self.field(data, f); });
    var id = data.get("id");
    if (isStr(id) && new RegExp(m.patterns.slug).test(id) && id !== stem) {
      this.add(data.lineOf("id"), "id", "id-file", id, { stem: stem });
    }
    var reviewed = data.get("last_reviewed"), due = data.get("review_due");
    if (isDate(reviewed) && isDate(due) && due.iso() <= reviewed.iso()) {
      this.add(data.lineOf("review_due"), "review_due", "review-order", due, { after: reviewed.iso() });
    }
    var audience = data.get("audience"), mandatory = data.get("mandatory_for");
    if (isList(audience) && isList(mandatory)) {
      mandatory.forEach(function (item, i) {
        if (isStr(item) && !audience.some(function (a) { return a === item; })) {
          self.add(lineOfItem(mandatory, i), "mandatory_for", "mandatory-audience", item);
        }
      });
    }
    var sessions = data.get("sessions"), booking = data.get("booking");
    if (isList(sessions) && sessions.length && !(isStr(booking) && pyStrip(booking))) {
      this.add(data.lineOf("sessions"), "booking", "booking");
    }
  };
  Checker.prototype.field = function (data, spec) {
    var value = data.get(spec.name), line = data.lineOf(spec.name), kind = spec.kind, m = this.model;
    if (kind === "slug") {
      if (!isStr(value) || !new RegExp(m.patterns.slug).test(value)) this.add(line, spec.name, "slug", value);
    } else if (kind === "text") {
      this.text(line, spec, value);
    } else if (kind === "status") {
      if (m.statuses.indexOf(value) < 0 || !isStr(value)) {
        this.add(line, spec.name, "status", value, { hint: fixOrChoices(value, m.statuses, "statuses") });
      }
    } else if (kind === "vocab") {
      this.vocabItem(line, spec, value);
    } else if (kind === "vocab-list" || kind === "ref-list" || kind === "text-list") {
      this.list(line, spec, value);
    } else if (kind === "int") {
      if (!isInt(value) || value <= 0) this.add(line, spec.name, "int", value);
      else if (spec.maximum !== null && value > spec.maximum) this.add(line, spec.name, "too-big", undefined, { maximum: spec.maximum });
    } else if (kind === "number") {
      var n = isInt(value) ? value : value instanceof PyFloat ? value.v : null;
      if (n === null || !isFinite(n) || n <= 0) this.add(line, spec.name, "number", value);
      else if (spec.maximum !== null && n > spec.maximum) this.add(line, spec.name, "too-big", undefined, { maximum: spec.maximum });
    } else if (kind === "date") {
      if (!isDate(value)) this.add(line, spec.name, "date", value);
      else if (spec.name === "last_reviewed" && value.iso() > this.today) this.add(line, spec.name, "future", value);
    } else if (kind === "booking") {
      var before = this.out.length;
      this.text(line, spec, value);
      if (this.out.length === before) {
        var route = pyStrip(value), url = new RegExp(m.patterns.booking_url).exec(route);
        if (!new RegExp(m.patterns.booking_email).test(route) && !(url && m.hosts.indexOf(url[1].toLowerCase()) >= 0)) {
          this.add(line, spec.name, "booking-route", value);
        }
      }
    } else if (kind === "sessions") {
      this.sessions(line, value);
      if (isList(value) && spec.max_items !== null && value.length > spec.max_items) {
        this.add(line, spec.name, "too-many", undefined, { count: value.length, maximum: spec.max_items });
      }
    } else if (kind === "changes") {
      this.changes(line, value);
    }
  };
  /* "invisible" or "bidi" when text would not show as written (esca.findings.text_problem). */
  Checker.prototype.shown = function (value) {
    var chars = this.model.characters, i;
    for (i = 0; i < value.length; i++) if (chars.bidi.indexOf(value[i]) >= 0) return "bidi";
    for (i = 0; i < value.length; i++) {
      if (chars.invisible.indexOf(value[i]) < 0 && pyStrip(value[i])) return null;
    }
    return "invisible";
  };
  Checker.prototype.text = function (line, spec, value) {
    if (!isStr(value) || !pyStrip(value)) this.add(line, spec.name, "text", value);
    else if (this.shown(value)) this.add(line, spec.name, this.shown(value), value);
    else if (spec.max_length && chars(value).length > spec.max_length) {
      this.add(line, spec.name, "too-long", undefined, { length: chars(value).length, limit: spec.max_length });
    }
  };
  Checker.prototype.vocabItem = function (line, spec, value) {
    var choices = this.vocab[spec.vocab] || [];
    if (!isStr(value) || choices.indexOf(value) < 0) {
      var where = this.model.vocabulary_files[spec.vocab];
      this.add(line, spec.name, "vocab", value, { where: where, hint: fixOrChoices(value, choices, "ids in " + where) });
    }
  };
  Checker.prototype.list = function (line, spec, value) {
    var self = this;
    if (!isList(value)) { this.add(line, spec.name, "list", value); return; }
    if (value.length < spec.min_items) this.add(line, spec.name, "too-few", undefined, { minimum: spec.min_items });
    if (spec.max_items !== null && value.length > spec.max_items) {
      this.add(line, spec.name, "too-many", undefined, { count: value.length, maximum: spec.max_items });
    }
    value.forEach(function (item, i) {
      var itemLine = lineOfItem(value, i);
      if (spec.kind === "text-list") {
        if (!isStr(item) || !pyStrip(item)) self.add(itemLine, spec.name, "text", item);
        else if (self.shown(item)) self.add(itemLine, spec.name, self.shown(item), item);
      } else if (spec.kind === "vocab-list") {
        self.vocabItem(itemLine, spec, item);
      } else if (spec.kind === "ref-list" && spec.ref !== "course") {
        var ids = self.model.pages[spec.ref] || [];
        if (!isStr(item) || ids.indexOf(item) < 0) {
          self.add(itemLine, spec.name, "reference", item,
            { kind: spec.ref + " page", hint: fixOrChoices(item, ids, spec.ref + " page ids") });
        }
      }
    });
  };
  var STRPTIME = /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])t(2[0-3]|[0-1]\d|\d):([0-5]\d|\d)$/i;
  function sessionTime(value) {
    if (value instanceof PyDateTime) return value.tz ? null : value.key();  /* London clock time: no offset */
    if (!isStr(value)) return null;
    var t = STRPTIME.exec(value);
    if (!t || !realDate(+t[1], +t[2], +t[3])) return null;
    return [+t[1], +t[2], +t[3], +t[4], +t[5], 0];
  }
  function compareTimes(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  }
  Checker.prototype.sessions = function (line, value) {
    var self = this, m = this.model;
    if (!isList(value)) { this.add(line, "sessions", "list", value); return; }
    value.forEach(function (session, index) {
      var where = "sessions[" + (index + 1) + "]";
      if (!isMap(session)) { self.add(lineOfItem(value, index), where, "session"); return; }
      session.keys.forEach(function (key) {
        if (m.session_fields.indexOf(key) < 0) {
          self.add(session.lineOf(key), where + "." + key, "session-field", undefined,
            { hint: didYouMean(key, m.session_fields) || "use " + m.session_fields.join(", ") });
        }
      });
      var times = {};
      ["start", "end"].forEach(function (key) {
        if (!session.has(key)) { self.add(session.line, where + "." + key, "missing", undefined, { name: key }); return; }
        var parsed = sessionTime(session.get(key));
        if (parsed === null) self.add(session.lineOf(key), where + "." + key, "datetime", session.get(key));
        else times[key] = parsed;
      });
      if (times.start && times.end && compareTimes(times.end, times.start) <= 0) {
        self.add(session.lineOf("end"), where + ".end", "session-order", session.get("end"));
      }
      var venue = session.get("venue");
      if (!(isStr(venue) && pyStrip(venue)) && session.get("online") !== true) self.add(session.line, where, "where");
      var capacity = session.get("capacity");
      if (!isInt(capacity) || capacity <= 0) self.add(session.lineOf("capacity"), where + ".capacity", "capacity", capacity);
    });
  };
  Checker.prototype.changes = function (line, value) {
    var self = this, dates = [];
    if (!isList(value)) { this.add(line, "changes", "list", value); return; }
    if (!value.length) this.add(line, "changes", "too-few", undefined, { minimum: 1 });
    value.forEach(function (change, index) {
      var itemLine = lineOfItem(value, index);
      if (!isMap(change) || !isStr(change.get("note")) || !change.has("date")) self.add(itemLine, "changes[" + (index + 1) + "]", "change");
      else if (!isDate(change.get("date"))) self.add(itemLine, "changes[" + (index + 1) + "].date", "date", change.get("date"));
      else dates.push([change.get("date").iso(), itemLine]);
    });
    for (var i = 1; i < dates.length; i++) {
      if (dates[i][0] > dates[i - 1][0]) { this.add(dates[i][1], "changes", "change-order"); break; }
    }
  };
  /* Prerequisites name published courses (esca.curricula.builder.check_file). */
  Checker.prototype.prerequisites = function (stem, data) {
    if (!isMap(data) || !isList(data.get("prerequisites"))) return;
    var self = this, items = data.get("prerequisites");
    var own = isStr(data.get("id")) ? data.get("id") : stem;
    var known = this.model.courses.slice();
    if (known.indexOf(own) < 0) known.push(own);
    items.forEach(function (item, i) {
      if (item === own) self.add(lineOfItem(items, i), "prerequisites", "self-prerequisite", item);
      else if (!isStr(item) || known.indexOf(item) < 0) {
        self.add(lineOfItem(items, i), "prerequisites", "reference", item, { kind: "course", hint: fixOrChoices(item, known, "course ids") });
      }
    });
  };

  function todayInLondon() {
    var parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date());
    var get = function (t) { return parts.filter(function (p) { return p.type === t; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  /* Every finding for one course file: what the build says about it. */
  function checkBytes(bytes, filename, model, today) {
    var rel = "curricula/courses/" + filename, stem = filename.replace(/\.[^.]*$/, "");
    var loaded = load(bytes, rel, model);
    if (loaded.findings) return { findings: loaded.findings, data: null };
    var checker = new Checker(model, rel, today || todayInLondon());
    checker.course(stem, loaded.data);
    checker.prerequisites(stem, loaded.data);
    return { findings: checker.out, data: loaded.data };
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
  function toYaml(c, model) {
    var out = [model.schema_line];
    model.fields.forEach(function (f) {
      var v = c[f.name];
      if (v === undefined || v === null || v === "" || (isList(v) && !v.length)) return;
      if (f.kind === "int" || f.kind === "number") out.push(f.name + ": " + yamlNumber(v));
      else if (f.kind === "date") out.push(f.name + ": " + (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : yamlText(v)));
      else if (f.kind === "vocab-list" || f.kind === "ref-list" || f.kind === "text-list") {
        out.push(f.name + ":");
        v.forEach(function (item) { out.push("- " + yamlText(item)); });
      } else if (f.kind === "sessions") {
        out.push(f.name + ":");
        v.forEach(function (s) {
          out.push("- start: " + yamlText(s.start));
          out.push("  end: " + yamlText(s.end));
          if (s.online) out.push("  online: true");
          else if (s.venue) out.push("  venue: " + yamlText(s.venue));
          out.push("  capacity: " + (s.capacity === "" ? "null" : yamlNumber(s.capacity)));
        });
      } else if (f.kind === "changes") {
        out.push(f.name + ":");
        v.forEach(function (ch) {
          out.push("- date: " + (/^\d{4}-\d{2}-\d{2}$/.test(ch.date) ? ch.date : yamlText(ch.date || "")));
          out.push("  note: " + yamlText(ch.note || ""));
        });
      } else out.push(f.name + ": " + yamlText(String(v)));
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

  window.escaCourseRules = {
    load: load, checkBytes: checkBytes, toYaml: toYaml, ratio: ratio, closest: closest, quote: quote,
    todayInLondon: todayInLondon, display: display, isList: isList, isMap: isMap
  };
})();
