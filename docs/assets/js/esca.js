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
