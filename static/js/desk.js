// The agent desk: keyboard shortcuts, the reply box's mode, and htmx glue.
// Loaded only on desk pages; everything here enhances pages that also work without it.
(function () {
  "use strict";

  // --- htmx: a refused change (400, 403, 409) still swaps in its message and the fresh state.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "40[039]", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
  }

  function isTyping(el) {
    if (!el || el === document.body) { return false; }
    return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].indexOf(el.tagName) !== -1;
  }

  // --- queue selection: j / k / Enter ----------------------------------------------------------
  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".queue-row")); }

  function select(row) {
    rows().forEach(function (r) { r.classList.toggle("is-selected", r === row); });
    if (!row) { return; }
    const link = row.querySelector(".queue-link");
    if (link) { link.focus({ preventScroll: true }); }
    row.scrollIntoView({ block: "nearest" });
  }

  function move(delta) {
    const all = rows();
    if (!all.length) { return false; }
    const current = all.findIndex(function (r) { return r.classList.contains("is-selected"); });
    let next = current === -1 ? (delta > 0 ? 0 : all.length - 1) : current + delta;
    next = Math.max(0, Math.min(all.length - 1, next));
    select(all[next]);
    return true;
  }

  function openSelected() {
    const row = document.querySelector(".queue-row.is-selected");
    const link = row && row.querySelector(".queue-link");
    if (!link) { return false; }
    window.location.assign(link.href);
    return true;
  }

  // Tabbing to a ticket link selects its row too.
  document.addEventListener("focusin", function (event) {
    const row = event.target.closest && event.target.closest(".queue-row");
    if (row && !row.classList.contains("is-selected")) {
      rows().forEach(function (r) { r.classList.toggle("is-selected", r === row); });
    }
  });

  // --- the reply box: public reply or internal note ---------------------------------------------
  function setMode(mode) {
    const box = document.querySelector("[data-reply-box]");
    if (!box) { return false; }
    box.classList.toggle("is-internal", mode === "note");
    box.querySelectorAll("[data-reply-mode]").forEach(function (radio) {
      radio.checked = radio.value === mode;
    });
    const label = document.getElementById("reply-body-label");
    if (label) { label.textContent = label.dataset[mode === "note" ? "labelNote" : "labelReply"]; }
    box.querySelectorAll("[data-mode]").forEach(function (button) {
      button.hidden = button.dataset.mode !== mode;
    });
    return true;
  }

  function currentMode() {
    const checked = document.querySelector("[data-reply-mode]:checked");
    return checked ? checked.value : "reply";
  }

  function write(mode) {
    if (!setMode(mode)) { return false; }
    const body = document.getElementById("id_body");
    if (body) { body.focus(); }
    return true;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-reply-mode]")) {
      setMode(event.target.value);
    }
  });

  // --- the help panel ------------------------------------------------------------------------
  function openHelp() {
    const dialog = document.getElementById("shortcuts-help");
    if (!dialog || dialog.open) { return false; }
    dialog.showModal();
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-shortcuts-open]")) { openHelp(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (isTyping(event.target) || document.querySelector("dialog[open]")) { return; }
    let handled = false;
    switch (event.key) {
      case "j": handled = move(1); break;
      case "k": handled = move(-1); break;
      case "Enter":
        // A focused link or button does its own thing; Enter opens a selected row otherwise.
        if (!event.target.closest || !event.target.closest("a, button, summary")) {
          handled = openSelected();
        }
        break;
      case "r": handled = write("reply"); break;
      case "n": handled = write("note"); break;
      case "?": handled = openHelp(); break;
      default: return;
    }
    if (handled) { event.preventDefault(); }
  });

  // --- times: a tooltip in the viewer's own timezone --------------------------------------------
  function localTitles(root) {
    const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    root.querySelectorAll("time[data-local-title]").forEach(function (el) {
      const when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) { el.title = fmt.format(when); }
    });
  }

  // --- after htmx swaps --------------------------------------------------------------------------
  let focusedId = null;

  // The queue's filter form leaves empty fields out of the URL.
  document.addEventListener("htmx:configRequest", function (event) {
    focusedId = document.activeElement ? document.activeElement.id : null;
    if (!event.detail.elt.matches("[data-queue-filters]")) { return; }
    const params = event.detail.parameters;
    Array.from(params.keys()).forEach(function (key) {
      if (params[key] === "") { delete params[key]; }
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    localTitles(document);
    setMode(currentMode());
    const announce = document.getElementById("queue-announce");
    const summary = document.querySelector("[data-queue-summary]");
    if (announce && summary && event.detail.target.id === "queue-results") {
      announce.textContent = summary.dataset.queueSummary;
    }
    // Put focus back where it was (a status tab, a pager link) or on the outcome of an action.
    const notice = document.querySelector("[data-focus-after-swap]");
    if (notice) {
      notice.removeAttribute("data-focus-after-swap");
      notice.focus();
    } else if (focusedId && document.activeElement === document.body) {
      const again = document.getElementById(focusedId);
      if (again) { again.focus(); }
    }
  });

  function init() {
    document.querySelectorAll("[data-js-only], [data-shortcuts-open]").forEach(function (el) {
      el.hidden = false;
    });
    setMode(currentMode());
    localTitles(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
