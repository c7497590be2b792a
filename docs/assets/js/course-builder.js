/* ESCA course builder (docs/cpd/course-builder.md): the form, its preview and
   the course file it writes. The reading of course files and every check come
   from course-rules.js (window.escaCourseRules), which must load first.
   Nothing is sent anywhere: no fetch, no eval. */
(function () {
  "use strict";

  var rules = window.escaCourseRules;
  if (!rules) return;
  var checkBytes = rules.checkBytes, toYaml = rules.toYaml, quote = rules.quote, todayInLondon = rules.todayInLondon;
  var isList = rules.isList, isMap = rules.isMap, display = rules.display;
  var api = { load: rules.load, checkBytes: checkBytes, toYaml: toYaml, ratio: rules.ratio, closest: rules.closest, quote: quote };
  window.escaCourseBuilder = api;

  /* ---------- The page ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  var LABELS = {
    id: "Course id", title: "Title", summary: "Summary", status: "Status", audience: "Who it is for",
    mandatory_for: "Mandatory for", roles: "Team pages", careers: "Career pages", legislation: "Law pages",
    practice_model: "Practice model strands", pcf_domains: "PCF domains", pcf_levels: "PCF career levels",
    kss: "Knowledge and Skills Statements", learning_outcomes: "Learning outcomes", reflection_prompts: "Reflection prompts",
    delivery_mode: "Delivery", duration_minutes: "Length in minutes", cpd_hours: "CPD hours", prerequisites: "Take these first",
    sessions: "Sessions", booking: "How to book", provider: "Provider", owner: "Owning team", last_reviewed: "Last reviewed",
    review_due: "Review due", changes: "Changes"
  };

  function Builder(root, model) {
    this.root = root; this.model = model; this.sessionCount = 0; this.changeCount = 0;
    this.render();
  }
  Builder.prototype.choices = function (f) {
    if (f.vocab) return this.model.vocabularies[f.vocab];
    if (f.ref === "course") return this.model.courses.map(function (id) { return [id, id]; });
    if (f.ref) return (this.model.pages[f.ref] || []).map(function (id) { return [id, id]; });
    if (f.kind === "status") return this.model.statuses.map(function (s) { return [s, s]; });
    return [];
  };
  Builder.prototype.render = function () {
    var self = this, m = this.model;
    this.root.textContent = "";
    var load = el("input", { type: "file", id: "builder-load", accept: ".yml,.yaml,text/yaml" });
    var loadBox = el("div", { class: "esca-builder__load" }, [
      el("label", { for: "builder-load", text: "Open an existing course file (optional)" }), load]);
    load.addEventListener("change", function () { if (load.files[0]) self.open(load.files[0]); });
    this.summary = el("div", { class: "esca-builder__summary", tabindex: "-1" });
    this.status = el("p", { class: "esca-builder__status", role: "status", "aria-live": "polite" });
    var form = el("form", { class: "esca-builder__form", novalidate: true, "aria-label": "Course details" });
    form.addEventListener("submit", function (e) { e.preventDefault(); self.update(true); });
    m.fields.forEach(function (f) { form.appendChild(self.fieldBox(f)); });
    form.appendChild(el("button", { type: "submit", class: "md-button md-button--primary", text: "Check the course" }));
    this.form = form;
    var timer = null;
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { self.update(false); }, 250); });
    form.addEventListener("change", function () { self.update(false); });
    this.fileName = el("code");
    this.yaml = el("code");
    var download = el("button", { type: "button", class: "md-button", text: "Download the course file" });
    var copy = el("button", { type: "button", class: "md-button", text: "Copy the course file" });
    download.addEventListener("click", function () { self.download(); });
    copy.addEventListener("click", function () { self.copy(); });
    this.copied = el("p", { role: "status", "aria-live": "polite" });
    this.preview = el("div", { class: "esca-builder__preview" });
    this.root.appendChild(loadBox);
    this.root.appendChild(this.status);
    this.root.appendChild(this.summary);
    this.root.appendChild(form);
    this.root.appendChild(el("h2", { id: "builder-preview", text: "Preview" }));
    this.root.appendChild(this.preview);
    this.root.appendChild(el("h2", { id: "builder-file", text: "Your course file" }));
    this.root.appendChild(el("p", {}, [document.createTextNode("Save it as "), this.fileName,
      document.createTextNode(". Then add it to the portal's repository as the trainer guide describes.")]));
    this.root.appendChild(el("div", { class: "esca-builder__actions" }, [download, copy]));
    this.root.appendChild(this.copied);
    this.root.appendChild(el("pre", { class: "esca-builder__yaml", tabindex: "0", "aria-label": "Course file" }, [this.yaml]));
    this.update(false);
  };
  Builder.prototype.fieldBox = function (f) {
    var self = this, id = "builder-" + f.name, hint = el("p", { class: "esca-builder__hint", id: id + "-hint",
      text: f.rule.charAt(0).toUpperCase() + f.rule.slice(1) + "." + (f.required ? "" : " Optional.") });
    var error = el("p", { class: "esca-builder__error", id: id + "-error", hidden: true });
    var described = id + "-hint " + id + "-error";
    var box = el("div", { class: "esca-builder__field", "data-field": f.name });
    var label = (LABELS[f.name] || f.name) + " (" + f.name + ")";
    if (f.kind === "vocab-list" || f.kind === "ref-list") {
      var set = el("fieldset", { id: id, "aria-describedby": described }, [el("legend", { text: label })]);
      set.appendChild(hint); set.appendChild(error);
      this.choices(f).forEach(function (pair, i) {
        var cid = id + "-" + i;
        set.appendChild(el("div", { class: "esca-builder__check" }, [
          el("input", { type: "checkbox", id: cid, name: f.name, value: pair[0] }),
          el("label", { for: cid, text: pair[1] })]));
      });
      box.appendChild(set);
      return box;
    }
    if (f.kind === "sessions" || f.kind === "changes") {
      var group = el("fieldset", { id: id, "aria-describedby": described }, [el("legend", { text: label })]);
      group.appendChild(hint); group.appendChild(error);
      var items = el("div", { class: "esca-builder__items" });
      var add = el("button", { type: "button", class: "md-button", text: f.kind === "sessions" ? "Add a session" : "Add a change" });
      add.addEventListener("click", function () {
        var item = f.kind === "sessions" ? self.sessionBox({}) : self.changeBox({});
        items.appendChild(item);
        item.querySelector("input").focus();
        self.update(false);
      });
      group.appendChild(items); group.appendChild(add);
      box.appendChild(group);
      if (f.kind === "sessions") this.sessionItems = items; else this.changeItems = items;
      return box;
    }
    box.appendChild(el("label", { for: id, text: label }));
    box.appendChild(hint); box.appendChild(error);
    var input;
    if (f.kind === "status" || f.kind === "vocab") {
      input = el("select", { id: id, name: f.name, "aria-describedby": described }, [el("option", { value: "", text: "Choose one" })]);
      this.choices(f).forEach(function (pair) { input.appendChild(el("option", { value: pair[0], text: pair[1] })); });
    } else if (f.kind === "text-list" || f.name === "summary") {
      input = el("textarea", { id: id, name: f.name, rows: f.kind === "text-list" ? 4 : 3, "aria-describedby": described });
      if (f.kind === "text-list") hint.textContent += " One per line.";
    } else {
      input = el("input", { id: id, name: f.name, type: f.kind === "date" ? "date" : "text", "aria-describedby": described,
        inputmode: f.kind === "int" ? "numeric" : f.kind === "number" ? "decimal" : null, autocomplete: "off",
        spellcheck: f.kind === "slug" || f.kind === "booking" ? "false" : null });
    }
    box.appendChild(input);
    return box;
  };
  Builder.prototype.sessionBox = function (s) {
    var self = this, n = ++this.sessionCount, p = "builder-session-" + n;
    function input(name, label, type, value, extra) {
      var attrs = { id: p + "-" + name, "data-part": name, type: type };
      Object.keys(extra || {}).forEach(function (k) { attrs[k] = extra[k]; });
      var field = el("input", attrs);
      if (type === "checkbox") field.checked = !!value; else field.value = value || "";
      return el("div", { class: "esca-builder__part" }, [el("label", { for: attrs.id, text: label }), field]);
    }
    var start = s.start || "", end = s.end || "";
    var box = el("fieldset", { class: "esca-builder__session", "data-session": true }, [
      el("legend", { text: "Session" }),
      input("date", "Date", "date", start.slice(0, 10)),
      input("start", "Starts (UK time)", "time", start.slice(11, 16)),
      input("end", "Ends (UK time)", "time", end.slice(11, 16)),
      input("venue", "Venue", "text", s.venue),
      input("online", "Online", "checkbox", s.online),
      input("capacity", "Places", "text", s.capacity === undefined || s.capacity === null ? "" : String(s.capacity), { inputmode: "numeric" })
    ]);
    if (end && end.slice(0, 10) !== start.slice(0, 10)) box.dataset.endDate = end.slice(0, 10);
    var remove = el("button", { type: "button", class: "md-button", text: "Remove this session" });
    remove.addEventListener("click", function () { box.remove(); self.update(false); self.form.querySelector("#builder-sessions legend").focus(); });
    box.appendChild(remove);
    return box;
  };
  Builder.prototype.changeBox = function (ch) {
    var self = this, n = ++this.changeCount, p = "builder-change-" + n;
    var date = el("input", { id: p + "-date", "data-part": "date", type: "date" });
    var note = el("input", { id: p + "-note", "data-part": "note", type: "text" });
    date.value = ch.date || ""; note.value = ch.note || "";
    var remove = el("button", { type: "button", class: "md-button", text: "Remove this change" });
    var box = el("fieldset", { class: "esca-builder__change", "data-change": true }, [el("legend", { text: "Change" }),
      el("div", { class: "esca-builder__part" }, [el("label", { for: date.id, text: "Date" }), date]),
      el("div", { class: "esca-builder__part" }, [el("label", { for: note.id, text: "What changed" }), note]), remove]);
    remove.addEventListener("click", function () { box.remove(); self.update(false); });
    return box;
  };
  /* The form as a course: plain values, in the model's field order. */
  Builder.prototype.values = function () {
    var self = this, c = {};
    this.model.fields.forEach(function (f) {
      var box = self.form.querySelector('[data-field="' + f.name + '"]');
      if (f.kind === "vocab-list" || f.kind === "ref-list") {
        c[f.name] = Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
      } else if (f.kind === "text-list") {
        c[f.name] = box.querySelector("textarea").value.split("\n").map(function (x) { return x.trim(); }).filter(Boolean);
      } else if (f.kind === "sessions") {
        c[f.name] = Array.prototype.map.call(box.querySelectorAll("[data-session]"), function (s) {
          var part = function (n) { return s.querySelector('[data-part="' + n + '"]'); };
          var day = part("date").value;
          return { start: day + "T" + part("start").value, end: (s.dataset.endDate || day) + "T" + part("end").value,
            venue: part("venue").value.trim(), online: part("online").checked, capacity: part("capacity").value.trim() };
        });
      } else if (f.kind === "changes") {
        c[f.name] = Array.prototype.map.call(box.querySelectorAll("[data-change]"), function (ch) {
          return { date: ch.querySelector('[data-part="date"]').value, note: ch.querySelector('[data-part="note"]').value.trim() };
        });
      } else {
        c[f.name] = box.querySelector("input, select, textarea").value.trim();
      }
    });
    return c;
  };
  Builder.prototype.update = function (focusSummary) {
    var self = this, c = this.values(), text = toYaml(c, this.model);
    var name = (c.id || "your-course-id") + ".yml";
    var result = checkBytes(new TextEncoder().encode(text), name, this.model);
    this.text = text; this.name = name;
    if (text.split("\n").length <= 2) {  /* nothing filled in yet: no problems to show */
      result = { findings: [], data: null };
      this.yaml.textContent = text;
      this.fileName.textContent = "curricula/courses/" + name;
      this.showFindings([], false, "the form");
      this.status.textContent = "Fill in the form: problems show here as you type.";
      return;
    }
    this.yaml.textContent = text;
    this.fileName.textContent = "curricula/courses/" + name;
    this.showFindings(result.findings, focusSummary, "the form");
    if (result.data) this.showPreview(c);
  };
  Builder.prototype.showFindings = function (findings, focusSummary, source) {
    var self = this;
    this.form.querySelectorAll(".esca-builder__error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    this.form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    this.summary.textContent = "";
    this.status.textContent = findings.length ? findings.length + (findings.length === 1 ? " problem" : " problems") +
      " to fix in " + source + "." : "No problems: the build will accept this course.";
    if (!findings.length) return;
    this.summary.appendChild(el("h2", { text: "Problems to fix", id: "builder-problems" }));
    var list = el("ul", { class: "esca-builder__findings" });
    findings.forEach(function (f) {
      var name = f.field.replace(/\[.*$/, "").replace(/\..*$/, "");
      var box = self.form.querySelector('[data-field="' + name + '"]');
      var text = f.field + ": " + f.problem + (f.hasValue ? ": " + quote(f.value) : "") + (f.fix ? " — " + f.fix : "");
      var item = el("li", { "data-finding": String(f) });
      if (box) {
        var error = box.querySelector(".esca-builder__error");
        error.hidden = false;
        error.textContent = (error.textContent ? error.textContent + " " : "") + text;
        var target = box.querySelector("input, select, textarea, fieldset");
        if (target) target.setAttribute("aria-invalid", "true");
        var link = el("a", { href: "#builder-" + name, text: text });
        item.appendChild(link);
      } else {
        item.textContent = (f.line ? "Line " + f.line + ": " : "") + text;
      }
      list.appendChild(item);
    });
    this.summary.appendChild(list);
    if (focusSummary) this.summary.focus();
  };
  Builder.prototype.showPreview = function (c) {
    var v = {}, m = this.model;
    Object.keys(m.vocabularies).forEach(function (name) {
      v[name] = {}; m.vocabularies[name].forEach(function (pair) { v[name][pair[0]] = pair[1]; });
    });
    var label = function (name, id) { return (v[name] && v[name][id]) || id; };
    var p = this.preview;
    p.textContent = "";
    p.appendChild(el("p", { class: "esca-builder__preview-title", text: c.title || "Course title" }));
    p.appendChild(el("p", { text: c.summary || "" }));
    var rows = [["Who it is for", (c.audience || []).map(function (a) { return label("audiences", a); }).join(", ")],
      ["Mandatory for", (c.mandatory_for || []).map(function (a) { return label("audiences", a); }).join(", ") || "No one"],
      ["How it is delivered", label("delivery-modes", c.delivery_mode)], ["Length", c.duration_minutes ? c.duration_minutes + " minutes" : ""],
      ["CPD hours", c.cpd_hours], ["Provider", label("providers", c.provider)]];
    var table = el("table", {}, [el("caption", { text: "At a glance" }),
      el("tbody", {}, rows.map(function (r) { return el("tr", {}, [el("th", { scope: "row", text: r[0] }), el("td", { text: r[1] || "" })]); }))]);
    p.appendChild(table);
    p.appendChild(el("p", { class: "esca-builder__preview-heading", text: "What you will learn" }));
    p.appendChild(el("ul", {}, (c.learning_outcomes || []).map(function (o) { return el("li", { text: o }); })));
    p.appendChild(el("p", { class: "esca-builder__preview-heading", text: "Dates and booking" }));
    var sessions = (c.sessions || []).filter(function (s) { return s.start.slice(0, 10) >= todayInLondon(); });
    if (sessions.length) {
      p.appendChild(el("ul", {}, sessions.map(function (s) {
        return el("li", { text: s.start.replace("T", " ") + " to " + s.end.slice(11) + ", " + (s.online ? "online" : s.venue) + ", " + s.capacity + " places" });
      })));
    } else p.appendChild(el("p", { text: "No dates are published yet. Ask ESCA how to join the next one." }));
    if (c.booking) p.appendChild(el("p", { text: "How to book: " + c.booking }));
  };
  Builder.prototype.fill = function (data) {
    var self = this;
    this.model.fields.forEach(function (f) {
      var box = self.form.querySelector('[data-field="' + f.name + '"]'), v = data.get(f.name);
      var str = display;
      if (f.kind === "vocab-list" || f.kind === "ref-list") {
        box.querySelectorAll("input").forEach(function (i) { i.checked = isList(v) && v.indexOf(i.value) >= 0; });
      } else if (f.kind === "text-list") {
        box.querySelector("textarea").value = isList(v) ? v.map(str).join("\n") : str(v);
      } else if (f.kind === "sessions") {
        self.sessionItems.textContent = "";
        (isList(v) ? v : []).forEach(function (s) {
          if (!isMap(s)) return;
          self.sessionItems.appendChild(self.sessionBox({ start: str(s.get("start")), end: str(s.get("end")),
            venue: str(s.get("venue")), online: s.get("online") === true, capacity: s.get("capacity") }));
        });
      } else if (f.kind === "changes") {
        self.changeItems.textContent = "";
        (isList(v) ? v : []).forEach(function (ch) {
          if (isMap(ch)) self.changeItems.appendChild(self.changeBox({ date: str(ch.get("date")), note: str(ch.get("note")) }));
        });
      } else {
        var input = box.querySelector("input, select, textarea");
        if (input.tagName === "SELECT" && str(v) && !input.querySelector('option[value="' + CSS.escape(str(v)) + '"]')) {
          input.appendChild(el("option", { value: str(v), text: str(v) }));
        }
        input.value = str(v);
      }
    });
  };
  Builder.prototype.open = function (file) {
    var self = this, reader = new FileReader();
    reader.onload = function () {
      var bytes = new Uint8Array(reader.result);
      var result = checkBytes(bytes, file.name, self.model);
      self.loaded = result.findings.map(String);
      if (result.data && isMap(result.data)) {
        self.fill(result.data);
        self.update(false);
      }
      /* The findings for the file as it was opened, in the build's own words (with lines). */
      self.showFindings(result.findings, true, file.name);
      self.root.dataset.loaded = file.name;
    };
    reader.readAsArrayBuffer(file);
  };
  Builder.prototype.download = function () {
    var url = URL.createObjectURL(new Blob([this.text], { type: "text/yaml;charset=utf-8" }));
    var a = el("a", { href: url, download: this.name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  };
  Builder.prototype.copy = function () {
    var self = this;
    var done = function () { self.copied.textContent = "Copied. Paste it into the new file."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(this.text).then(done, function () { self.selectText(); });
    } else this.selectText();
  };
  Builder.prototype.selectText = function () {
    var range = document.createRange();
    range.selectNodeContents(this.yaml);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    this.copied.textContent = "The file is selected: press Ctrl+C to copy it.";
  };

  function start() {
    var root = document.querySelector("[data-esca-builder]");
    var data = document.getElementById("esca-course-model");
    if (!root || !data || root.dataset.ready) return;
    root.dataset.ready = "1";
    var model = JSON.parse(data.textContent);
    api.model = model;
    api.builder = new Builder(root, model);
  }
  if (typeof document$ !== "undefined") document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
