"""Absolute links for what leaves the site (emails, alerts, webhooks): ``HELPDESK_BASE_URL``
plus a path."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.HELPDESK_BASE_URL.rstrip("/") + path


def absolute_url(name: str, *args) -> str:
    """``reverse(name, args=args)`` on the helpdesk's public base URL."""
    return absolute(reverse(name, args=args))
