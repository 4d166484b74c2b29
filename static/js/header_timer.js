// The running timer in the desk header (templates/timesheets/_header_timer.html): the server
// writes the elapsed hours and minutes ("0:12"); this moves them on at each whole minute,
// counting from when the element arrived (the page, or a time panel's htmx answer), so the
// browser's clock needs no agreement with the server's. Without it the header keeps the time
// the page was rendered with.
(function () {
  "use strict";
  if (window.helpdeskHeaderTimer) { return; }
  window.helpdeskHeaderTimer = true;
  let pending = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function update() {
    let next = 60000;
    document.querySelectorAll("[data-header-timer-seconds]").forEach(function (el) {
      const base = parseInt(el.getAttribute("data-header-timer-seconds"), 10);
      if (isNaN(base)) { return; }
      if (!el.dataset.arrivedAt) { el.dataset.arrivedAt = String(Date.now()); }
      const seconds = base + Math.floor((Date.now() - Number(el.dataset.arrivedAt)) / 1000);
      const minutes = Math.floor(seconds / 60);
      el.textContent = Math.floor(minutes / 60) + ":" + pad(minutes % 60);
      el.setAttribute("datetime", "PT" + minutes + "M");
      next = Math.min(next, (60 - (seconds % 60)) * 1000);
    });
    window.clearTimeout(pending);
    pending = window.setTimeout(update, next);
  }

  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:oobAfterSwap", update);
})();
