// The desk's search box: "/" focuses it from any desk page (unless you are typing).
(function () {
  "use strict";
  if (window.deskSearchKey) { return; }
  window.deskSearchKey = true;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const el = event.target;
    if (el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].indexOf(el.tagName) !== -1)) { return; }
    if (document.querySelector("dialog[open]")) { return; }
    const box = document.getElementById("desk-search");
    if (!box) { return; }
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
