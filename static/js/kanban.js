/* The task board: drag a card to another column, or use its move buttons (keyboard).
 *
 * A move calls POST /api/tasks/<id>/transitions/ with the transition that leads to the column
 * (the card's data-moves lists them). The card moves at once; if the rules refuse, it snaps back
 * to where it was and the guard's message is shown. Moves that need words (what to test in UAT,
 * what is still wrong, why a follow-up, who canceled) ask for them in a dialog first.
 * Without JavaScript the buttons are plain forms, so the board still works.
 */
(function () {
  "use strict";

  const board = document.querySelector("[data-kanban]");
  if (!board) return;
  const status = document.getElementById("kanban-status");
  const dialog = document.getElementById("kanban-dialog");
  const LABELS = {};
  document.querySelectorAll(".kanban-column").forEach((column) => {
    LABELS[column.dataset.stage] = column.querySelector(".kanban-column-title").firstChild.textContent.trim();
  });

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      const match = document.cookie.match(/csrftoken=([^;]+)/);
      return match ? match[1] : "";
    }
  }

  function say(text, level, extra) {
    status.innerHTML = "";
    const box = document.createElement("div");
    /* A move that went through with a warning is not a plain success: warning colour. */
    if (level === "success" && extra && extra.length) { level = "warning"; }
    box.className = "notification is-light " + ({ error: "is-danger", warning: "is-warning" }[level] || "is-success");
    box.setAttribute("role", level === "error" ? "alert" : "status");
    box.textContent = text;
    (extra || []).forEach((line) => {
      const warning = document.createElement("p");
      warning.className = "has-text-weight-semibold";
      warning.textContent = "Warning: " + line;
      box.appendChild(warning);
    });
    status.appendChild(box);
  }

  function ask(move) {
    /* Resolve with {comment, canceled_by}, or null when the person keeps the card where it is. */
    return new Promise((resolve) => {
      if (!move.needs) return resolve({});
      const comment = dialog.querySelector("#kanban-comment");
      const canceledBy = dialog.querySelector("#kanban-canceled-by");
      dialog.querySelector("#kanban-dialog-title").textContent = move.label;
      dialog.querySelector("[data-need=comment]").hidden = move.needs !== "comment";
      dialog.querySelector("[data-need=canceled_by]").hidden = move.needs !== "canceled_by";
      dialog.querySelector("[data-comment-label]").textContent = {
        send_to_uat: "What should the customer test on staging?",
        reject_uat: "What is still wrong?",
        follow_up: "How does the follow-up relate to the original request?",
        return_to_development: "What stops the release to production?",
      }[move.name] || "Comment";
      comment.value = "";
      dialog.returnValue = "";
      dialog.addEventListener("close", function done() {
        dialog.removeEventListener("close", done);
        if (dialog.returnValue !== "ok") return resolve(null);
        resolve(move.needs === "comment" ? { comment: comment.value } : { canceled_by: canceledBy.value });
      });
      dialog.showModal();
      (move.needs === "comment" ? comment : canceledBy).focus();
    });
  }

  function column(stage) {
    return board.querySelector('[data-drop="' + stage + '"]');
  }

  async function refresh(focusId) {
    /* Re-read the board from the server so counts, order and every card's moves are exact. */
    const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    const html = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = html.querySelector("[data-kanban]");
    if (fresh) board.innerHTML = fresh.innerHTML;
    const card = focusId && document.getElementById(focusId);
    if (card) card.querySelector(".kanban-card-title").focus();
  }

  async function move(card, target) {
    const from = card.dataset.stage;
    if (target === from) return;
    const moves = JSON.parse(card.dataset.moves || "[]");
    const chosen = moves.find((m) => m.target === target);
    const title = card.querySelector(".kanban-card-title").textContent.trim();
    if (!chosen) {
      const possible = moves.map((m) => m.label + " → " + (LABELS[m.target] || m.target));
      say(
        "“" + title + "” cannot go from " + LABELS[from] + " to " + LABELS[target] + ". " +
          (possible.length ? "Possible: " + possible.join("; ") + "." : "No move is possible from here."),
        "error"
      );
      return;
    }
    const home = { parent: card.parentNode, next: card.nextSibling };
    const words = await ask(chosen);
    if (words === null) return;
    column(target).prepend(card);
    card.classList.add("is-moving");
    let response, body;
    try {
      response = await fetch(card.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ transition: chosen.name, expected_stage: from, ...words }),
      });
      body = await response.json();
    } catch (error) {
      response = null;
      body = { error: { message: "The server did not answer; nothing was changed." } };
    }
    card.classList.remove("is-moving");
    if (!response || !response.ok) {
      home.parent.insertBefore(card, home.next);  /* snap back */
      say((body.error && body.error.message) || "The move was refused.", "error");
      card.querySelector(".kanban-card-title").focus();
      return;
    }
    say("“" + title + "” is now in " + LABELS[body.stage] + ".", "success", body.warnings);
    await refresh(card.id);
  }

  /* --- drag and drop ----------------------------------------------------------------------- */
  let dragged = null;
  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".kanban-card");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.task);
  });
  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    board.querySelectorAll(".is-over").forEach((el) => el.classList.remove("is-over"));
    dragged = null;
  });
  board.addEventListener("dragover", (event) => {
    const list = event.target.closest && event.target.closest("[data-drop]");
    if (!list || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    board.querySelectorAll(".is-over").forEach((el) => el !== list && el.classList.remove("is-over"));
    list.classList.add("is-over");
  });
  board.addEventListener("drop", (event) => {
    const list = event.target.closest && event.target.closest("[data-drop]");
    if (!list || !dragged) return;
    event.preventDefault();
    list.classList.remove("is-over");
    const card = dragged;
    dragged = null;
    card.classList.remove("is-dragging");
    move(card, list.dataset.drop);
  });

  /* --- the move buttons (keyboard and pointer) --------------------------------------------- */
  board.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-move-button]");
    if (!button) return;
    event.preventDefault();
    const form = button.closest(".kanban-move-form");
    move(button.closest(".kanban-card"), form.dataset.target);
  });
})();
