"""`make bench`: the helpdesk's performance on PostgreSQL, against bare floors.

Uses ``DATABASE_URL`` when set, else ``postgres://postgres@127.0.0.1:5432/helpdesk_bench``; creates
the database when missing, migrates, loads 100,000 bulk tickets (once: ``--reseed`` starts over),
starts gunicorn on a free port of 127.0.0.1 with ``bench.settings`` and measures:

1. the ticket list API (``GET /api/tickets/?status=open&tier=t2``, a page of 50) against a bare
   ``SELECT … LIMIT 50`` view: p50/p95 latency and queries per request;
2. the ticket detail API for tickets sampled across the table, also on a 10,000-ticket database
   (``<name>_small``) to show the time does not grow with the table;
3. portal submission (``POST /api/tickets/`` as a customer) against a bare single-INSERT view:
   requests per second with 8 concurrent clients for 30 s;
4. on the 1,000,000-ticket database (``BENCH_1M_URL``, default ``<name>_1m``, the one
   ``bench.sla`` and ``bench.sweeps`` use): the desk queue page (HTML, an agent's session; the
   default view, ``status=open&tier=t2`` and the Closed tab) and the list API, p50/p95, queries
   per request and the plans of their statements (``--only-big`` measures just this).

Then writes ``docs/benchmarks.md`` and prints the table. Traffic goes to 127.0.0.1 only; every
loop is bounded in count and time. Tickets the benchmark submits are deleted afterwards.
"""

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
LIST_QUERY = {"status": "open", "tier": "t2"}
LIST_PATH = "/api/tickets/?" + urlencode(LIST_QUERY)
FLOOR_LIST_PATH = "/_bench/tickets/?" + urlencode(LIST_QUERY)
SUBMIT_PATH = "/api/tickets/"
FLOOR_SUBMIT_PATH = "/_bench/submit/"
CATEGORIES = ["question", "issue_no_error", "issue_with_error", "server_issue"]
# What an agent reads at 1,000,000 tickets: (key, label, path, signed in by, held to the budget).
BIG_READS = [
    ("queue", "desk queue, default view (active statuses)", "/desk/", "session", True),
    (
        "queue_filtered",
        "desk queue `/desk/?status=open&tier=t2`",
        "/desk/?status=open&tier=t2",
        "session",
        True,
    ),
    ("list", f"list API `GET {LIST_PATH}`", LIST_PATH, "token", True),
    ("queue_all", "desk queue, All tab `/desk/?status=all`", "/desk/?status=all", "session", False),
    (
        "queue_unindexed",
        "desk queue, a filter no index leads with `/desk/?category=question&tier=t1`",
        "/desk/?category=question&tier=t1",
        "session",
        False,
    ),
    (
        "queue_closed",
        "desk queue, Closed tab `/desk/?status=closed`",
        "/desk/?status=closed",
        "session",
        False,
    ),
    ("list_all", "list API, no filter `GET /api/tickets/`", "/api/tickets/", "token", False),
    (
        # The queue's live poll when no ticket changed (docs/decisions/0013-live-updates.md):
        # 204 after one probe of the updated_at index.
        "queue_poll",
        "desk queue's live poll, nothing changed `/desk/?since=…` (204)",
        "/desk/?since=2100-01-01T00:00:00%2B00:00",
        "session",
        False,
    ),
    (
        # The ticket page's live poll when nothing changed: 204 after one query (the ticket by
        # primary key with its presence rows); paths from ``prepare setup`` (``live_paths``).
        "ticket_poll",
        "ticket page's live poll, nothing changed `/desk/tickets/<n>/live/?v=…` (204)",
        "live_paths",
        "session",
        False,
    ),
]
EXPLAINED_BIG_READS = ("queue", "queue_filtered", "list")
GOALS = {
    "list_ratio": 3.0,
    "submit_share": 0.5,
    "seed_seconds": 60.0,
    "list_p95_ms": 50.0,
    "submit_rps": 200.0,
}


