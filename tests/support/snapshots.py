"""What a refused action must leave untouched: ``world()`` snapshots the database.

    before = world()
    with pytest.raises(PermissionDenied):
        services.escalate_up(ticket, actor=customer, ...)
    assert world() == before

By default the snapshot holds every row of every table the project writes: its own apps'
models, users, groups and their many-to-many tables, API tokens and the admin log; sessions and
content types are left out (signing in writes a session, and neither is domain data), and so is
``last_login`` (signing a test's user in is not the action under test). A row holds all its
concrete fields by name, rows are ordered by primary key, so an insert, a delete and a changed
value all show, whatever the model. When two snapshots differ, pytest prints the rows that went,
came and changed (``differences``, hooked in tests/conftest.py).
"""

from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import models as db_models

# Third-party apps whose rows a request can write, beside the project's own.
INCLUDED_APPS = {"auth", "authtoken", "admin", "django_celery_beat"}
# Fields a test's own set-up writes: a snapshot does not compare them.
IGNORED_FIELDS = {"auth.User": {"last_login"}}


class Snapshot(dict):
    """Rows (tuples of the values in ``columns[label]``) by model label, as ``world()`` took
    them; the values are the database's own (read without the ORM's conversions: fast, and
    equal whenever the stored values are)."""

    def __init__(self, rows: dict[str, list[tuple]], columns: dict[str, list[str]]):
        super().__init__(rows)
        self.columns = columns


@cache
def project_models() -> tuple[type[db_models.Model], ...]:
    root = Path(settings.BASE_DIR).resolve()
    chosen = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        installed = {"site-packages", "dist-packages"} & set(path.parts)  # a .venv in the repo
        ours = path.is_relative_to(root) and not installed
        if not (ours or config.label in INCLUDED_APPS):
            continue
        # With the many-to-many tables (ticket tags, tier members, user groups…).
        chosen += [
            model
            for model in config.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
    return tuple(sorted(chosen, key=lambda model: model._meta.label))


@cache
def _select(model: type[db_models.Model]) -> tuple[str, tuple, list[str]]:
    """The SELECT of every row of ``model``, compiled once."""
    ignored = IGNORED_FIELDS.get(model._meta.label, set())
    pk = model._meta.pk.attname  # first: ``differences`` pairs the rows by it
    columns = [pk] + [
        f.attname for f in model._meta.concrete_fields if f.name not in ignored and f.attname != pk
    ]
    query = model._base_manager.order_by("pk").values_list(*columns).query
    sql, params = query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()
    return sql, params, columns


def world(*models: type[db_models.Model]) -> Snapshot:
    """Every row of ``models`` (default: ``project_models()``), by model label."""
    rows, columns = {}, {}
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        for model in models or project_models():
            sql, params, names = _select(model)
            cursor.execute(sql, params)
            rows[model._meta.label] = [tuple(row) for row in cursor.fetchall()]
            columns[model._meta.label] = names
    return Snapshot(rows, columns)


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """Lines naming each table that differs: rows that went (-), came (+), changed (~)."""
    lines = []
    for label in sorted(before.keys() | after.keys()):
        if before.get(label) == after.get(label):
            continue
        names = before.columns.get(label) or after.columns[label]
        old = {row[0]: dict(zip(names, row, strict=True)) for row in before.get(label, [])}
        new = {row[0]: dict(zip(names, row, strict=True)) for row in after.get(label, [])}
        lines.append(f"{label}:")
        lines += [f"  - {old[key]}" for key in sorted(old.keys() - new.keys())]
        lines += [f"  + {new[key]}" for key in sorted(new.keys() - old.keys())]
        for key in sorted(old.keys() & new.keys()):
            changed = {
                name: f"{old[key][name]!r} -> {new[key][name]!r}"
                for name in names
                if old[key][name] != new[key][name]
            }
            if changed:
                lines.append(f"  ~ {names[0]}={key!r}: {changed}")
    return lines
