"""Real Celery worker processes for the integration tests: same code, the test database, Redis.

Each test gets its own queue name (``CELERY_TASK_DEFAULT_QUEUE`` in the worker's environment),
so its worker runs only the tasks the test publishes and those its own tasks publish, never the
leftovers of another run. Mail goes to one ``.eml`` file per message in a temporary folder.
"""

import email
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import redis
from django.conf import settings
from django.db import connection

from helpdesk.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60


def test_database_url() -> str:
    """``DATABASE_URL`` of the database this test runs in (pytest-django's ``test_…`` one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def broker_is_redis() -> bool:
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


def wait_for(condition, *, timeout: float, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class Workers:
    """Starts, kills and stops worker processes on one private queue."""

    def __init__(self, tmp_path: Path):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.mail_dir = tmp_path / "mail"
        self.log_dir = tmp_path / "logs"
        self.log_dir.mkdir(parents=True)
        self.processes: list[subprocess.Popen] = []
        self.redis = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    # --- processes ----------------------------------------------------------------------------

    def start(self) -> subprocess.Popen:
        number = len(self.processes)
        log = self.log_dir / f"worker-{number}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
            "DATABASE_URL": test_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "EMAIL_BACKEND": "helpdesk.notifications.backends.FilePerMessageBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "DEBUG": "0",
            "LOG_LEVEL": "INFO",
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "helpdesk",
            "worker",
            "--pool=solo",
            f"--queues={self.queue}",
            f"--hostname={self.queue}-{number}@%h",
            "--prefetch-multiplier=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.processes.append(process)
        wait_for(
            lambda: self._ready(process, log),
            timeout=READY_TIMEOUT,
            interval=0.1,
            what=f"worker {number} to be ready (log: {log})",
        )
        return process

    def _ready(self, process: subprocess.Popen, log: Path) -> bool:
        if process.poll() is not None:
            raise AssertionError(f"worker exited with {process.returncode}:\n{log.read_text()}")
        return " ready." in log.read_text(errors="replace")

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, no rollback by the worker itself."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, process: subprocess.Popen) -> None:
        """SIGTERM: warm shutdown, the task in hand finishes first."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill(process)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)
        self._forget_queue()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*")))

    # --- broker -------------------------------------------------------------------------------

    def publish(self, task: str, **kwargs) -> None:
        """What beat does every minute: put the task on the queue."""
        celery_app.send_task(task, kwargs=kwargs, queue=self.queue)

    def _ours_unacked(self) -> list[bytes]:
        tags = []
        for tag, raw in self.redis.hgetall("unacked").items():
            try:
                if json.loads(raw)[2] == self.queue:
                    tags.append(tag)
            except (ValueError, IndexError, TypeError):
                continue
        return tags

    def drained(self) -> bool:
        """Nothing waits on the queue and nothing taken from it is still being worked on
        (tasks acknowledge late, so a message stays unacked until its task has finished)."""
        return self.redis.llen(self.queue) == 0 and not self._ours_unacked()

    def queued(self) -> int:
        return self.redis.llen(self.queue)

    def _forget_queue(self) -> None:
        """Remove the queue, its bindings and the messages a killed worker left unacknowledged."""
        for tag in self._ours_unacked():
            self.redis.hdel("unacked", tag)
            self.redis.zrem("unacked_index", tag)
        self.redis.delete(
            self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}"
        )

    # --- mail ---------------------------------------------------------------------------------

    def mails(self) -> list[email.message.Message]:
        if not self.mail_dir.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes())
            for path in sorted(self.mail_dir.glob("*.eml"))
        ]

    def mails_per_ticket(self, kind: str) -> Counter:
        return Counter(
            int(m["X-Helpdesk-Ticket"])
            for m in self.mails()
            if m["X-Helpdesk-Notification"] == kind
        )
