/* ESCA course builder (docs/cpd/course-builder.md): the form, its preview and
   the course file it writes. Reading course files and every check come from
   course-rules.js (window.escaCourseRules), which loads first; this file
   writes no rule of its own.

   Nothing is sent anywhere: no fetch, no eval. What the trainer types is kept
   as a draft in this browser's localStorage, so a reload, a link, Back or a
   crash loses nothing; "Start again" clears it, after asking. Opening a file
   or a published course over unsaved work asks first too.

   Published courses: their files come in the course model (course_files,
   written by the build), so "Change this course
   in the course builder" on a course page (?course=<id>) and the list of
   courses here open them with no request, offline too. Only an id the page
   holds is opened; the text always comes from the page, never the address. */
(function () {
  "use strict";

  var rules = window.escaCourseRules;
  if (!rules) return;
  var isList = Array.isArray;
  /* What the reader gives for a mapping: an object with get(), or a plain object. */
  function isMap(x) { return !!x && typeof x === "object" && !Array.isArray(x) && (typeof x.get === "function" || x.constructor === Object); }
  function get(m, key) {
    if (typeof m.get === "function") return m.get(key);
    return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : null;
  }
  /* A table's own entry, or undefined: a name from a file ("constructor",
     "__proto__", "toString") never reaches an object's prototype. */
  function own(table, key) {
    return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }
  /* Every table this page fills is keyed by names a file can hold: none has a prototype. */
  function table() { return Object.create(null); }
  /* Today in London, as the build counts days (YYYY-MM-DD). */
  function londonToday() {
    var parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date());
    var part = function (t) { return parts.filter(function (p) { return p.type === t; })[0].value; };
    return part("year") + "-" + part("month") + "-" + part("day");
  }
  var api = { load: rules.load, checkBytes: rules.checkBytes, ratio: rules.ratio, closest: rules.closest, quote: rules.quote };
  window.escaCourseBuilder = api;

  /* ---------- The form's view of the course declaration ----------
     The model publishes the field library's declaration (model.course:
     kinds such as list of choice, list of map, route). The form needs to
     know which control each field gets; this reads that off the
     declaration, in one place, and changes no rule: every check still runs
     in course-rules.js from model.course. */
  function formKind(f, lists) {
    var item = f.item || {};
    if (f.kind === "choice") return f.choices === "statuses" ? "status" : "vocab";
    if (f.kind === "route") return "booking";
    if (f.kind !== "list") return f.kind;
    if (item.kind === "choice") return (lists[item.choices] || {}).key === "vocab" ? "vocab-list" : "ref-list";
    if (item.kind === "map") return item.name === "session" ? "sessions" : "changes";
    return "text-list";
  }
  function formModel(model) {
    var lists = model.choice_lists || {};
    var ids = function (name) { return (model.choices[name] || []).map(function (pair) { return pair[0]; }); };
    var titles = function (name) {
      var out = table();
      (model.choices[name] || []).forEach(function (pair) { out[pair[0]] = pair[1]; });
      return out;
    };
    model.fields = model.course.fields.map(function (f) {
      var item = f.item || {}, kind = formKind(f, lists), name = f.choices || item.choices || null;
      var out = { name: f.name, kind: kind, required: !!f.required, rule: f.rule || "", example: f.example,
        label: f.label, min_items: f.min_items || 0, max_items: f.max_items === undefined ? null : f.max_items,
        max_length: f.max_length || item.max_length || null, maximum: f.maximum === undefined ? null : f.maximum,
        vocab: null, ref: null };
      if (kind === "vocab" || kind === "vocab-list") out.vocab = name;
      if (kind === "ref-list") out.ref = name;
      return out;
    });
    model.vocabularies = table();
    Object.keys(lists).forEach(function (name) { if (lists[name].key === "vocab" && model.choices[name]) model.vocabularies[name] = model.choices[name]; });
    model.statuses = ids("statuses");
    model.pages = { role: ids("role"), career: ids("career"), legislation: ids("legislation") };
    model.page_titles = { role: titles("role"), career: titles("career"), legislation: titles("legislation"), course: titles("course") };
    return model;
  }

  var DRAFT_KEY = "esca-course-builder-draft";
  var DRAFT_VERSION = 1;

  /* ---------- The form's words ----------
     Until the course model carries each field's label and hint, these are
     the fallbacks, in this one place. */
  var FIELD_TEXT = {
    id: ["Course id", "Lower-case words joined by hyphens, like reflective-supervision. It names the file and the course page's address."],
    title: ["Title", ""],
    summary: ["Summary", "One or two sentences on what the course covers."],
    status: ["Status", "Only an active course shows its dates and takes bookings."],
    audience: ["Who it is for", ""],
    mandatory_for: ["Who must take it", "Only people the course is for. Leave all unticked if no one has to take it."],
    roles: ["Team pages", "The course is listed on each team page you tick."],
    careers: ["Career pages", "The course is listed on each career page you tick."],
    legislation: ["Law pages", "The course is listed on each law page you tick."],
    practice_model: ["Practice model strands", ""],
    pcf_domains: ["Professional Capabilities Framework domains", ""],
    pcf_levels: ["Career levels", "Professional Capabilities Framework levels the course is pitched at."],
    kss: ["Knowledge and Skills Statements", ""],
    learning_outcomes: ["What people will learn", "One outcome per line, each starting with a verb, like \"Explain how…\"."],
    reflection_prompts: ["Questions for reflection", "One question per line, for people to talk through with a colleague after the course."],
    questions: ["Search questions", "Questions a reader might type into search that this course answers, one per line. They are not shown on the page."],
    delivery_mode: ["How it is delivered", ""],
    duration_minutes: ["Length in minutes", "A whole number, like 180 for 3 hours."],
    cpd_hours: ["CPD hours", "A number, like 3 or 1.5."],
    certificate: ["Certificate", "Whether people who attend get a certificate. Leave it until you know."],
    prerequisites: ["Courses to take first", ""],
    sessions: ["Sessions", "Each date the course runs, in UK time. The course page shows only dates still to come."],
    booking: ["How to book", "An email address, or a web link starting https://. Needed when there are sessions."],
    provider: ["Provider", "Who runs the course."],
    owner: ["Owning team", "The team that keeps this course up to date."],
    last_reviewed: ["Last reviewed", "The day the course details were last checked. Not a date in the future."],
    review_due: ["Review due", "When to check the details again: a date after the last review."],
    changes: ["Changes", "A dated note for each change readers should know about. The file lists the newest first."]
  };
  var PART_LABELS = { date: "Date", start: "Starts", end: "Ends", venue: "Venue", online: "Online", capacity: "Places", note: "What changed" };
  var RADIO_LIMIT = 6;  /* up to this many choices show as radios, more as a list to pick from */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  function sentence(name) { var s = String(name).replace(/_/g, " "); return s.charAt(0).toUpperCase() + s.slice(1); }
  function fieldLabel(f) { return f.label || (FIELD_TEXT[f.name] || [])[0] || sentence(f.name); }
  function fieldHint(f) {
    var hint = f.hint !== undefined && f.hint !== null ? f.hint : (FIELD_TEXT[f.name] || ["", ""])[1];
    var limits = [];
    if (f.kind === "text-list" && f.min_items && f.max_items) limits.push("From " + f.min_items + " to " + f.max_items + " lines");
    else if (f.kind === "text-list" && f.max_items) limits.push("Up to " + f.max_items + " lines");
    else if (f.kind === "text-list" && f.min_items > 1) limits.push("At least " + f.min_items + " lines");
    /* A limit on each line's length is shown by the field's character count. */
    return hint + (limits.length ? (hint ? " " : "") + limits.join(", ") + "." : "");
  }
  function chars(s) { return Array.from(s); }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* ---------- Writing the course file ----------
     The canonical text the build expects (hooks/esca/curricula/canonical.py):
     fields in the model's order, id lists in vocabulary order or by id,
     changes newest first, and PyYAML's safe_dump (width 100) for every value,
     so loading a course and saving it unchanged gives the same bytes. */

  var WIDTH = 100;
  var BREAKS = "\n\x85\u2028\u2029";
  var SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029";
  /* PyYAML's implicit resolvers: a string matching one must be quoted. */
  var RESOLVED = [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^(?:<<)$/, /^(?:~|null|Null|NULL|)$/, /^(?:=)$/,
    /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/
  ];
  var ESCAPES = { "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0A": "n", "\x0B": "v", "\x0C": "f", "\x0D": "r",
    "\x1B": "e", "\"": "\"", "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P" };

  function YamlDate(iso) { this.iso = iso; }
  function YamlFloat(value) { this.value = value; }
  function YamlInt(digits) { this.digits = digits; }

  function inRange(ch, lo, hi) { return ch >= lo && ch <= hi; }
  function printable(ch) {  /* emitter.analyze_scalar: allowed as is with allow_unicode */
    var cp = ch.codePointAt(0);
    return (ch === "\x85" || inRange(cp, 0xA0, 0xD7FF) || inRange(cp, 0xE000, 0xFFFD) || (cp >= 0x10000 && cp < 0x10FFFF)) && ch !== "\uFEFF";
  }
  /* emitter.analyze_scalar, for a value in a block mapping or sequence */
  function analyse(cs) {
    var text = cs.join("");
    if (!cs.length) return { empty: true, multiline: false, plain: false, single: true };
    var block = false, lineBreaks = false, special = false;  /* flow indicators do not matter: the file is block style */
    var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
    if (/^(?:---|\.\.\.)/.test(text)) { block = true; }
    var preceded = true, followed = cs.length === 1 || SPACE_OR_BREAK.indexOf(cs[1]) >= 0;
    var prevSpace = false, prevBreak = false;
    for (var i = 0; i < cs.length; i++) {
      var ch = cs[i];
      if (i === 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) { block = true; }
        if (ch === "?" || ch === ":") { if (followed) block = true; }
        if (ch === "-" && followed) { block = true; }
      } else {
        if (ch === ":") { if (followed) block = true; }
        if (ch === "#" && preceded) { block = true; }
      }
      if (BREAKS.indexOf(ch) >= 0) lineBreaks = true;
      if (!(ch === "\n" || inRange(ch, "\x20", "\x7E")) && !printable(ch)) special = true;
      if (ch === " ") {
        if (i === 0) leadingSpace = true;
        if (i === cs.length - 1) trailingSpace = true;
        if (prevBreak) breakSpace = true;
        prevSpace = true; prevBreak = false;
      } else if (BREAKS.indexOf(ch) >= 0) {
        if (i === 0) leadingBreak = true;
        if (i === cs.length - 1) trailingBreak = true;
        if (prevSpace) spaceBreak = true;
        prevSpace = false; prevBreak = true;
      } else { prevSpace = false; prevBreak = false; }
      preceded = SPACE_OR_BREAK.indexOf(ch) >= 0;
      followed = i + 2 >= cs.length || SPACE_OR_BREAK.indexOf(cs[i + 2]) >= 0;
    }
    var plain = true, single = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
    if (breakSpace) { plain = false; single = false; }
    if (spaceBreak || special) { plain = false; single = false; }
    if (lineBreaks) plain = false;
    if (block) plain = false;
    return { empty: false, multiline: lineBreaks, plain: plain, single: single };
  }

  /* The writer: PyYAML's Emitter, for block mappings and sequences of scalars. */
  function Writer() { this.out = []; this.column = 0; this.whitespace = true; this.indention = true; this.indent = 0; }
  Writer.prototype.put = function (data) { this.out.push(data); this.column += chars(data).length; };
  Writer.prototype.lineBreak = function (data) { this.out.push(data || "\n"); this.whitespace = true; this.indention = true; this.column = 0; };
  Writer.prototype.writeIndent = function () {
    if (!this.indention || this.column > this.indent || (this.column === this.indent && !this.whitespace)) this.lineBreak();
    if (this.column < this.indent) {
      this.whitespace = true;
      this.out.push(new Array(this.indent - this.column + 1).join(" "));
      this.column = this.indent;
    }
  };
  Writer.prototype.indicator = function (text, needSpace, whitespace, indention) {
    this.put(this.whitespace || !needSpace ? text : " " + text);
    this.whitespace = !!whitespace;
    this.indention = this.indention && !!indention;
  };
  Writer.prototype.scalar = function (value, indent) {
    this.indent = indent;
    if (value === true || value === false) return this.plain(chars(String(value)));
    if (value instanceof YamlDate) return this.plain(chars(value.iso));
    if (value instanceof YamlInt) return this.plain(chars(value.digits));
    if (value instanceof YamlFloat) return this.plain(chars(floatText(value.value)));
    var cs = chars(value), a = analyse(cs);
    var implicit = !RESOLVED.some(function (re) { return re.test(value); });
    if (implicit && a.plain) return this.plain(cs);
    if (a.single) return this.singleQuoted(cs);
    return this.doubleQuoted(cs);
  };
  Writer.prototype.plain = function (cs) {
    if (!cs.length) return;
    if (!this.whitespace) this.put(" ");
    this.whitespace = false; this.indention = false;
    var spaces = false, start = 0, end = 0;
    while (end <= cs.length) {
      var ch = end < cs.length ? cs[end] : null;
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > WIDTH) { this.writeIndent(); this.whitespace = false; this.indention = false; }
          else this.put(cs.slice(start, end).join(""));
          start = end;
        }
      } else if (ch === null || ch === " ") {
        this.put(cs.slice(start, end).join(""));
        start = end;
      }
      if (ch !== null) spaces = ch === " ";
      end += 1;
    }
  };
  Writer.prototype.singleQuoted = function (cs) {
    this.indicator("'", true);
    var spaces = false, breaks = false, start = 0, end = 0;
    while (end <= cs.length) {
      var ch = end < cs.length ? cs[end] : null;
      if (spaces) {
        if (ch === null || ch !== " ") {
          if (start + 1 === end && this.column > WIDTH && start !== 0 && end !== cs.length) this.writeIndent();
          else this.put(cs.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === null || BREAKS.indexOf(ch) < 0) {
          if (cs[start] === "\n") this.lineBreak();
          for (var i = start; i < end; i++) this.lineBreak(cs[i] === "\n" ? null : cs[i]);
          this.writeIndent();
          start = end;
        }
      } else if (ch === null || (" " + BREAKS).indexOf(ch) >= 0 || ch === "'") {
        if (start < end) { this.put(cs.slice(start, end).join("")); start = end; }
      }
      if (ch === "'") { this.put("''"); start = end + 1; }
      if (ch !== null) { spaces = ch === " "; breaks = BREAKS.indexOf(ch) >= 0; }
      end += 1;
    }
    this.indicator("'", false);
  };
  Writer.prototype.doubleQuoted = function (cs) {
    this.indicator("\"", true);
    var start = 0, end = 0;
    while (end <= cs.length) {
      var ch = end < cs.length ? cs[end] : null;
      if (ch === null || "\"\\\x85\u2028\u2029\uFEFF".indexOf(ch) >= 0 ||
          !(inRange(ch, "\x20", "\x7E") || inRange(ch.codePointAt(0), 0xA0, 0xD7FF) || inRange(ch.codePointAt(0), 0xE000, 0xFFFD))) {
        if (start < end) { this.put(cs.slice(start, end).join("")); start = end; }
        if (ch !== null) {
          var cp = ch.codePointAt(0), hex = cp.toString(16).toUpperCase();
          this.put("\\" + (ESCAPES[ch] || (cp <= 0xFF ? "x" + ("0" + hex).slice(-2) : cp <= 0xFFFF ? "u" + ("000" + hex).slice(-4) : "U" + ("0000000" + hex).slice(-8))));
          start = end + 1;
        }
      }
      if (end > 0 && end < cs.length - 1 && (ch === " " || start >= end) && this.column + (end - start) > WIDTH) {
        var data = cs.slice(start, end).join("") + "\\";
        if (start < end) start = end;
        this.put(data);
        this.writeIndent();
        this.whitespace = false; this.indention = false;
        if (cs[start] === " ") this.put("\\");
      }
      end += 1;
    }
    this.indicator("\"", false);
  };
  /* A mapping of scalars, lists of scalars and lists of mappings, as
     yaml.safe_dump(sort_keys=False, allow_unicode=True, default_flow_style=False, width=100) writes it. */
  function dump(pairs) {
    var w = new Writer();
    pairs.forEach(function (pair) {
      var key = pair[0], value = pair[1];
      w.indent = 0; w.writeIndent(); w.put(key); w.indicator(":", false);
      if (!Array.isArray(value)) { w.scalar(value, 2); return; }
      value.forEach(function (item) {
        w.indent = 0; w.writeIndent(); w.indicator("-", true, false, true);
        if (!Array.isArray(item)) { w.scalar(item, 2); return; }
        if (!item.length) { w.indicator("{", true, true); w.indicator("}", false); return; }
        item.forEach(function (inner, i) {
          w.indent = 2;
          if (i) w.writeIndent(); else w.put(" ");
          w.whitespace = false;
          w.put(inner[0]); w.indicator(":", false);
          w.scalar(inner[1], 4);
        });
      });
    });
    w.indent = 0; w.writeIndent();
    return w.out.join("");
  }
  api.dump = function (pairs) {  /* for the tests: [[key, value]], values as JSON with {int: "12"} for integers */
    function wrap(v) {
      if (Array.isArray(v)) return v.map(wrap);
      if (v && typeof v === "object" && "int" in v) return new YamlInt(v.int);
      if (v && typeof v === "object" && "float" in v) return new YamlFloat(v.float);
      if (v && typeof v === "object" && "date" in v) return new YamlDate(v.date);
      return v;
    }
    return dump(pairs.map(function (p) { return [p[0], wrap(p[1])]; }));
  };

  function twoDigits(n) { return n < 10 ? "0" + n : String(n); }
  /* repr(float) as PyYAML writes it (lower case, ".0" before an exponent with no point). */
  function floatText(x) {
    if (x !== x) return ".nan";
    if (x === Infinity) return ".inf";
    if (x === -Infinity) return "-.inf";
    var parts = x.toExponential().split("e"), digits = parts[0].replace("-", "").replace(".", ""), exp = +parts[1];
    var sign = x < 0 || (x === 0 && 1 / x < 0) ? "-" : "", text;
    if (exp < -4 || exp >= 16) {
      text = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" + (exp < 0 ? "-" : "+") + twoDigits(Math.abs(exp));
      if (text.indexOf(".") < 0) text = text.replace("e", ".0e");
    } else if (exp < 0) {
      text = "0." + new Array(-exp).join("0") + digits;
    } else {
      var whole = digits.slice(0, exp + 1), rest = digits.slice(exp + 1);
      while (whole.length < exp + 1) whole += "0";
      text = whole + "." + (rest || "0");
    }
    return sign + text;
  }

  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  function realDay(text) {
    var m = DAY.exec(text);
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }
  /* A typed number as the build will read it; anything else stays text, so the build reports it. */
  function number(text, decimals) {
    var t = text.trim();
    if (/^\d+$/.test(t)) return new YamlInt(t.replace(/^0+(?=\d)/, ""));
    if (decimals && /^(\d+\.\d*|\.\d+)$/.test(t)) return new YamlFloat(parseFloat(t));
    return t;
  }
  function dateValue(text) { return realDay(text) ? new YamlDate(text) : text; }
  function lines(text) { return text.split("\n").map(function (x) { return x.trim(); }).filter(Boolean); }

  /* The course, as the file will hold it: [[field, value]] in the model's
     order, and where each change of the form went in the file. */
  function courseData(state, model) {
    var pairs = [], changeOrder = [];
    model.fields.forEach(function (f) {
      var v = state.fields[f.name], out;
      if (f.kind === "vocab-list" || f.kind === "ref-list") out = canonicalIds(f, v || [], model);
      else if (f.kind === "text-list") out = lines(v || "");
      else if (f.kind === "sessions") out = (v || []).map(sessionData);
      else if (f.kind === "changes") {
        var sorted = (v || []).map(function (ch, i) { return { ch: ch, i: i }; });
        sorted.sort(function (a, b) {  /* newest first; a change with no real date stays after those with one */
          var da = realDay(a.ch.date) ? a.ch.date : "", db = realDay(b.ch.date) ? b.ch.date : "";
          if (da !== db) return da && db ? (da < db ? 1 : -1) : (da ? -1 : 1);
          return a.i - b.i;
        });
        changeOrder = sorted.map(function (x) { return x.i; });
        out = sorted.map(function (x) { return changeData(x.ch); });
      } else if (f.kind === "int") out = number(v || "", false);
      else if (f.kind === "number") out = number(v || "", true);
      else if (f.kind === "date") out = dateValue((v || "").trim());
      else out = (v || "").trim();
      if (out === "" || (Array.isArray(out) && !out.length)) return;
      pairs.push([f.name, out]);
    });
    return { pairs: pairs, changeOrder: changeOrder };
  }
  function canonicalIds(f, ids, model) {
    var order = f.vocab ? (model.vocabularies[f.vocab] || []).map(function (p) { return p[0]; }) : null;
    var known = [], other = [];
    ids.forEach(function (id) {
      if (order ? order.indexOf(id) >= 0 : true) known.push(id); else other.push(id);
    });
    known.sort(order ? function (a, b) { return order.indexOf(a) - order.indexOf(b); } : function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
    return known.concat(other);
  }
  function sessionData(s) {
    var out = [], day = (s.date || "").trim();
    var start = day || s.start ? day + "T" + (s.start || "") : "";
    var endDay = s.endDate || day;
    var end = endDay || s.end ? endDay + "T" + (s.end || "") : "";
    if (start) out.push(["start", start]);
    if (end) out.push(["end", end]);
    if ((s.venue || "").trim()) out.push(["venue", s.venue.trim()]);
    if (s.online) out.push(["online", true]);
    if ((s.capacity || "").trim()) out.push(["capacity", number(s.capacity, false)]);
    return out;
  }
  function changeData(ch) {
    var out = [];
    if ((ch.date || "").trim()) out.push(["date", dateValue(ch.date.trim())]);
    if ((ch.note || "").trim()) out.push(["note", ch.note.trim()]);
    return out;
  }
  function fileText(state, model) {
    var data = courseData(state, model);
    return { text: model.schema_line + "\n" + (data.pairs.length ? dump(data.pairs) : ""), changeOrder: data.changeOrder, pairs: data.pairs };
  }
  api.fileText = function (state) { return fileText(state, api.model).text; };

  /* ---------- Findings, in the form's words ---------- */

  /* Where a finding points: its `at` path, or one read from its field ("sessions[2].end" -> ["sessions", 1, "end"]). */
  function pathOf(f) {
    if (isList(f.at)) return f.at;
    var out = [];
    String(f.field || "").replace(/([A-Za-z_][\w-]*)|\[(\d+)\]/g, function (all, name, index) {
      out.push(name !== undefined ? name : +index - 1);
      return all;
    });
    return out;
  }
  function severity(f) { return f.severity === "notice" ? "notice" : "error"; }
  function detail(f) { return "In the file: " + f.field + (f.line ? ", line " + f.line : ""); }

  /* ---------- The preview: the course page as hooks/esca/curricula/render.py's course_page builds it ---------- */

  function longDate(iso) { var m = DAY.exec(iso); return m ? +m[3] + " " + MONTHS[+m[2] - 1] + " " + m[1] : iso; }
  function hoursText(x) {  /* Python's f"{x:g}" */
    if (typeof x !== "number" || !isFinite(x)) return String(x);
    var exp = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
    if (exp < -4 || exp >= 6) {
      var parts = x.toExponential(5).split("e"), mant = parts[0].replace(/\.?0+$/, ""), e = +parts[1];
      return mant + "e" + (e < 0 ? "-" : "+") + twoDigits(Math.abs(e));
    }
    return String(+x.toPrecision(6));
  }
  function durationText(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60, parts = [];
    if (h) parts.push(h + " hour" + (h !== 1 ? "s" : ""));
    if (m) parts.push(m + " minutes");
    return parts.join(" ");
  }
  function placesText(n) { return n + " place" + (n !== 1 ? "s" : "") + " in total"; }
  function valueOf(pairs, name) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === name) return pairs[i][1];
    return undefined;
  }
  function scalarText(v) {
    if (v === undefined || v === null) return "";
    if (v instanceof YamlInt) return v.digits;
    if (v instanceof YamlFloat) return hoursText(v.value);
    if (v instanceof YamlDate) return v.iso;
    return String(v);
  }

  /* ---------- The page ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function hidden(text) { return el("span", { class: "esca-builder__hidden", text: text }); }
  /* Move the page so `node` starts just below Material's sticky header (focus
     alone would scroll a tall box's heading under it). */
  function showBelowHeader(node) {
    var header = document.querySelector(".md-header");
    var below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    window.scrollTo(window.pageXOffset, Math.max(0, node.getBoundingClientRect().top + window.pageYOffset - below - 8));
  }
  function isError(f) { return severity(f) === "error"; }
  /* What a summary says, to tell whether the one on screen is out of date. */
  function signature(findings) {
    return findings.map(function (f) { return severity(f) + "|" + f.field + "|" + (f.form || f.problem); }).join("\n");
  }
  function storage() { try { return window.localStorage; } catch (e) { return null; } }

  function Builder(root, model, files) {
    this.root = root; this.model = model; this.serial = 0;
    this.files = files || new Map();  /* published course id -> its file's text */
    this.fieldByName = table();
    var self = this;
    model.fields.forEach(function (f) { self.fieldByName[f.name] = f; });
    this.labels = table();
    Object.keys(model.vocabularies).forEach(function (name) {
      self.labels[name] = table();
      model.vocabularies[name].forEach(function (pair) { self.labels[name][pair[0]] = pair[1]; });
    });
    this.listeners = [];
    this.render();
    this.restore();
    this.listen(window, "beforeunload", function (e) { self.beforeUnload(e); });
    this.listen(window, "pagehide", function () { self.saveDraft(); });
    this.listen(document, "visibilitychange", function () { if (document.visibilityState === "hidden") self.saveDraft(); });
    this.listen(document, "pointerdown", function () { self.pointerDown = true; }, true);
    this.listen(document, "pointerup", function () { self.pointerUp(); }, true);
    this.listen(document, "pointercancel", function () { self.pointerUp(); }, true);
  }
  Builder.prototype.listen = function (target, type, fn, capture) {
    target.addEventListener(type, fn, !!capture);
    this.listeners.push([target, type, fn, !!capture]);
  };
  /* The page has gone (instant navigation swapped it): keep the draft, drop the listeners. */
  Builder.prototype.destroy = function () {
    this.saveDraft();
    this.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
    this.listeners = [];
    clearTimeout(this.timer);
  };

  Builder.prototype.choices = function (f) {
    var m = this.model;
    if (f.vocab) return m.vocabularies[f.vocab] || [];
    var titles = (m.page_titles || {})[f.ref] || {};
    if (f.ref === "course") return m.courses.map(function (id) { return [id, own(titles, id) || id]; });
    if (f.ref) return (m.pages[f.ref] || []).map(function (id) { return [id, own(titles, id) || id]; });
    if (f.kind === "status") return m.statuses.map(function (s) { return [s, sentence(s)]; });
    return [];
  };
  Builder.prototype.render = function () {
    var self = this, root = this.root;
    root.textContent = "";
    this.summary = el("div", { class: "esca-builder__summary", tabindex: "-1", hidden: true, "data-error-summary": true });
    this.restored = el("div", { class: "esca-builder__restored", hidden: true });
    this.question = el("div", { class: "esca-builder__question", role: "group", "aria-labelledby": "builder-question", hidden: true });
    var load = el("input", { type: "file", id: "builder-load", accept: ".yml,.yaml,text/yaml", "aria-describedby": "builder-load-hint" });
    load.addEventListener("change", function () { if (load.files[0]) self.open(load.files[0], load); load.value = ""; });
    this.opened = el("p", { class: "esca-builder__opened", role: "status" });
    var published = [];
    if (this.files.size) {
      var titles = (this.model.page_titles || {}).course || {};
      var pick = el("select", { id: "builder-published", "aria-describedby": "builder-published-hint" },
        [el("option", { value: "", text: "Choose a course" })].concat(Array.from(this.files.keys()).map(function (id) {
          return el("option", { value: id, text: own(titles, id) || id });
        })));
      var openPick = el("button", { type: "button", class: "md-button", id: "builder-published-open", text: "Open this course" });
      openPick.addEventListener("click", function () {
        if (!pick.value) { self.opened.textContent = "Choose a course from the list first."; pick.focus(); return; }
        self.openPublished(pick.value, openPick);
      });
      published = [el("label", { for: "builder-published", text: "Change a course that is on the portal (optional)" }),
        el("p", { class: "esca-builder__hint", id: "builder-published-hint",
          text: "Its published file opens in the form: change what you need, then download the file." }),
        el("div", { class: "esca-builder__actions" }, [pick, " ", openPick])];
    }
    var loadBox = el("div", { class: "esca-builder__load" }, published.concat([
      el("label", { for: "builder-load", text: "Open a course file from your computer (optional)" }),
      el("p", { class: "esca-builder__hint", id: "builder-load-hint",
        text: "A file you downloaded from this builder before, or one from curricula/courses/ in the repository." }),
      load, this.opened]));
    var form = el("form", { class: "esca-builder__form", novalidate: true, "aria-label": "Course details" });
    this.form = form;
    this.boxes = table();
    this.model.fields.forEach(function (f) { form.appendChild(self.fieldBox(f)); });
    this.count = el("p", { class: "esca-builder__count", role: "status" });
    this.again = el("button", { type: "button", class: "md-button", id: "builder-start-again", text: "Start again" });
    this.again.addEventListener("click", function () { self.askStartAgain(self.again); });
    form.appendChild(el("div", { class: "esca-builder__actions" }, [
      el("button", { type: "submit", class: "md-button md-button--primary", text: "Check the course" }), this.again, this.count]));
    form.addEventListener("submit", function (e) { e.preventDefault(); self.check(); });
    form.addEventListener("input", function () { self.changed(); });
    form.addEventListener("change", function () { self.changed(); });
    form.addEventListener("focusout", function (e) { self.left(e); });

    this.preview = el("div", { class: "esca-builder__preview", id: "builder-preview-page" });
    this.fileName = el("code");
    this.yaml = el("code");
    this.countCopy = el("p", { class: "esca-builder__count" });
    var download = el("button", { type: "button", class: "md-button md-button--primary", text: "Download the course file" });
    var copy = el("button", { type: "button", class: "md-button", text: "Copy the course file" });
    download.addEventListener("click", function () { self.download(false); });
    copy.addEventListener("click", function () { self.copy(false); });
    this.copied = el("p", { role: "status" });

    root.appendChild(this.summary);
    root.appendChild(this.restored);
    root.appendChild(this.question);
    root.appendChild(loadBox);
    root.appendChild(form);
    root.appendChild(el("h2", { id: "builder-preview", text: "Preview of the course page" }));
    root.appendChild(this.preview);
    root.appendChild(el("h2", { id: "builder-file", tabindex: "-1", text: "Your course file" }));
    root.appendChild(el("p", {}, ["Save it as ", this.fileName, ", then add it to the portal's repository as Publish a course describes."]));
    root.appendChild(el("div", { class: "esca-builder__actions" }, [download, copy, this.countCopy]));
    root.appendChild(this.copied);
    root.appendChild(el("pre", { class: "esca-builder__yaml", tabindex: "0", role: "region", "aria-label": "Course file" }, [this.yaml]));
    /* In-page links (the problem list's among them) move focus here and never leave the page. */
    root.addEventListener("click", function (e) { self.inPageLink(e); });
    this.touched = table(); this.checked = false; this.findings = []; this.loaded = null;
    this.summaryOn = false; this.offer = null;
    this.update();
  };

  /* One field of the course: its label, hint, error messages and control. */
  Builder.prototype.fieldBox = function (f) {
    var self = this, id = "builder-" + f.name, label = fieldLabel(f) + (f.required ? "" : " (optional)");
    var hintText = fieldHint(f);
    if (f.kind === "booking" && this.model.hosts && this.model.hosts.length) {
      hintText += " A link can be on one of these sites: " + this.model.hosts.join(", ") +
        ". To use another, ask the portal team to review it first.";
    }
    var hint = hintText ? el("div", { class: "esca-builder__hint", id: id + "-hint", text: hintText }) : null;
    var errors = el("div", { class: "esca-builder__errors", id: id + "-error" });
    var described = (hint ? id + "-hint " : "") + id + "-error";
    var box = el("div", { class: "esca-builder__field", "data-field": f.name });
    box.errors = errors;
    this.boxes[f.name] = box;
    var choices = this.choices(f);
    var many = f.kind === "vocab-list" || f.kind === "ref-list";
    var one = (f.kind === "vocab" || f.kind === "status") && choices.length <= RADIO_LIMIT;
    if (many || one) {
      var set = el("fieldset", { id: id, "aria-describedby": described, "data-touch": f.name }, [el("legend", { text: label }), hint, errors]);
      var list = el("div", { class: "esca-builder__choices" + (choices.length > 8 ? " esca-builder__choices--many" : "") });
      choices.forEach(function (pair, i) { list.appendChild(self.choice(f, pair, i, many)); });
      set.appendChild(list);
      box.list = list;
      box.appendChild(set);
      return box;
    }
    if (f.kind === "sessions" || f.kind === "changes") {
      var group = el("fieldset", { id: id, "aria-describedby": described }, [el("legend", { text: label }), hint, errors]);
      var items = el("div", { class: "esca-builder__items" });
      var add = el("button", { type: "button", class: "md-button", id: id + "-add", "data-touch": f.name,
        text: f.kind === "sessions" ? "Add a session" : "Add a change" });
      add.addEventListener("click", function () {
        if (f.kind === "sessions") {
          var s = self.sessionBox({});
          items.appendChild(s);
          self.renumber();
          s.querySelector("input").focus();
        } else {
          /* The newest change goes first, as the file lists it; today is the likely date. */
          var c = self.changeBox({ date: londonToday() });
          items.insertBefore(c, items.firstChild);
          self.renumber();
          c.querySelector('[data-part="note"]').focus();
        }
        self.changed();
      });
      group.appendChild(items);
      group.appendChild(add);
      box.items = items;
      box.appendChild(group);
      return box;
    }
    box.appendChild(el("label", { for: id, text: label }));
    if (hint) box.appendChild(hint);
    box.appendChild(errors);
    var input;
    if (f.kind === "vocab" || f.kind === "status") {
      input = el("select", { id: id, name: f.name, "aria-describedby": described, "data-touch": f.name }, [el("option", { value: "", text: "Choose one" })]);
      choices.forEach(function (pair) { input.appendChild(el("option", { value: pair[0], text: pair[1] })); });
    } else if (f.kind === "text-list" || f.name === "summary") {
      input = el("textarea", { id: id, name: f.name, rows: f.kind === "text-list" ? 4 : 3, "aria-describedby": described, "data-touch": f.name });
    } else {
      var numeric = f.kind === "int" || f.kind === "number";
      input = el("input", { id: id, name: f.name, type: f.kind === "date" ? "date" : "text", "aria-describedby": described,
        "data-touch": f.name, inputmode: f.kind === "int" ? "numeric" : f.kind === "number" ? "decimal" : null,
        autocomplete: "off", class: numeric ? "esca-builder__short" : null,
        spellcheck: f.kind === "slug" || f.kind === "booking" ? "false" : null,
        autocapitalize: f.kind === "slug" || f.kind === "booking" ? "none" : null });
    }
    box.appendChild(input);
    var limit = f.max_length && (f.kind === "text" || f.kind === "text-list") ? f.max_length : null;
    if (limit) {
      /* GOV.UK character count: the limit first, then what is left as the trainer types. */
      /* Shown at once; read out (from the hidden copy) only when typing pauses. */
      var counter = el("div", { class: "esca-builder__hint esca-builder__charcount", id: id + "-count", "aria-hidden": "true" });
      var spoken = el("div", { class: "esca-builder__hidden", "aria-live": "polite" });
      input.setAttribute("aria-describedby", described + " " + id + "-count");
      box.appendChild(counter);
      box.appendChild(spoken);
      box.counter = counter; box.spoken = spoken; box.limit = limit; box.perLine = f.kind === "text-list";
    }
    return box;
  };
  Builder.prototype.choice = function (f, pair, i, many) {
    var cid = "builder-" + f.name + "-" + i;
    return el("div", { class: "esca-builder__check" }, [
      el("input", { type: many ? "checkbox" : "radio", id: cid, name: f.name, value: pair[0] }),
      el("label", { for: cid, text: pair[1] })]);
  };
  /* A value the form's list lacks (from an opened file or a draft) is kept, and shown as it is. */
  Builder.prototype.extraChoice = function (f, value) {
    var box = this.boxes[f.name];
    var found = Array.prototype.filter.call(box.list.querySelectorAll("input"), function (i) { return i.value === value; })[0];
    if (found) return found;
    var div = this.choice(f, [value, value + " (not on the list)"], box.list.children.length, f.kind === "vocab-list" || f.kind === "ref-list");
    box.list.appendChild(div);
    return div.querySelector("input");
  };

  Builder.prototype.part = function (prefix, touch, name, type, value, extra) {
    var attrs = { id: prefix + "-" + name, "data-part": name, type: type, "data-touch": touch + "-" + name,
      "aria-describedby": prefix + "-error" };
    Object.keys(extra || {}).forEach(function (k) { if (k !== "label") attrs[k] = extra[k]; });
    var input = el("input", attrs);
    if (type === "checkbox") input.checked = !!value; else input.value = value || "";
    return el("div", { class: "esca-builder__part esca-builder__part--" + name + (type === "checkbox" ? " esca-builder__check" : "") },
      type === "checkbox" ? [input, el("label", { for: attrs.id, text: extra && extra.label || PART_LABELS[name] })]
        : [el("label", { for: attrs.id, text: PART_LABELS[name] }), input]);
  };
  Builder.prototype.sessionBox = function (s) {
    var self = this, n = ++this.serial, p = "builder-session-" + n, touch = "session-" + n;
    var errors = el("div", { class: "esca-builder__errors", id: p + "-error" });
    var legend = el("legend", { text: "Session" });
    var box = el("fieldset", { class: "esca-builder__session", id: p, "data-session": String(n) }, [legend, errors,
      this.part(p, touch, "date", "date", s.date),
      this.part(p, touch, "start", "time", s.start),
      this.part(p, touch, "end", "time", s.end),
      this.part(p, touch, "venue", "text", s.venue, { autocomplete: "off" }),
      this.part(p, touch, "online", "checkbox", s.online, { label: "Online" }),
      this.part(p, touch, "capacity", "text", s.capacity, { inputmode: "numeric", autocomplete: "off", class: "esca-builder__short" })]);
    box.errors = errors; box.legend = legend;
    if (s.endDate) box.dataset.endDate = s.endDate;
    var up = el("button", { type: "button", class: "md-button esca-builder__small", "data-move": "up" });
    var down = el("button", { type: "button", class: "md-button esca-builder__small", "data-move": "down" });
    var remove = el("button", { type: "button", class: "md-button esca-builder__small", "data-remove": "" });
    up.addEventListener("click", function () { self.move(box, -1, up); });
    down.addEventListener("click", function () { self.move(box, 1, down); });
    remove.addEventListener("click", function () { self.remove(box); });
    box.appendChild(el("div", { class: "esca-builder__item-actions" }, [up, down, remove]));
    return box;
  };
  Builder.prototype.changeBox = function (ch) {
    var self = this, n = ++this.serial, p = "builder-change-" + n, touch = "change-" + n;
    var errors = el("div", { class: "esca-builder__errors", id: p + "-error" });
    var legend = el("legend", { text: "Change" });
    var remove = el("button", { type: "button", class: "md-button esca-builder__small", "data-remove": "" });
    var box = el("fieldset", { class: "esca-builder__change", id: p, "data-change": String(n) }, [legend, errors,
      this.part(p, touch, "date", "date", ch.date),
      this.part(p, touch, "note", "text", ch.note, { autocomplete: "off", class: "esca-builder__wide" }),
      el("div", { class: "esca-builder__item-actions" }, [remove])]);
    box.errors = errors; box.legend = legend;
    remove.addEventListener("click", function () { self.remove(box); });
    return box;
  };
  Builder.prototype.sessionBoxes = function () { return Array.prototype.slice.call(this.boxes.sessions.items.children); };
  Builder.prototype.changeBoxes = function () { return Array.prototype.slice.call(this.boxes.changes.items.children); };
  /* Number the sessions and changes as the form shows them, and name each button after its item. */
  Builder.prototype.renumber = function () {
    /* GOV.UK's "add another": a button's visible words, then which item it acts on, for screen readers. */
    function name(button, words, item) {
      button.textContent = "";
      button.appendChild(document.createTextNode(words));
      button.appendChild(hidden(" " + item));
    }
    var sessions = this.sessionBoxes();
    sessions.forEach(function (box, i) {
      var item = "session " + (i + 1);
      box.legend.textContent = "Session " + (i + 1);
      var up = box.querySelector('[data-move="up"]'), down = box.querySelector('[data-move="down"]');
      name(up, "Move up", item);
      name(down, "Move down", item);
      /* At either end the button stays in place (so focus is never lost) but does nothing. */
      up.setAttribute("aria-disabled", i === 0 ? "true" : "false");
      down.setAttribute("aria-disabled", i === sessions.length - 1 ? "true" : "false");
      name(box.querySelector("[data-remove]"), "Remove", item);
    });
    this.changeBoxes().forEach(function (box, i) {
      box.legend.textContent = "Change " + (i + 1);
      name(box.querySelector("[data-remove]"), "Remove", "change " + (i + 1));
    });
  };
  Builder.prototype.move = function (box, step, button) {
    var boxes = this.sessionBoxes(), i = boxes.indexOf(box), j = i + step;
    if (j < 0 || j >= boxes.length) return;
    /* The neighbour moves, not this session, so focus stays on the button. */
    var items = this.boxes.sessions.items;
    if (step < 0) items.insertBefore(boxes[j], box.nextSibling); else items.insertBefore(boxes[j], box);
    this.renumber();
    if (document.activeElement !== button) button.focus();
    this.announce("Session " + (i + 1) + " is now session " + (j + 1) + ".");
    this.changed();
  };
  Builder.prototype.remove = function (box) {
    var isSession = box.hasAttribute("data-session");
    var boxes = isSession ? this.sessionBoxes() : this.changeBoxes(), i = boxes.indexOf(box);
    var next = boxes[i + 1] || boxes[i - 1];
    box.remove();
    this.renumber();
    var what = (isSession ? "Session " : "Change ") + (i + 1) + " removed.";
    (next ? next.querySelector("input") : this.boxes[isSession ? "sessions" : "changes"].querySelector("button[data-touch]")).focus();
    this.announce(what);
    this.changed();
  };
  Builder.prototype.announce = function (text) {
    var self = this;
    this.copied.textContent = text;
    clearTimeout(this.sayTimer);
    this.sayTimer = setTimeout(function () { if (self.copied.textContent === text) self.copied.textContent = ""; }, 8000);
  };

  /* ---------- The form's state: what the draft keeps ---------- */

  Builder.prototype.state = function () {
    var self = this, fields = table();
    this.model.fields.forEach(function (f) {
      var box = self.boxes[f.name];
      if (box.list) {
        fields[f.name] = Array.prototype.filter.call(box.list.querySelectorAll("input"), function (i) { return i.checked; })
          .map(function (i) { return i.value; });
        if (f.kind === "vocab" || f.kind === "status") fields[f.name] = fields[f.name][0] || "";
      } else if (f.kind === "sessions") {
        fields[f.name] = self.sessionBoxes().map(function (s) {
          var part = function (n) { return s.querySelector('[data-part="' + n + '"]'); };
          return { date: part("date").value, start: part("start").value, end: part("end").value, endDate: s.dataset.endDate || "",
            venue: part("venue").value, online: part("online").checked, capacity: part("capacity").value };
        });
      } else if (f.kind === "changes") {
        fields[f.name] = self.changeBoxes().map(function (c) {
          return { date: c.querySelector('[data-part="date"]').value, note: c.querySelector('[data-part="note"]').value };
        });
      } else {
        fields[f.name] = box.querySelector("input, select, textarea").value;
      }
    });
    return { fields: fields, loadedFrom: this.loaded ? this.loaded.name : null, loadedId: this.loaded ? this.loaded.id : null };
  };
  Builder.prototype.setState = function (state) {
    var self = this, fields = state.fields || {};
    this.model.fields.forEach(function (f) {
      var box = self.boxes[f.name], v = fields[f.name];
      if (box.list) {
        var chosen = isList(v) ? v : v ? [v] : [];
        box.list.querySelectorAll("input").forEach(function (i) { i.checked = false; });
        chosen.forEach(function (value) { if (typeof value === "string") self.extraChoice(f, value).checked = true; });
      } else if (f.kind === "sessions") {
        box.items.textContent = "";
        (isList(v) ? v : []).forEach(function (s) { box.items.appendChild(self.sessionBox(s || {})); });
      } else if (f.kind === "changes") {
        box.items.textContent = "";
        (isList(v) ? v : []).forEach(function (ch) { box.items.appendChild(self.changeBox(ch || {})); });
      } else {
        var input = box.querySelector("input, select, textarea"), text = typeof v === "string" ? v : "";
        if (input.tagName === "SELECT" && text && !Array.prototype.some.call(input.options, function (o) { return o.value === text; })) {
          input.appendChild(el("option", { value: text, text: text + " (not on the list)" }));
        }
        input.value = text;
      }
    });
    this.loaded = state.loadedFrom ? { name: state.loadedFrom, id: state.loadedId } : null;
    this.renumber();
  };
  function hasContent(state) {
    return Object.keys(state.fields).some(function (k) {
      var v = state.fields[k];
      return isList(v) ? v.length > 0 : typeof v === "string" ? v.trim() !== "" : false;
    });
  }

  /* ---------- Keeping the draft ---------- */

  Builder.prototype.saveDraft = function () {
    var store = storage();
    if (!store || !this.form) return;
    var state = this.state();
    try {
      if (hasContent(state)) {
        state.v = DRAFT_VERSION; state.saved = new Date().toISOString();
        if (this.savedText) state.downloaded = this.savedText;  /* what was last downloaded or copied */
        store.setItem(DRAFT_KEY, JSON.stringify(state));
      } else store.removeItem(DRAFT_KEY);
      this.storageOff = false;
    } catch (e) {
      this.storageOff = true;
    }
  };
  Builder.prototype.restore = function () {
    var store = storage(), raw = null, self = this;
    try { raw = store && store.getItem(DRAFT_KEY); } catch (e) { raw = null; }
    var state = null;
    try { state = raw ? JSON.parse(raw) : null; } catch (e) { state = null; }
    if (!state || state.v !== DRAFT_VERSION || !state.fields || !hasContent(state)) return;
    this.setState(state);
    this.update();
    this.savedText = state.downloaded || null;
    var when = "";
    var saved = new Date(state.saved);
    if (!isNaN(saved)) {
      when = " (kept at " + saved.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) +
        (saved.toDateString() === new Date().toDateString() ? " today" : " on " + saved.toLocaleDateString("en-GB", { day: "numeric", month: "long" })) + ")";
    }
    var again = el("button", { type: "button", class: "md-button", text: "Start again" });
    again.addEventListener("click", function () { self.askStartAgain(again); });
    this.restored.textContent = "";
    this.restored.appendChild(el("h2", { id: "builder-restored", text: "Draft restored" }));
    this.restored.appendChild(el("p", { text: "What you typed before is back" + when + (state.loadedFrom ? ", from " + state.loadedFrom : "") +
      ". It is kept in this browser only. To clear the form, start again." }));
    this.restored.appendChild(again);
    this.restored.setAttribute("aria-labelledby", "builder-restored");
    this.restored.hidden = false;
  };
  /* One question on the page, by the control that asked it (GOV.UK asks on
     the page, not in a pop-up): the question takes focus; "No" puts focus
     back on that control. */
  Builder.prototype.ask = function (question, detail, yes, no, onYes, from, onNo) {
    var self = this, box = this.question;
    box.textContent = "";
    var heading = el("h2", { id: "builder-question", tabindex: "-1", text: question });
    var yesButton = el("button", { type: "button", class: "md-button md-button--primary", "data-answer": "yes", text: yes });
    var noButton = el("button", { type: "button", class: "md-button", "data-answer": "no", text: no });
    function close() { box.hidden = true; box.textContent = ""; }
    yesButton.addEventListener("click", function () { close(); onYes.call(self); });
    noButton.addEventListener("click", function () {
      close();
      if (onNo) onNo.call(self);
      if (from && from.isConnected) from.focus();
    });
    box.appendChild(heading);
    box.appendChild(el("p", { text: detail }));
    box.appendChild(el("div", { class: "esca-builder__actions" }, [yesButton, noButton]));
    var near = from && from.isConnected && from.closest(".esca-builder__actions, .esca-builder__restored, .esca-builder__load");
    if (near && near.parentNode) near.parentNode.insertBefore(box, near.nextSibling);
    box.hidden = false;
    showBelowHeader(box);
    heading.focus({ preventScroll: true });
  };
  /* Unsaved work: something typed that has not been downloaded or copied since. */
  Builder.prototype.dirty = function () {
    this.flush();
    return hasContent(this.state()) && this.text !== this.savedText;
  };
  /* Always on the page, as the introduction promises; an empty form has nothing to clear, so nothing is asked. */
  Builder.prototype.askStartAgain = function (from) {
    this.flush();
    if (!hasContent(this.state())) {
      this.count.textContent = "The form is already empty: there is nothing to clear.";
      return;
    }
    this.ask("Clear the form and start again?",
      "Everything in the form goes, and so does the draft kept in this browser. To keep it, download the course file first.",
      "Yes, clear the form", "No, keep what I have typed", this.startAgain, from);
  };
  Builder.prototype.startAgain = function () {
    var store = storage();
    try { if (store) store.removeItem(DRAFT_KEY); } catch (e) { /* nothing kept */ }
    this.savedText = null;
    this.render();
    this.announce("The form is empty. Nothing is kept.");
    this.root.querySelector("#builder-id").focus();
  };
  Builder.prototype.beforeUnload = function (e) {
    this.saveDraft();
    /* Ask once, and only when the file has changes not yet downloaded or copied. */
    if (this.asked || !this.text || this.text === this.savedText || !hasContent(this.state())) return;
    this.asked = true;
    e.preventDefault();
    e.returnValue = "";
  };

  /* ---------- Checking as the trainer goes ---------- */

  Builder.prototype.changed = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.timer = null; self.update(); self.saveDraft(); }, 300);
    this.counters();
  };
  Builder.prototype.flush = function () {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; this.update(); this.saveDraft(); }
  };
  Builder.prototype.left = function (e) {
    var holder = e.target.closest && e.target.closest("[data-touch]");
    if (!holder) return;
    if (holder.tagName === "FIELDSET" && e.relatedTarget && holder.contains(e.relatedTarget)) return;  /* still in the group */
    this.touched[holder.getAttribute("data-touch")] = true;
    this.afterPointer(function () {
      if (!this.root.isConnected) return;
      clearTimeout(this.timer); this.timer = null;
      this.update();
      this.saveDraft();
      this.showErrors();
    });
  };
  /* Errors that appear when a field is left wait for the pointer to lift, so
     a click that moved focus (on a link or a button) is never lost. */
  Builder.prototype.afterPointer = function (fn) {
    var self = this;
    if (this.pointerDown) { this.pending = fn; return; }
    setTimeout(function () { fn.call(self); }, 0);  /* once focus has landed on the next field */
  };
  Builder.prototype.pointerUp = function () {
    this.pointerDown = false;
    var fn = this.pending, self = this;
    this.pending = null;
    if (fn) setTimeout(function () { fn.call(self); }, 0);
  };
  Builder.prototype.counters = function (speak) {
    var self = this;
    this.model.fields.forEach(function (f) {
      var box = self.boxes[f.name];
      if (!box.counter) return;
      var value = box.querySelector("textarea, input").value, n, over;
      if (box.perLine) {
        var longest = lines(value).reduce(function (m, line) { return Math.max(m, chars(line).length); }, 0);
        n = box.limit - longest;
        box.counter.textContent = !value.trim() ? "Each line can be up to " + box.limit + " characters." :
          n >= 0 ? "The longest line has " + plural(longest, "character", "characters") + " of " + box.limit + "." :
            "The longest line has " + plural(-n, "character", "characters") + " too many.";
        over = n < 0;
      } else {
        n = box.limit - chars(value.trim()).length;
        box.counter.textContent = !value ? "You can enter up to " + box.limit + " characters." :
          n >= 0 ? "You have " + plural(n, "character", "characters") + " remaining." : "You have " + plural(-n, "character", "characters") + " too many.";
        over = n < 0;
      }
      box.counter.classList.toggle("esca-builder__charcount--over", over);
      if (speak && box.contains(document.activeElement) && box.spoken.textContent !== box.counter.textContent) {
        box.spoken.textContent = box.counter.textContent;
      }
    });
  };

  /* The file, its findings, the count, the preview. Errors by the fields
     change only when a field is left or on "Check the course". */
  Builder.prototype.update = function () {
    var state = this.state(), file = fileText(state, this.model);
    var name = ((state.fields.id || "").trim() || "your-course-id") + ".yml";
    this.text = file.text; this.name = name; this.changeOrder = file.changeOrder;
    this.yaml.textContent = file.text;
    this.fileName.textContent = "curricula/courses/" + name;
    this.empty = !file.pairs.length;
    var loaded = state.loadedId || null;
    /* An empty form is checked as a course file with no fields: every required field is missing. */
    var bytes = new TextEncoder().encode(this.empty ? file.text + "{}\n" : file.text);
    var result = rules.checkBytes(bytes, name, this.model, api.today, loaded);
    this.findings = result.findings || [];
    this.showCount();
    this.showPreview(file.pairs);
    this.counters(true);
    if (this.summaryOn && signature(this.findings) !== this.summarySig) this.refreshSummary();
  };
  Builder.prototype.showCount = function () {
    var errors = this.findings.filter(function (f) { return severity(f) === "error"; }).length;
    var notices = this.findings.length - errors;
    var text = this.empty ? "Nothing filled in yet." :
      errors ? plural(errors, "problem", "problems") + " to fix" + (notices ? ", and " + plural(notices, "thing", "things") + " to check" : "") + "." :
        "No problems: the build will accept this course." + (notices ? " " + plural(notices, "thing", "things") + " to check." : "");
    if (this.count.textContent !== text) this.count.textContent = text;
    this.countCopy.textContent = text;
  };

  /* Where a finding belongs in the form: the box that shows it, the control
     its link focuses, and the key that says whether the trainer has been
     there. `fileOrder`: changes are counted as the file lists them. */
  Builder.prototype.place = function (f, asOpened) {
    var at = pathOf(f), name = at[0], spec = this.fieldByName[name];
    if (!spec) return null;
    var box = this.boxes[name];
    var item = null, items = null, index = typeof at[1] === "number" ? at[1] : null;
    if (index !== null && (spec.kind === "sessions" || spec.kind === "changes")) {
      items = spec.kind === "sessions" ? this.sessionBoxes() : this.changeBoxes();
      if (spec.kind === "changes" && !asOpened && this.changeOrder) index = this.changeOrder[index];
      item = index !== undefined ? items[index] : null;
    }
    if (item) {
      var part = at[2], inputs = item.querySelectorAll("input[data-part]");
      var filled = function (n) { var x = item.querySelector('[data-part="' + n + '"]'); return x && x.value; };
      var target = part === "start" ? (filled("date") ? "start" : "date") :
        part !== undefined ? part : spec.kind === "sessions" ? "venue" : filled("date") ? "note" : "date";
      var control = item.querySelector('[data-part="' + target + '"]') || inputs[0];
      var label = item.legend.textContent + (part && PART_LABELS[part] ? ", " + PART_LABELS[part].toLowerCase() : "");
      return { box: item, control: control, touch: control.getAttribute("data-touch"), label: label };
    }
    var controlAt;
    if (box.list) {
      var wanted = f.hasValue ? String(f.value) : null;
      controlAt = Array.prototype.filter.call(box.list.querySelectorAll("input"), function (i) { return i.value === wanted; })[0] ||
        box.list.querySelector("input");
    } else if (box.items) {
      controlAt = box.items.querySelector("input") || box.querySelector("button[data-touch]");
    } else controlAt = box.querySelector("input, select, textarea");
    return { box: box, control: controlAt, touch: name, label: fieldLabel(spec) };
  };
  Builder.prototype.message = function (f, where) {
    if (f.form) return f.form;
    var text = (where ? where.label + ": " : "") + f.problem;
    return text + (f.fix ? " — " + f.fix : "");
  };
  Builder.prototype.visible = function (where) { return this.checked || !!this.touched[where.touch]; };
  /* The message by each field: GOV.UK's error message, "Error:" read out first. */
  Builder.prototype.showErrors = function () {
    var self = this, shown = new Map();
    this.findings.forEach(function (f) {
      var where = self.place(f);
      if (!where || !self.visible(where)) return;
      if (!shown.has(where.box)) shown.set(where.box, []);
      shown.get(where.box).push([f, where]);
    });
    /* Messages appear above the field the trainer has moved to: scroll by as
       much as they add, so that field stays where it was on the screen. */
    var active = this.form.contains(document.activeElement) ? document.activeElement : null;
    var before = active ? active.getBoundingClientRect().top : 0;
    this.form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    this.form.querySelectorAll(".esca-builder__errors").forEach(function (errors) {
      var box = errors.closest("[data-field], [data-session], [data-change]");
      var list = shown.get(box) || [];
      var html = list.map(function (pair) { return severity(pair[0]) + "|" + self.message(pair[0], pair[1]); }).join("\n");
      if (errors.dataset.shown === html) return;
      errors.dataset.shown = html;
      errors.textContent = "";
      list.forEach(function (pair) {
        var notice = severity(pair[0]) === "notice";
        errors.appendChild(el("p", { class: notice ? "esca-builder__notice" : "esca-builder__error" },
          [hidden(notice ? "Check: " : "Error: "), self.message(pair[0], pair[1])]));
      });
    });
    shown.forEach(function (list) {
      list.forEach(function (pair) { if (severity(pair[0]) === "error") pair[1].control.setAttribute("aria-invalid", "true"); });
    });
    if (active) {
      var shift = active.getBoundingClientRect().top - before;
      if (shift) window.scrollBy(0, shift);
    }
  };

  /* "Check the course": GOV.UK's error summary at the top, focused, every
     problem a link to its field; the messages by the fields all shown. */
  /* `offer`: "download" or "copy" when the trainer asked for a file that has
     problems: the summary comes first, and offers the file as a draft. */
  Builder.prototype.check = function (offer) {
    clearTimeout(this.timer); this.timer = null;
    this.checked = true;
    this.offer = offer || null;
    this.update();
    this.saveDraft();
    this.showErrors();
    this.showSummary(this.findings, false);
  };
  /* The findings changed since the summary was shown: it shows the current
     ones (quietly: focus stays where the trainer is, and so does the field
     on the screen). */
  Builder.prototype.refreshSummary = function () {
    var active = document.activeElement && this.root.contains(document.activeElement) ? document.activeElement : null;
    var before = active ? active.getBoundingClientRect().top : 0;
    this.showSummary(this.findings, false, null, true);
    if (active) {
      var shift = active.getBoundingClientRect().top - before;
      if (shift) window.scrollBy(0, shift);
    }
  };
  Builder.prototype.showSummary = function (findings, asOpened, source, quiet) {
    var self = this, s = this.summary;
    s.textContent = "";
    s.className = "esca-builder__summary";
    this.summaryOn = true;
    this.summarySig = signature(this.findings);
    var errors = findings.filter(function (f) { return severity(f) === "error"; });
    var notices = findings.filter(function (f) { return severity(f) === "notice"; });
    function list(items) {
      var ul = el("ul", { class: "esca-builder__findings" });
      items.forEach(function (f) {
        var where = self.place(f, asOpened), text = self.message(f, where);
        var li = el("li", { "data-finding": String(f) });
        if (where) li.appendChild(el("a", { href: "#" + where.control.id, "data-control": where.control.id, text: text }));
        else li.appendChild(document.createTextNode(text));
        /* Where it is in the file: only for a file opened as it was (the form's own fields need no file words). */
        if (f.field && source) li.appendChild(el("small", { class: "esca-builder__detail", text: detail(f) }));
        ul.appendChild(li);
      });
      return ul;
    }
    if (quiet) s.removeAttribute("role");
    if (errors.length) {
      if (!quiet) s.setAttribute("role", "alert");
      s.classList.add("esca-builder__summary--problem");
      s.appendChild(el("h2", { id: "builder-problems", text: "There is a problem" }));
      if (source) s.appendChild(el("p", { text: "In " + source + ", as it was opened:" }));
      s.appendChild(list(errors));
      s.appendChild(el("p", { class: "esca-builder__verdict", text: "The build will not accept this course file until " +
        (errors.length === 1 ? "this problem is" : "these problems are") + " fixed." }));
      if (this.offer && !this.empty) {
        var what = this.offer, draft = el("button", { type: "button", class: "md-button", "data-draft": what,
          text: what === "copy" ? "Copy it as a draft" : "Download it as a draft" });
        draft.addEventListener("click", function () { if (what === "copy") self.copy(true); else self.download(true); });
        s.appendChild(el("p", {}, ["You can still " + what + " the file as a draft, to finish later. ", draft]));
      }
    } else {
      if (!quiet) s.setAttribute("role", "status");
      s.classList.add("esca-builder__summary--fine");
      s.appendChild(el("h2", { id: "builder-problems", text: "No problems found" }));
      s.appendChild(el("p", {}, [(source ? source + " passes every check" : "The build will accept this course") + ". ",
        el("a", { href: "#builder-file", text: "Download the course file" }), " when you are ready."]));
    }
    if (notices.length) {
      s.appendChild(el("h3", { text: "Check before you publish" }));
      s.appendChild(list(notices));
    }
    s.setAttribute("aria-labelledby", "builder-problems");
    s.hidden = false;
    if (quiet) return;
    showBelowHeader(s);
    s.focus({ preventScroll: true });
  };
  /* Any link to a place on this page: focus it here. Material's instant
     navigation never sees the click (it would fetch the page again). */
  Builder.prototype.inPageLink = function (e) {
    var link = e.target.closest && e.target.closest("a[href^='#']");
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    e.preventDefault();
    e.stopPropagation();
    this.focusField(target);
  };
  Builder.prototype.focusField = function (target) {
    /* GOV.UK: the question's label or legend scrolls into view with the field focused. */
    var holder = target.closest(".esca-builder__part, .esca-builder__field, fieldset");
    var label = holder && (holder.querySelector("label[for='" + target.id + "']") || holder.querySelector("legend"));
    if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) target.setAttribute("tabindex", "-1");
    (label || target).scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  };

  /* ---------- The preview ---------- */

  Builder.prototype.label = function (vocab, id) { return own(own(this.labels, vocab), id) || id; };
  Builder.prototype.showPreview = function (pairs) {
    var self = this, m = this.model, p = this.preview, v = function (name) { return valueOf(pairs, name); };
    var list = function (name) { var x = v(name); return Array.isArray(x) ? x : []; };
    var labels = function (name, vocab) { return list(name).map(function (id) { return self.label(vocab, id); }).join(", "); };
    var titles = m.page_titles || {};
    p.textContent = "";
    if (!pairs.length) {
      p.appendChild(el("p", { class: "esca-builder__hint", text: "The course page appears here as you fill in the form." }));
      return;
    }
    var status = scalarText(v("status")), today = api.today || londonToday();
    var h = function (text) { return el("h4", { text: text }); };
    p.appendChild(el("h3", { text: scalarText(v("title")) }));
    if (status && status !== "active") {
      p.appendChild(el("div", { class: "admonition note" }, [el("p", { class: "admonition-title", text: "This course is " + status }),
        el("p", { text: "It is not taking bookings at the moment." })]));
    }
    p.appendChild(el("p", { text: scalarText(v("summary")) }));
    p.appendChild(el("p", { class: "esca-cpd-add" }, [el("span", { class: "md-button", text: "Add to my CPD record" })]));
    p.appendChild(h("At a glance"));
    var minutes = v("duration_minutes"), hours = v("cpd_hours");
    var mandatory = labels("mandatory_for", "audiences"), certificate = scalarText(v("certificate"));
    var rows = [["Who it is for", labels("audience", "audiences")]].concat(
      mandatory ? [["Mandatory for", mandatory]] : [],
      [["How it is delivered", this.label("delivery-modes", scalarText(v("delivery_mode")))],
       ["Length", minutes instanceof YamlInt ? durationText(+minutes.digits) : scalarText(minutes)],
       ["CPD hours", hours instanceof YamlInt ? hoursText(+hours.digits) : scalarText(hours)],
       ["Certificate", certificate ? this.label("certificates", certificate) :
         "Not stated. You can keep your own record of attending in My CPD record"],
       ["Provider", this.label("providers", scalarText(v("provider")))]]);
    p.appendChild(el("table", { class: "esca-builder__table" }, [el("thead", {}, [el("tr", {}, [el("th", { text: "Item" }), el("th", { text: "Detail" })])]),
      el("tbody", {}, rows.map(function (r) { return el("tr", {}, [el("td", { text: r[0] }), el("td", { text: r[1] })]); }))]));
    var bullets = function (items) { return el("ul", {}, items.map(function (x) { return el("li", {}, x); })); };
    var strong = function (label, text) { return [el("strong", { text: label }), " " + text]; };
    p.appendChild(h("What you will learn"));
    p.appendChild(bullets(list("learning_outcomes").map(function (x) { return [x]; })));
    p.appendChild(h("Reflect with a colleague"));
    p.appendChild(el("p", { text: "Use these questions for a peer reflection you can record as CPD:" }));
    p.appendChild(bullets(list("reflection_prompts").map(function (x) { return [x]; })));
    p.appendChild(h("How it maps to the frameworks"));
    var frameworks = [strong("Professional Capabilities Framework domains:", labels("pcf_domains", "pcf-domains")),
      strong("Career levels:", labels("pcf_levels", "pcf-levels"))];
    if (list("kss").length) frameworks.push(strong("Knowledge and Skills Statements:", labels("kss", "kss")));
    frameworks.push(strong("Practice model:", labels("practice_model", "practice-model")));
    p.appendChild(bullets(frameworks));
    p.appendChild(h("Before and after"));
    var courseTitles = titles.course || {};
    var first = list("prerequisites").filter(function (id) { return own(courseTitles, id); }).map(function (id) { return own(courseTitles, id); });
    p.appendChild(el("p", { text: list("prerequisites").length ? "Take these first: " + first.join(", ") + "." : "There is nothing you need to take first." }));
    p.appendChild(h("Dates and booking"));
    var sessions = this.upcoming(list("sessions"), status, today);
    var booking = scalarText(v("booking")).trim();
    var byEmail = booking.indexOf("@") >= 0 && booking.indexOf("https://") !== 0;
    if (sessions.shown.length) {
      p.appendChild(el("p", { text: "Times are UK time." }));
      p.appendChild(el("table", { class: "esca-builder__table" }, [el("thead", {}, [el("tr", {}, ["Date", "Time", "Where", "Places"].map(function (t) { return el("th", { text: t }); }))]),
        el("tbody", {}, sessions.shown.map(function (s) {
          var day = longDate(s.start.slice(0, 10));
          var first = [day, el("br"), el("span", { class: "esca-builder__link", text: "Calendar file for " + day })];
          if (byEmail) first.push(el("br"), el("span", { class: "esca-builder__link", text: "Book " + day + " by email" }));
          var span = s.start.slice(11, 16) + " to " + s.end.slice(11, 16) + (s.end.slice(0, 10) === s.start.slice(0, 10) ? "" : " on " + longDate(s.end.slice(0, 10)));
          return el("tr", {}, [el("td", {}, first), el("td", { text: span }), el("td", { text: s.online ? "Online" : s.venue }),
            el("td", { text: /^\d+$/.test(s.capacity) ? placesText(+s.capacity) : s.capacity })]);
        }))]));
      p.appendChild(el("p", {}, [el("span", { class: "esca-builder__link", text: "All dates for this course as one calendar file" })]));
    } else {
      p.appendChild(el("p", { text: "No dates are published yet. If you work for Essex County Council, ask your line manager how to book a place on the next one." }));
    }
    if (booking) {
      var host = booking.split("/")[2] || booking;
      p.appendChild(el("p", {}, [el("strong", { text: "How to book:" }), " ",
        el("span", { class: "esca-builder__link", text: byEmail ? "Book by email: " + booking : "Book a place on " + host })]));
    }
    var related = [];
    [["roles", "role", "Teams:"], ["careers", "career", "Career steps:"], ["legislation", "legislation", "Law:"]].forEach(function (r) {
      var ids = list(r[0]);
      if (!ids.length) return;
      var t = own(titles, r[1]) || {};
      related.push(strong(r[2], ids.map(function (id) { return own(t, id) || sentence(id.replace(/-/g, " ")); }).join(", ")));
    });
    if (related.length) { p.appendChild(h("Related pages")); p.appendChild(bullets(related)); }
    p.appendChild(h("Review and changes"));
    p.appendChild(el("p", { text: "Last reviewed " + longDate(scalarText(v("last_reviewed"))) + "; next review due " + longDate(scalarText(v("review_due"))) + "." }));
    p.appendChild(bullets(list("changes").map(function (ch) {
      return strong(longDate(scalarText(valueOf(ch, "date"))) + ":", scalarText(valueOf(ch, "note")));
    })));
    if (sessions.past.length) {
      /* Not on the published page: a note to the trainer, after it. */
      p.appendChild(el("p", { class: "esca-builder__preview-note", text: "Not shown on the page, because the date has passed: " +
        sessions.past.map(function (s) { return longDate(s.start.slice(0, 10)); }).join(", ") + "." }));
    }
  };
  /* Course.upcoming: sessions on or after today, soonest first; only an active course shows them. */
  Builder.prototype.upcoming = function (sessions, status, today) {
    var shown = [], past = [];
    sessions.forEach(function (pairs) {
      var s = { start: scalarText(valueOf(pairs, "start")), end: scalarText(valueOf(pairs, "end")), venue: scalarText(valueOf(pairs, "venue")),
        online: valueOf(pairs, "online") === true, capacity: scalarText(valueOf(pairs, "capacity")) };
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s.start) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s.end)) return;
      if (s.start.slice(0, 10) < today) past.push(s);
      else if (status === "active") shown.push(s);
    });
    shown.sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : 0; });
    return { shown: shown, past: past };
  };

  /* ---------- Opening a course file ---------- */

  Builder.prototype.open = function (file, from) {
    var self = this, reader = new FileReader();
    reader.onload = function () { self.askThenOpen(new Uint8Array(reader.result), file.name, null, from); };
    reader.readAsArrayBuffer(file);
  };
  /* Open a file, after asking when the form holds unsaved work. */
  Builder.prototype.askThenOpen = function (bytes, name, label, from) {
    var self = this, shown = label || name;
    this.opened.textContent = "";
    if (!this.dirty()) { this.openBytes(bytes, name, label); return; }
    this.ask("Replace what is in the form with " + shown + "?",
      "What you have typed will be lost, unless you download the course file first.",
      "Yes, open " + shown, "No, keep what I have typed", function () { self.openBytes(bytes, name, label); }, from,
      function () { self.opened.textContent = shown + " was not opened: the form is as it was."; });
  };
  /* A published course, by its id: only an id this page holds a file for. */
  Builder.prototype.openPublished = function (id, from) {
    if (typeof id !== "string" || !this.files.has(id)) return false;
    var title = ((this.model.page_titles || {}).course || {})[id] || id;
    this.askThenOpen(new TextEncoder().encode(this.files.get(id)), id + ".yml", "“" + title + "” from the portal", from);
    return true;
  };
  Builder.prototype.openBytes = function (bytes, name, label) {
    /* Opening a published course's file is editing that course. */
    var stem = name.replace(/\.[^.]*$/, "");
    var result = rules.checkBytes(bytes, name, this.model, api.today, this.model.courses.indexOf(stem) >= 0 ? stem : null);
    var data = result.data && isMap(result.data) ? result.data : null;
    if (data) {
      var id = get(data, "id");
      this.touched = table(); this.checked = false;
      this.setState({ fields: this.fieldsFrom(data), loadedFrom: name, loadedId: typeof id === "string" ? id : null });
      this.restored.hidden = true;
      this.update();
      this.saveDraft();
      this.savedText = this.text;  /* nothing new to save yet */
      this.checked = true;
      this.showErrors();
    }
    this.offer = null;
    this.opened.textContent = data ? "Opened " + (label || name) + "." : "Could not open " + (label || name) + ": see the problem above.";
    /* The findings for the file as it was opened, each linked to its field. */
    this.showSummary(result.findings, true, label || name);
    this.root.dataset.loaded = name;
  };
  /* A course file's values as the form holds them (text as typed, numbers and dates as written). */
  Builder.prototype.fieldsFrom = function (data) {
    var out = table();
    function text(x) {
      if (x === null || x === undefined) return "";
      if (typeof x === "object" && x.iso) return x.iso();
      if (typeof x === "object" && "v" in x && typeof x.v === "number") return floatText(x.v);  /* a float, as written */
      return String(x);
    }
    this.model.fields.forEach(function (f) {
      var v = get(data, f.name);
      if (f.kind === "vocab-list" || f.kind === "ref-list") out[f.name] = isList(v) ? v.filter(function (x) { return typeof x === "string"; }) : [];
      else if (f.kind === "text-list") out[f.name] = isList(v) ? v.map(text).join("\n") : text(v);
      else if (f.kind === "sessions") {
        out[f.name] = (isList(v) ? v : []).filter(isMap).map(function (s) {
          var start = text(get(s, "start")), end = text(get(s, "end"));
          return { date: start.slice(0, 10), start: start.slice(11, 16), end: end.slice(11, 16),
            endDate: end.slice(0, 10) !== start.slice(0, 10) ? end.slice(0, 10) : "",
            venue: text(get(s, "venue")), online: get(s, "online") === true, capacity: text(get(s, "capacity")) };
        });
      } else if (f.kind === "changes") {
        out[f.name] = (isList(v) ? v : []).filter(isMap).map(function (ch) { return { date: text(get(ch, "date")), note: text(get(ch, "note")) }; });
      } else out[f.name] = text(v);
    });
    return out;
  };

  /* ---------- Saving the file ---------- */

  /* A file with problems, or an empty form: the summary comes first, and
     offers the file as a draft (`asDraft`: that offer taken). */
  Builder.prototype.stopped = function (what) {
    if (!this.empty && !this.findings.some(isError)) return false;
    this.check(what);
    return true;
  };
  Builder.prototype.download = function (asDraft) {
    this.flush();
    if (!asDraft && this.stopped("download")) return;
    var url = URL.createObjectURL(new Blob([this.text], { type: "text/yaml;charset=utf-8" }));
    var a = el("a", { href: url, download: this.name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    this.saved();
    this.announce("Downloaded " + this.name + (asDraft ? ", as a draft: the build will not accept it yet." : "."));
  };
  Builder.prototype.copy = function (asDraft) {
    var self = this;
    this.flush();
    if (!asDraft && this.stopped("copy")) return;
    var done = function () {
      self.saved();
      self.announce(asDraft ? "Copied, as a draft: the build will not accept it yet." : "Copied. Paste it into the new file.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(this.text).then(done, function () { self.selectText(); });
    } else this.selectText();
  };
  Builder.prototype.saved = function () {
    this.savedText = this.text;
    var store = storage();
    try {
      var raw = store && store.getItem(DRAFT_KEY);
      if (raw) { var state = JSON.parse(raw); state.downloaded = this.text; store.setItem(DRAFT_KEY, JSON.stringify(state)); }
    } catch (e) { /* the draft stays as it was */ }
  };
  Builder.prototype.selectText = function () {
    var range = document.createRange();
    range.selectNodeContents(this.yaml);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    this.saved();
    this.announce("The file is selected: press Ctrl+C to copy it.");
  };

  /* ---------- Start, and again whenever instant navigation brings a fresh page ---------- */

  function start() {
    var root = document.querySelector("[data-esca-builder]");
    if (api.builder && api.builder.root !== root) {
      api.builder.destroy();
      api.builder = null;
    }
    var data = root && root.querySelector("#esca-course-model");
    if (!root || !data || root.dataset.ready) return;
    root.dataset.ready = "1";
    var model = formModel(JSON.parse(data.getAttribute("data-model") || data.textContent));
    api.model = model;
    api.builder = new Builder(root, model, publishedFiles(model));
    openFromAddress(api.builder);
  }
  /* The published courses' files the model carries: id -> text, for the
     model's own published ids only. */
  function publishedFiles(model) {
    var data = model.course_files, files = new Map();
    if (data && typeof data === "object" && !isList(data)) {
      (model.courses || []).forEach(function (id) {
        if (Object.prototype.hasOwnProperty.call(data, id) && typeof data[id] === "string") files.set(id, data[id]);
      });
    }
    return files;
  }
  /* ?course=<id> (from "Change this course in the course builder"): that
     course opens, asking first over unsaved work; then the address forgets
     it, so a reload does not ask again. */
  function openFromAddress(builder) {
    var params;
    try { params = new URLSearchParams(location.search); } catch (e) { return; }
    if (!params.has("course")) return;
    if (!builder.openPublished(params.get("course"), null)) {
      builder.opened.textContent = "The address names a course the portal does not publish, so nothing was opened.";
    }
    params.delete("course");
    var rest = params.toString();
    try { history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash); } catch (e) { /* file:// may refuse */ }
  }
  if (typeof document$ !== "undefined") document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
