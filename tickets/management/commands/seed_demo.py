import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tickets.demo import seed_demo

# Apps that add their own demo rows after the tickets', each a module with seed_demo() -> str
# (a summary line).
APP_DEMOS = ("timesheets.demo", "knownissues.demo")


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
        for module_name in APP_DEMOS:
            self.stdout.write(importlib.import_module(module_name).seed_demo())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['tickets_created']} tickets created, "
                f"{result['tickets']} in all. Users: customer, acme-manager, customer2, triage, "
                "t1-t5, oncall, lead, admin (password 'demo')."
            )
        )