def say(*parts) -> None:
    print(*parts, flush=True)  # noqa: T201


# --- database -----------------------------------------------------------------------------------


def libpq_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(
            f"make bench needs PostgreSQL; DATABASE_URL is {parts.scheme}://… "
            "(unset it to use postgres://postgres@127.0.0.1:5432/helpdesk_bench)."
        )
    return urlunsplit(parts._replace(scheme="postgresql"))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_db_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = db_name(url)
    try:
        conn = psycopg.connect(make_conninfo(libpq_url(url), dbname="postgres"), autocommit=True)
    except psycopg.OperationalError as error:
        raise SystemExit(f"make bench needs PostgreSQL at {url}: {error}") from error
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "DJANGO_PRODUCTION": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare(url: str, action: str, *extra: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "answer.json"
        command = [sys.executable, "-m", "bench.prepare", action, "--out", str(out), *extra]
        subprocess.run(command, cwd=ROOT, env=django_env(url), check=True, timeout=1800)
        return json.loads(out.read_text())


# --- server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(url: str, workers: int, threads: int):
    port = free_port()
    log = ROOT / "var" / "bench" / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "helpdesk.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=75",
        "--timeout=60",
        "--graceful-timeout=10",
        "--log-level=warning",
        f"--error-logfile={log}",
    ]
    say(f"Starting gunicorn on 127.0.0.1:{port} ({workers} workers x {threads} threads)")
    process = subprocess.Popen(command, cwd=ROOT, env=django_env(url), start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}; see {log}")
            try:
                if Client(port).request("GET", FLOOR_LIST_PATH).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")
            time.sleep(0.2)
        yield port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


# --- client -------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    seconds: float
    queries: int
    body: bytes

    def json(self):
        return json.loads(self.body)


class Client:
    """One keep-alive connection to the server under test (127.0.0.1 only)."""

    def __init__(self, port: int, token: str | None = None, cookie: str | None = None):
        self.port = port
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        if cookie:
            self.headers["Accept"] = "text/html"
            self.headers["Cookie"] = cookie
        self.conn = None

    def request(self, method: str, path: str, body: dict | None = None) -> Reply:
        payload = json.dumps(body).encode() if body is not None else None
        headers = dict(self.headers)
        if payload is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                started = time.perf_counter()
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                seconds = time.perf_counter() - started
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            if (response.getheader("Connection") or "").lower() == "close":
                self.conn.close()
                self.conn = None
            queries = int(response.getheader("X-Query-Count") or -1)
            return Reply(response.status, seconds, queries, data)
        raise AssertionError("unreachable")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summarize(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94] if len(ordered) > 1 else 0
    return {
        "n": len(ordered),
        "p50_ms": _ms(statistics.median(ordered)) if ordered else None,
        "p95_ms": _ms(p95) if ordered else None,
    }


def latency(
    port: int, token: str | None, paths: list[str], warmup: int, cookie: str | None = None
) -> dict:
    """Sequential GETs on one connection: warm up, then time each request."""
    client = Client(port, token, cookie)
    for index in range(warmup):
        client.request("GET", paths[index % len(paths)])
    times, queries, failures, first = [], set(), 0, None
    for path in paths:
        reply = client.request("GET", path)
        if reply.status not in (200, 204):  # 204: a live poll with nothing new
            failures += 1
            continue
        first = first or reply
        times.append(reply.seconds)
        queries.add(reply.queries)
    return {
        **summarize(times),
        "queries": sorted(queries),
        "failures": failures,
        "first_body": _body(first),
    }


def _body(reply: Reply | None):
    if reply is None:
        return None
    try:
        return reply.json()
    except ValueError:
        return reply.body.decode(errors="replace")


