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

/* Links to a place on the same page: the skip link, "On this page", the ¶
   permalinks, footnotes, and error summaries that link to a form's fields
   (any a[href] whose address is this page's with a #fragment). Material's
   instant navigation would fetch the page again for them and swap its
   content, which empties every form on it and leaves focus on the body. So a
   click on one (Enter on a link is a click too) stops here, before Material's
   handler on the body sees it: the page scrolls to the target below the
   header, focus moves to it (WCAG 2.4.1, 2.4.3; tabindex=-1 while it has
   focus when it is not focusable), and the address gets the #fragment with
   history.pushState. Links to other pages, and clicks that open a new tab or
   window, are left to Material and the browser. Back and Forward between two
   places on the same page scroll back, with no fetch either. */
(function () {
  var shown = location.href.split("#")[0];  /* the page on screen (the address changes before a swap) */
  document$.subscribe(function () { shown = location.href.split("#")[0]; });

  /* Material's instant navigation is on (it is off in the offline copy). */
  var instant = (function () {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return location.protocol !== "file:" && config.features.indexOf("navigation.instant") !== -1;
    } catch (e) {
      return false;
    }
  })();

  function targetOf(hash) {
    var id = hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    if (!id) return null;
    return document.getElementById(id) ||
      Array.prototype.filter.call(document.getElementsByName(id), function (n) { return n.tagName === "A"; })[0] || null;
  }

  /* Material's drawer (the menu on a phone) and search close, as they do
     when Material follows a link. */
  function closeOverlays() {
    ["drawer", "search"].forEach(function (name) {
      var toggle = document.querySelector("[data-md-toggle=" + name + "]");
      if (toggle && toggle.checked) toggle.click();
    });
  }

  function scrollToTarget(target) {
    var header = document.querySelector(".md-header");
    var below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    /* A form field is shown with its label above it. */
    var top = target.labels && target.labels.length ? target.labels[0] : target;
    var y = Math.min(top.getBoundingClientRect().top, target.getBoundingClientRect().top);
    window.scrollTo(window.pageXOffset, Math.max(0, y + window.pageYOffset - below - 8));
  }

  function focusTarget(target) {
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
      target.addEventListener("blur", function () { target.removeAttribute("tabindex"); }, { once: true });
    }
    target.focus({ preventScroll: true });
  }

  function go(target) {
    for (var details = target.closest("details:not([open])"); details; details = details.closest("details:not([open])")) {
      details.open = true;  /* a target inside a closed "details" block is shown */
    }
    scrollToTarget(target);
    focusTarget(target);
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute("download")) return;
    if (!link.hash && link.getAttribute("href").indexOf("#") === -1) return;
    if (link.href.split("#")[0] !== shown) return;
    event.preventDefault();
    event.stopPropagation();
    closeOverlays();
    var target = targetOf(link.hash);
    /* An error summary's links move focus to a field and leave the address
       and the history alone, as GOV.UK's error summary does: Back still
       leaves the page rather than stepping through the fields. */
    if (link.hash !== location.hash && !link.closest("[data-error-summary]")) {
      try {
        /* Back is handled below, as Material handles it between pages: the
           browser must not scroll the page too. The mode belongs to each
           history entry, so it is set on both. */
        if (instant) history.scrollRestoration = "manual";
        history.replaceState({ x: window.pageXOffset, y: window.pageYOffset }, "");  /* where Back returns to */
        history.pushState(null, "", link.hash || "#");
        if (instant) history.scrollRestoration = "manual";
      } catch (e) { /* a file:// page may refuse: the page still moves */ }
    }
    var move = function () {
      if (target) go(target);
      else if (!link.hash || link.hash === "#top") window.scrollTo(0, 0);
    };
    /* On a phone, open search holds the page still and puts it back as it
       closes: move once it has. */
    if (!document.body.hasAttribute("data-md-scrolllock")) { move(); return; }
    var observer = new MutationObserver(function () {
      if (document.body.hasAttribute("data-md-scrolllock")) return;
      observer.disconnect();
      move();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  }, true);

  /* Material's "navigation.tracking" writes the heading being read into
     the address (#section) as the page scrolls. While instant navigation
     swaps one page for another, the address already names the new page but
     the old one is still on screen, and its tracking can write the old
     page's heading onto the new page's address (Back from a page reached
     from /cpd/my-cpd/#your-entries gave /cpd/my-cpd/#what-to-read-first).
     So a change of #fragment alone is refused while the page on screen is
     not the page the address names; every other address change passes. */
  var replace = history.replaceState;
  history.replaceState = function (state, title, url) {
    if (url !== undefined && url !== null) {
      try {
        var to = new URL(String(url), location.href), here = location.href.split("#")[0];
        if (to.href.split("#")[0] === here && here !== shown && to.hash !== location.hash) url = location.href;
      } catch (e) { /* an address the browser will refuse anyway */ }
    }
    return replace.call(history, state, title, url);
  };

  /* Back or Forward between two places on the page on screen: Material
     would fetch the page again. Its handler for the browser's popstate runs
     before any of ours can, and hands the address to its location$ subject,
     so the address is stopped there when it names the page on screen. */
  if (window.location$ && typeof window.location$.next === "function") {
    var next = window.location$.next;
    window.location$.next = function (url) {
      if (!(url instanceof URL) || url.href.split("#")[0] !== shown) return next.apply(this, arguments);
      var state = history.state, target = targetOf(url.hash);
      if (state && typeof state.y === "number") window.scrollTo(state.x || 0, state.y);
      else if (target) scrollToTarget(target);
      else window.scrollTo(0, 0);
    };
  }
})();

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
