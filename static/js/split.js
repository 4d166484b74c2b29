// Split: "Move the selected text" copies the text selected in the request or a public message
// into the quote field and names where it came from. Without JavaScript, paste it by hand.
(function () {
  "use strict";
  var button = document.querySelector("[data-move-selection]");
  if (!button) return;
  button.hidden = false;
  var error = document.querySelector("[data-move-selection-error]");
  var quote = document.getElementById("id_quote");
  var from = document.getElementById("id_quote_of");
  button.addEventListener("click", function () {
    var selection = window.getSelection();
    var text = selection ? selection.toString().trim() : "";
    var node = selection && selection.anchorNode;
    var card = node && (node.nodeType === 1 ? node : node.parentElement).closest("[data-quote-source]");
    if (!text || !card) {
      error.hidden = false;
      return;
    }
    error.hidden = true;
    quote.value = text;
    from.value = card.getAttribute("data-quote-source");
    quote.focus();
  });
})();
