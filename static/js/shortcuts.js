// Desk shortcuts for the work itself (listed in the ? panel, templates/desk/_shortcuts.html):
// Ctrl+Enter sends what is typed; on a ticket t takes it, s resolves it, e escalates it and ]
// opens the next ticket of the queue. desk.js keeps j, k, Enter, r, n and ?.
(function () {
  "use strict";

  const QUEUE_KEY = "helpdesk.queue-order";

  function isTyping(el) {
    if (!el || el === document.body) { return false; }
    return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].indexOf(el.tagName) !== -1;
  }

  function visible(el) { return el && !el.hidden && el.getClientRects().length > 0; }

  // --- Ctrl+Enter (Cmd+Enter on a Mac) in a text box sends its form with its first button ----
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    const box = event.target;
    if (!box || box.tagName !== "TEXTAREA" || !box.form) { return; }
    const buttons = Array.prototype.slice.call(box.form.querySelectorAll("button[type=submit]"));
    const button = buttons.find(visible);
    if (!button) { return; }
    event.preventDefault();
    box.form.requestSubmit(button);
  });

  // --- the queue remembers its order, so a ticket page knows which one is next ---------------
  function rememberQueue() {
    const links = document.querySelectorAll(".queue-row .queue-link");
    if (!links.length) { return; }
    const order = Array.prototype.map.call(links, function (a) { return new URL(a.href).pathname; });
    try { sessionStorage.setItem(QUEUE_KEY, JSON.stringify(order)); } catch (e) { /* private mode */ }
  }

  function nextTicket() {
    let order = [];
    try { order = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { order = []; }
    const here = order.indexOf(window.location.pathname);
    const queue = document.querySelector(".breadcrumb a[href]");
    const next = here !== -1 ? order[here + 1] : order[0];
    const target = next || (queue && queue.getAttribute("href"));
    if (!target) { return false; }
    window.location.assign(target);
    return true;
  }

  // --- ticket actions: press the button the page already shows -------------------------------
  function take() {
    const button = document.querySelector("#ticket-state form[action$='/take/'] button[type=submit]");
    if (!button) { return false; }
    button.click();
    return true;
  }

  function resolve() {
    const field = document.querySelector("#ticket-state input[name=transition][value=resolve]");
    if (!field) { return false; }
    const details = field.closest("details");
    if (details) {  // Resolve asks for words first: open it and put the cursor there.
      details.open = true;
      const words = details.querySelector("textarea, input:not([type=hidden])");
      if (words) { words.focus(); }
      return true;
    }
    const button = field.form.querySelector("button[type=submit]");
    if (!button) { return false; }
    button.click();
    return true;
  }

  function escalate() {
    const link = document.querySelector("a[href$='/escalate/']");
    if (!link) { return false; }
    window.location.assign(link.href);
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (isTyping(event.target) || document.querySelector("dialog[open]")) { return; }
    if (!document.getElementById("ticket-state")) { return; }
    let handled = false;
    switch (event.key) {
      case "t": handled = take(); break;
      case "s": handled = resolve(); break;
      case "e": handled = escalate(); break;
      case "]": handled = nextTicket(); break;
      default: return;
    }
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("htmx:afterSettle", rememberQueue);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", rememberQueue);
  } else {
    rememberQueue();
  }
})();
