"""``manage.py seed_bulk --settings=bench.settings``: bulk benchmark tickets (``bench.seeding``).

Only ``bench.settings`` installs the ``bench`` app, so the product's own settings never offer it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.seeding import DEFAULT_BATCH_SIZE, METHODS, seed_bulk


class Command(BaseCommand):
    help = (
        "Load N bulk tickets (two messages each) for benchmarks: COPY on PostgreSQL, "
        "bulk_create elsewhere. Adds to what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=1000, help="How many (default 1000).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Tickets per batch (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for the same data every time."
        )
        parser.add_argument(
            "--method",
            choices=METHODS,
            default="auto",
            help="auto: COPY on PostgreSQL, bulk_create elsewhere.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    def handle(
        self, *args, tickets: int, batch_size: int, seed, method: str, force: bool, **options
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_bulk fills the database with made-up tickets; it runs only with DEBUG=1 "
                "(or --force)."
            )
        if tickets < 0 or batch_size < 1:
            raise CommandError("--tickets must be 0 or more and --batch-size at least 1.")
        verbose = options.get("verbosity", 1) >= 2

        def progress(done: int, total: int) -> None:
            if verbose:
                self.stdout.write(f"  {done:,} / {total:,}")

        try:
            result = seed_bulk(
                tickets, batch_size=batch_size, seed=seed, method=method, progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.tickets:,} tickets, {result.messages:,} messages and "
                f"{result.tags:,} tag links into {connection.vendor} with {result.method} in "
                f"{result.seconds:.1f} s ({result.tickets_per_second:,.0f} tickets/s)."
            )
        )
