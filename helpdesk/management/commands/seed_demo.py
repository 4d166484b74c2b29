"""The demo of the whole helpdesk, composed here at the top (``helpdesk`` may use every app;
no app knows the others' demos): the tickets' organizations, users and tickets first, then each
app's rows on top of them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engineering import demo as engineering_demo
from knowledge import demo as knowledge_demo
from knowledge import macro_demo
from knownissues import demo as knownissues_demo
from satisfaction import demo as satisfaction_demo
from tickets.demo import seed_demo
from timesheets import demo as timesheets_demo

# Each adds its rows after the tickets' and returns a summary line.
APP_DEMOS = (
    engineering_demo,
    timesheets_demo,
    knownissues_demo,
    knowledge_demo,
    macro_demo,
    satisfaction_demo,
)


class Command(BaseCommand):
    help = "Load the demo organizations, users (password 'demo') and tickets. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with the password 'demo'; it runs only with DEBUG=1 "
                "(or --force)."
            )
        result = seed_demo()
        for app_demo in APP_DEMOS:
            self.stdout.write(app_demo.seed_demo())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['tickets_created']} tickets created, "
                f"{result['tickets']} in all. Users: customer, acme-manager, customer2, triage, "
                "t1-t5, oncall, lead, admin (password 'demo')."
            )
        )
