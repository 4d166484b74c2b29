"""Every URL in the URLconf × every role: who gets in, who is refused, and how.

A new URL without a row here fails ``test_every_url_has_a_row``, so nothing ships unreviewed.
A refused write (POST, PUT, PATCH or DELETE answered 400, 403, 404, 405 or 409, sent to the
sign-in page, or redirected with a message by a row of ``REFUSED_WITH_A_MESSAGE``) must leave
every row as it was: the test compares ``world()`` snapshots.
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    AgentFactory,
    CustomerFactory,
    LeadFactory,
    TicketFactory,
    UserFactory,
)
from tests.matrix_desk import DESK_ROWS
from tests.matrix_escalation import ESCALATION_ROWS
from tests.matrix_findings import EXTENSION as FINDINGS
from tests.matrix_github import EXTENSION as GITHUB
from tests.matrix_github import REFUSED_WITH_A_MESSAGE as GITHUB_REFUSED_WITH_A_MESSAGE
from tests.matrix_knowledge import EXTENSION as KNOWLEDGE
from tests.matrix_knownissues import EXTENSION as KNOWNISSUES
from tests.matrix_lead_times import EXTENSION as LEAD_TIMES
from tests.matrix_macros import EXTENSION as MACROS
from tests.matrix_misc import EXTENSION as MISC
from tests.matrix_misc import REFUSED_WITH_A_MESSAGE as MISC_REFUSED_WITH_A_MESSAGE
from tests.matrix_notifications import EXTENSION as NOTIFICATIONS
from tests.matrix_oncall_confirm import EXTENSION as ONCALL_CONFIRM
from tests.matrix_organizations import EXTENSION as ORGANIZATIONS
from tests.matrix_portal import PORTAL_ROWS, PORTAL_URL_KWARGS
from tests.matrix_release import EXTENSION as RELEASE
from tests.matrix_rota import EXTENSION as ROTA
from tests.matrix_satisfaction import EXTENSION as SATISFACTION
from tests.matrix_saved_views import EXTENSION as SAVED_VIEWS
from tests.matrix_scope import EXTENSION as SCOPE
from tests.matrix_side_threads import EXTENSION as SIDE_THREADS
from tests.matrix_sla import SLA_ROWS
from tests.matrix_status import EXTENSION as STATUS
from tests.matrix_tasks import EXTENSION as TASKS
from tests.matrix_timesheets import EXTENSION as TIMESHEETS
from tests.support.snapshots import world as snapshot
from tickets import services

ROLES = ["anonymous", "owner", "stranger", "manager", "agent", "lead", "admin"]
WRITES = {"post", "put", "patch", "delete"}
REFUSALS = {400, 403, 404, 405, 409}
# Rows whose redirect (302) is a refusal with a message, as their comments say: the world is
# what it is in every role (no alert to acknowledge, no timer running, a call not yet due…).
REFUSED_WITH_A_MESSAGE = {
    "escalation-still-looking",
    "desk-acknowledge",
    "desk-bulk",
    "desk-page-now",
    "knownissues-link",
    "kb-link",
    "knownissues-signal-dismiss",
    "time-timer-stop",
    "time-timer-discard",
    "time-call-held",
    "time-call-no-show",
    "desk-task-transition",
    "portal-task-uat",
    *MISC_REFUSED_WITH_A_MESSAGE,
    *GITHUB_REFUSED_WITH_A_MESSAGE,
    "guard-log-assign",
}
# name: (method, payload, {role: status}); "*" is every role not named.
LOGIN = 302  # anonymous users are sent to the sign-in page
MATRIX = {
    "home": ("get", None, {"*": 302}),
    "login": ("get", None, {"*": 200}),
    "logout": ("post", {}, {"*": 302}),
    "healthz": ("get", None, {"*": 200}),
    "attachment-download": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 404,
                                          "manager": 200, "*": 200}),
    "api-token": ("post", {"username": "owner", "password": "demo"},
                  {"*": 200, "anonymous": 200}),
    "api-schema": ("get", None, {"*": 200}),
    "api-docs": ("get", None, {"*": 200}),
    "api-redoc": ("get", None, {"*": 200}),
    "api-ticket-list": ("get", None, {"anonymous": 403, "*": 200}),
    "api-ticket-detail": ("get", None, {"anonymous": 403, "stranger": 404, "*": 200}),
    "api-ticket-messages": ("get", None, {"anonymous": 403, "stranger": 404, "*": 200}),
    "api-ticket-transitions": ("post", {"transition": "resolve"},
                               {"anonymous": 403, "owner": 403, "stranger": 404,
                                "manager": 403, "*": 200}),
    "api-ticket-assign": ("post", {"assignee": None},
                          {"anonymous": 403, "owner": 403, "stranger": 404, "manager": 403,
                           "*": 200}),
    # Into a ticket that is not there: refused (400) for staff, once the permission is known.
    "api-ticket-merge": ("post", {"into": 2**62},
                         {"anonymous": 403, "owner": 403, "stranger": 404, "manager": 403,
                          "*": 400}),
    "api-ticket-tags": ("put", {"tags": ["Spanish"]},
                        {"anonymous": 403, "owner": 403, "stranger": 404, "manager": 403,
                         "*": 200}),
    # Bulk: customers are refused whole (403, never per ticket); for staff a number no ticket
    # has comes back refused in its row (200), nothing written.
    "api-ticket-bulk": ("post", {"tickets": [999999], "action": "take"},
                        {"anonymous": 403, "owner": 403, "stranger": 403, "manager": 403,
                         "*": 200}),
    "admin:index": ("get", None, {"admin": 200, "*": 302}),
    **PORTAL_ROWS,
    **DESK_ROWS,
    **SLA_ROWS,
    **ESCALATION_ROWS,
}  # fmt: skip
# Later apps' rows come with the objects their URLs need (tests/matrix_extension.py).
EXTENSIONS = (
    TASKS,
    LEAD_TIMES,
    TIMESHEETS,
    KNOWNISSUES,
    STATUS,
    SIDE_THREADS,
    NOTIFICATIONS,
    SAVED_VIEWS,
    KNOWLEDGE,
    MACROS,
    FINDINGS,
    SATISFACTION,
    ORGANIZATIONS,
    MISC,
    RELEASE,
    ONCALL_CONFIRM,
    ROTA,
    SCOPE,
    GITHUB,
)
for _extension in EXTENSIONS:
    MATRIX.update(_extension.rows)


def _names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            if pattern.namespace == "admin":
                yield "admin:index"
                continue
            yield from _names(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_has_a_row():
    names = set(_names(get_resolver().url_patterns))
    assert names - set(MATRIX) == set(), "add the new URLs to the permission matrix"


@pytest.fixture
def world(db):
    owner = CustomerFactory(username="owner")
    org = owner.customer_profile.organization
    manager = CustomerFactory(
        username="manager", customer_profile__organization=org, customer_profile__is_manager=True
    )
    stranger = CustomerFactory(username="stranger")
    ticket = TicketFactory(requester=owner)
    upload = SimpleUploadedFile("log.txt", b"stack trace", content_type="text/plain")
    services.customer_reply(ticket, actor=owner, body="log attached", attachments=[upload])
    attachment = ticket.attachments.get()
    users = {
        "anonymous": None,
        "owner": owner,
        "stranger": stranger,
        "manager": manager,
        "agent": AgentFactory(username="agent"),
        "lead": LeadFactory(username="lead"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    world = {"ticket": ticket, "attachment": attachment, "users": users}
    for extension in EXTENSIONS:
        extension.build(world)
    return world


def _refused(name, response) -> bool:
    if response.status_code in REFUSALS:
        return True
    if name in REFUSED_WITH_A_MESSAGE and response.status_code == 302:
        return True
    sign_in = resolve_url(settings.LOGIN_URL) + "?next="
    return response.status_code == 302 and response["Location"].startswith(sign_in)


def _url(name, world):
    ticket, attachment = world["ticket"], world["attachment"]
    for extension in EXTENSIONS:
        url = extension.url(name, world)
        if url is not None:
            return url
    if name == "attachment-download":
        return reverse(name, args=[attachment.pk, attachment.filename])
    if name in PORTAL_URL_KWARGS:
        return reverse(name, kwargs=PORTAL_URL_KWARGS[name])
    if name == "desk-team":  # a team the migrations seed
        return reverse(name, kwargs={"slug": "engagement"})
    try:
        return reverse(name, args=[ticket.pk])
    except NoReverseMatch:
        return reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(world, name, role):
    method, payload, expected = MATRIX[name]
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = _url(name, world)
    before = snapshot() if method in WRITES else None
    if name.startswith("api-") and payload is not None:
        response = getattr(client, method)(url, payload, content_type="application/json")
    elif payload is not None:
        response = getattr(client, method)(url, payload)
    else:
        response = getattr(client, method)(url)
    assert response.status_code == expected.get(role, expected["*"]), (name, role, url)
    if name.startswith("api-") and response.status_code >= 400:
        assert "error" in response.json()
    if before is not None and _refused(name, response):
        assert snapshot() == before, (name, role, url)