def throughput(port: int, token: str | None, path: str, clients: int, seconds: float) -> dict:
    """``clients`` threads POST tickets for ``seconds`` (after a short warm-up)."""
    lock = threading.Lock()
    state = {"ok": 0, "failed": 0, "times": [], "queries": set(), "error": None}
    max_per_client = 200_000  # a bound on the loop whatever the speed

    def run(worker: int, until: float, record: bool) -> None:
        client = Client(port, token)
        for n in range(max_per_client):
            if time.perf_counter() >= until:
                return
            body = {
                "subject": f"Bench ticket {worker}-{n}",
                "description": "Filed by `make bench`. **Markdown** body.",
                "category": CATEGORIES[n % len(CATEGORIES)],
            }
            try:
                reply = client.request("POST", path, body)
            except OSError as error:
                with lock:
                    state["failed"] += 1
                    state["error"] = state["error"] or repr(error)
                continue
            if not record:
                continue
            with lock:
                if reply.status == 201:
                    state["ok"] += 1
                    state["times"].append(reply.seconds)
                    state["queries"].add(reply.queries)
                else:
                    state["failed"] += 1
                    state["error"] = state["error"] or f"{reply.status}: {reply.body[:300]!r}"

    def phase(duration: float, record: bool) -> float:
        until = time.perf_counter() + duration
        started = time.perf_counter()
        threads = [
            threading.Thread(target=run, args=(worker, until, record), daemon=True)
            for worker in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=duration + 60)
        return time.perf_counter() - started

    phase(min(3.0, seconds / 5), record=False)
    elapsed = phase(seconds, record=True)
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "ok": state["ok"],
        "failed": state["failed"],
        "error": state["error"],
        "rps": round(state["ok"] / elapsed, 1) if elapsed else 0.0,
        "queries": sorted(state["queries"]),
        **summarize(state["times"]),
    }


# --- measuring ----------------------------------------------------------------------------------


def list_checks(api: dict, floor: dict) -> dict:
    """Did the API filter, and does it return the floor's rows?"""
    api_rows = (api.get("first_body") or {}).get("results", [])
    floor_rows = (floor.get("first_body") or {}).get("results", [])
    return {
        "api_rows": len(api_rows),
        "api_count": (api.get("first_body") or {}).get("count"),
        "api_filtered": bool(api_rows)
        and all(r["status"] == "open" and r["tier"] == "t2" for r in api_rows),
        "same_rows_as_floor": [r["number"] for r in api_rows] == [r["id"] for r in floor_rows],
    }


def measure_reads(port: int, prep: dict, args, with_floor: bool) -> dict:
    token = prep["agent_token"]
    say(f"  list API x{args.requests}")
    result = {"list": latency(port, token, [LIST_PATH] * args.requests, args.warmup)}
    if with_floor:
        say(f"  list floor x{args.requests}")
        result["list_floor"] = latency(port, None, [FLOOR_LIST_PATH] * args.requests, args.warmup)
        result["list_checks"] = list_checks(result["list"], result["list_floor"])
    ids = prep["sample_ids"]
    say(f"  detail API x{len(ids)} sampled tickets")
    result["detail"] = latency(port, token, [f"/api/tickets/{n}/" for n in ids], args.warmup)
    for item in result.values():
        item.pop("first_body", None)
    return result


def _rows_on_page(body) -> int | None:
    if isinstance(body, dict):
        return len(body.get("results", []))
    if isinstance(body, str):
        return body.count('<tr class="queue-row">')
    return None


