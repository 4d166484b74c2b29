"""Helpers shared by the tests of every app.

- ``race``: callables run at the same moment in their own threads and connections
  (``at_once``, ``in_threads``), for the PostgreSQL race tests.
- ``snapshots``: ``world()``, every row of the project's tables, to prove a refusal changed
  nothing (``assert world() == before``).
- ``workers``: real Celery worker processes on the test database and Redis.
- ``broker``: ``broker_unreachable()``, the broker down for the length of a ``with`` block.

Markers: ``postgres`` (skipped unless the database is PostgreSQL) and ``browser`` (every test
under tests/browser/) are applied at collection, in tests/conftest.py.
"""
