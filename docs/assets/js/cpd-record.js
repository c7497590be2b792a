/* My CPD record (cpd/my-cpd/): a private CPD record kept in this browser.

   Entries live in the browser's storage under one key and nowhere else: this
   script sends no request with them and sets no cookie. On the site that is
   local storage. In the offline copy (opened from a file) it is the tab's
   session storage unless the reader chooses to keep the record on this
   computer, and the key carries the copy's folder, so two copies never share
   a record. Everything a reader types is shown with textContent, never as
   HTML. If the browser blocks storage, the page says so at once and keeps
   entries for the visit; the reader can still copy the text or download a
   file.

   Nothing typed is lost: the entry being written is kept as a draft as the
   reader types (a moment after each keystroke, and at once when they leave
   the page or follow a link), and comes back after a reload, a link, Back or
   a crash. Leaving the page with an unsaved entry asks once.

   The "Add to my CPD record" links on course and practice-model pages carry
   a key ("course/<id>", "page/<path>"). The key is remembered when the link
   is followed (in this script, which instant navigation keeps running, or
   the tab's session storage, or its name when storage is blocked), and the
   form is filled in only when the key is one of the site's own activities,
   listed in the page by the build: the text comes from that list, never
   from the address or anything another site could set.

   The form follows GOV.UK's patterns: a character count under each text
   box (over-typing allowed, never cut short: the entry is not saved until it
   fits), and on Save an error summary at the top of the form linking to
   each field with a problem, and a message by each field (aria-describedby).
   A date after today is asked about once before it is saved; a date before
   the earliest year the data file gives is an error (a slip of the keyboard).

   An import adds every entry it can read and lists each one it cannot, by
   number, with every problem in the form's words; an entry typed by hand
   with no id gets one; an entry whose words are already in the record (its
   id and times aside) is counted as already there.

   Everything read (a saved record, a draft, an imported file) is checked
   against the form's own fields and limits, kept in Maps and objects with no
   prototype, and limited in number and size, so a record never grows past
   what a downloaded file can carry back. */
