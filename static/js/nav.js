// The phone menu: below Bulma's desktop width the navigation folds behind the burger button.
// Without JavaScript the button stays hidden and the menu stays an open list (base.html).
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-nav-burger]").forEach(function (burger) {
      const menu = document.getElementById(burger.getAttribute("aria-controls"));
      if (!menu) { return; }
      function show(open) {
        menu.classList.toggle("is-active", open);
        burger.classList.toggle("is-active", open);
        burger.setAttribute("aria-expanded", open ? "true" : "false");
      }
      show(false);
      burger.hidden = false;
      burger.addEventListener("click", function () { show(!menu.classList.contains("is-active")); });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.classList.contains("is-active")) {
          show(false);
          burger.focus();
        }
      });
    });
  });

  // The desk's "More" menu: Escape or a click outside closes it.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-nav-more]").forEach(function (more) {
      document.addEventListener("click", function (event) {
        if (more.open && !more.contains(event.target)) { more.open = false; }
      });
      more.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && more.open) {
          more.open = false;
          more.querySelector("summary").focus();
        }
      });
    });
  });
})();
