"""The time pages of the desk, under ``/desk/time/``, by page topic: My time and its entries
(``entries``), the timer (``timer``), technical calls and follow-ups (``calls``), and the leads'
reports with their CSV export (``reports``). What every action shares is in ``common``.

Every action works without JavaScript (plain form, redirect back with a message). From a time
panel with htmx, the action answers with the fresh panel and its notice instead (400/403/409 for
a refusal, which the desk's htmx config swaps in too).
"""
