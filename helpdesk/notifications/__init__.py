"""The outbox: notification rows written in the caller's transaction, delivered by a sender.

``services.enqueue`` renders an email and stores it with a unique dedupe key in the same
transaction as the change that causes it, then schedules the sender on commit. ``sender`` delivers
pending rows one locked row at a time and retries with backoff. The outbox knows no other app:
a notification refers to its ticket by number only.
"""
