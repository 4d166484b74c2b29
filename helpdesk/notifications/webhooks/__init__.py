"""Signed outbound webhooks for the team's other tools (chat, incident tools, dashboards).

- ``enqueue``: the events handler (registered on import) writing one ``WebhookDelivery`` per
  active endpoint subscribed to the event, in the publisher's transaction; the JSON and chat
  bodies.
- ``deliver``: the delivery loop (``deliver_pending``), ``retry`` and ``rotate_secret`` for
  admin.
- ``signing``: the headers, the signature, and ``verify_signature`` for receivers.

``NotificationsConfig.ready`` imports this package so the handler is registered in every
process that publishes events.
"""

from .deliver import deliver_pending, retry, rotate_secret, schedule_delivery
from .enqueue import DELIVER_TASK, EVENT_CHOICES, EVENT_NAMES, enqueue_webhooks
from .signing import sign, verify_signature

__all__ = [
    "DELIVER_TASK",
    "EVENT_CHOICES",
    "EVENT_NAMES",
    "deliver_pending",
    "enqueue_webhooks",
    "retry",
    "rotate_secret",
    "schedule_delivery",
    "sign",
    "verify_signature",
]