(function () {
  "use strict";
  var FORMAT = "esca-cpd-record";
  var DRAFT_FORMAT = "esca-cpd-draft";
  var VERSION = 1;
  var RECORD_KEY = "esca-cpd-record";
  var DRAFT_KEY = "esca-cpd-draft";
  var PREFILL = "esca-cpd-prefill";  /* session storage key: only this site's own "Add" link writes it */
  var MAX_BYTES = 2 * 1024 * 1024;   /* a file, and the whole record: a downloaded file always imports */
  var MAX_ENTRIES = 2000;
  var DRAFT_DELAY = 300;             /* milliseconds after the last keystroke */
  var DRAFT_CHARS = 200000;          /* a draft's field is read up to this, far past any limit */
  var FIRST_YEAR = 1900, LAST_YEAR = 2199;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var OWN = ["id", "key", "created", "updated"];  /* what the record adds to the form's fields */

  var active = null;      /* the record on the page shown now, when it is My CPD */
  var pendingKey = "";    /* the key of an "Add" link followed in this tab */
  var memoryDraft = null; /* the draft, while this script runs, when storage is blocked */

  /* A followed "Add" link: remember its key for the My CPD page. Any click
     may take the reader away, so the draft is written first. */
  document.addEventListener("click", function (event) {
    if (active) active.flushDraft();
    var link = event.target.closest && event.target.closest("a[data-cpd-key]");
    if (!link) return;
    var key = safeKey(link.getAttribute("data-cpd-key"));
    if (!key) return;
    pendingKey = key;
    /* Session storage only: another site cannot write it. Not the tab's
       name, nor the address: any site can set those (window.open with a
       name, or window.name then a navigation here). With storage blocked, a
       full page load is not filled in; instant navigation keeps pendingKey. */
    var session = openStorage("sessionStorage");
    try { if (session) session.setItem(PREFILL, key); } catch (e) { /* pendingKey only */ }
  }, true);

  window.addEventListener("pagehide", function () { if (active) active.flushDraft(); });
  window.addEventListener("popstate", function () { if (active) active.flushDraft(); }, true);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && active) active.flushDraft();
  });

  function askBeforeLeaving(event) {
    if (!active || !active.isDirty()) return;
    active.flushDraft();
    event.preventDefault();
    event.returnValue = "";  /* the browser asks, once, whether to leave */
  }

  /* Only while there is an unsaved entry: a page with this handler may not be
     kept for Back in some browsers. */
  function guardLeaving(on) {
    window.removeEventListener("beforeunload", askBeforeLeaving);
    if (on) window.addEventListener("beforeunload", askBeforeLeaving);
  }

  document$.subscribe(function () {
    var form = document.getElementById("cpd-form");
    if (active && active.form !== form) {
      active.flushDraft();
      active = null;
      guardLeaving(false);
    }
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    active = new Record(form);
    active.start();
  });

  /* Helpers ----------------------------------------------------------- */

  function openStorage(name) {
    try {
      var store = window[name];
      store.setItem("esca-cpd-test", "1");
      store.removeItem("esca-cpd-test");
      return store;
    } catch (e) {
      return null;
    }
  }

  function readItem(store, key) {
    if (!store) return null;
    try { return store.getItem(key); } catch (e) { return null; }
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function str(value) { return typeof value === "string" ? value : ""; }

  function plain() { return Object.create(null); }

  function bytes(text) { return new TextEncoder().encode(text).length; }

  function safeKey(value) {
    return typeof value === "string" && /^(course|page)\/[a-z0-9\/-]{1,200}$/.test(value) ? value : "";
  }

  function safeParse(text) {
    try { return { ok: true, data: JSON.parse(text) }; } catch (e) { return { ok: false }; }
  }

  function isObject(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  /* JSON the build put in the page: Material's configuration (a script
     block) or the record's own data (an attribute). */
  function readData(id) {
    var node = document.getElementById(id);
    var parsed = !node ? { ok: false } : safeParse(node.tagName === "SCRIPT" ? node.textContent : node.getAttribute("data-json"));
    return parsed.ok && isObject(parsed.data) ? parsed.data : {};
  }

  /* A JSON object's own entries as a Map: no key reaches an object's prototype. */
  function toMap(value) {
    var map = new Map();
    if (!isObject(value)) return map;
    Object.keys(value).forEach(function (key) { map.set(key, value[key]); });
    return map;
  }

  /* Dates: "YYYY-MM-DD" as a day number, compared as numbers. */
  function dayNumber(iso) {
    if (typeof iso !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
    var p = iso.split("-").map(Number);
    var d = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
    if (d.getUTCFullYear() !== p[0] || d.getUTCMonth() !== p[1] - 1 || d.getUTCDate() !== p[2]) return NaN;
    if (p[0] < FIRST_YEAR || p[0] > LAST_YEAR) return NaN;
    return d.getTime() / 86400000;
  }

  function realDate(value) { return !isNaN(dayNumber(value)); }

  /* A link field's value: "" when it is a web address the form accepts and the
     list shows as a link (http or https, a host, no name and '@' before the
     host, which hides the real site: https://www.gov.uk@evil.example/ goes to
     evil.example); otherwise the reason, in words that follow "it". */
  function linkProblem(value) {
    var url = null;
    if (!/^https?:\/\/\S+$/i.test(value)) return "is not a web address starting with https:// or http://";
    try { url = new URL(value); } catch (e) { url = null; }
    if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) return "cannot be read as a web address";
    if (url.username || url.password) return "has a name and '@' before the site, which hides the site it goes to";
    return "";
  }

  function today() {
    var now = new Date();  /* the reader's own calendar day, not the UTC one */
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86400000;
  }

  function todayISO() {
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }

  /* A saved time ("2026-12-10T10:00:00Z") as milliseconds, or NaN. Its
     day is checked by dayNumber, the form's own rule (Date.parse would
     roll 31 February over into March), and its time of day and zone as
     real clock values. */
  function stamp(value) {
    var m = typeof value === "string" && value.length <= 40 &&
      /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(value);
    if (!m || isNaN(dayNumber(m[1]))) return NaN;
    if (Number(m[2]) > 23 || Number(m[3]) > 59 || (m[4] !== undefined && Number(m[4]) > 59)) return NaN;
    if (m[6] !== undefined && (Number(m[6]) > 23 || Number(m[7]) > 59)) return NaN;
    var time = Date.parse(value);
    var year = new Date(time).getUTCFullYear();
    return !isNaN(time) && year >= FIRST_YEAR && year <= LAST_YEAR ? time : NaN;
  }

  function longDate(iso) {
    var p = String(iso).split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* The same entry, field for field (as JSON with the keys in order). */
  function sameEntry(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b)).sort().filter(function (k, i, all) { return all[i - 1] !== k; });
    return keys.every(function (k) {
      var x = a[k] === undefined || a[k] === null ? "" : a[k], y = b[k] === undefined || b[k] === null ? "" : b[k];
      return x === y;
    });
  }

  /* The site root's path, for the offline copy's storage names (two copies
     opened from different folders keep different records). */
  function siteRoot() {
    var config = readData("__config");
    try { return new URL(typeof config.base === "string" ? config.base : ".", location.href).pathname; } catch (e) {
      return location.pathname.replace(/[^\/]*\/[^\/]*$/, "");
    }
  }

  /* Checking what is read (a saved record or an imported file) -------- */

  function count(n) { return Number(n).toLocaleString("en-GB"); }

  /* One entry against the rules (a Map of field name to kind, label,
     required and limit): a clean copy with no prototype, or every problem
     in the form's words. `giveId`: an entry with no id (typed by hand) gets
     a new one. */
  function checkEntry(entry, rules, giveId) {
    if (!isObject(entry)) return { problems: ["it is not written as an entry (its fields between { and })"] };
    var clean = plain(), problems = [], given = false;
    Object.keys(entry).forEach(function (name) {
      var value = entry[name], rule = rules.get(name), label = rule ? rule.label : "";
      var bad = null;
      if (name === "id") {
        if (giveId && (value === "" || value === null)) return;
        if (typeof value !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(value)) {
          bad = "its id is not one this page can use: take the id line out to import it as a new entry";
        }
      } else if (name === "key") {
        if (value !== "" && !safeKey(value)) bad = "it names an activity on the portal in a way this page does not know (key)";
      } else if (name === "created" || name === "updated") {
        if (isNaN(stamp(value))) {
          bad = "the time it was " + (name === "created" ? "first saved" : "last changed") + " (" + name + ") is not a date and time";
        }
      } else if (!rule) {
        bad = "it has “" + name.slice(0, 40) + "”, which is not a question on this form";
      } else if (rule.kind === "number") {
        if (value !== "" && value !== null && !(typeof value === "number" && isFinite(value) && value >= 0 && value <= rule.max)) {
          bad = label + " is not a number from 0 to " + count(rule.max);
        }
      } else if (typeof value !== "string") {
        bad = label + " is not text";
      } else if (rule.max && value.length > rule.max) {
        bad = label + " has " + count(value.length) + " characters: the limit is " + count(rule.max);
      } else if (rule.kind === "date" && value && !realDate(value)) {
        bad = label + " is not a real date (write it like 2026-12-03)";
      } else if (rule.kind === "url" && value && !/^https?:\/\/\S+$/i.test(value)) {
        /* the rule entries were saved under, kept so none is stranded; the list shows as a link only
           what linkProblem passes */
        bad = label + " is not a web address starting with https:// or http://";
      }
      if (bad) problems.push(bad); else clean[name] = value;
    });
    rules.forEach(function (rule, name) {
      if (!rule.required) return;
      if (!Object.prototype.hasOwnProperty.call(entry, name)) problems.push(rule.label + " is missing");
      else if (typeof clean[name] === "string" && !clean[name].trim()) problems.push(rule.label + " is empty");
    });
    if (!problems.length && !clean.id) {
      if (!giveId) problems.push("it has no id");
      else { clean.id = newId(); given = true; }
    }
    return problems.length ? { problems: problems } : { entry: clean, given: given };
  }

  /* How a refused entry is named: its number in the file, then its title and date when they can be read. */
  function entryName(raw, index) {
    var parts = [];
    if (isObject(raw) && typeof raw.title === "string" && raw.title.trim()) {
      var title = raw.title.trim();
      parts.push("“" + (title.length > 80 ? title.slice(0, 79) + "…" : title) + "”");
    }
    if (isObject(raw) && realDate(raw.date)) parts.push(longDate(raw.date));
    return "Entry " + (index + 1) + (parts.length ? " (" + parts.join(", ") + ")" : "");
  }

  /* A record's top level: {format, version, entries: [...]}. */
  function checkHead(parsed) {
    if (!parsed.ok) return { error: "it is not a JSON file" };
    var data = parsed.data;
    if (!isObject(data)) return { error: "it is not a CPD record file" };
    if (data.format !== FORMAT) return { error: "it is not a CPD record file from this portal" };
    if (typeof data.version !== "number") return { error: "it has no version number" };
    if (data.version > VERSION) return { error: "it was made by a newer version of the portal" };
    if (data.version !== VERSION) return { error: "its version (" + String(data.version).slice(0, 10) + ") is not one this page reads" };
    if (!Array.isArray(data.entries)) return { error: "it has no list of entries" };
    if (data.entries.length > MAX_ENTRIES) return { error: "it has more than " + MAX_ENTRIES.toLocaleString("en-GB") + " entries" };
    return { entries: data.entries };
  }

  /* Every entry of a list: the good ones, the ones refused with every
     problem, how many were repeats and how many were given an id. No
     entry's words are dropped: a repeated id with the same words is one
     entry; with other words, both are kept, the later given a new id (no
     time written in a file decides which words win). */
  function checkEntries(list, rules, giveIds) {
    var byId = new Map(), refused = [], repeats = 0, split = [], given = new Set();
    list.forEach(function (raw, index) {
      var result = checkEntry(raw, rules, giveIds);
      if (result.problems) {
        refused.push({ raw: raw, index: index, problems: result.problems,
          error: entryName(raw, index) + ": " + result.problems.join("; ") });
        return;
      }
      if (result.given) given.add(result.entry.id);
      var entry = result.entry, before = byId.get(entry.id);
      if (before) {
        if (sameEntry(entry, before) || contentOf(entry, rules) === contentOf(before, rules)) { repeats += 1; return; }
        entry.id = newId();
        split.push(entry);
      }
      byId.set(entry.id, entry);
    });
    return { entries: Array.from(byId.values()), refused: refused, repeats: repeats, split: split, given: given };
  }

  /* An entry's words, its id and times aside: two entries with the same words are the same entry. */
  function contentOf(entry, rules) {
    var out = [];
    rules.forEach(function (rule, name) { out.push(entry[name] === undefined || entry[name] === null ? "" : String(entry[name])); });
    out.push(entry.key === undefined || entry.key === null ? "" : String(entry.key));
    return JSON.stringify(out);
  }

  /* The record ---------------------------------------------------------- */

  function Record(form) {
    var self = this;
    this.form = form;
    this.$ = function (id) { return document.getElementById(id); };
    this.fields = Array.prototype.slice.call(form.querySelectorAll("[data-kind]"));
    this.start_ = form.dataset.yearStart.split("-").map(Number);  /* [month, day] */
    this.pieces = Number(form.dataset.pieces);
    this.peerNeeded = Number(form.dataset.peer);
    this.retired = [];
    var retired = safeParse(form.dataset.retired || "[]");
    if (retired.ok && Array.isArray(retired.data)) {
      this.retired = retired.data.filter(function (f) { return isObject(f) && typeof f.id === "string"; });
    }
    this.earliest = Number(form.dataset.earliestYear) || 0;  /* an earlier date is an error */
    this.rules = new Map();
    this.fields.forEach(function (f) {
      self.rules.set(f.name, {
        name: f.name, kind: f.dataset.kind, required: f.required, label: self.label(f),
        max: Number(f.dataset.maxLength || f.getAttribute("max") || 0)
      });
    });
    this.retired.forEach(function (f) {
      if (!self.rules.has(f.id) && OWN.indexOf(f.id) === -1) {
        self.rules.set(f.id, { name: f.id, kind: String(f.kind), required: false, label: String(f.export || f.id),
          max: Number(f.max) || 0 });
      }
    });
    this.activities = toMap(readData("esca-cpd-activities").activities);
    this.entries = [];
    this.held = [];         /* saved entries this page cannot read: kept as they were */
    this.locked = false;    /* the saved record cannot be read at all: never written over */
    this.waiting = "";      /* a key to fill in once the unsaved entry is saved or cleared */
    this.dateOK = "";       /* a date after today the reader has confirmed */
    this.timer = null;
    this.offline = form.dataset.offline === "1";
    var suffix = this.offline ? "@" + siteRoot() : "";
    this.recordKey = RECORD_KEY + suffix;
    this.draftKey = DRAFT_KEY + suffix;
    this.local = openStorage("localStorage");
    this.session = this.offline ? openStorage("sessionStorage") : null;
    if (!this.offline) {
      this.store = this.local;
    } else {
      /* Session only, unless the reader chose to keep the record here before. */
      var kept = readItem(this.local, this.recordKey) !== null || readItem(this.local, this.draftKey) !== null;
      this.store = kept ? this.local : this.session;
    }
  }

  Record.prototype.start = function () {
    var self = this;
    document.querySelectorAll(".esca-cpd__nojs").forEach(function (p) { p.hidden = true; });
    ["cpd-entries", "cpd-export", "cpd-delete"].forEach(function (id) { self.$(id).hidden = false; });
    this.form.hidden = false;
    this.load();
    this.render();
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.save(); });
    this.form.addEventListener("reset", function () {
      setTimeout(function () { self.clearForm(); self.dropDraft(); self.takeWaiting(); }, 0);
    });
    /* "Clear the form" asks once when there is something written to lose. */
    this.$("cpd-clear").addEventListener("click", function (event) {
      if (!self.isDirty()) return;
      event.preventDefault();
      self.$("cpd-clear-confirm").hidden = false;
      self.$("cpd-clear-question").focus();
    });
    this.$("cpd-clear-no").addEventListener("click", function () {
      self.$("cpd-clear-confirm").hidden = true;
      self.$("cpd-clear").focus();
    });
    this.$("cpd-clear-yes").addEventListener("click", function () {
      self.$("cpd-clear-confirm").hidden = true;
      self.form.reset();
      self.say("The form is clear.");
      self.fields[0].focus();
    });
    this.form.addEventListener("input", function () { self.typed(); self.counts(false); });
    this.form.addEventListener("change", function () { self.typed(); self.flushDraft(); });
    this.$("cpd-export-year").addEventListener("change", function () { self.renderText(); });
    this.$("cpd-copy").addEventListener("click", function () { self.copy(); });
    this.$("cpd-print").addEventListener("click", function () { window.print(); });
    this.$("cpd-download").addEventListener("click", function () { self.download(); });
    this.$("cpd-import").addEventListener("change", function (event) { self.importFile(event.target); });
    this.$("cpd-delete-start").addEventListener("click", function () { self.askDelete(); });
    this.$("cpd-delete-no").addEventListener("click", function () { self.closeDelete(); });
    this.$("cpd-delete-yes").addEventListener("click", function () { self.deleteAll(); });
    this.startOffline();
    this.restore();
    this.counts(false);
  };

  /* Storage ------------------------------------------------------------ */

  Record.prototype.load = function () {
    if (!this.store) {
      this.warn("Your browser is not keeping this record: it is not letting this site keep anything on this " +
        "device. You can still write entries, but download a file before you close this page, or they will be lost.");
      return;
    }
    var raw = readItem(this.store, this.recordKey);
    if (raw === null) return;
    var head = checkHead(safeParse(raw));
    if (head.error) {
      this.locked = true;
      this.warn("The CPD record saved in this browser could not be read (" + head.error + "). It has been " +
        "left as it is and nothing new will be saved over it. Download a file of what you add on this page.");
      return;
    }
    var result = checkEntries(head.entries, this.rules);
    this.entries = result.entries;
    this.held = result.refused.map(function (r) { return r.raw; });
    if (this.held.length) {
      this.warn(plural(this.held.length, "entry", "entries") + " saved in this browser could not be read by this " +
        "page (" + result.refused[0].error.charAt(0).toLowerCase() + result.refused[0].error.slice(1) +
        "). They are kept as they were, but are not shown or in the files " +
        "you download.");
    }
  };

  /* The record as it would be saved, or null when it would be too big. */
  Record.prototype.serialise = function (entries) {
    var text = JSON.stringify({ format: FORMAT, version: VERSION, entries: entries.concat(this.held) });
    return entries.length + this.held.length <= MAX_ENTRIES && bytes(text) <= MAX_BYTES ? text : null;
  };

  Record.prototype.persist = function () {
    if (!this.store || this.locked) return false;
    var text = this.serialise(this.entries);
    try {
      this.store.setItem(this.recordKey, text);
      return true;
    } catch (e) {
      this.warn("Your browser did not let the portal save your record (its storage may be full or blocked). " +
        "Your entries are still on this page until you leave it: copy the text or download a file to keep them.");
      return false;
    }
  };

  Record.prototype.warn = function (text) {
    var box = this.$("cpd-storage");
    box.textContent = text;
    box.hidden = false;
  };

  Record.prototype.say = function (text) {
    this.$("cpd-status").textContent = text;
  };

  /* The offline copy: where the record is kept, as the reader chooses. */
  Record.prototype.startOffline = function () {
    var self = this, box = document.querySelector(".esca-cpd__keep"), check = this.$("cpd-keep-local");
    if (!this.offline || !box || !check) return;
    box.hidden = false;
    check.checked = !!this.store && this.store === this.local;
    this.sayWhereKept();
    check.addEventListener("change", function () { self.keepLocally(check.checked); });
  };

  Record.prototype.sayWhereKept = function () {
    var status = this.$("cpd-keep-status");
    if (!status) return;
    status.textContent = !this.store ? "This browser is not letting the page keep your record at all." :
      this.store === this.local ? "Your record is kept on this computer, in this browser, for the copy of the " +
        "portal in " + decodeURIComponent(siteRoot()) + "." :
        "Your record is kept in this tab only: it goes when you close the tab.";
  };

  Record.prototype.keepLocally = function (yes) {
    var check = this.$("cpd-keep-local"), to = yes ? this.local : this.session, from = this.store;
    if (!to) {
      check.checked = !yes;
      this.$("cpd-keep-status").textContent = "This browser is not letting the page keep your record there.";
      return;
    }
    if (to === from) return;
    var self = this;
    try {
      [this.recordKey, this.draftKey].forEach(function (key) {
        var value = readItem(from, key);
        if (value !== null) to.setItem(key, value);
      });
      [this.recordKey, this.draftKey].forEach(function (key) { if (from) from.removeItem(key); });
    } catch (e) {
      check.checked = !yes;
      this.$("cpd-keep-status").textContent = "Your browser did not let the page move your record. Nothing has changed.";
      return;
    }
    this.store = to;
    if (!this.locked) this.persist();
    self.sayWhereKept();
  };

  /* The entry being written: a draft ----------------------------------- */

  Record.prototype.formValues = function () {
    var values = plain();
    this.fields.forEach(function (f) { values[f.name] = f.value; });
    return values;
  };

  /* What the form held when it was last filled: the entry being edited, or nothing. */
  Record.prototype.baseline = function () {
    var id = this.form.elements.id.value, entry = id ? this.find(id) : null, values = plain();
    this.fields.forEach(function (f) {
      var v = entry ? entry[f.name] : "";
      values[f.name] = v === undefined || v === null ? "" : String(v);
    });
    return values;
  };

  Record.prototype.isDirty = function () {
    var now = this.formValues(), before = this.baseline();
    return this.fields.some(function (f) { return now[f.name] !== before[f.name]; });
  };

  Record.prototype.typed = function () {
    var self = this;
    guardLeaving(this.isDirty());
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flushDraft(); self.counts(true); }, DRAFT_DELAY);
  };

  /* GOV.UK's character count, under each text box: the limit, then what is
     left or how many too many. A one-line box shows it once three quarters
     of the limit is used. `speak`: typing has paused, so the field being
     typed in has its count read out (a polite live region). */
  Record.prototype.counts = function (speak) {
    var self = this;
    this.fields.forEach(function (f) {
      var box = self.$(f.id + "-count"), limit = Number(f.dataset.maxLength);
      if (!box || !limit) return;
      var n = f.value.length, left = limit - n;
      var text = !n ? "You can enter up to " + count(limit) + " characters" :
        left >= 0 ? "You have " + count(left) + " character" + (left === 1 ? "" : "s") + " remaining" :
          "You have " + count(-left) + " character" + (left === -1 ? "" : "s") + " too many";
      if (box.textContent !== text) box.textContent = text;
      box.classList.toggle("esca-cpd__count--over", left < 0);
      box.classList.toggle("esca-cpd__count--quiet", n * 100 < limit * Number(box.dataset.threshold || 0));
      if (speak && document.activeElement === f) self.$("cpd-count-spoken").textContent = text;
    });
  };

  Record.prototype.flushDraft = function () {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.isDirty()) { this.dropDraft(); return; }
    var draft = { format: DRAFT_FORMAT, version: VERSION, values: this.formValues(),
      id: this.form.elements.id.value, key: this.form.elements.key.value };
    memoryDraft = draft;
    guardLeaving(true);
    if (!this.store) return;
    try { this.store.setItem(this.draftKey, JSON.stringify(draft)); } catch (e) { /* kept in memory for this visit */ }
  };

  Record.prototype.dropDraft = function () {
    memoryDraft = null;
    guardLeaving(false);
    if (!this.store) return;
    try { this.store.removeItem(this.draftKey); } catch (e) { /* nothing stored */ }
  };

  /* A saved draft, checked like an entry's text: only the form's fields,
     as text within their limits; an id only for an entry that exists. */
  Record.prototype.readDraft = function () {
    var raw = readItem(this.store, this.draftKey);
    var parsed = this.store ? (raw === null ? { ok: false } : safeParse(raw)) : { ok: true, data: memoryDraft };
    var data = parsed.ok ? parsed.data : null;
    if (!isObject(data) || data.format !== DRAFT_FORMAT || data.version !== VERSION || !isObject(data.values)) return null;
    var values = toMap(data.values), out = plain(), any = false;
    this.fields.forEach(function (f) {
      var v = values.get(f.name);  /* kept whole: over a limit, the count and Save say so */
      out[f.name] = typeof v === "string" ? v.slice(0, DRAFT_CHARS) : "";
      if (out[f.name]) any = true;
    });
    if (!any) return null;
    out.id = typeof data.id === "string" && this.find(data.id) ? data.id : "";
    out.key = safeKey(data.key);
    return out;
  };

  /* On load: the unsaved entry comes back; a followed "Add" link fills the
     form, unless an unsaved entry is there, which is never replaced. */
  Record.prototype.restore = function () {
    var key = this.takePrefill(), draft = this.readDraft();
    if (draft) {
      this.fill(draft);
      guardLeaving(this.isDirty());
      var name = draft.title ? " (“" + draft.title + "”)" : "";
      if (key && key !== draft.key) {
        this.waiting = key;
        this.say("Your unsaved entry" + name + " is back in the form. Save it or clear the form, and the form " +
          "will then be filled in from “" + this.activities.get(key).title + "”.");
      } else {
        this.say("Your unsaved entry" + name + " is back in the form. Save it when you are ready, or clear the form.");
      }
      return;
    }
    if (key) this.prefill(key);
  };

  /* The key of the "Add" link that brought the reader here, if it is one of
     the site's own activities: from this script's memory or this origin's
     session storage, each read once. Nothing another site can set (the
     tab's name, the address) is read. */
  Record.prototype.takePrefill = function () {
    var key = pendingKey, session = openStorage("sessionStorage");
    pendingKey = "";
    var fromSession = readItem(session, PREFILL);
    if (fromSession !== null) { try { session.removeItem(PREFILL); } catch (e) { /* read once anyway */ } }
    key = safeKey(key) || safeKey(fromSession);
    return key && this.activities.has(key) && isObject(this.activities.get(key)) ? key : "";
  };

  Record.prototype.prefill = function (key) {
    var item = this.activities.get(key), link = "";
    try {
      var url = new URL(str(item.href), location.href);
      if (/^https?:$/.test(url.protocol)) link = url.href;
    } catch (e) { link = ""; }
    this.clearForm();  /* not form.reset(): its handler runs later and would clear the prefill */
    var first = this.fill({ title: str(item.title), type: str(item.type), hours: str(item.hours), link: link, key: key });
    this.flushDraft();
    this.say("Filled in from “" + str(item.title) + "”. Add the date and what you learnt, then save.");
    /* After Material has finished swapping the page and scrolling to the form. */
    setTimeout(function () { first.focus(); }, 0);
  };

  Record.prototype.takeWaiting = function () {
    var key = this.waiting;
    this.waiting = "";
    if (key && this.activities.has(key)) this.prefill(key);
  };

  /* Registration years ------------------------------------------------ */

  Record.prototype.yearOf = function (iso) {
    var p = iso.split("-").map(Number);
    var afterStart = p[1] > this.start_[0] || (p[1] === this.start_[0] && p[2] >= this.start_[1]);
    return afterStart ? p[0] : p[0] - 1;
  };

  Record.prototype.yearLabel = function (year) {
    var m = this.start_[0], d = this.start_[1];
    var end = new Date(Date.UTC(year + 1, m - 1, d) - 86400000);
    return d + " " + MONTHS[m - 1] + " " + year + " to " + end.getUTCDate() + " " + MONTHS[end.getUTCMonth()] +
      " " + end.getUTCFullYear();
  };

  Record.prototype.label = function (field) {
    return field.labels[0].textContent.replace(" (required)", "").replace(/ \(optional\)$/, "");
  };

  Record.prototype.missing = function (entry) {
    var self = this;
    return this.fields.filter(function (f) {
      return f.dataset.answer && !String(entry[f.name] || "").trim();
    }).map(function (f) { return self.label(f).toLowerCase(); });
  };

  Record.prototype.hasPeer = function (entry) {
    var peer = this.form.querySelector("[data-peer]");
    return !!String(entry[peer.name] || "").trim();
  };

  Record.prototype.years = function () {
    var self = this, years = new Set();
    this.entries.forEach(function (e) { years.add(self.yearOf(e.date)); });
    years.add(this.yearOf(todayISO()));
    return Array.from(years).sort(function (a, b) { return b - a; });
  };

  Record.prototype.find = function (id) {
    return this.entries.filter(function (e) { return e.id === id; })[0] || null;
  };

  function byDate(direction) {
    return function (a, b) { return direction * (dayNumber(a.date) - dayNumber(b.date)); };
  }

  /* Rendering ------------------------------------------------------------ */

  Record.prototype.render = function () {
    var self = this;
    var box = this.$("cpd-entries");
    box.textContent = "";
    if (!this.entries.length) box.appendChild(el("p", "You have no entries yet."));
    this.years().forEach(function (year) {
      var chosen = self.entries.filter(function (e) { return self.yearOf(e.date) === year; }).sort(byDate(-1));
      if (!chosen.length && self.entries.length) return;
      var section = el("section", null, "esca-cpd__year");
      section.setAttribute("aria-label", "Registration year " + self.yearLabel(year));
      section.appendChild(el("h3", "Registration year " + self.yearLabel(year)));
      section.appendChild(el("p", self.progress(chosen), "esca-cpd__progress"));
      var list = el("ul", null, "esca-cpd__list");
      chosen.forEach(function (entry) { list.appendChild(self.item(entry)); });
      if (chosen.length) section.appendChild(list);
      box.appendChild(section);
    });
    this.renderYears();
  };

  Record.prototype.progress = function (entries) {
    var self = this;
    var done = entries.filter(function (e) { return !self.missing(e).length; });
    var peer = done.filter(function (e) { return self.hasPeer(e); });
    var text = done.length + " of " + this.pieces + " pieces written in full, " + Math.min(peer.length, this.peerNeeded) +
      " of " + this.peerNeeded + " with a peer reflection. ";
    if (done.length >= this.pieces && peer.length >= this.peerNeeded) return text + "You have enough for this year.";
    var need = [];
    if (done.length < this.pieces) need.push((this.pieces - done.length) + " more piece" + (this.pieces - done.length === 1 ? "" : "s"));
    if (peer.length < this.peerNeeded) need.push((this.peerNeeded - peer.length) + " more with a peer reflection");
    return text + "You still need " + need.join(" and ") + ".";
  };

  Record.prototype.item = function (entry) {
    var self = this;
    var li = el("li", null, "esca-cpd__entry");
    li.appendChild(el("strong", entry.title));
    li.appendChild(document.createTextNode(" · " + longDate(entry.date) + " · " + entry.type));
    if (entry.hours !== "" && entry.hours !== undefined && entry.hours !== null) {
      li.appendChild(document.createTextNode(" · " + entry.hours + " CPD hours"));
    }
    var missing = this.missing(entry);
    var state = missing.length ? "Still to write: " + missing.join("; ") + "." :
      (this.hasPeer(entry) ? "Written in full, with a peer reflection." : "Written in full, no peer reflection.");
    li.appendChild(el("p", state, "esca-cpd__state"));
    if (str(entry.link) && !linkProblem(entry.link)) {
      /* the host is named, so the reader sees where the link goes before following it */
      /* "this site" only for this page's own origin (scheme, host and port); any other shows its host and port */
      var url = new URL(entry.link), own = url.origin === location.origin;
      /* another scheme or port on this host is named in full (fifth blind attack, A36) */
      var where = url.hostname === location.hostname ? url.origin : url.host;
      var a = el("a", own ? "Open the activity's page on this site" : "Open the activity's page on " + where);
      a.href = entry.link;
      var p = el("p");
      p.appendChild(a);
      li.appendChild(p);
    } else if (str(entry.link)) {
      li.appendChild(el("p", "Link (not shown as a link: it " + linkProblem(entry.link) + "): " + entry.link));
    }
    var edit = el("button", "Edit", "md-button esca-cpd__edit");
    edit.type = "button";
    edit.appendChild(el("span", ": " + entry.title, "esca-cpd__hidden"));
    edit.addEventListener("click", function () { self.edit(entry.id); });
    li.appendChild(edit);
    return li;
  };

  Record.prototype.renderYears = function () {
    var self = this, select = this.$("cpd-export-year"), chosen = select.value;
    select.textContent = "";
    this.years().forEach(function (year) {
      var option = el("option", self.yearLabel(year));
      option.value = String(year);
      select.appendChild(option);
    });
    if (chosen && this.years().indexOf(Number(chosen)) !== -1) select.value = chosen;
    this.renderText();
  };

  /* The chosen year's entries in the order of Social Work England's form,
     then any answers to questions the form no longer asks. */
  Record.prototype.text = function (year) {
    var self = this;
    var chosen = this.entries.filter(function (e) { return self.yearOf(e.date) === year; }).sort(byDate(1));
    if (!chosen.length) return "No entries in this registration year.";
    var value = function (entry, name) {
      var v = entry[name];
      return String(v === undefined || v === null ? "" : v).trim();
    };
    return chosen.map(function (entry, index) {
      var lines = ["Piece " + (index + 1) + " of " + chosen.length];
      self.fields.forEach(function (f) {
        var v = value(entry, f.name);
        if (!f.dataset.export || !v) return;
        lines.push(f.dataset.export + ": " + (f.dataset.kind === "date" ? longDate(v) : v));
      });
      self.retired.forEach(function (f) {
        var v = value(entry, f.id);
        if (v) lines.push(String(f.export) + ": " + v);
      });
      return lines.join("\n");
    }).join("\n\n");
  };

  Record.prototype.renderText = function () {
    var year = Number(this.$("cpd-export-year").value);
    this.$("cpd-text").textContent = this.text(year);
    /* The heading printed above the text names the year. */
    this.$("cpd-text-title").textContent = "Text for Social Work England's form: registration year " + this.yearLabel(year);
  };

  /* The form ----------------------------------------------------------- */

  Record.prototype.clearForm = function () {
    this.form.elements.id.value = "";
    this.form.elements.key.value = "";
    this.showProblems([]);
    this.$("cpd-form-error").hidden = true;
    this.$("cpd-clear-confirm").hidden = true;
    this.dateOK = "";
    this.counts(false);
    this.showPrompts("");
    this.form.querySelector("button[type=submit]").textContent = "Save entry";
  };

  Record.prototype.fill = function (values) {
    var self = this;
    this.fields.forEach(function (f) {
      var v = values[f.name];
      f.value = v === undefined || v === null ? "" : String(v);
    });
    this.form.elements.id.value = values.id || "";
    this.form.elements.key.value = values.key || "";
    this.showPrompts(values.key || "");
    this.form.querySelector("button[type=submit]").textContent = values.id ? "Save changes" : "Save entry";
    return this.fields.filter(function (f) { return f.required && !f.value; })[0] || self.fields[0];
  };

  Record.prototype.showPrompts = function (key) {
    var box = this.form.querySelector(".esca-cpd__prompts");
    box.textContent = "";
    box.hidden = true;
    if (!key || key.indexOf("course/") !== 0) return;
    /* The course files' reflection questions, carried in the page as data
       (the same JSON as cpd/reflection-prompts.json), so no request is made. */
    var item = toMap(readData("esca-cpd-prompts").prompts).get(key);
    if (!isObject(item) || !Array.isArray(item.prompts) || !item.prompts.length) return;
    box.appendChild(el("p", "Questions from the course to help you reflect, on your own or with a peer:"));
    var list = el("ul");
    item.prompts.forEach(function (q) { list.appendChild(el("li", String(q))); });
    box.appendChild(list);
    box.hidden = false;
  };

  Record.prototype.edit = function (id) {
    var entry = this.find(id);
    if (!entry) return;
    if (this.isDirty() && !window.confirm("Your entry in the form is not saved. Put “" + entry.title +
        "” in the form instead? What you have written there will be lost.")) return;
    this.clearForm();
    this.fill(entry);
    this.dropDraft();
    this.say("Editing “" + entry.title + "”.");
    this.fields[0].focus();
  };

  /* GOV.UK's error summary and error messages: `problems` is a list of
     {field, text} (an empty list clears them). `check`: a date to confirm,
     shown by its field, not as an error. */
  Record.prototype.showProblems = function (problems, check) {
    var self = this, summary = this.$("cpd-error-summary"), list = summary.querySelector("ul");
    this.fields.forEach(function (f) {
      var message = self.$(f.id + "-error"), mine = problems.filter(function (p) { return p.field === f; })[0];
      var note = check && check.field === f ? check : null;
      var ids = (f.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== f.id + "-error"; });
      message.textContent = "";
      message.className = "esca-cpd__message";
      if (mine || note) {
        message.appendChild(el("span", (mine ? "Error" : "Check") + ": ", "esca-cpd__hidden"));
        message.appendChild(document.createTextNode((mine || note).text));
        if (note) message.classList.add("esca-cpd__message--check");
        ids.splice(ids[0] === f.id + "-hint" ? 1 : 0, 0, f.id + "-error");  /* hint, error, count */
      }
      message.hidden = !(mine || note);
      if (ids.length) f.setAttribute("aria-describedby", ids.join(" ")); else f.removeAttribute("aria-describedby");
      if (mine) f.setAttribute("aria-invalid", "true"); else f.removeAttribute("aria-invalid");
    });
    list.textContent = "";
    problems.forEach(function (p) {
      var a = el("a", p.text);
      a.href = "#" + p.field.id;
      var li = el("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.hidden = !problems.length;
  };

  /* Moves the page so `node` starts just below Material's sticky header. */
  function showBelowHeader(node) {
    var header = document.querySelector(".md-header");
    var below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    window.scrollTo(window.pageXOffset, Math.max(0, node.getBoundingClientRect().top + window.pageYOffset - below - 8));
  }

  Record.prototype.save = function () {
    var self = this, problems = [], values = plain();
    this.say("");
    this.$("cpd-clear-confirm").hidden = true;
    this.fields.forEach(function (f) {
      var value = f.value.trim();
      var label = self.label(f);
      var limit = Number(f.dataset.maxLength) || 0;
      var bad = null;
      if (f.required && !value) bad = "Enter the " + label.charAt(0).toLowerCase() + label.slice(1);
      else if (value && f.dataset.kind === "date" && !realDate(value)) bad = label + " must be a real date";
      else if (value && f.dataset.kind === "date" && self.earliest && Number(value.slice(0, 4)) < self.earliest) {
        bad = label + " must be the same as or after 1 January " + self.earliest;
      }
      else if (value && f.dataset.kind === "number" && !(Number(value) >= 0 && Number(value) <= Number(f.max))) {
        bad = label + " must be a number from 0 to " + count(f.max);
      } else if (value && f.dataset.kind === "url" && linkProblem(value)) {
        bad = label + (linkProblem(value).indexOf("@") >= 0 ? " must not have a name and '@' before the site: give the " +
          "site's own address" : " must be a web address starting with https://");
      } else if (limit && value.length > limit) {
        bad = label + " must be " + count(limit) + " characters or fewer (it has " + count(value.length) + ")";
      }
      if (bad) problems.push({ field: f, text: bad });
      values[f.name] = f.dataset.kind === "number" && value ? Number(value) : value;
    });
    var error = this.$("cpd-form-error");
    error.hidden = true;
    if (problems.length) {
      this.showProblems(problems);
      var summary = this.$("cpd-error-summary");
      showBelowHeader(summary);
      summary.focus({ preventScroll: true });
      return;
    }
    /* A date after today is asked about once: saving again confirms it. */
    var dateField = this.fields.filter(function (f) { return f.dataset.kind === "date" && f.value; })[0];
    if (dateField && dayNumber(dateField.value) > today() && this.dateOK !== dateField.value) {
      this.dateOK = dateField.value;
      var again = this.form.querySelector("button[type=submit]").textContent;
      this.showProblems([], { field: dateField, text: longDate(dateField.value) + " is after today. If that is right, " +
        "select " + again + " again." });
      var holder = dateField.closest(".esca-cpd__field") || dateField;
      showBelowHeader(holder);
      dateField.focus({ preventScroll: true });
      return;
    }
    this.showProblems([]);
    var now = new Date().toISOString();
    var id = this.form.elements.id.value;
    var existing = id ? this.find(id) : null;
    values.key = safeKey(this.form.elements.key.value);
    values.updated = now;
    if (existing) {
      values.id = existing.id;
      values.created = existing.created || now;
      /* Answers to questions the form no longer asks stay with the entry. */
      this.retired.forEach(function (f) { if (existing[f.id] !== undefined) values[f.id] = existing[f.id]; });
    } else {
      values.id = newId();
      values.created = now;
    }
    var next = existing ? this.entries.map(function (e) { return e === existing ? values : e; }) :
      this.entries.concat([values]);
    if (this.serialise(next) === null) {
      error.textContent = "Your record is full: it can hold " + MAX_ENTRIES.toLocaleString("en-GB") + " entries " +
        "and 2 MB of text. Download a file of it to keep it, then start a new record with Delete everything.";
      error.hidden = false;
      return;
    }
    this.entries = next;
    var saved = this.persist();
    this.render();
    this.form.reset();
    this.clearForm();
    this.dropDraft();
    this.say(saved ? "Saved “" + values.title + "”." : "Kept for this visit only, not saved: “" + values.title +
      "”. Download a file before you close this page.");
    /* form.reset()'s handler clears the form later, then fills in a waiting "Add". */
  };

  /* Copy, download, import, delete -------------------------------------- */

  Record.prototype.copy = function () {
    var self = this, text = this.$("cpd-text").textContent;
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(self.$("cpd-text"));
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      self.say(ok ? "Copied the text." : "The text is selected: press Ctrl and C (or Cmd and C) to copy it.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { self.say("Copied the text."); }, fallback);
    } else {
      fallback();
    }
  };

  Record.prototype.download = function () {
    var data = { format: FORMAT, version: VERSION, exported: new Date().toISOString(), entries: this.entries };
    var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "my-cpd-record-" + todayISO() + ".json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    this.say("Downloaded a file of " + plural(this.entries.length, "entry", "entries") + "." + (this.held.length ?
      " " + plural(this.held.length, "entry", "entries") + " this page could not read " +
      (this.held.length === 1 ? "is" : "are") + " not in it: they stay in this browser as they were." : ""));
  };

  /* An import adds to the record and never replaces or drops what is in
     it: each entry is added, already here (the same words, under any id),
     or, when it has the id of an entry here but other words, added beside
     it with a new id and named. Times in a file decide nothing: a file can
     claim any "updated", 2199 included. An entry this page cannot read is left out and listed with every
     problem; the rest are imported. A file that is not a record, or in
     which no entry can be read, changes nothing. */
  Record.prototype.importFile = function (input) {
    var self = this, file = input.files && input.files[0], status = this.$("cpd-import-status");
    if (!file) return;
    var show = function (sentence, refused, both) {
      status.textContent = "";
      status.appendChild(el("p", sentence));
      if (both && both.length) {
        status.appendChild(el("p", "Added beside your own entry with the same id (both are kept):"));
        var ul = el("ul", null, "esca-cpd__both");
        both.forEach(function (e) { ul.appendChild(el("li", "“" + e.title + "” (" + longDate(e.date) + ")")); });
        status.appendChild(ul);
      }
      if (refused && refused.length) {
        status.appendChild(el("p", "Not imported: " + (refused.length === 1 ? "this entry has" : "these entries have") +
          " problems. Correct them in the file and import it again (the entries imported already will not be added twice)."));
        var list = el("ul", null, "esca-cpd__refused");
        refused.forEach(function (r) {
          var li = el("li", r.error + ".");
          li.setAttribute("data-entry", String(r.index + 1));
          list.appendChild(li);
        });
        status.appendChild(list);
      }
      input.value = "";
    };
    var refuse = function (why, refused) {
      show("That file was not imported: " + why + ". Your record has not changed.", refused);
    };
    if (this.locked) { refuse("the record saved in this browser cannot be read, so nothing is added to it"); return; }
    if (file.size > MAX_BYTES) { refuse("it is larger than 2 MB, too large for a CPD record"); return; }
    file.text().then(function (text) {
      var head = checkHead(safeParse(text));
      if (head.error) { refuse(head.error); return; }
      var result = checkEntries(head.entries, self.rules, true);
      if (result.refused.length && !result.entries.length) {
        refuse(result.refused.length === 1 ? "its entry cannot be read" : "none of its " + count(result.refused.length) +
          " entries can be read", result.refused);
        return;
      }
      /* Nothing in the record is ever replaced: an entry with an id already
         here and other words is added beside it, with a new id, and named. */
      var next = self.entries.slice(), ids = new Set(), words = new Set();
      next.forEach(function (e) { ids.add(e.id); words.add(contentOf(e, self.rules)); });
      var tally = { added: 0, both: [], same: 0, given: 0 };
      result.entries.forEach(function (entry) {
        var content = contentOf(entry, self.rules);
        if (words.has(content)) { tally.same += 1; return; }
        if (ids.has(entry.id)) {
          var copy = plain();
          Object.keys(entry).forEach(function (k) { copy[k] = entry[k]; });
          copy.id = newId();
          entry = copy;
          tally.both.push(entry);
        } else {
          tally.added += 1;
          if (result.given.has(entry.id)) tally.given += 1;
        }
        ids.add(entry.id);
        words.add(content);
        next.push(entry);
      });
      if (next.length + self.held.length > MAX_ENTRIES) {
        refuse("your record would have more than " + MAX_ENTRIES.toLocaleString("en-GB") + " entries");
        return;
      }
      if (self.serialise(next) === null) { refuse("your record would be larger than 2 MB"); return; }
      self.entries = next;
      var saved = self.persist();
      self.render();
      var parts = ["Imported the file: " + tally.added + " added, " + tally.same + " already in your record."];
      if (tally.both.length) parts.push(plural(tally.both.length, "entry has", "entries have") + " the id of one in " +
        "your record but different words: yours " + (tally.both.length === 1 ? "is" : "are") + " kept as " +
        (tally.both.length === 1 ? "it was" : "they were") + ", and the file's " +
        (tally.both.length === 1 ? "version is" : "versions are") + " added beside " +
        (tally.both.length === 1 ? "it" : "them") + ": see below.");
      if (result.repeats) parts.push(plural(result.repeats, "entry was", "entries were") + " in the file more than " +
        "once with the same words: each was added once.");
      if (result.split.length) parts.push(plural(result.split.length, "entry shares", "entries share") + " an id with " +
        "another in the file but has different words: each version is kept.");
      if (tally.given) parts.push(plural(tally.given, "entry", "entries") + " added had no id, so " +
        (tally.given === 1 ? "it was" : "they were") + " given one.");
      if (result.refused.length) parts.push(plural(result.refused.length, "entry was", "entries were") +
        " not imported: see below.");
      if (!saved) parts.push("They are kept on this page only: your browser did not let the portal save them. " +
        "Download a file before you close this page.");
      show(parts.join(" "), result.refused, tally.both);
    }, function () { refuse("it could not be read"); });
  };

  Record.prototype.askDelete = function () {
    var n = this.entries.length + this.held.length;
    this.$("cpd-delete-question").textContent = "Delete all " + plural(n, "entry", "entries") +
      (this.isDirty() ? " and the entry you have not saved" : "") + " from this browser? This cannot be undone.";
    this.$("cpd-delete-confirm").hidden = false;
    this.$("cpd-delete-question").focus();
  };

  Record.prototype.closeDelete = function () {
    this.$("cpd-delete-confirm").hidden = true;
    this.$("cpd-delete-start").focus();
  };

  Record.prototype.deleteAll = function () {
    var removed = true;
    if (this.store) {
      try { this.store.removeItem(this.recordKey); this.locked = false; } catch (e) { removed = false; }
    }
    this.entries = [];
    this.held = [];
    this.form.reset();
    this.clearForm();
    this.dropDraft();
    this.render();
    this.closeDelete();
    this.say(removed ? "Your CPD record has been deleted from this browser." :
      "The entries are cleared from this page, but your browser did not let the portal delete the saved copy. " +
      "Clear this site's data in your browser's settings.");
  };
})();
