"""The drop folder: with ``make run``, each ``.eml`` saved in ``var/inbox/`` is received.

``sweep`` receives every ``*.eml`` in the folder (oldest first) and moves it to
``processed/`` once its transaction committed, or to ``failed/`` with a ``.error`` file next
to it when it cannot be read. A file received twice (the sweep died between the commit and the
move) is stored once: the second receive finds the first row and changes nothing.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from .services import receive
from .states import Source

logger = logging.getLogger(__name__)
BATCH = 100


@dataclass
class Swept:
    processed: int = 0
    failed: int = 0


def folder() -> Path | None:
    value = settings.HELPDESK_MAIL_DROP_FOLDER
    return Path(value) if value else None


def _move(path: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    destination = target / path.name
    counter = 1
    while destination.exists():
        destination = target / f"{path.stem}.{counter}{path.suffix}"
        counter += 1
    return path.rename(destination)


def sweep(path: Path | None = None, *, batch: int = BATCH) -> Swept:
    """Receive the ``.eml`` files waiting in ``path`` (the setting's folder by default)."""
    path = path or folder()
    swept = Swept()
    if path is None or not path.is_dir():
        return swept
    files = sorted(path.glob("*.eml"), key=lambda p: (p.stat().st_mtime, p.name))[:batch]
    for file in files:
        try:
            row, _ = receive(file.read_bytes(), source=Source.DROP_FOLDER)
        except DatabaseError:
            logger.exception("Drop folder: %s left for the next sweep.", file.name)
            break  # the database is down: try again later, move nothing
        except Exception as error:
            logger.exception("Drop folder: %s could not be received.", file.name)
            moved = _move(file, path / "failed")
            moved.with_suffix(".error").write_text(f"{type(error).__name__}: {error}\n")
            swept.failed += 1
            continue
        _move(file, path / "processed")
        logger.info("Drop folder: %s → %s (%s)", file.name, row.result, row.reason)
        swept.processed += 1
    return swept
