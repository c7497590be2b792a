/* My CPD record (cpd/my-cpd/): a private CPD record kept in this browser.

   Entries live in localStorage under one key and nowhere else: this script
   sends no request with them and sets no cookie. Everything a reader types
   is shown with textContent, never as HTML. If the browser blocks storage,
   the page says so and keeps entries for the visit, so nothing is lost
   without warning; the reader can still copy the text or download a file.

   The "Add to my CPD record" links on course and practice-model pages carry
   the activity in data attributes. Following one keeps the activity in this
   script (Material's instant navigation keeps scripts running) and in the
   tab's name for a full page load, never in the address. */
(function () {
  "use strict";
  var KEY = "esca-cpd-record";
  var PREFILL = "esca-cpd-prefill:";
  var FORMAT = "esca-cpd-record";
  var VERSION = 1;
  var MAX_FILE_BYTES = 2 * 1024 * 1024;
  var MAX_ENTRIES = 2000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var pending = null;

  /* A followed "Add" link: remember the activity for the My CPD page. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-cpd-title]");
    if (!link) return;
    pending = {
      title: link.dataset.cpdTitle || "", type: link.dataset.cpdType || "", hours: link.dataset.cpdHours || "",
      key: link.dataset.cpdKey || "", link: location.origin + location.pathname
    };
    /* For a full page load (no instant navigation, as when storage is
       blocked): the tab's name outlives the page and is never sent. */
    window.name = PREFILL + JSON.stringify(pending);
  }, true);

  function openStorage() {
    try {
      var store = window.localStorage;
      store.setItem("esca-cpd-test", "1");
      store.removeItem("esca-cpd-test");
      return store;
    } catch (e) {
      return null;
    }
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function longDate(iso) {
    var p = String(iso).split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  function realDate(value) {
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    var p = value.split("-").map(Number);
    var d = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
    return d.getUTCFullYear() === p[0] && d.getUTCMonth() === p[1] - 1 && d.getUTCDate() === p[2];
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  document$.subscribe(function () {
    var form = document.getElementById("cpd-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var app = new Record(form);
    app.start();
  });

  function Record(form) {
    this.form = form;
    this.fields = Array.prototype.slice.call(form.querySelectorAll("[data-kind]"));
    this.start_ = form.dataset.yearStart.split("-").map(Number);  // [month, day]
    this.pieces = Number(form.dataset.pieces);
    this.peerNeeded = Number(form.dataset.peer);
    this.entries = [];
    this.store = openStorage();
    this.unreadable = false;
    this.$ = function (id) { return document.getElementById(id); };
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
      setTimeout(function () { self.clearForm(); }, 0);
    });
    this.$("cpd-export-year").addEventListener("change", function () { self.renderText(); });
    this.$("cpd-copy").addEventListener("click", function () { self.copy(); });
    this.$("cpd-print").addEventListener("click", function () { window.print(); });
    this.$("cpd-download").addEventListener("click", function () { self.download(); });
    this.$("cpd-import").addEventListener("change", function (event) { self.importFile(event.target); });
    this.$("cpd-delete-start").addEventListener("click", function () { self.askDelete(); });
    this.$("cpd-delete-no").addEventListener("click", function () { self.closeDelete(); });
    this.$("cpd-delete-yes").addEventListener("click", function () { self.deleteAll(); });
    this.prefill();
  };

  /* Storage ---------------------------------------------------------- */

  Record.prototype.load = function () {
    if (!this.store) {
      this.warn("Your browser is not letting this site keep anything on this device, so your CPD record " +
        "cannot be saved. You can still write entries, but they will be gone when you leave or reload this " +
        "page: copy the text or download a file before you go.");
      return;
    }
    var raw = null;
    try { raw = this.store.getItem(KEY); } catch (e) { raw = null; }
    if (!raw) return;
    var result = validate(safeParse(raw), this.limits());
    if (result.error) {
      this.unreadable = true;
      this.warn("The CPD record saved in this browser could not be read (" + result.error + "). It has been " +
        "left as it is and nothing new will be saved over it. Download a file of what you add on this page.");
      return;
    }
    this.entries = result.entries;
  };

  Record.prototype.persist = function () {
    if (!this.store || this.unreadable) return false;
    try {
      this.store.setItem(KEY, JSON.stringify({ format: FORMAT, version: VERSION, entries: this.entries }));
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

  /* The limits the form sets: imported files are held to the same ones. */
  Record.prototype.limits = function () {
    var limits = {};
    this.fields.forEach(function (f) {
      limits[f.name] = {
        kind: f.dataset.kind, required: f.required, max: Number(f.getAttribute("maxlength") || f.getAttribute("max") || 0)
      };
    });
    return limits;
  };

  /* Registration years ---------------------------------------------- */

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

  Record.prototype.missing = function (entry) {
    return this.fields.filter(function (f) {
      return f.dataset.answer && !String(entry[f.name] || "").trim();
    }).map(function (f) { return f.labels[0].textContent.replace(" (required)", "").toLowerCase(); });
  };

  Record.prototype.hasPeer = function (entry) {
    var peer = this.form.querySelector("[data-peer]");
    return !!String(entry[peer.name] || "").trim();
  };

  Record.prototype.years = function () {
    var self = this, years = {};
    this.entries.forEach(function (e) { years[self.yearOf(e.date)] = true; });
    years[this.yearOf(new Date().toISOString().slice(0, 10))] = true;
    return Object.keys(years).map(Number).sort(function (a, b) { return b - a; });
  };

  /* Rendering -------------------------------------------------------- */

  Record.prototype.render = function () {
    var self = this;
    var box = this.$("cpd-entries");
    box.textContent = "";
    if (!this.entries.length) box.appendChild(el("p", "You have no entries yet."));
    this.years().forEach(function (year) {
      var chosen = self.entries.filter(function (e) { return self.yearOf(e.date) === year; })
        .sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
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
    if (/^https?:\/\//i.test(entry.link || "")) {
      var a = el("a", "Open the activity's page");
      a.href = entry.link;
      var p = el("p");
      p.appendChild(a);
      li.appendChild(p);
    }
    var edit = el("button", "Edit", "md-button esca-cpd__edit");
    edit.type = "button";
    edit.appendChild(el("span", ": " + entry.title, "md-visually-hidden"));
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
    if (chosen && select.querySelector('option[value="' + chosen + '"]')) select.value = chosen;
    this.renderText();
  };

  /* The chosen year's entries in the order of Social Work England's form. */
  Record.prototype.text = function (year) {
    var self = this;
    var chosen = this.entries.filter(function (e) { return self.yearOf(e.date) === year; })
      .sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    if (!chosen.length) return "No entries in this registration year.";
    return chosen.map(function (entry, index) {
      var lines = ["Piece " + (index + 1) + " of " + chosen.length];
      self.fields.forEach(function (f) {
        var value = String(entry[f.name] === undefined || entry[f.name] === null ? "" : entry[f.name]).trim();
        if (!f.dataset.export || !value) return;
        lines.push(f.dataset.export + ": " + (f.dataset.kind === "date" ? longDate(value) : value));
      });
      return lines.join("\n");
    }).join("\n\n");
  };

  Record.prototype.renderText = function () {
    var year = Number(this.$("cpd-export-year").value);
    this.$("cpd-text").textContent = this.text(year);
  };

  /* The form -------------------------------------------------------- */

  Record.prototype.clearForm = function () {
    this.form.elements.id.value = "";
    this.form.elements.key.value = "";
    this.fields.forEach(function (f) { f.removeAttribute("aria-invalid"); });
    this.$("cpd-form-error").hidden = true;
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
    var first = this.fields.filter(function (f) { return f.required && !f.value; })[0] || self.fields[0];
    return first;
  };

  Record.prototype.prefill = function () {
    var data = pending;
    pending = null;
    var saved = String(window.name || "");
    if (saved.indexOf(PREFILL) === 0) {
      window.name = "";
      if (!data) { try { data = JSON.parse(saved.slice(PREFILL.length)); } catch (e) { data = null; } }
    }
    if (!data || typeof data !== "object") return;
    this.clearForm();  /* not form.reset(): its handler runs later and would clear the prefill */
    var first = this.fill({ title: str(data.title), type: str(data.type), hours: str(data.hours),
      link: /^https?:\/\//i.test(str(data.link)) ? str(data.link) : "", key: safeKey(data.key) });
    this.say("Filled in from “" + str(data.title) + "”. Add the date and what you learnt, then save.");
    /* After Material has finished swapping the page and scrolling to the form. */
    setTimeout(function () { first.focus(); }, 0);
  };

  Record.prototype.showPrompts = function (key) {
    var box = this.form.querySelector(".esca-cpd__prompts");
    box.textContent = "";
    box.hidden = true;
    if (!key || key.indexOf("course/") !== 0) return;
    /* The course files' reflection questions, carried in the page as data
       (the same JSON as cpd/reflection-prompts.json), so no request is made. */
    var data = null;
    try { data = JSON.parse(document.getElementById("esca-cpd-prompts").textContent); } catch (e) { return; }
    var item = data && data.prompts && data.prompts[key];
    if (!item || !Array.isArray(item.prompts) || !item.prompts.length) return;
    box.appendChild(el("p", "Questions from the course to help you reflect, on your own or with a peer:"));
    var list = el("ul");
    item.prompts.forEach(function (q) { list.appendChild(el("li", String(q))); });
    box.appendChild(list);
    box.hidden = false;
  };

  Record.prototype.edit = function (id) {
    var entry = this.entries.filter(function (e) { return e.id === id; })[0];
    if (!entry) return;
    this.clearForm();
    this.fill(entry);
    this.say("Editing “" + entry.title + "”.");
    this.fields[0].focus();
  };

  Record.prototype.save = function () {
    var self = this, problems = [], values = {};
    this.fields.forEach(function (f) {
      f.removeAttribute("aria-invalid");
      var value = f.value.trim();
      var label = f.labels[0].textContent.replace(" (required)", "");
      var bad = null;
      if (f.required && !value) bad = label + ": enter this";
      else if (value && f.dataset.kind === "date" && !realDate(value)) bad = label + ": enter a real date";
      else if (value && f.dataset.kind === "number" && !(Number(value) >= 0 && Number(value) <= Number(f.max))) {
        bad = label + ": enter a number from 0 to " + f.max;
      } else if (value && f.dataset.kind === "url" && !/^https?:\/\/\S+$/i.test(value)) {
        bad = label + ": enter a web address starting with https://";
      } else if (f.maxLength > 0 && value.length > f.maxLength) bad = label + ": shorten it to " + f.maxLength + " characters";
      if (bad) { problems.push({ field: f, text: bad }); f.setAttribute("aria-invalid", "true"); }
      values[f.name] = f.dataset.kind === "number" && value ? Number(value) : value;
    });
    var error = this.$("cpd-form-error");
    if (problems.length) {
      error.textContent = "Check the entry. " + problems.map(function (p) { return p.text; }).join(". ") + ".";
      error.hidden = false;
      problems[0].field.focus();
      return;
    }
    error.hidden = true;
    var now = new Date().toISOString();
    var id = this.form.elements.id.value;
    var existing = this.entries.filter(function (e) { return e.id === id; })[0];
    values.key = safeKey(this.form.elements.key.value);
    values.updated = now;
    if (existing) {
      values.id = existing.id;
      values.created = existing.created || now;
      this.entries[this.entries.indexOf(existing)] = values;
    } else {
      values.id = newId();
      values.created = now;
      this.entries.push(values);
    }
    var saved = this.persist();
    this.render();
    this.form.reset();
    this.clearForm();
    this.say((saved ? "Saved “" : "Kept for this visit only, not saved: “") + values.title + "”.");
  };

  /* Copy, download, import, delete ---------------------------------- */

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
    a.download = "my-cpd-record-" + new Date().toISOString().slice(0, 10) + ".json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    this.say("Downloaded a file of " + this.entries.length + " entr" + (this.entries.length === 1 ? "y" : "ies") + ".");
  };

  Record.prototype.importFile = function (input) {
    var self = this, file = input.files && input.files[0], status = this.$("cpd-import-status");
    if (!file) return;
    var refuse = function (why) {
      status.textContent = "That file was not imported: " + why + ". Your record has not changed.";
      input.value = "";
    };
    if (file.size > MAX_FILE_BYTES) { refuse("it is larger than 2 MB, too large for a CPD record"); return; }
    file.text().then(function (text) {
      var result = validate(safeParse(text), self.limits());
      if (result.error) { refuse(result.error); return; }
      var added = 0, updated = 0, same = 0;
      result.entries.forEach(function (entry) {
        var existing = self.entries.filter(function (e) { return e.id === entry.id; })[0];
        if (!existing) { self.entries.push(entry); added += 1; }
        else if ((entry.updated || "") > (existing.updated || "")) {
          self.entries[self.entries.indexOf(existing)] = entry; updated += 1;
        } else { same += 1; }
      });
      var saved = self.persist();
      self.render();
      status.textContent = "Imported the file: " + added + " added, " + updated + " updated with a newer version, " +
        same + " already in your record." + (saved ? "" : " They are kept for this visit only: your browser did not let the portal save them.");
      input.value = "";
    }, function () { refuse("it could not be read"); });
  };

  Record.prototype.askDelete = function () {
    var n = this.entries.length;
    this.$("cpd-delete-question").textContent = "Delete all " + n + " entr" + (n === 1 ? "y" : "ies") +
      " from this browser? This cannot be undone.";
    this.$("cpd-delete-confirm").hidden = false;
    this.$("cpd-delete-question").focus();
  };

  Record.prototype.closeDelete = function () {
    this.$("cpd-delete-confirm").hidden = true;
    this.$("cpd-delete-start").focus();
  };

  Record.prototype.deleteAll = function () {
    var removed = true;
    if (this.store && !this.unreadable) {
      try { this.store.removeItem(KEY); } catch (e) { removed = false; }
    } else if (this.store && this.unreadable) {
      try { this.store.removeItem(KEY); this.unreadable = false; } catch (e) { removed = false; }
    }
    this.entries = [];
    this.render();
    this.closeDelete();
    this.say(removed ? "Your CPD record has been deleted from this browser." :
      "The entries are cleared from this page, but your browser did not let the portal delete the saved copy. " +
      "Clear this site's data in your browser's settings.");
  };

  /* Checking a record (saved or imported) ----------------------------- */

  function safeParse(text) {
    try { return { ok: true, data: JSON.parse(text) }; } catch (e) { return { ok: false }; }
  }

  function str(value) { return typeof value === "string" ? value : ""; }

  function safeKey(value) {
    return typeof value === "string" && /^(course|page)\/[a-z0-9\/-]{1,200}$/.test(value) ? value : "";
  }

  /* The file's schema: {format, version, entries: [...]}; each entry has an
     id, the form's fields within the form's limits, and optional key,
     created and updated. The first problem found is returned, in words. */
  function validate(parsed, limits) {
    if (!parsed.ok) return { error: "it is not a JSON file" };
    var data = parsed.data;
    if (!data || typeof data !== "object" || Array.isArray(data)) return { error: "it is not a CPD record file" };
    if (data.format !== FORMAT) return { error: "it is not a CPD record file from this portal" };
    if (typeof data.version !== "number") return { error: "it has no version number" };
    if (data.version > VERSION) return { error: "it was made by a newer version of the portal" };
    if (data.version !== VERSION) return { error: "its version (" + String(data.version).slice(0, 10) + ") is not one this page reads" };
    if (!Array.isArray(data.entries)) return { error: "it has no list of entries" };
    if (data.entries.length > MAX_ENTRIES) return { error: "it has more than " + MAX_ENTRIES + " entries" };
    var byId = {}, order = [];
    for (var i = 0; i < data.entries.length; i += 1) {
      var entry = data.entries[i], where = "entry " + (i + 1);
      if (!entry || typeof entry !== "object" || Array.isArray(entry)) return { error: where + " is not an entry" };
      var clean = {};
      var keys = Object.keys(entry);
      for (var k = 0; k < keys.length; k += 1) {
        var name = keys[k], value = entry[name], rule = limits[name];
        if (name === "id") {
          if (typeof value !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(value)) return { error: where + " has a bad id" };
        } else if (name === "key") {
          if (value !== "" && !safeKey(value)) return { error: where + " has a bad key" };
        } else if (name === "created" || name === "updated") {
          if (typeof value !== "string" || value.length > 40 || isNaN(Date.parse(value))) return { error: where + ": " + name + " is not a date and time" };
        } else if (!rule) {
          return { error: where + " has a field this portal does not use: " + name.slice(0, 40) };
        } else if (rule.kind === "number") {
          if (value !== "" && value !== null && !(typeof value === "number" && value >= 0 && value <= rule.max)) return { error: where + ": " + name + " is not a number from 0 to " + rule.max };
        } else if (typeof value !== "string") {
          return { error: where + ": " + name + " is not text" };
        } else if (rule.max && value.length > rule.max) {
          return { error: where + ": " + name + " is longer than " + rule.max + " characters" };
        } else if (rule.kind === "date" && value && !realDate(value)) {
          return { error: where + ": " + name + " is not a real date (YYYY-MM-DD)" };
        } else if (rule.kind === "url" && value && !/^https?:\/\/\S+$/i.test(value)) {
          return { error: where + ": " + name + " is not a web address starting with https://" };
        }
        clean[name] = value;
      }
      if (!clean.id) return { error: where + " has no id" };
      for (var field in limits) {
        if (limits[field].required && !String(clean[field] || "").trim()) return { error: where + " has no " + field };
      }
      if (!byId[clean.id]) order.push(clean.id);
      if (!byId[clean.id] || (clean.updated || "") > (byId[clean.id].updated || "")) byId[clean.id] = clean;
    }
    return { entries: order.map(function (id) { return byId[id]; }) };
  }
})();
