"""The helpdesk's settings, plus the floor views, a query counter and ``manage.py seed_bulk``.

Benchmarks only: ``bench`` is installed here (for its management command) and nowhere else.
"""

from helpdesk.settings import *  # noqa: F403
from helpdesk.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = [*MIDDLEWARE, "bench.middleware.QueryCountMiddleware"]

# The users `bench.prepare` creates and the floor views write as.
BENCH_AGENT = "bench-agent"
BENCH_CUSTOMER = "bench-customer"
