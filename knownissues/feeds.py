"""The Atom feed of the public status page: one entry per public status line."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import selectors
from .selectors import PublicUpdate


class StatusFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self) -> str:
        return settings.STATUS_PAGE_TITLE

    def subtitle(self) -> str:
        return "Incidents and their updates, newest first."

    def link(self) -> str:
        return reverse("status-page")

    def feed_guid(self) -> str:
        return "status-updates"

    def get_object(self, request, *args, **kwargs):
        """The snapshot the view already read (``request.status_snapshot``), if any."""
        return getattr(request, "status_snapshot", None)

    def items(self, snapshot) -> list[PublicUpdate]:
        return snapshot.history if snapshot is not None else selectors.status_history()

    def item_title(self, item: PublicUpdate) -> str:
        return f"{item.title}: {item.status_label}"

    def item_description(self, item: PublicUpdate) -> str:
        return item.summary

    def item_link(self, item: PublicUpdate) -> str:
        return f"{reverse('status-page')}#incident-{item.number}"

    def item_guid(self, item: PublicUpdate) -> str:
        return f"status-update-{item.number}-{item.at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PublicUpdate):
        return item.at

    def item_updateddate(self, item: PublicUpdate):
        return item.at
