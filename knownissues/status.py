"""Kept only for ``guard_forms``' import of ``SUMMARY_MAX_CHARS``, which lives in
``knownissues.policies``: delete this module once that form imports it from there. The status
page's writes are ``knownissues.services.status_page``, its read model
``knownissues.selectors.status_page``, who may post ``knownissues.policies``."""

from .policies import SUMMARY_MAX_CHARS

__all__ = ["SUMMARY_MAX_CHARS"]
