"""The inbound pipeline's entry point: ``receive`` one raw message, from any door."""

from .receive import receive

__all__ = ["receive"]
