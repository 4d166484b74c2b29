// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // Show <time data-local> in the viewer's own timezone.
  function localizeTimes(root) {
    const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    root.querySelectorAll("time[data-local]").forEach(function (el) {
      const when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) { el.textContent = fmt.format(when); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localizeTimes(document); });
  document.addEventListener("htmx:afterSwap", function (event) { localizeTimes(event.target); });
  window.helpdesk = { localizeTimes: localizeTimes };
})();
