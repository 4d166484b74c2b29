"""Demo known issues (``manage.py seed_demo``): one Investigating with 3 linked tickets, one
Known Issue on the status page with 6, one Resolved whose tickets got a bulk answer.

Idempotent: an issue whose slug exists is left alone. Everything goes through the services.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from tickets.models import Ticket

from . import services
from .models import KnownIssue
from .states import IssueStatus

DEMO = [
    {
        "slug": "password-reset-mail",
        "title": "Password reset emails arrive late or not at all",
        "status": IssueStatus.INVESTIGATING,
        "subjects": ["Password reset email never arrives"],
        "description": "Mail provider queue backs up; check the bounce log before escalating.",
    },
    {
        "slug": "payment-webhook-timeout",
        "title": "Payment webhooks time out; scheduled jobs run late",
        "status": IssueStatus.KNOWN_ISSUE,
        "subjects": ["Payment webhook times out", "Cron jobs stopped running"],
        "description": "The job queue is saturated since the 4.2.1 deploy. Workaround: none.",
        "public_title": "Payment confirmations are delayed",
        "public_summary": "Some payment confirmations and scheduled jobs are delayed.",
        "bug_url": "https://github.com/example/shop/issues/4211",
        "partner_tickets": "STRIPE-99812",
        "post": True,
    },
    {
        "slug": "mobile-images",
        "title": "Fixed: images do not load on mobile browsers",
        "status": IssueStatus.RESOLVED,
        "subjects": ["Images do not load on mobile"],
        "description": "CDN rule rejected the mobile user agent. Fixed in 4.2.2.",
        "answer": "The images problem on mobile is **fixed** in release 4.2.2. Reload the page "
        "and they appear again; reply here if they do not.",
    },
]


@transaction.atomic
def seed_demo() -> str:
    User = get_user_model()
    author = User.objects.filter(username="t3").first()
    lead = User.objects.filter(username="lead").first()
    if author is None or lead is None:
        return "Known issues: no demo agents yet; run the tickets demo first."
    created = 0
    for spec in DEMO:
        if KnownIssue.objects.filter(slug=spec["slug"]).exists():
            continue
        numbers = list(
            Ticket.objects.filter(subject__in=spec["subjects"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        issue = services.create_known_issue(
            actor=author,
            title=spec["title"],
            public_title=spec.get("public_title", ""),
            slug=spec["slug"],
            description=spec["description"],
            public_summary=spec.get("public_summary", ""),
            bug_url=spec.get("bug_url", ""),
            partner_tickets=spec.get("partner_tickets", ""),
            status=IssueStatus.KNOWN_ISSUE
            if spec["status"] == IssueStatus.KNOWN_ISSUE
            else IssueStatus.INVESTIGATING,
            tickets_to_link=numbers,
        )
        if spec.get("post"):
            services.post_incident(issue, actor=lead, summary=issue.public_summary)
        if spec["status"] == IssueStatus.RESOLVED:
            services.change_status(issue, actor=author, status=IssueStatus.RESOLVED)
            answer = services.compose_bulk_answer(
                issue, actor=author, body=spec["answer"], resolve_tickets=True
            )
            services.send_now(answer, actor=author)
        created += 1
    total = KnownIssue.objects.count()
    return f"Known issues: {created} created, {total} in all."
