// The escalation dialog: "Add question" adds a numbered field in the page instead of a round
// trip to the server (the button still works without JavaScript: the server adds the field).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-question]");
    if (!button) return;
    var list = button.closest("[data-questions]").querySelector("[data-question-list]");
    var items = list.querySelectorAll("[data-question]");
    var last = items[items.length - 1];
    if (!last) return;
    event.preventDefault();
    var number = items.length + 1;
    var item = last.cloneNode(true);
    var label = item.querySelector("label");
    var input = item.querySelector("input");
    input.id = "question-" + number;
    input.value = "";
    input.removeAttribute("autofocus");
    label.htmlFor = input.id;
    label.textContent = "Escalated question " + number;
    list.appendChild(item);
    input.focus();
  });
})();
