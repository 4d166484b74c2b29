"""A private Dovecot IMAP server for the tests (Debian's ``dovecot-imapd``), never the system one.

``Dovecot.start()`` writes a configuration into a fresh temporary folder and runs ``dovecot -F -c
<conf>`` as a child process: IMAP without TLS on a free port of 127.0.0.1, plaintext logins, one
test user in a passwd-file, a maildir in the same folder. ``stop()`` ends it and removes the folder.

Without ``dovecot`` installed the tests that need it are skipped, unless
``HELPDESK_REQUIRE_DOVECOT=1`` (set by ``.ci/run``, which installs the package) turns the skip into
a failure, so CI cannot pass without proving the IMAP door against the real server.

Run as root (CI), Dovecot refuses root for its login and mail processes: those run as the
``dovenull`` and ``dovecot`` users the package creates, and the maildir belongs to ``dovecot``.
Run as anyone else, every process runs as that user.
"""

import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

CANDIDATES = ("dovecot", "/usr/sbin/dovecot")
READY_TIMEOUT = 20.0


def dovecot_binary() -> str | None:
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_dovecot() -> str:
    """The path of ``dovecot``; skips the test without it (fails under HELPDESK_REQUIRE_DOVECOT)."""
    binary = dovecot_binary()
    if binary is None:
        reason = "dovecot is not installed (apt-get install dovecot-imapd)"
        if os.environ.get("HELPDESK_REQUIRE_DOVECOT"):
            pytest.fail(f"{reason}; HELPDESK_REQUIRE_DOVECOT is set, so the IMAP tests must run.")
        pytest.skip(reason)
    return binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    """One Dovecot server with one user (``user`` / ``password``)."""

    host = "127.0.0.1"
    user = "support"
    password = "imap-test-secret"

    def __init__(self, binary: str):
        self.binary = binary
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="helpdesk-dovecot-"))
        self.process: subprocess.Popen | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> "Dovecot":
        self._write_config()
        with (self.root / "stdout.log").open("wb") as out:
            self.process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.root / "dovecot.conf")],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while not self._answers():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"dovecot exited with {self.process.returncode}:\n{self.logs()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"dovecot did not answer within {READY_TIMEOUT} s:\n{self.logs()}"
                )
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")
            for path in (self.root / "stdout.log", self.root / "dovecot.log")
            if path.exists()
        )

    def _answers(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1) as sock:
                return sock.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def _write_config(self) -> None:
        me = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        mail = self.root / "mail"
        mail.mkdir()
        if os.getuid() == 0:
            self.root.chmod(0o755)  # the unprivileged login processes reach the sockets in it
            internal, internal_group, login = "dovecot", "dovecot", "dovenull"
            owner = pwd.getpwnam("dovecot")
            os.chown(mail, owner.pw_uid, owner.pw_gid)
            uid, gid, service_user = owner.pw_uid, owner.pw_gid, "root"
        else:
            internal, internal_group, login = me, group, me
            uid, gid, service_user = os.getuid(), os.getgid(), me
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        config = f"""
protocols = imap
listen = {self.host}
base_dir = {self.root}/run
state_dir = {self.root}/state
instance_name = helpdesk-test-{self.port}
log_path = {self.root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_fsync = never
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{mail}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
  user = {login}
}}
service anvil {{
  chroot =
}}
service stats {{
  user = {service_user}
}}
service auth {{
  user = {service_user}
}}
service auth-worker {{
  user = {service_user}
}}
"""
        (self.root / "dovecot.conf").write_text(config)

    # --- the test user's mail ---------------------------------------------------------------

    def client(self, folder: str = "INBOX") -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=30)
        client.login(self.user, self.password)
        if folder:
            client.select(folder)
        return client

    def append(self, messages: list[bytes], folder: str = "INBOX") -> None:
        """Deliver ``messages`` by IMAP APPEND, unseen."""
        client = self.client(folder="")
        try:
            for raw in messages:
                status, data = client.append(folder, None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()

    def count(self, criterion: str = "ALL", folder: str = "INBOX") -> int:
        client = self.client(folder="")
        try:
            status, data = client.select(folder, readonly=True)
            if status != "OK":
                return 0
            status, data = client.search(None, criterion)
            assert status == "OK", data
            return len(data[0].split())
        finally:
            client.logout()

    def mark_all_unseen(self, folder: str = "INBOX") -> None:
        """What a crash after storing but before marking leaves: every message unseen."""
        client = self.client(folder)
        try:
            status, data = client.store("1:*", "-FLAGS", "(\\Seen)")
            assert status == "OK", data
        finally:
            client.logout()
