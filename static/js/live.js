// Live updates on the desk (docs/decisions/0013-live-updates.md): the ticket page's poll and
// the queue's. Both only enhance pages that work without them.
(function () {
  "use strict";

  // --- the ticket page ---------------------------------------------------------------------
  const live = document.querySelector("[data-ticket-live]");
  if (live) {
    const body = function () { return document.querySelector("#reply textarea[name=body]"); };
    const typing = function () { const b = body(); return !!(b && b.value.trim()); };
    const FULL_EVERY = 60000; // the SLA badge's "time left" moves with time alone
    let lastFull = Date.now();

    live.addEventListener("htmx:configRequest", function (event) {
      const params = event.detail.parameters;
      params.typing = typing() ? "1" : "";
      const full = Date.now() - lastFull >= FULL_EVERY;
      params.full = full ? "1" : "";
      if (full) { lastFull = Date.now(); }
    });

    // A part being used (focus inside, an open form with text) is not replaced under the
    // agent's hands: the poll asks for everything again next time.
    const busy = function (target) {
      if (target.contains(document.activeElement) && document.activeElement !== document.body) {
        return true;
      }
      return Array.prototype.some.call(
        target.querySelectorAll("details[open] textarea, details[open] input:not([type=hidden])"),
        function (el) { return el.value.trim() !== ""; }
      );
    };
    let skipped = false;
    const news = document.getElementById("live-news");

    document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
      const target = event.detail.target;
      if (!target || !target.id) { return; }
      if (target.id === "reply-seen") {
        // Writing a reply: the form keeps saying which message the agent had seen, so the
        // server refuses a send that would cross a newer one, and the page says so now.
        if (typing() && event.detail.fragment) {
          const fresh = event.detail.fragment.querySelector
            ? event.detail.fragment.querySelector("#reply-seen") : null;
          const value = fresh ? fresh.value : (event.detail.fragment.firstElementChild || {}).value;
          if (value && value !== target.value) {
            event.detail.shouldSwap = false;
            if (news) {
              news.innerHTML = "";
              const note = document.createElement("div");
              note.className = "notification is-warning is-light";
              note.setAttribute("role", "alert");
              note.dataset.newerMessage = "";
              note.append("A new message arrived while you were writing. ");
              const link = document.createElement("a");
              link.href = "#message-" + value;
              link.textContent = "Read it first";
              note.append(link);
              note.append(": your text stays in the reply box.");
              news.append(note);
            }
          }
        }
        return;
      }
      if (["ticket-state", "ticket-panels", "reply-actions"].indexOf(target.id) !== -1 && busy(target)) {
        event.detail.shouldSwap = false;
        skipped = true;
      }
      if (target.id === "live-v" && skipped) {
        event.detail.shouldSwap = false; // not all of it is shown: ask again
        skipped = false;
      }
    });
  }

  // --- the queue -----------------------------------------------------------------------------
  const queue = document.querySelector("[data-queue-live]");
  if (queue && window.htmx) {
    let since = queue.dataset.since;
    const loadedAt = since; // rows changed since the agent opened the queue are marked
    const EVERY = 10000;
    const results = function () { return document.getElementById("queue-results"); };
    const inUse = function () {
      const r = results();
      return !r || r.contains(document.activeElement) && document.activeElement !== document.body ||
        !!r.querySelector("input[type=checkbox]:checked");
    };
    const mark = function (before) {
      const r = results();
      if (!r) { return; }
      const limit = Date.parse(before);
      r.querySelectorAll("tr.queue-row").forEach(function (row) {
        const created = row.querySelector('[data-label="Age"] time');
        const updated = row.querySelector('[data-label="Last activity"] time');
        const isNew = created && Date.parse(created.getAttribute("datetime")) > limit;
        const changed = updated && Date.parse(updated.getAttribute("datetime")) > limit;
        row.classList.toggle("is-live-new", !!isNew);
        row.classList.toggle("is-live-changed", !isNew && !!changed);
        const cell = row.querySelector(".queue-subject");
        if (cell && (isNew || changed) && !cell.querySelector(".live-mark")) {
          const tag = document.createElement("span");
          tag.className = "tag is-small live-mark";
          tag.textContent = isNew ? "New" : "Changed";
          cell.prepend(tag);
        }
      });
    };
    const poll = function () {
      if (document.hidden || !since || inUse()) { return; }
      const url = new URL(window.location.href);
      url.searchParams.set("since", since);
      fetch(url, { headers: { "HX-Request": "true", "HX-Target": "queue-results" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.status !== 200) { return; }
          const next = response.headers.get("X-Live-Since");
          return response.text().then(function (html) {
            if (inUse()) { return; }
            window.htmx.swap(results(), html, { swapStyle: "innerHTML" });
            mark(loadedAt);
            if (next) { since = next; }
          });
        })
        .catch(function () { /* offline: try again next time */ });
    };
    window.setInterval(poll, EVERY);
  }
})();
