/* The guest-services desk: "select all" for the registrations awaiting approval on the page.
   Served by the app (no inline script); works after htmx swaps the list, by event delegation. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) { return; }
    var form = all.closest("form");
    if (!form) { return; }
    form.querySelectorAll("input[type=checkbox][name=reference]").forEach(function (box) { box.checked = all.checked; });
  });
})();
