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

// Portal: check attachments in the browser before upload (the server stays the authority),
// list the chosen files, and move focus to a form's error summary when the page shows one.
(function () {
  "use strict";

  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) { return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function fileProblems(input) {
    const limit = parseInt(input.dataset.maxBytes, 10);
    const allowed = (input.dataset.extensions || "").split(",").filter(Boolean);
    const problems = [];
    Array.prototype.forEach.call(input.files || [], function (file) {
      const dot = file.name.lastIndexOf(".");
      const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
      if (limit && file.size > limit) {
        problems.push(file.name + " is " + formatSize(file.size) + "; the limit is " +
          formatSize(limit) + " per file.");
      } else if (allowed.length && allowed.indexOf(ext) === -1) {
        problems.push(file.name + ": files of type ." + (ext || "(none)") +
          " are not accepted. Accepted: " + allowed.join(", ") + ".");
      }
    });
    return problems;
  }

  function checkFiles(input) {
    const message = document.getElementById(input.id + "_client");
    const list = document.getElementById(input.id + "_list");
    const problems = fileProblems(input);
    if (message) {
      message.textContent = problems.length ? problems.join(" ") + " Choose other files." : "";
      message.hidden = !problems.length;
    }
    const described = (input.getAttribute("aria-describedby") || "").split(" ")
      .filter(function (id) { return id && id !== input.id + "_client"; });
    if (problems.length) { described.push(input.id + "_client"); }
    input.setAttribute("aria-describedby", described.join(" "));
    input.setAttribute("aria-invalid", problems.length ? "true" : "false");
    if (list) {
      list.textContent = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        const item = document.createElement("li");
        item.textContent = file.name + " (" + formatSize(file.size) + ")";
        list.appendChild(item);
      });
      list.hidden = !(input.files && input.files.length);
    }
    return problems.length === 0;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      checkFiles(event.target);
    }
  });

  document.addEventListener("submit", function (event) {
    const inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
    for (const input of inputs) {
      if (!checkFiles(input)) {
        event.preventDefault();
        input.focus();
        return;
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
