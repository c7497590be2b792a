/* ESCA portal: small accessibility fixes that need the rendered page.
   Material's instant navigation swaps pages without a reload, so everything
   runs on each page through Material's document$ observable. */
document$.subscribe(function () {
  /* A table wider than the screen scrolls sideways: let keyboard users
     reach and scroll it (WCAG 2.1.1), and name the region. */
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
    var table = wrap.querySelector("table");
    if (!table || wrap.hasAttribute("tabindex")) return;
    var caption = table.querySelector("caption");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table, scrolls sideways");
  });
});

/* Filterable lists (the roles index): labelled selects narrow the list and a
   status line announces the count. Without JavaScript the full list shows. */
document$.subscribe(function () {
  document.querySelectorAll("[data-esca-filter]").forEach(function (box) {
    var form = box.querySelector("form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = box.querySelectorAll(".esca-filter__items > li");
    var status = box.querySelector("[role=status]");
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var ok = true;
        form.querySelectorAll("select[data-filter-key]").forEach(function (select) {
          var want = select.value;
          var have = (item.dataset[select.dataset.filterKey] || "").split(" ");
          if (want && have.indexOf(want) === -1) ok = false;
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      var noun = box.dataset.noun || "team";
      status.textContent = shown + " " + noun + (shown === 1 ? "" : "s") + " shown";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  });
});

/* Knowledge check: marks answers in the page. Nothing is stored or sent. */
document$.subscribe(function () {
  document.querySelectorAll("form[data-esca-quiz]").forEach(function (form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var summary = form.querySelector(".esca-quiz__summary");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var questions = form.querySelectorAll("fieldset[data-answer]");
      var right = 0;
      questions.forEach(function (question) {
        var chosen = question.querySelector("input:checked");
        var correct = chosen && chosen.value === question.dataset.answer;
        if (correct) right += 1;
        var feedback = question.querySelector(".esca-quiz__feedback");
        var verdict = feedback.querySelector(".esca-quiz__verdict");
        if (!verdict) {
          verdict = document.createElement("strong");
          verdict.className = "esca-quiz__verdict";
          feedback.insertBefore(verdict, feedback.firstChild);
        }
        verdict.textContent = correct ? "Correct. " : (chosen ? "Not quite. " : "Not answered. ");
        feedback.hidden = false;
        question.classList.toggle("esca-quiz--right", !!correct);
        question.classList.toggle("esca-quiz--wrong", !correct);
      });
      summary.textContent = "You got " + right + " of " + questions.length + " right.";
      summary.focus();
    });
  });
});

/* Induction checklist: ticks are kept in this browser only (localStorage). */
document$.subscribe(function () {
  var list = document.querySelector(".esca-checklist");
  if (!list || list.dataset.ready) return;
  list.dataset.ready = "1";
  var KEY = "esca-induction-checklist";
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { saved = {}; }
  var boxes = list.querySelectorAll("li.task-list-item input[type=checkbox]");
  var status = document.createElement("p");
  status.className = "esca-checklist__status";
  status.setAttribute("role", "status");
  function update() {
    var done = 0;
    boxes.forEach(function (box) { if (box.checked) done += 1; });
    status.textContent = done + " of " + boxes.length + " done";
  }
  boxes.forEach(function (box, index) {
    var item = box.closest("li");
    var text = item.textContent.trim();
    var id = "esca-check-" + index;
    var label = document.createElement("label");
    label.setAttribute("for", id);
    while (box.nextSibling) label.appendChild(box.nextSibling);
    item.appendChild(label);
    box.id = id;
    box.disabled = false;
    box.checked = saved[text] === true;
    box.addEventListener("change", function () {
      saved[text] = box.checked;
      try { localStorage.setItem(KEY, JSON.stringify(saved)); } catch (e) { /* storage off: ticks last for this visit */ }
      update();
    });
  });
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "md-button";
  clear.textContent = "Clear my ticks";
  clear.addEventListener("click", function () {
    saved = {};
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    boxes.forEach(function (box) { box.checked = false; });
    update();
  });
  list.insertBefore(status, list.firstChild);
  list.appendChild(clear);
  update();
});

/* Search with no results: the sentence after the results in the search
   dialog (overrides/partials/search.html), with its links, shows in place of
   Material's "No matching documents". Instant navigation swaps pages but
   keeps the dialog as the first page drew it, so its links, written relative
   to that page, are made absolute once. */
(function () {
  var help = document.querySelector("[data-esca-search-help]");
  var meta = help && help.parentNode.querySelector(".md-search-result__meta");
  var config = document.getElementById("__config");
  if (!help || !meta || !config) return;
  var none = (JSON.parse(config.textContent).translations || {})["search.result.none"];
  help.querySelectorAll("a[href]").forEach(function (link) { link.setAttribute("href", link.href); });
  function update() {
    var empty = Boolean(none) && meta.textContent.trim() === none;
    help.hidden = !empty;
    meta.hidden = empty;
  }
  new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
  update();
})();

/* The skip link moves keyboard focus to the page's content (WCAG 2.4.1).
   Following it as a link changes the address, and Material's instant
   navigation then swaps the page in place, which leaves focus on the body
   and the next Tab anywhere. So the click stops here and focus goes straight
   to the target (focusing scrolls it into view). Listening on the document
   once covers every page. */
document.addEventListener("click", function (event) {
  var skip = event.target.closest && event.target.closest("a.md-skip");
  if (!skip) return;
  var target = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
}, true);

/* The print line under each page (shown only on paper): the address the
   reader printed from and the date printed. Filled when the page loads and
   again just before printing, so a page left open overnight prints today's
   date. */
(function () {
  function printLine() {
    var line = document.querySelector("[data-esca-print-meta]");
    if (!line) return;
    var url = window.location.href.split("#")[0];
    var printed = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    line.textContent = "Printed on " + printed + " from " + url;
  }
  /* Printed pages show the address of a link to another site after its text
     (esca.css, a[href^="http"]). Material's instant navigation rewrites the
     portal's own links to full addresses, so those are marked here and the
     stylesheet leaves them out. */
  function markOwnLinks() {
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      if (link.origin === window.location.origin) link.setAttribute("data-esca-own", "");
    });
  }
  function beforePrint() { printLine(); markOwnLinks(); }
  document$.subscribe(beforePrint);
  window.addEventListener("beforeprint", beforePrint);
})();
