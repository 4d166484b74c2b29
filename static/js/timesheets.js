// Time panels: a ticking clock for the running timer, buttons that enable themselves when a
// call's time comes, and self-learning never billable. Pages work without this script.
(function () {
  "use strict";
  if (window.helpdeskTimesheets) { return; }
  window.helpdeskTimesheets = true;

  // A refused action (400, 403, 409) still swaps in the panel with its message.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "40[039]", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-timer-started]").forEach(function (el) {
      const started = Date.parse(el.getAttribute("data-timer-started"));
      if (isNaN(started)) { return; }
      const seconds = Math.max(0, Math.floor((now - started) / 1000));
      const h = Math.floor(seconds / 3600);
      const m = Math.floor((seconds % 3600) / 60);
      el.textContent = h + ":" + pad(m) + ":" + pad(seconds % 60);
    });
    document.querySelectorAll("button[disabled][data-enable-at]").forEach(function (button) {
      const at = Date.parse(button.getAttribute("data-enable-at"));
      if (!isNaN(at) && now >= at) { button.disabled = false; }
    });
  }

  // Self-learning is internal time: untick and lock "Billable" when it is chosen.
  function syncBillable(select) {
    const form = select.form;
    const box = form && form.querySelector("[data-billable]");
    if (!box) { return; }
    const internal = select.value === "self_learning";
    if (internal) { box.checked = false; }
    box.disabled = internal;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-activity]")) { syncBillable(event.target); }
  });
  function init(root) {
    root.querySelectorAll("[data-activity]").forEach(syncBillable);
    tick();
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
  window.setInterval(tick, 1000);
})();
