"""`make bench`: load 100,000 tickets into PostgreSQL and measure the API against bare floors.

``bench.settings`` is the helpdesk's settings plus a query-counting middleware, the floor views
of ``bench.urls`` and this package as an app, for ``manage.py seed_bulk`` (``bench.seeding``:
bulk tickets by ``COPY``); ``bench.prepare`` readies a database; ``bench/run.py`` drives it all
and writes ``docs/benchmarks.md``. Benchmark tooling, not the product: it may import every app,
and no app imports it.
"""
