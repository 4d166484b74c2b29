// Macros in the desk's reply box: pick one from the list, or type /shortcut and a space at the
// start of the message. Either way the text filled in for this ticket is fetched and inserted
// for editing; nothing is sent until the agent sends. The hidden "macro" field makes the
// macro's actions (shown as chips) apply, and its use count, when the reply is sent.
(function () {
  "use strict";

  const picker = document.querySelector("[data-macro-picker]");
  const body = document.getElementById("id_body");
  if (!picker || !body) { return; }
  const hidden = document.getElementById("reply-macro");
  const chosen = document.getElementById("macro-chosen");
  const chips = document.getElementById("macro-chips");
  const label = document.getElementById("macro-chosen-label");
  const what = document.getElementById("macro-chosen-what");
  const status = document.getElementById("macro-status");
  const search = document.getElementById("macro-search");
  const SHORTCUT = /^\/([a-z0-9][a-z0-9-]{0,19})[ \n]$/i;
  let busy = false;

  picker.hidden = false;

  function say(text) { status.textContent = text; }

  function fetchMacro(params) {
    const url = picker.dataset.renderUrl + "?" + new URLSearchParams(params).toString();
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      });
  }

  function show(data) {
    hidden.value = String(data.macro);
    label.textContent = "/" + data.shortcut + " " + data.name;
    chips.replaceChildren();
    data.actions.forEach(function (action) {
      const chip = document.createElement("li");
      chip.className = "tag is-link is-light";
      chip.textContent = action;
      chips.appendChild(chip);
    });
    chips.hidden = !data.actions.length;
    what.textContent = data.actions.length
      ? "when you send the reply, these apply too:"
      : "text only, no actions.";
    chosen.hidden = false;
  }

  function clear() {
    hidden.value = "";
    chips.replaceChildren();
    chosen.hidden = true;
  }

  function insert(data, start, end) {
    body.focus();
    body.setRangeText(data.text, start, end, "end");
    show(data);
    say("Macro /" + data.shortcut + " inserted: edit the text, then send.");
  }

  // /fr1 and a space (or a new line), typed at the very start of the message.
  body.addEventListener("input", function () {
    if (busy) { return; }
    const typed = SHORTCUT.exec(body.value.slice(0, body.selectionStart));
    if (!typed) { return; }
    busy = true;
    fetchMacro({ shortcut: typed[1] }).then(function (answer) {
      busy = false;
      if (!answer.ok) { say(answer.data.error.message); return; }
      if (body.value.slice(0, typed[0].length) !== typed[0]) { return; }  // edited meanwhile
      insert(answer.data, 0, typed[0].length);
    }, function () { busy = false; });
  });

  // A macro picked from the list: at the cursor, or in place of an empty message.
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-macro-insert]");
    if (button) {
      fetchMacro({ macro: button.dataset.macroInsert }).then(function (answer) {
        if (!answer.ok) { say(answer.data.error.message); return; }
        const empty = !body.value.trim();
        const start = empty ? 0 : body.selectionStart;
        const end = empty ? body.value.length : body.selectionEnd;
        insert(answer.data, start, end);
      });
      return;
    }
    if (event.target.closest && event.target.closest("[data-macro-clear]")) {
      clear();
      say("The macro's actions will not apply; the text stays for you to edit.");
      body.focus();
    }
  });

  // Enter in the search box searches; it does not send the reply.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      window.htmx && window.htmx.trigger(search, "search");
    }
  });

  // The page shown again after a refused reply keeps the macro the agent had inserted.
  if (hidden.value) {
    fetchMacro({ macro: hidden.value }).then(function (answer) {
      if (answer.ok) { show(answer.data); } else { clear(); }
    });
  }
})();
