// Known-issue search in the escalation dialog: "Use in escalate down" fills the down form's
// known-issue field, picks the Known issue outcome and opens the panel. Without JavaScript the
// button stays hidden and "Link … instead of escalating" works as a plain form.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-known-issue]");
    if (!button) return;
    var field = document.getElementById("down_known_issue");
    if (!field) return;
    field.value = button.getAttribute("data-use-known-issue");
    var outcome = document.querySelector('input[name="outcome"][value="known_issue"]');
    if (outcome) outcome.checked = true;
    var panel = document.getElementById("down");
    if (panel) panel.open = true;
    field.focus();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "ki-results") return;
    var canFill = Boolean(document.getElementById("down_known_issue"));
    event.target.querySelectorAll("[data-use-known-issue]").forEach(function (button) {
      button.hidden = !canFill;
    });
  });
})();
