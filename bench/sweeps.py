"""Ticket timer sweeps on PostgreSQL with 1,000,000 tickets: `python -m bench.sweeps`.

Part of `make bench` (called at the end of `bench/run.py`). Measures, on the 1,000,000-ticket
database (``BENCH_1M_URL``, default ``postgres://postgres@127.0.0.1:5432/helpdesk_bench_1m``,
seeded once with ``seed_bulk`` when it has fewer tickets):

1. each timer sweep's ``run()`` with nothing due, and the five sweeps plus the outbox sender in a
   row (what beat triggers every minute), median and worst of 21 runs;
2. ``EXPLAIN (ANALYZE, BUFFERS)`` of each sweep's batch query: the partial index it uses;
3. applying 1,000 due reminders (ticket, system note and outbox row each) inside a transaction
   that is rolled back, so the database is left as it was.

"Nothing due" is the real present when no due instant has passed yet; when the bulk data has
aged past its first due instant, the sweeps run at the instant just before it instead (the
query's cost depends on how many rows are due, not on the date). Writes its section of
``docs/benchmarks.md`` between the ``timers`` markers, and ``var/bench/sweeps.json``.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_1M_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench_1m")
TICKETS = int(os.environ.get("BENCH_1M_TICKETS", "1000000"))
DOC = ROOT / "docs" / "benchmarks.md"
RECORD = ROOT / "var" / "bench" / "sweeps.json"
START, END = "<!-- timers:start -->", "<!-- timers:end -->"
RUNS = 21
APPLY = 1000
BUDGET_MS = 1000.0

# Due instants of tickets that entered a timed status before the timers existed (as the tickets
# migration 0003 does), for bulk data seeded without them.
BACKFILL = [
    "UPDATE tickets_ticket SET remind_at = COALESCE(pending_since, status_changed_at) "
    "+ interval '3 days' WHERE status = 'pending' AND reminder_sent_at IS NULL "
    "AND remind_at IS NULL",
    "UPDATE tickets_ticket SET wait_until = COALESCE(waiting_since, status_changed_at) "
    "+ interval '10 days' WHERE status = 'waiting_on_customer' AND wait_until IS NULL",
    "UPDATE tickets_ticket SET close_at = COALESCE(resolved_at, status_changed_at) "
    "+ interval '3 days' WHERE status = 'resolved' AND close_at IS NULL",
]


def say(*parts) -> None:
    print(*parts, flush=True)  # noqa: T201


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.run import ensure_database

    ensure_database(URL)
    os.environ.update(
        {"DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "0"}
    )
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    from tickets.models import Ticket

    have = Ticket.objects.count()
    if have < TICKETS:
        say(f"Seeding {TICKETS - have:,} tickets into {URL.rsplit('/', 1)[-1]} (once)…")
        subprocess.run(
            [*manage, "seed_bulk", "--tickets", str(TICKETS - have), "--force"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=3600,
        )


def backfill() -> int:
    from django.db import connection

    changed = 0
    with connection.cursor() as cursor:
        for statement in BACKFILL:
            cursor.execute(statement)
            changed += cursor.rowcount
        if changed:
            cursor.execute("ANALYZE tickets_ticket")
    return changed


def quiet_instant():
    """Now, or just before the earliest due instant if the bulk data has aged past it."""
    from django.db.models import Min
    from django.utils import timezone

    from tickets.sweeps import SWEEPS

    now = timezone.now()
    earliest = [
        sweep.model.objects.filter(**{sweep.state_field: sweep.states[0]}).aggregate(
            first=Min(sweep.due_field)
        )["first"]
        for sweep in SWEEPS
    ]
    earliest = min((instant for instant in earliest if instant), default=None)
    if earliest and earliest <= now:
        return earliest - timedelta(seconds=1), False
    return now, True


def timed(function, repeat: int = RUNS) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def explain_batch(sweep, now) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the sweep's batch query, as ``Sweep.run`` sends it."""
    from django.db import connection, transaction

    qs = (
        sweep.due(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by(sweep.due_field, "pk")[: sweep.batch_size]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def apply_reminders(now) -> dict:
    """1,000 reminders fall due and the sweep applies them; everything is rolled back."""
    from django.db import connection, transaction

    from helpdesk.celery import app
    from tickets.sweeps import PendingReminder

    class Rollback(Exception):
        pass

    app.send_task = lambda *args, **kwargs: None  # nothing is committed: nothing to publish
    result = {}
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE tickets_ticket SET remind_at = %s WHERE id IN (SELECT id FROM "
                    "tickets_ticket WHERE status = 'pending' AND remind_at IS NOT NULL "
                    "ORDER BY id LIMIT %s)",
                    [now - timedelta(minutes=1), APPLY],
                )
            started = time.perf_counter()
            applied = PendingReminder().run(now=now).applied
            seconds = time.perf_counter() - started
            result = {"applied": applied, "seconds": round(seconds, 3)}
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> None:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from helpdesk.notifications import sender
    from tickets.models import Ticket
    from tickets.sweeps import SWEEPS

    filled = backfill()
    if filled:
        say(f"Filled the due instants of {filled:,} tickets seeded without them.")
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    now, present = quiet_instant()
    due = {sweep.name: sweep().due(now).count() for sweep in SWEEPS}
    assert not any(due.values()), f"something is due at {now}: {due}"

    results = {
        "date": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "database": connection.settings_dict["NAME"],
        "tickets": Ticket.objects.count(),
        "in_timed_status": {
            sweep.name: sweep.model.objects.filter(**{sweep.state_field: sweep.states[0]})
            .exclude(**{f"{sweep.due_field}__isnull": True})
            .count()
            for sweep in SWEEPS
        },
        "now": now.isoformat(),
        "present": present,
        "load_before": load_before,
        "sweeps": {},
        "plans": {},
    }
    for sweep in SWEEPS:
        instance = sweep()
        instance.run(now=now)  # warm
        results["sweeps"][sweep.name] = summary(timed(lambda i=instance: i.run(now=now)))
        results["plans"][sweep.name] = explain_batch(instance, now)

    def every_minute():
        for sweep in SWEEPS:
            sweep().run(now=now)
        sender.send_pending(now=now)

    results["all"] = summary(timed(every_minute))
    results["apply"] = apply_reminders(now)
    results["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())

    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(results, indent=2))
    section = render(results)
    write_section(section)
    say(section)


def render(r: dict) -> str:
    worst = r["all"]["median_ms"]
    verdict = "met" if worst < BUDGET_MS else "**missed**"
    when = "now" if r["present"] else f"{r['now']} (just before the earliest due instant)"
    lines = [
        START,
        f"## Timer sweeps ({r['tickets']:,} tickets)",
        "",
        f"Produced by `python -m bench.sweeps` (`make bench` runs it last). {r['date']}; database "
        f"`{r['database']}`; sweeps run at {when}, when nothing is due; load average "
        f"(1, 5, 15 min) before: {r['load_before']}, after: {r['load_after']}.",
        "",
        "| measurement | target | measured | |",
        "|---|---|---|---|",
        f"| the five ticket sweeps and the outbox sender in a row, nothing due (median of "
        f"{RUNS}) | < 1 s | {r['all']['median_ms']:.1f} ms (worst {r['all']['max_ms']:.1f} ms) "
        f"| {verdict} |",
    ]
    if r["apply"]:
        applied, seconds = r["apply"]["applied"], r["apply"]["seconds"]
        lines.append(
            f"| {applied:,} due reminders applied (ticket, system note, rendered outbox row "
            f"each; rolled back) | — | {seconds * 1000:,.0f} ms ({applied / seconds:,.0f} /s) | |"
        )
    lines += [
        "",
        "| sweep (nothing due) | tickets with this due instant | median ms | worst ms |",
        "|---|---:|---:|---:|",
    ]
    for name, figures in r["sweeps"].items():
        lines.append(
            f"| `{name}` | {r['in_timed_status'][name]:,} | {figures['median_ms']:.2f} "
            f"| {figures['max_ms']:.2f} |"
        )
    lines += [
        "",
        "Each sweep is one `SELECT … WHERE status = <state> AND <due> <= now ORDER BY <due>, id "
        "LIMIT 200 FOR UPDATE SKIP LOCKED` on a partial index `(<due>, id) WHERE status = "
        "<state>`, so with nothing due it reads a page or two of one small index whatever the "
        "size of the table. Plans:",
        "",
    ]
    for name, plan in r["plans"].items():
        lines += [f"`{name}`:", "", "```", plan, "```", ""]
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
