"""Database work for ``bench/run.py``, run in a subprocess against one database.

    python -m bench.prepare setup --tickets 100000 [--reseed] --out FILE
    python -m bench.prepare cleanup --out FILE
    python -m bench.prepare explain [--path /desk/?status=open] --out FILE

``setup`` migrates, removes what earlier benchmark runs submitted, seeds bulk tickets up to
``--tickets`` (nothing when there are enough; ``--reseed`` empties the ticket tables first),
vacuums, creates the bench agent and customer with API tokens, and samples ticket numbers.
``cleanup`` removes the tickets the benchmark submitted. ``explain`` runs one request in process
(``--path``; default the list API), captures its SQL and records ``EXPLAIN (ANALYZE, BUFFERS)`` of
each statement.
Each writes a JSON answer to ``--out``. ``DATABASE_URL`` and ``DJANGO_SETTINGS_MODULE`` come from
the environment (``bench/run.py`` sets them).
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_RECORDS = ROOT / "var" / "bench"
LIST_QUERY = {"status": "open", "tier": "t2"}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _db_name() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]


def ensure_bench_users() -> dict[str, str]:
    """The agent the API is read as and the customer it is written as, with their tokens."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from helpdesk.core.roles import AGENTS_GROUP
    from tickets.models import CustomerProfile, Organization, Tier

    User = get_user_model()

    def user(username: str):
        found, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.example.com"}
        )
        if created:
            found.set_unusable_password()
            found.save(update_fields=["password"])
        return found

    agent = user(settings.BENCH_AGENT)
    agent.groups.add(Group.objects.get(name=AGENTS_GROUP))
    Tier.objects.get(slug=LIST_QUERY["tier"]).members.add(agent)
    customer = user(settings.BENCH_CUSTOMER)
    org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    CustomerProfile.objects.update_or_create(
        user=customer, defaults={"organization": org, "is_manager": False}
    )
    return {
        "agent_token": Token.objects.get_or_create(user=agent)[0].key,
        "customer_token": Token.objects.get_or_create(user=customer)[0].key,
        "agent_session": _session_cookie(agent),
    }


def _session_cookie(user) -> str:
    """A signed-in session for ``user`` (the desk's pages), as a ``Cookie`` header value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(60 * 60 * 24)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def remove_submitted() -> int:
    """Tickets the submission benchmark filed (as the bench customer), so the size stays put."""
    from django.conf import settings

    from tickets.models import Ticket

    deleted, _ = Ticket.objects.filter(requester__username=settings.BENCH_CUSTOMER).delete()
    return deleted


def _vacuum() -> None:
    from django.db import connection

    from tickets.models import Message, Ticket

    with connection.cursor() as cursor:
        for model in (Ticket, Message, Ticket.tags.through):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _truncate() -> None:
    from django.db import connection

    from tickets.models import Ticket

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {connection.ops.quote_name(Ticket._meta.db_table)} RESTART IDENTITY CASCADE"
        )


def setup(tickets: int, reseed: bool, sample: int) -> dict:
    import django
    from django.core.management import call_command
    from django.db import connection

    from tickets.models import Ticket

    started = time.perf_counter()
    _migrate()
    migrate_seconds = time.perf_counter() - started
    removed = remove_submitted()
    if reseed:
        print(f"--reseed: emptying the ticket tables of {_db_name()}", flush=True)  # noqa: T201
        _truncate()
    existing = Ticket.objects.count()
    seeded = None
    if existing < tickets:
        missing = tickets - existing
        out = StringIO()
        print(f"Seeding {missing:,} tickets into {_db_name()} …", flush=True)  # noqa: T201
        started = time.perf_counter()
        call_command("seed_bulk", tickets=missing, force=True, seed=1, stdout=out)
        seconds = time.perf_counter() - started
        print(out.getvalue().strip(), flush=True)  # noqa: T201
        seeded = {
            "tickets": missing,
            "onto": existing,
            "seconds": round(seconds, 2),
            "output": out.getvalue().strip(),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        SEED_RECORDS.mkdir(parents=True, exist_ok=True)
        (SEED_RECORDS / f"seed-{_db_name()}.json").write_text(json.dumps(seeded, indent=2))
    _vacuum()
    tokens = ensure_bench_users()
    ids = list(Ticket.objects.values_list("pk", flat=True))
    rng = random.Random(42)
    previous_seed = None
    record = SEED_RECORDS / f"seed-{_db_name()}.json"
    if seeded is None and record.exists():
        previous_seed = json.loads(record.read_text())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    sample_ids = rng.sample(ids, min(sample, len(ids)))
    return {
        "database": _db_name(),
        "tickets": len(ids),
        "messages": _count_messages(),
        "matching_list_filter": Ticket.objects.filter(
            status=LIST_QUERY["status"], tier__slug=LIST_QUERY["tier"]
        ).count(),
        "removed_submitted": removed,
        "migrate_seconds": round(migrate_seconds, 2),
        "seeded": seeded,
        "previous_seed": previous_seed,
        "sample_ids": sample_ids,
        "live_paths": live_paths(sample_ids),
        "postgresql": server_version,
        "django": django.get_version(),
        **tokens,
    }


def live_paths(numbers: list[int]) -> list[str]:
    """The ticket page's live poll of each sampled ticket as the page that shows its current
    version and presence asks it: nothing changed, so each answers 204."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tickets import selectors

    agent = get_user_model().objects.get(username=settings.BENCH_AGENT)
    paths = []
    for number in numbers:
        state = selectors.live_state(agent, number, timezone.now())
        query = urlencode({"v": state.version, "p": state.presence_key})
        paths.append(f"/desk/tickets/{number}/live/?{query}")
    return paths


def _count_messages() -> int:
    from tickets.models import Message

    return Message.objects.count()


def _migrate() -> None:
    """Other work may add migrations while a run goes on: keep the database in step."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def cleanup() -> dict:
    _migrate()
    removed = remove_submitted()
    _vacuum()
    return {"removed_submitted": removed}


def explain(path: str | None = None) -> dict:
    """The statements of one request (default: the list API), each with its plan and how long
    PostgreSQL took. A ``/desk/`` path is read as the bench agent signed in to a session."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    _migrate()
    path = path or "/api/tickets/?" + "&".join(f"{k}={v}" for k, v in LIST_QUERY.items())
    client = APIClient(HTTP_HOST="127.0.0.1")
    if path.startswith("/api/"):
        token = Token.objects.get(user__username=settings.BENCH_AGENT).key
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    else:
        client.force_login(get_user_model().objects.get(username=settings.BENCH_AGENT))
    client.get(path)  # warm caches, as the measured requests are warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    statements = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            entry = {"sql": sql, "seconds_in_request": float(query["time"])}
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                entry["plan"] = "\n".join(row[0] for row in cursor.fetchall())
            statements.append(entry)
    return {"path": path, "status": response.status_code, "statements": statements}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["setup", "cleanup", "explain"])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--path", default=None, help="explain: the request (default: list API).")
    args = parser.parse_args(argv)
    _setup_django()
    if args.action == "setup":
        answer = setup(args.tickets, args.reseed, args.sample)
    elif args.action == "cleanup":
        answer = cleanup()
    else:
        answer = explain(args.path)
    args.out.write_text(json.dumps(answer, indent=2, default=str))


if __name__ == "__main__":
    main()
