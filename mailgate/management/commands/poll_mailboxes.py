"""``manage.py poll_mailboxes [NAME …]``: what the IMAP sweep does every minute, by hand."""

from django.core.management.base import BaseCommand, CommandError

from mailgate import imap


class Command(BaseCommand):
    help = "Fetch the unseen messages of the active IMAP mailboxes and receive each once."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these mailboxes (default: all active).")

    def handle(self, *args, names, **options):
        polls = imap.poll_active(names)
        if names and len(polls) < len(set(names)):
            raise CommandError("No active mailbox by that name.")
        for poll in polls:
            self.stdout.write(str(poll))