def measure_big(url: str, args) -> dict:
    """The desk queue and the list API on the 1,000,000-ticket database (the one bench.sla and
    bench.sweeps use): p50/p95, queries per request, rows on the page, and the plans."""
    say(f"== {db_name(url)}: {args.big_tickets:,} tickets")
    ensure_database(url)
    prep = prepare(url, "setup", f"--tickets={args.big_tickets}", "--sample=10")
    result = {key: prep[key] for key in ("database", "tickets", "messages", "matching_list_filter")}
    result["load_before"] = load_average()
    with gunicorn(url, args.workers, args.threads) as port:
        for key, _label, path, auth, _goal in BIG_READS:
            say(f"  {path} x{args.requests}")
            token = prep["agent_token"] if auth == "token" else None
            cookie = prep["agent_session"] if auth == "session" else None
            if path == "live_paths":  # ten sampled tickets, in turn
                paths = [prep[path][i % len(prep[path])] for i in range(args.requests)]
            else:
                paths = [path] * args.requests
            item = latency(port, token, paths, args.warmup, cookie)
            item["rows"] = _rows_on_page(item.pop("first_body", None))
            say(f"    p50 {item['p50_ms']} ms, p95 {item['p95_ms']} ms, queries {item['queries']}")
            result[key] = item
    result["load_after"] = load_average()
    result["explain"] = {
        key: prepare(url, "explain", f"--path={path}")
        for key, _label, path, _auth, _goal in BIG_READS
        if key in EXPLAINED_BIG_READS
    }
    return result


def measure_submissions(port: int, prep: dict, args) -> dict:
    say(f"  submission API: {args.clients} clients x {args.duration:.0f} s")
    api = throughput(port, prep["customer_token"], SUBMIT_PATH, args.clients, args.duration)
    say(f"    {api['rps']} /s")
    say(f"  submission floor: {args.clients} clients x {args.duration:.0f} s")
    floor = throughput(port, None, FLOOR_SUBMIT_PATH, args.clients, args.duration)
    say(f"    {floor['rps']} /s")
    return {"submit": api, "submit_floor": floor}


