"""SLA benchmarks on PostgreSQL with 1,000,000 tickets: `python -m bench.sla` (part of make bench).

1. business-time arithmetic: deadline computations per second (in process);
2. the colour sweep with nothing due, over 1,000,000 tickets with running clocks;
3. the colour sweep with 10,000 clocks turning Red at once;
4. the leads' dashboard figures (`sla.selectors.summary`), in process.

Uses ``BENCH_1M_URL`` (default ``postgres://postgres@127.0.0.1:5432/helpdesk_bench_1m``); seeds it
once with ``seed_bulk`` and one clock per open ticket. Writes its section of
``docs/benchmarks.md`` between the ``sla`` markers and prints it.
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_1M_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench_1m")
TICKETS = int(os.environ.get("BENCH_1M_TICKETS", "1000000"))
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- sla:start -->", "<!-- sla:end -->"


def say(*parts) -> None:
    print(*parts, flush=True)  # noqa: T201


def setup_django() -> None:
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


def ensure_clocks() -> int:
    """One running Green clock per open ticket, due tomorrow at the earliest (nothing due)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO sla_slaclock (ticket_id, tier_id, policy_id, state, colour, started_at,
                                      running_since, elapsed_minutes, yellow_at, red_at)
            SELECT t.id, t.tier_id, p.id, 'running', 'green', t.created_at, now(), 0,
                   now() + interval '1 day', now() + interval '2 days'
            FROM tickets_ticket t JOIN sla_slapolicy p ON p.tier_id = t.tier_id
            WHERE t.status NOT IN ('resolved', 'closed')
            ON CONFLICT DO NOTHING
            """
        )
        cursor.execute("ANALYZE sla_slaclock")
        cursor.execute("SELECT count(*) FROM sla_slaclock WHERE state = 'running'")
        return cursor.fetchone()[0]


def reset_clocks() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sla_slaclock SET colour = 'green', yellow_at = now() + interval '1 day', "
            "red_at = now() + interval '2 days' WHERE colour <> 'green' OR red_at IS NULL "
            "OR red_at < now() + interval '1 hour'"
        )
        cursor.execute("DELETE FROM sla_clockevent")
        cursor.execute("DELETE FROM notifications_notification WHERE kind LIKE 'sla_%%'")


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def bench_business_time() -> float:
    from sla.business_time import CalendarSpec, add_business_minutes, compiled

    calendar = compiled(
        CalendarSpec(
            timezone="Europe/Madrid",
            weekly={day: ((540, 720), (780, 1020)) for day in range(5)},
            holiday_country="ES",
        )
    )
    rng = random.Random(7)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    starts = [base + timedelta(minutes=rng.randrange(730 * 1440)) for _ in range(100_000)]
    minutes = [rng.choice([60, 120, 480, 960, 1440]) for _ in starts]
    for start in starts[:1000]:
        add_business_minutes(calendar, start, 60)  # compile the years once
    began = time.perf_counter()
    for start, amount in zip(starts, minutes, strict=True):
        add_business_minutes(calendar, start, amount)
    return len(starts) / (time.perf_counter() - began)


def main() -> None:
    setup_django()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sla import selectors
    from sla.models import SlaClock
    from sla.sweeps import sweep_colours
    from tickets.models import Ticket

    rate = bench_business_time()
    tickets = Ticket.objects.count()
    reset_clocks()
    running = ensure_clocks()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE sla_slaclock")
    say(f"{tickets:,} tickets, {running:,} running clocks")

    idle = timed(lambda: sweep_colours(), 7)
    now_sql = timezone.now().isoformat()
    plan_red = explain(
        "SELECT id FROM sla_slaclock WHERE state = 'running' AND NOT colour = 'red' "
        f"AND red_at <= '{now_sql}' ORDER BY id LIMIT 5000 FOR UPDATE SKIP LOCKED"
    )

    due_ids = list(
        SlaClock.objects.filter(state="running").order_by("?").values_list("pk", flat=True)[:10_000]
    )
    SlaClock.objects.filter(pk__in=due_ids).update(
        yellow_at=timezone.now() - timedelta(minutes=5),
        red_at=timezone.now() - timedelta(minutes=1),
    )
    began = time.perf_counter()
    result = sweep_colours()
    red_ms = (time.perf_counter() - began) * 1000
    turned = result.turned["red"]

    from sla.services import refresh_dashboard_snapshot

    live = timed(lambda: selectors.summary(), 3)
    refresh_dashboard_snapshot()
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        selectors.dashboard_figures()
    dashboard = timed(lambda: selectors.dashboard_figures(), 20)
    reset_clocks()

    lines = [
        START,
        "## SLA engine (1,000,000 tickets)",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; database `{URL.rsplit('/', 1)[-1]}`: "
        f"{tickets:,} tickets, {running:,} running SLA clocks; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| measurement | target | measured | |",
        "|---|---|---|---|",
        f"| business-time deadlines (`add_business_minutes`, Madrid, split day, ES holidays) "
        f"| ≥ 100,000 /s | {rate:,.0f} /s | {'met' if rate >= 100_000 else '**missed**'} |",
        f"| colour sweep, nothing due (median of 7) | < 1 s | {statistics.median(idle):.1f} ms "
        f"| {'met' if statistics.median(idle) < 1000 else '**missed**'} |",
        f"| colour sweep, {turned:,} clocks turning Red (events + outbox rows) | < 5 s "
        f"| {red_ms:,.0f} ms | {'met' if red_ms < 5000 and turned >= 10_000 else '**missed**'} |",
        f"| leads' dashboard figures as the page reads them (`sla.selectors.dashboard_figures`: "
        f"the snapshot the sweep writes each minute; median of 20, "
        f"{len(ctx.captured_queries)} queries) | < 200 ms | {statistics.median(dashboard):.1f} ms "
        f"| {'met' if statistics.median(dashboard) < 200 else '**missed**'} |",
        f"| the same figures computed live (`sla.selectors.summary`, once a minute by the sweep; "
        f"median of 3) | — | {statistics.median(live):,.0f} ms | |",
        "",
        "Plan of the Red sweep's selection with nothing due (partial index `slaclock_red_due`):",
        "",
        "```",
        plan_red,
        "```",
        END,
    ]
    section = "\n".join(lines)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text)
    say(section)


if __name__ == "__main__":
    main()
