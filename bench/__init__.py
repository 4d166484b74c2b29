"""`make bench`: load 100,000 tickets into PostgreSQL and measure the API against bare floors.

``bench.settings`` is the helpdesk's settings plus a query-counting middleware and the floor views
of ``bench.urls``; ``bench.prepare`` readies a database; ``bench/run.py`` drives it all and writes
``docs/benchmarks.md``.
"""
