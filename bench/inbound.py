"""Inbound mail throughput on PostgreSQL: `python -m bench.inbound` (part of `make bench`).

Every door (IMAP, ``receive_email``, the drop folder) hands a message to
``mailgate.services.receive``, which parses it, stores it once and runs it through the pipeline
(threading, reply extraction, senders, loops) in one transaction. This measures that call: messages
parsed, threaded and stored per second, one process, one message after the other, each committed.

The database (``BENCH_INBOUND_URL``, default ``<DATABASE_URL's name>_inbound``, i.e.
``helpdesk_bench_inbound``) is recreated for each run from a migrated template
(``<name>_template``), so runs start alike and leave nothing behind. Then:

1. 40 known customers of one organization file 200 tickets through ``submit_ticket`` (each with
   its acknowledgement in the outbox, whose Message-ID a mail client answers to);
2. a realistic mix of 600 messages, a third each: new tickets from known customers, replies sent
   to a ticket's reply address (``support+<n>-<token>@…``), replies found by ``In-Reply-To`` /
   ``References``; replies quote the mail they answer, as mail clients do;
3. ``receive()`` on each, timed; 20 messages of warm-up first.

Writes its section of ``docs/benchmarks.md`` between the ``inbound`` markers and
``var/bench/inbound.json``.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
DOC = ROOT / "docs" / "benchmarks.md"
RECORD = ROOT / "var" / "bench" / "inbound.json"
START, END = "<!-- inbound:start -->", "<!-- inbound:end -->"
CUSTOMERS = 40
TICKETS = 200
MESSAGES = 600
WARMUP = 20
GOAL = 100.0  # messages per second (docs: performance budgets)
DOMAIN = "inbound.bench.example"


def say(*parts) -> None:
    print(*parts, flush=True)  # noqa: T201


def processes_words(n: int) -> str:
    """ "1 process", "2 processes" (Django is set up by the time anything is said or written)."""
    from django.utils.translation import ngettext

    return ngettext("%(n)d process", "%(n)d processes", n) % {"n": n}


# --- the database -------------------------------------------------------------------------------


def urls() -> tuple[str, str]:
    from bench.run import db_name, with_db_name

    base = os.environ.get("DATABASE_URL") or DEFAULT_URL
    url = os.environ.get("BENCH_INBOUND_URL") or with_db_name(base, db_name(base) + "_inbound")
    return url, with_db_name(url, db_name(url) + "_template")


def fresh_database(url: str, template: str) -> None:
    """Migrate the template (quick when it is up to date), then copy it into ``url``."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    from bench.run import db_name, ensure_database, libpq_url

    ensure_database(template)
    env = {**os.environ, "DATABASE_URL": template, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env["LOG_LEVEL"] = "WARNING"
    say(f"Migrating {db_name(template)}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=900,
    )
    conn = psycopg.connect(make_conninfo(libpq_url(url), dbname="postgres"), autocommit=True)
    with conn:
        name, source = sql.Identifier(db_name(url)), sql.Identifier(db_name(template))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, source))


