// Knowledge base, progressive enhancements (every page works without them):
// - the ticket page's panel: "Insert link" puts "[Title](URL)" into the reply box at the cursor;
// - "Back to my ticket" from an article suggested on the new-ticket form goes back in history,
//   so the form keeps what the customer typed.
(function () {
  "use strict";
  if (window.helpdeskKnowledge) { return; } // the ticket panel is swapped in again by live updates
  window.helpdeskKnowledge = true;

  function replyBox() { return document.getElementById("id_body"); }

  function showInsertButtons(root) {
    const canInsert = Boolean(replyBox());
    root.querySelectorAll("[data-kb-insert]").forEach(function (button) {
      button.hidden = !canInsert;
    });
  }

  // "[Title](URL)" at the cursor (or in place of the selection), then the cursor after it.
  function insertLink(button) {
    const box = replyBox();
    if (!box) { return; }
    const title = button.dataset.title.replace(/[[\]]/g, "");
    const text = "[" + title + "](" + button.dataset.url + ")";
    const start = box.selectionStart === undefined ? box.value.length : box.selectionStart;
    const end = box.selectionEnd === undefined ? start : box.selectionEnd;
    box.focus();
    box.setRangeText(text, start, end, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    const insert = event.target.closest && event.target.closest("[data-kb-insert]");
    if (insert) {
      event.preventDefault();
      insertLink(insert);
      return;
    }
    const back = event.target.closest && event.target.closest("[data-history-back]");
    if (back && document.referrer && new URL(document.referrer).pathname === new URL(back.href).pathname
        && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id === "kb-panel-results") { showInsertButtons(event.target); }
  });

  function init() { showInsertButtons(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
