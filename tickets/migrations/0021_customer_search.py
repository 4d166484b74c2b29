"""Trigram indexes for the desk's customer search (tickets.selectors.customers): every
``UPPER(column) LIKE '%…%'`` test of the search has one, on PostgreSQL. SQLite (development,
tests) has no such index and needs none."""

from django.db import migrations

INDEXES = [
    ("auth_user", "first_name", "customer_search_first_name_trgm"),
    ("auth_user", "last_name", "customer_search_last_name_trgm"),
    ("auth_user", "email", "customer_search_email_trgm"),
    ("auth_user", "username", "customer_search_username_trgm"),
    ("tickets_organization", "name", "customer_search_organization_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        # The expression Django writes for ``icontains``: UPPER("column"::text).
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("tickets", "0020_search_buckets"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