def _memory(meminfo_total: str) -> str:
    try:
        kib = int(meminfo_total.split()[0])
    except (ValueError, IndexError):
        return meminfo_total
    return f"{kib / 1024**2:.1f} GiB (MemTotal {meminfo_total})"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    memory = next(
        (
            line.split(":")[1].strip()
            for line in meminfo.splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    try:
        gunicorn_version = subprocess.run(
            [str(Path(sys.executable).parent / "gunicorn"), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout.strip()
    except OSError:
        gunicorn_version = "?"
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "memory": _memory(memory),
        "cpu": model,
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "gunicorn": gunicorn_version,
    }


# --- report -------------------------------------------------------------------------------------


def _ratio(a, b) -> float | None:
    return round(a / b, 2) if a and b else None


def verdicts(r: dict) -> list[tuple[str, str, str, bool | None]]:
    """(goal, target, measured, met?)"""
    main = r["main"]
    rows = []
    p50 = _ratio(main["list"]["p50_ms"], main["list_floor"]["p50_ms"])
    p95 = _ratio(main["list"]["p95_ms"], main["list_floor"]["p95_ms"])
    rows.append(
        (
            "List API within 3x of its floor",
            "p50 and p95 ratio ≤ 3",
            f"p50 {p50}x, p95 {p95}x",
            bool(p50 and p95 and p50 <= GOALS["list_ratio"] and p95 <= GOALS["list_ratio"]),
        )
    )
    rows.append(
        (
            "List API page of 50 (ARCHITECTURE.md, budget at 1M tickets)",
            "p95 < 50 ms",
            f"p95 {main['list']['p95_ms']} ms at {main['tickets']:,} tickets",
            main["list"]["p95_ms"] < GOALS["list_p95_ms"],
        )
    )
    share = _ratio(main["submit"]["rps"], main["submit_floor"]["rps"])
    rows.append(
        (
            "Submission at least half of its floor",
            "API / floor ≥ 0.5",
            f"{share}x ({main['submit']['rps']} vs {main['submit_floor']['rps']} /s)",
            bool(share and share >= GOALS["submit_share"]),
        )
    )
    rows.append(
        (
            "Submission throughput (ARCHITECTURE.md)",
            "≥ 200 /s on 2 cores",
            f"{main['submit']['rps']} /s",
            main["submit"]["rps"] >= GOALS["submit_rps"],
        )
    )
    big = r.get("big")
    for key, label, _path, _auth, goal in BIG_READS if big else []:
        if goal and key in big:
            item = big[key]
            rows.append(
                (
                    f"{label[0].upper()}{label[1:]}, page of 50 at {big['tickets']:,} tickets "
                    "(ARCHITECTURE.md)",
                    "p95 < 50 ms",
                    f"p50 {item['p50_ms']} ms, p95 {item['p95_ms']} ms, "
                    f"{_queries(item)} queries, {item['rows']} rows",
                    item["p95_ms"] is not None and item["p95_ms"] < GOALS["list_p95_ms"],
                )
            )
    seed = r.get("seed")
    if seed and seed["tickets"] >= 100_000:
        rows.append(
            (
                "Seed 100,000 tickets",
                "< 60 s",
                f"{seed['seconds']} s ({seed['tickets']:,} tickets{seed.get('note', '')})",
                seed["seconds"] < GOALS["seed_seconds"],
            )
        )
    else:
        rows.append(("Seed 100,000 tickets", "< 60 s", "not measured in this run", None))
    small = r.get("small")
    if small:
        ratio = _ratio(main["detail"]["p50_ms"], small["detail"]["p50_ms"])
        same_queries = main["detail"]["queries"] == small["detail"]["queries"]
        rows.append(
            (
                "Detail time independent of table size",
                "p50 at 100k ≈ p50 at 10k (≤ 1.5x), same queries",
                f"{ratio}x ({small['detail']['p50_ms']} → {main['detail']['p50_ms']} ms), "
                f"queries {small['detail']['queries']} → {main['detail']['queries']}",
                bool(ratio and ratio <= 1.5 and same_queries),
            )
        )
    return rows


def _queries(item: dict) -> str:
    return ", ".join(str(q) for q in item["queries"])


def big_table(big: dict) -> list[str]:
    lines = [
        f"| measurement ({big['tickets']:,} tickets) | p50 ms | p95 ms | queries/request "
        "| rows | n |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for key, label, _path, _auth, _goal in BIG_READS:
        if key in big:
            item = big[key]
            lines.append(
                f"| {label} | {item['p50_ms']} | {item['p95_ms']} | {_queries(item)} "
                f"| {item['rows']} | {item['n']} |"
            )
    return lines


def _big_section(big: dict) -> list[str]:
    lines = [
        "## The desk queue and the list API at 1,000,000 tickets",
        "",
        f"Database `{big['database']}`: {big['tickets']:,} tickets, {big['messages']:,} messages; "
        f"{big['matching_list_filter']:,} tickets match `status=open&tier=t2`. The desk pages are "
        "read by the bench agent signed in to a session (HTML, the whole page), the API with its "
        f"token. Load average before: {big['load_before']}; after: {big['load_after']}.",
        "",
        *big_table(big),
    ]
    labels = {key: label for key, label, *_ in BIG_READS}
    for key, explain in big.get("explain", {}).items():
        lines += ["", f"### Statements of {labels[key]}", "", *_plan_section(explain, 0.5)]
    return lines


def _mark(ok: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "-"}[ok]


def results_table(r: dict) -> list[str]:
    main = r["main"]
    lines = [
        f"| measurement ({main['tickets']:,} tickets) | p50 ms | p95 ms | queries/request | n |",
        "|---|---:|---:|---|---:|",
    ]

    def row(name: str, item: dict) -> None:
        queries = ", ".join(str(q) for q in item["queries"])
        lines.append(f"| {name} | {item['p50_ms']} | {item['p95_ms']} | {queries} | {item['n']} |")

    row(f"list API `GET {LIST_PATH}`", main["list"])
    row(f"list floor `GET {FLOOR_LIST_PATH}`", main["list_floor"])
    row("detail API `GET /api/tickets/{n}/` (sampled)", main["detail"])
    if r.get("small"):
        small = r["small"]
        row(f"list API at {small['tickets']:,} tickets", small["list"])
        row(f"detail API at {small['tickets']:,} tickets", small["detail"])
    lines += [
        "",
        f"| throughput ({main['submit']['clients']} clients, {main['submit']['seconds']} s) "
        "| requests/s | p50 ms | p95 ms | queries/request | ok | failed |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for name, item in [
        (f"submission API `POST {SUBMIT_PATH}`", main["submit"]),
        (f"submission floor `POST {FLOOR_SUBMIT_PATH}`", main["submit_floor"]),
    ]:
        queries = ", ".join(str(q) for q in item["queries"])
        lines.append(
            f"| {name} | {item['rps']} | {item['p50_ms']} | {item['p95_ms']} | {queries} "
            f"| {item['ok']} | {item['failed']} |"
        )
    return lines


def goals_table(r: dict) -> list[str]:
    lines = ["| goal | target | measured | |", "|---|---|---|---|"]
    for goal, target, measured, ok in verdicts(r):
        lines.append(f"| {goal} | {target} | {measured} | {_mark(ok)} |")
    return lines


def _plan_times(plan: str) -> tuple[float | None, float | None]:
    found = {}
    for line in plan.splitlines():
        for key in ("Planning Time", "Execution Time"):
            if line.strip().startswith(key + ":"):
                found[key] = float(line.split(":")[1].split()[0])
    return found.get("Planning Time"), found.get("Execution Time")


def _short_sql(sql: str, limit: int = 110) -> str:
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"


def observations(explain: dict) -> list[str]:
    """What the list API's statements show, read off the captured SQL and plans."""
    notes = []
    for item in explain["statements"]:
        sql, plan = item["sql"], item.get("plan", "")
        planning, execution = _plan_times(plan)
        where = f"{planning} ms planning + {execution} ms execution"
        if sql.startswith("SELECT COUNT(*)"):
            rows = next(
                (
                    line.split("rows=")[-1].split()[0]
                    for line in plan.splitlines()[1:]
                    if "rows=" in line
                ),
                "?",
            )
            notes.append(
                f"- The pagination runs `SELECT COUNT(*)` over the filtered set ({where}); "
                "its cost grows with the number of matching tickets, not with the page size."
            )
            if "DISTINCT" in sql:
                notes.append(
                    "- That count wraps a `SELECT DISTINCT` of every column (the filter set asks "
                    "for distinct rows), so PostgreSQL sorts and de-duplicates all matching rows "
                    f"(plan rows={rows}) before counting instead of counting index entries."
                )
        elif sql.startswith("SELECT DISTINCT") and "LIMIT" in sql:
            notes.append(
                f"- The page query is a `SELECT DISTINCT … ORDER BY … LIMIT` ({where}): "
                "DISTINCT over all columns defeats the `(status, tier, created_at, id)` index "
                "order, so every matching row is joined and sorted to return 50."
            )
        elif "LIMIT" in sql and "tickets_ticket" in sql.split("FROM", 1)[-1][:40]:
            notes.append(f"- The page query: {where}.")
    return notes


def _plan_section(explain: dict, min_ms: float = 0.0) -> list[str]:
    """The statements and their timings; the plans of those that took ``min_ms`` or more."""
    lines = [
        f"The statements of one warm `GET {explain['path']}` (status {explain['status']}), "
        "captured in process by `python -m bench.prepare explain`, each run again under "
        "`EXPLAIN (ANALYZE, BUFFERS)`:",
        "",
        "| # | statement | planning ms | execution ms |",
        "|---:|---|---:|---:|",
    ]
    for number, item in enumerate(explain["statements"], 1):
        planning, execution = _plan_times(item.get("plan", ""))
        short = _short_sql(item["sql"]).replace("|", "\\|")
        lines.append(f"| {number} | `{short}` | {planning} | {execution} |")
    notes = observations(explain)
    if notes:
        lines += ["", "Observations:", "", *notes]
    lines += ["", "Plans" + (f" (statements of {min_ms} ms or more):" if min_ms else ":"), ""]
    for number, item in enumerate(explain["statements"], 1):
        planning, execution = _plan_times(item.get("plan", ""))
        if item.get("plan") and (planning or 0) + (execution or 0) >= min_ms:
            lines += [f"{number}. `{_short_sql(item['sql'], 90)}`", "", "   ```"]
            lines += [f"   {line}" for line in item["plan"].splitlines()]
            lines += ["   ```", ""]
    return lines


def write_report(r: dict, path: Path) -> None:
    m, main = r["machine"], r["main"]
    checks = main.get("list_checks", {})
    seed = r.get("seed")
    seed_line = (
        f"{seed['tickets']:,} tickets seeded in {seed['seconds']} s{seed.get('note', '')}: "
        f"{seed.get('output', '')}"
        if seed
        else "no seed timing recorded (database was seeded before records were kept)"
    )
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (`bench/run.py`); rerun it to refresh this page. Method and "
        "caveats at the end.",
        "",
        f"- Date: {r['date']}",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, {m['kernel']}",
        f"- Software: PostgreSQL {main['postgresql']}, Python {m['python']}, "
        f"Django {main['django']}, {m['gunicorn']}",
        f"- Server: gunicorn gthread, {r['config']['workers']} workers x "
        f"{r['config']['threads']} threads, `bench.settings` (DEBUG off), keep-alive; "
        "client and PostgreSQL on the same machine",
        f"- Load average (1, 5, 15 min) before the run: {r['load_before']}; after the "
        f"measurements: {r.get('load_after', '?')} (other work on the machine adds noise)",
        f"- Database: `{main['database']}`: {main['tickets']:,} tickets, "
        f"{main['messages']:,} messages; {main['matching_list_filter']:,} tickets match "
        "`status=open&tier=t2`",
        f"- Seed: {seed_line}",
        "",
        "## Goals",
        "",
        *goals_table(r),
        "",
        "## Figures",
        "",
        *results_table(r),
        "",
        f"List API checks: {checks.get('api_rows')} rows on the page, `count` "
        f"{checks.get('api_count')}, rows filtered by status and tier: "
        f"{checks.get('api_filtered')}, same rows in the same order as the floor: "
        f"{checks.get('same_rows_as_floor')}.",
        "",
        "## Method",
        "",
        "- Latency: one client, one keep-alive connection, sequential requests; "
        f"{r['config']['warmup']} warm-up requests, then {r['config']['requests']} timed ones. "
        "Detail requests walk tickets sampled at random across the whole table.",
        "- `X-Query-Count`: statements the request ran, counted by "
        "`bench.middleware.QueryCountMiddleware` (`connection.execute_wrapper`). Not counted: "
        "the `SELECT 1` of `conn_health_checks` and transaction control.",
        "- Floors (`bench/views.py`): the list floor runs the same filtered, ordered "
        "`SELECT … LIMIT 50` with the list's joins through `.values()` and returns JSON, with no "
        "authentication, pagination count, serializer or tags; the submission floor is one "
        "`INSERT` with no authentication, validation or read-back.",
        "- Throughput: N client threads, each with its own keep-alive connection, POST for the "
        "given time after a short warm-up; only 201 answers count. The client threads run on "
        "the same cores as gunicorn and PostgreSQL, so absolute rates understate a real server; "
        "the ratio between API and floor is the figure to watch.",
        "- Tickets created by the submission runs are deleted afterwards, so the table stays at "
        "its seeded size from run to run.",
    ]
    if r.get("big"):
        lines.append(
            f"- At {r['big']['tickets']:,} tickets (`{r['big']['database']}`, seeded once by "
            "`seed_bulk`): the same latency method for the desk queue, read as the bench agent "
            "signed in to a session (the whole HTML page with its per-status counts, which stop "
            "at 1,000 a status: `tickets.selectors.QUEUE_COUNT_CAP`), and for the list API."
        )
    if r.get("small"):
        lines.append(
            f"- The size comparison runs the list and detail APIs on a second database "
            f"(`{r['small']['database']}`, {r['small']['tickets']:,} tickets) seeded the same way."
        )
    if r.get("big"):
        lines += ["", *_big_section(r["big"])]
    if r.get("explain"):
        lines += ["", "## Query plans of the list API", "", *_plan_section(r["explain"])]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip() + "\n")


# --- main ---------------------------------------------------------------------------------------


def _seed_record(prep: dict) -> dict | None:
    if prep.get("seeded"):
        return prep["seeded"]
    previous = prep.get("previous_seed")
    if previous:
        return {**previous, "note": f", in an earlier run on {previous['date']}"}
    return None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Helpdesk benchmarks on PostgreSQL.")
    parser.add_argument("--reseed", action="store_true", help="Empty and reseed the databases.")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument(
        "--small-tickets", type=int, default=10_000, help="Second database size (0: skip it)."
    )
    parser.add_argument(
        "--big-tickets",
        type=int,
        default=1_000_000,
        help="Tickets of the database the queue is measured on (BENCH_1M_URL; 0: skip it).",
    )
    parser.add_argument(
        "--only-big",
        action="store_true",
        help="Measure only the queue and list at --big-tickets; print, leave the docs alone.",
    )
    parser.add_argument("--requests", type=int, default=300, help="Timed requests per latency run.")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds per throughput run.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.duration <= 0 or args.clients < 1:
        parser.error("--requests, --duration and --clients must be positive.")

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    libpq_url(url)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "config": {k: getattr(args, k) for k in ("workers", "threads", "requests", "warmup")},
        "load_before": load_average(),
    }
    reseed = ["--reseed"] if args.reseed else []
    big_url = os.environ.get("BENCH_1M_URL") or with_db_name(url, db_name(url) + "_1m")
    if args.only_big:
        big = measure_big(big_url, args)
        record = ROOT / "var" / "bench" / "big.json"
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(big, indent=2, default=str))
        for line in _big_section(big):
            say(line)
        return

    if args.small_tickets:
        small_url = with_db_name(url, db_name(url) + "_small")
        say(f"== {db_name(small_url)}: {args.small_tickets:,} tickets")
        ensure_database(small_url)
        prep = prepare(small_url, "setup", f"--tickets={args.small_tickets}", *reseed)
        with gunicorn(small_url, args.workers, args.threads) as port:
            results["small"] = {
                "database": prep["database"],
                "tickets": prep["tickets"],
                **measure_reads(port, prep, args, with_floor=False),
            }

    say(f"== {db_name(url)}: {args.tickets:,} tickets")
    ensure_database(url)
    prep = prepare(url, "setup", f"--tickets={args.tickets}", *reseed)
    results["seed"] = _seed_record(prep)
    main_results = {
        key: prep[key]
        for key in ("database", "tickets", "messages", "matching_list_filter", "postgresql")
    }
    main_results["django"] = prep["django"]
    try:
        with gunicorn(url, args.workers, args.threads) as port:
            main_results.update(measure_reads(port, prep, args, with_floor=True))
            main_results.update(measure_submissions(port, prep, args))
    finally:
        say("Removing the submitted tickets")
        prepare(url, "cleanup")
    results["main"] = main_results
    results["load_after"] = load_average()
    results["explain"] = prepare(url, "explain")
    if args.big_tickets:
        results["big"] = measure_big(big_url, args)

    record = ROOT / "var" / "bench" / "results.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(results, indent=2, default=str))
    write_report(results, args.output)
    say("")
    big_lines = ["", *big_table(results["big"])] if results.get("big") else []
    for line in [*goals_table(results), "", *results_table(results), *big_lines]:
        say(line)
    say("")
    say(f"Written to {args.output} (raw figures in {record}).")
    # The timer sweeps and the SLA engine over 1,000,000 tickets, and inbound mail, append their
    # own sections (bench/sweeps.py, bench/sla.py, bench/inbound.py).
    if args.output == ROOT / "docs" / "benchmarks.md":
        for module in ("bench.sweeps", "bench.sla", "bench.inbound", "bench.search"):
            subprocess.run([sys.executable, "-m", module], cwd=ROOT, check=True, timeout=7200)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
