// The queue's bulk bar (templates/desk/_bulk_bar.html): "select all on this page", the count of
// ticked rows, and only the fields the chosen action needs. The bar works without this script.
(function () {
  "use strict";
  // The bar's script tag comes back with every swap of the results: listen once.
  if (window.helpdeskBulkBar) { return; }
  window.helpdeskBulkBar = true;

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-bulk-row]"));
  }

  function refresh() {
    const rows = boxes();
    const ticked = rows.filter(function (box) { return box.checked; }).length;
    const all = document.querySelector("[data-bulk-all]");
    if (all) {
      all.hidden = false;
      all.checked = rows.length > 0 && ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    }
    rows.forEach(function (box) {
      const row = box.closest("tr");
      if (row) { row.classList.toggle("is-ticked", box.checked); }
    });
    const count = document.querySelector("[data-bulk-count]");
    if (count) {
      count.textContent = ticked === 0 ? "No ticket selected."
        : ticked === 1 ? "1 ticket selected." : ticked + " tickets selected.";
    }
  }

  function showFields() {
    const form = document.getElementById("bulk-form");
    if (!form) { return; }
    const action = form.elements.action ? form.elements.action.value : "";
    const transition = form.elements.transition ? form.elements.transition.value : "";
    form.querySelectorAll("[data-bulk-for]").forEach(function (part) {
      let shown = part.dataset.bulkFor.split(" ").indexOf(action) !== -1;
      if (shown && part.dataset.bulkTransition) {
        shown = part.dataset.bulkTransition === transition;
      }
      part.hidden = !shown;
    });
  }

  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target.matches("[data-bulk-all]")) {
      boxes().forEach(function (box) { box.checked = target.checked; });
      refresh();
    } else if (target.matches("[data-bulk-row]")) {
      refresh();
    } else if (target.form && target.form.id === "bulk-form") {
      showFields();
    }
  });

  function start() { refresh(); showFields(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSettle", start); // new results: a new bar and new rows
})();
