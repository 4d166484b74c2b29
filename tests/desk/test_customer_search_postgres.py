"""On PostgreSQL the customer search reads trigram indexes, not every customer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CustomerFactory, OrganizationFactory
from tickets import selectors

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

INDEXES = {
    "customer_search_first_name_trgm",
    "customer_search_last_name_trgm",
    "customer_search_email_trgm",
    "customer_search_username_trgm",
    "customer_search_organization_trgm",
}


def test_every_test_of_the_search_can_use_a_trigram_index():
    acme = OrganizationFactory(name="Acme Shoes")
    CustomerFactory.create_batch(3, customer_profile__organization=acme)
    with CaptureQueriesContext(connection) as search:
        matches = selectors.customers_matching("Acme")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: show what it may use
        cursor.execute("EXPLAIN " + search.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert matches.total == 3
    assert {name for name in INDEXES if name in plan} == INDEXES
