"""The helpdesk's settings, plus the floor views and a query counter. Benchmarks only."""

from helpdesk.settings import *  # noqa: F403
from helpdesk.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = [*MIDDLEWARE, "bench.middleware.QueryCountMiddleware"]

# The users `bench.prepare` creates and the floor views write as.
BENCH_AGENT = "bench-agent"
BENCH_CUSTOMER = "bench-customer"