def setup_django(url: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


# --- the population and the messages -----------------------------------------------------------


def seed() -> list[dict]:
    """Customers and their tickets; returns, per ticket, what a reply needs."""
    from django.contrib.auth import get_user_model

    from helpdesk.notifications.models import Notification
    from tickets.models import CustomerProfile, Organization
    from tickets.services import submit_ticket

    User = get_user_model()
    org = Organization.objects.create(name="Inbound Bench", slug="inbound-bench")
    customers = []
    for n in range(CUSTOMERS):
        user = User.objects.create(
            username=f"inbound-{n}",
            email=f"customer{n}@{DOMAIN}",
            first_name=f"Customer{n}",
            last_name="Bench",
        )
        CustomerProfile.objects.create(user=user, organization=org)
        customers.append(user)
    tickets = []
    for n in range(TICKETS):
        customer = customers[n % CUSTOMERS]
        ticket = submit_ticket(
            actor=customer,
            subject=f"Export to CSV fails for report {n}",
            description=f"When I export report {n} the download stops at 40%.",
            category="question",
        )
        acknowledgement = (
            Notification.objects.filter(ticket_number=ticket.number, recipient=customer.email)
            .exclude(message_id="")
            .order_by("pk")
            .first()
        )
        tickets.append(
            {
                "number": ticket.number,
                "subject": ticket.subject,
                "email": customer.email,
                "name": customer.get_full_name(),
                "message_id": acknowledgement.message_id if acknowledgement else "",
            }
        )
    return tickets


QUOTE = (
    "On Mon, 7 Dec 2026 at 09:12, Support <support@example.com> wrote:\r\n"
    "> Hello {name},\r\n"
    ">\r\n"
    "> we received your ticket #{number} and will answer soon.\r\n"
    ">\r\n"
    "> Reply above this line.\r\n"
)


def _mail(
    *, sender: str, name: str, to: str, subject: str, body: str, run: str, n: int, extra=()
) -> bytes:
    headers = [
        f"From: {name} <{sender}>",
        f"To: {to}",
        f"Subject: {subject}",
        "Date: Mon, 07 Dec 2026 10:00:00 +0000",
        f"Message-ID: <bench-{run}-{n}@{DOMAIN}>",
        *extra,
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()


def messages(tickets: list[dict], run: str) -> list[tuple[str, bytes]]:
    """``MESSAGES`` (kind, raw) in a fixed interleaved order: new, reply address, In-Reply-To."""
    from django.conf import settings

    from helpdesk.notifications.addresses import reply_address

    support = settings.HELPDESK_SUPPORT_ADDRESS
    out = []
    for n in range(MESSAGES):
        ticket = tickets[(n // 3) % len(tickets)]
        kind = ("new", "reply_address", "in_reply_to")[n % 3]
        signature = f"\r\n\r\n--\r\n{ticket['name']}\r\nInbound Bench Ltd.\r\n"
        if kind == "new":
            raw = _mail(
                sender=ticket["email"],
                name=ticket["name"],
                to=support,
                subject=f"Invoice {n} shows the wrong VAT rate",
                body=f"Hello,\r\n\r\ninvoice {n} charges 21% instead of 10%.{signature}",
                run=run,
                n=n,
            )
        else:
            quote = QUOTE.format(name=ticket["name"], number=ticket["number"])
            body = f"It still fails this morning, same 40%.{signature}\r\n{quote}"
            if kind == "reply_address":
                to = reply_address(ticket["number"], ticket["email"])
                extra: tuple[str, ...] = ()
            else:
                to = support
                extra = (
                    f"In-Reply-To: {ticket['message_id']}",
                    f"References: {ticket['message_id']}",
                )
            raw = _mail(
                sender=ticket["email"],
                name=ticket["name"],
                to=to,
                subject=f"Re: [#{ticket['number']}] {ticket['subject']}",
                body=body,
                run=run,
                n=n,
                extra=extra,
            )
        out.append((kind, raw))
    return out


# --- measuring ----------------------------------------------------------------------------------


def _receive_all(mailbox_id: int, batch: list[tuple[str, bytes]]) -> dict:
    """Receive ``batch`` one message after the other; what each took and what it became."""
    from mailgate.models import Mailbox
    from mailgate.services import receive
    from mailgate.states import Source

    mailbox = Mailbox.objects.get(pk=mailbox_id)
    times: dict[str, list[float]] = {"new": [], "reply_address": [], "in_reply_to": []}
    results: dict[str, Counter] = {kind: Counter() for kind in times}
    reasons: Counter = Counter()
    stored = 0
    started = time.perf_counter()  # CLOCK_MONOTONIC: comparable between processes
    for kind, raw in batch:
        began = time.perf_counter()
        row, created = receive(raw, source=Source.IMAP, mailbox=mailbox)
        times[kind].append(time.perf_counter() - began)
        stored += created
        results[kind][row.result] += 1
        if row.reason:
            reasons[row.reason] += 1
    return {
        "started": started,
        "ended": time.perf_counter(),
        "times": times,
        "results": results,
        "reasons": reasons,
        "stored": stored,
    }


def _receive_part(args: tuple[int, list[tuple[str, bytes]]]) -> dict:
    return _receive_all(*args)


def measure(batch: list[tuple[str, bytes]], mailbox_id: int, processes: int) -> dict:
    """``batch`` through ``receive`` in ``processes`` processes at once (1: in this one)."""
    if processes == 1:
        parts = [_receive_all(mailbox_id, batch)]
    else:
        import multiprocessing

        from django.db import connections

        connections.close_all()  # each forked process opens its own connection
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.map(
                _receive_part, [(mailbox_id, batch[i::processes]) for i in range(processes)]
            )
    elapsed = max(p["ended"] for p in parts) - min(p["started"] for p in parts)
    kinds = ("new", "reply_address", "in_reply_to")
    times = {kind: [t for p in parts for t in p["times"][kind]] for kind in kinds}
    results = {kind: sum((p["results"][kind] for p in parts), Counter()) for kind in kinds}
    reasons = sum((p["reasons"] for p in parts), Counter())
    every = [t for kind_times in times.values() for t in kind_times]
    return {
        "processes": processes,
        "messages": len(batch),
        "stored": sum(p["stored"] for p in parts),
        "seconds": round(elapsed, 3),
        "per_second": round(len(batch) / elapsed, 1),
        **_latency(every),
        "kinds": {
            kind: {
                "messages": len(times[kind]),
                "per_second_one_process": round(len(times[kind]) / sum(times[kind]), 1),
                **_latency(times[kind]),
                "results": dict(results[kind]),
            }
            for kind in kinds
        },
        "reasons": dict(reasons.most_common(5)),
    }


def warm_up(batch: list[tuple[str, bytes]]) -> int:
    from mailgate.models import Mailbox
    from mailgate.services import receive

    mailbox = Mailbox.objects.create(
        name="inbound-bench", host="127.0.0.1", username="bench", password_env="UNUSED"
    )
    for _kind, raw in batch[:WARMUP]:
        receive(raw.replace(b"Message-ID: <bench-", b"Message-ID: <warmup-"), mailbox=mailbox)
    return mailbox.pk


def _latency(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
    }


def commit_floor(count: int = 300) -> dict:
    """The floor: one committed single-row INSERT after the other (what storing a message once
    costs at least with ``synchronous_commit`` on: a WAL flush)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit_floor (id bigserial PRIMARY KEY, body text)")
        cursor.execute("SHOW synchronous_commit")
        synchronous_commit = cursor.fetchone()[0]
    started = time.perf_counter()
    for n in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit_floor (body) VALUES (%s)", [f"row {n}"])
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_commit_floor")
    return {
        "per_second": round(count / elapsed, 1),
        "ms": round(elapsed / count * 1000, 2),
        "synchronous_commit": synchronous_commit,
    }


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Inbound mail throughput on PostgreSQL.")
    parser.add_argument(
        "--processes", type=int, default=2, help="Processes receiving at once (the goal's cores)."
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.run import db_name, load_average, machine

    url, template = urls()
    fresh_database(url, template)
    setup_django(url)
    from django.db import connection

    say(f"Seeding {CUSTOMERS} customers and {TICKETS} tickets into {db_name(url)}")
    tickets = seed()
    mailbox_id = warm_up(messages(tickets, "warmup"))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0]
    load_before = load_average()
    floor = commit_floor()
    runs = []
    for processes in sorted({1, args.processes}):
        batch = messages(tickets, uuid.uuid4().hex[:8])
        say(f"Receiving {len(batch)} messages in {processes_words(processes)}")
        runs.append(measure(batch, mailbox_id, processes))
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "database": db_name(url),
        "postgresql": postgresql,
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_average(),
        "floor": floor,
        "runs": runs,
    }
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(results, indent=2))
    section = render(results)
    write_section(section)
    say(section)


def _pipeline_note(r: dict) -> list[str]:
    """Say so when the pipeline did nothing but discard: then only parsing and storing ran."""
    outcomes: Counter = Counter()
    reasons: Counter = Counter()
    for run in r["runs"]:
        reasons.update(run["reasons"])
        for kind in run["kinds"].values():
            outcomes.update(kind["results"])
    if set(outcomes) == {"discarded"}:
        reason = next(iter(reasons), "")
        return [
            "",
            f"**Caveat:** the pipeline discarded every message ({reason!r}): these figures "
            "measure parsing and storing each message once, not threading. Rerun `make bench` "
            "once the pipeline is in.",
        ]
    return []


NAMES = {
    "new": "new ticket from a known customer",
    "reply_address": "reply to the ticket's reply address",
    "in_reply_to": "reply found by In-Reply-To / References",
}


def render(r: dict) -> str:
    m, floor = r["machine"], r["floor"]
    lines = [
        START,
        "## Inbound mail",
        "",
        f"Produced by `python -m bench.inbound` (`make bench` runs it). {r['date']}; database "
        f"`{r['database']}` (PostgreSQL {r['postgresql']}, recreated for the run: {CUSTOMERS} "
        f"customers, {TICKETS} tickets); {m['nproc']} CPUs ({m['cpu']}); load average "
        f"(1, 5, 15 min) before: {r['load_before']}, after: {r['load_after']}.",
        "",
        "`mailgate.services.receive` on each message, each in its own committed transaction "
        "(what every door calls: parse, store once, thread, write), in one process and in "
        "several at once (a mail server's pipe runs one `receive_email` per message; several "
        f"workers poll several mailboxes). {WARMUP} messages of warm-up first; each run receives "
        f"{MESSAGES} new messages, a third of each kind below.",
        "",
        "| measurement | target | measured | |",
        "|---|---|---|---|",
    ]
    for run in r["runs"]:
        met = run["per_second"] >= GOAL
        verdict = ("met" if met else "**missed**") if run["processes"] > 1 else ""
        target = f"≥ {GOAL:.0f} /s" if run["processes"] > 1 else "—"
        lines.append(
            "| messages parsed, threaded and stored per second, "
            f"{processes_words(run['processes'])} | {target} | {run['per_second']:,.1f} /s "
            f"(p50 {run['p50_ms']} ms, "
            f"p95 {run['p95_ms']} ms a message) | {verdict} |"
        )
    lines += [
        f"| floor: one committed single-row `INSERT` after the other, one process "
        f"(`synchronous_commit` {floor['synchronous_commit']}) | — | {floor['per_second']:,.1f} "
        f"/s ({floor['ms']} ms each) | |",
        "",
        "| kind (one process) | messages | per second | p50 ms | p95 ms | results |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind, figures in r["runs"][0]["kinds"].items():
        outcome = ", ".join(f"{name} {count}" for name, count in figures["results"].items())
        lines.append(
            f"| {NAMES[kind]} | {figures['messages']} | "
            f"{figures['per_second_one_process']:,.1f} | {figures['p50_ms']} | "
            f"{figures['p95_ms']} | {outcome} |"
        )
    lines += _pipeline_note(r)
    lines.append(END)
    return "\n".join(lines)


def write_section(section: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    main()
