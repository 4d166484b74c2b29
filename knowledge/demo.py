"""Demo knowledge base (``manage.py seed_demo``): three categories; public articles in the help
centre (one with its Spanish variant), one in review, one internal; a published article with two
versions; "answered by" links on demo tickets; a few votes and a deflection.

Idempotent: an article whose slug exists is left alone. Everything goes through the services.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from tickets.models import Ticket

from . import services
from .models import Article, Category

CATEGORIES = [
    ("account", "Your account", "Signing in, passwords, users.", 1),
    ("billing", "Billing and invoices", "Invoices, exports, payments.", 2),
    ("troubleshooting", "Troubleshooting", "When something does not work.", 3),
]

PASSWORD = """If the reset email does not arrive within five minutes:

1. Check the spam or junk folder.
2. Make sure you typed the address you signed up with.
3. Ask for a new link: each link works once, for one hour.

Still nothing? Your mail server may reject our messages: ask your IT team to allow
`no-reply@helpdesk.example`."""

PASSWORD_ES = """Si el correo para restablecer la contraseña no llega en cinco minutos:

1. Revise la carpeta de correo no deseado.
2. Compruebe que escribió la dirección con la que se registró.
3. Pida un enlace nuevo: cada enlace sirve una vez, durante una hora."""

INVOICES = """Open **Billing → Invoices**, choose the months and press **Export**. You get a CSV
file with one line per invoice (number, date, amount, VAT, status).

| Column | Meaning |
|---|---|
| number | The invoice number |
| vat | The VAT amount |"""

INVOICES_V2 = (
    INVOICES
    + """

Exports of more than 12 months arrive by email as a ZIP file."""
)

IMAGES = """Images that do not load on phones are usually a cached old version of the page.

- Reload the page while holding the refresh button, or clear the browser's cache.
- Try another network (mobile data instead of Wi-Fi).

If they still do not load, file a ticket with your phone's model and browser."""

ADMINS = """Every account may have several administrators. An administrator opens **Settings →
Users**, presses **Invite** and chooses the role *Administrator*."""

DISK = """Internal: when a customer's server disk is almost full, check `/var/log` first (log
rotation stops when the disk is full), then old backups in `/srv/backups`. Never delete the
database's WAL files; escalate to T3 instead."""

ARTICLES = [
    {"slug": "password-reset-email", "title": "The password reset email does not arrive",
     "category": "account", "body": PASSWORD, "publish": True,
     "answers": ["Password reset email never arrives"], "votes": [True, True, False],
     "deflected_by": "Reset email missing"},
    {"slug": "correo-restablecer-contrasena", "title": "No llega el correo para restablecer la "
     "contraseña", "category": "account", "body": PASSWORD_ES, "language": "es",
     "variant_of": "password-reset-email", "publish": True},
    {"slug": "export-invoices", "title": "How to export your invoices", "category": "billing",
     "body": INVOICES, "publish": True, "update": INVOICES_V2,
     "answers": ["How do I export my invoices?"], "votes": [True]},
    {"slug": "images-on-mobile", "title": "Images do not load on a phone",
     "category": "troubleshooting", "body": IMAGES, "publish": True,
     "related": ["password-reset-email"]},
    {"slug": "second-administrator", "title": "Add a second administrator", "category": "account",
     "body": ADMINS, "submit": True},
    {"slug": "server-disk-full", "title": "Server disk almost full: what to check",
     "category": "troubleshooting", "body": DISK, "audience": "internal", "publish": True,
     "answers": ["Server disk almost full"]},
]  # fmt: skip


@transaction.atomic
def seed_demo() -> str:
    User = get_user_model()
    writer = User.objects.filter(username="t1").first()
    lead = User.objects.filter(username="lead").first()
    customer = User.objects.filter(username="customer").first()
    if writer is None or lead is None:
        return "Knowledge: no demo agents yet; run the tickets demo first."
    for slug, name, description, position in CATEGORIES:
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    created = 0
    for spec in ARTICLES:
        if Article.objects.filter(slug=spec["slug"]).exists():
            continue
        article = services.create_article(
            actor=writer,
            title=spec["title"],
            slug=spec["slug"],
            body=spec["body"],
            category=spec["category"],
            audience=spec.get("audience", "public"),
            language=spec.get("language", "en"),
            variant_of=Article.objects.filter(slug=spec.get("variant_of", "")).first(),
            related=Article.objects.filter(slug__in=spec.get("related", [])),
        )
        if spec.get("submit") or spec.get("publish"):
            services.transition_article(article, actor=writer, name="submit")
        if spec.get("publish"):
            services.transition_article(article, actor=lead, name="publish")
        if spec.get("update"):
            services.update_article(article, actor=lead, body=spec["update"])
        for ticket in Ticket.objects.filter(subject__in=spec.get("answers", [])).order_by("pk")[:3]:
            services.link_article(article, ticket, actor=writer)
        for n, helpful in enumerate(spec.get("votes", [])):
            services.vote(article, visitor=f"demo:{n}", helpful=helpful)
        if spec.get("deflected_by") and customer is not None:
            services.record_deflection(
                article, visitor=f"user:{customer.pk}", subject=spec["deflected_by"]
            )
        created += 1
    return f"Knowledge: {created} articles created, {Article.objects.count()} in all."
