"""Inbound mail: mailboxes, every message received, and the pipeline that turns a message into a
ticket, a reply or a side-thread message (threading, reply extraction, loop protection)."""
