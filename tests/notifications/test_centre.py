"""The notification centre on the desk (the bell, the list, mark as read) and the agent's
profile (a channel per event, the email signature)."""

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.notifications.models import InAppNotification, StaffSettings
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.factories_staff import InAppNotificationFactory
from tickets import services

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_bell_counts_unread_notifications_on_every_desk_page():
    ana = AgentFactory(username="ana")
    InAppNotificationFactory.create_batch(3, user=ana)
    InAppNotificationFactory(user=ana, read_at="2026-01-01T00:00:00Z")
    InAppNotificationFactory.create_batch(2)  # someone else's

    client = signed_in(ana)
    for url in ("/desk/", "/desk/tasks/", reverse("notifications-profile")):
        html = client.get(url).content.decode()
        assert 'aria-label="Notifications: 3 unread"' in html, url
        assert 'data-unread="3">3</span>' in html, url


def test_a_customer_reply_rings_the_assignees_bell():
    ana = AgentFactory(username="ana")
    ticket = TicketFactory(assignee=ana)
    client = signed_in(ana)
    assert 'aria-label="Notifications: 0 unread"' in client.get("/desk/").content.decode()

    services.customer_reply(ticket, actor=ticket.requester, body="Still broken")

    html = client.get("/desk/").content.decode()
    assert 'aria-label="Notifications: 1 unread"' in html
    page = client.get(reverse("notifications-list")).content.decode()
    assert f"Customer replied on #{ticket.pk}: {ticket.subject}" in page


def test_customers_see_no_bell_and_cannot_reach_the_centre_or_the_profile():
    customer = CustomerFactory()
    row = InAppNotificationFactory()
    client = signed_in(customer)

    assert 'id="bell"' not in client.get("/portal/").content.decode()
    assert client.get(reverse("notifications-list")).status_code == 403
    assert client.get(reverse("notifications-profile")).status_code == 403
    assert client.post(reverse("notifications-read", args=[row.pk])).status_code == 403
    assert client.post(reverse("notifications-read-all")).status_code == 403
    row.refresh_from_db()
    assert row.read_at is None


def test_the_list_shows_only_my_notifications_newest_first():
    ana = AgentFactory(username="ana")
    older = InAppNotificationFactory(user=ana, title="Older one")
    newer = InAppNotificationFactory(user=ana, title="Newer one")
    InAppNotificationFactory(title="Not yours")

    html = signed_in(ana).get(reverse("notifications-list")).content.decode()

    assert html.index("Newer one") < html.index("Older one")
    assert "Not yours" not in html
    assert f'id="notification-{older.pk}"' in html
    assert f'id="notification-{newer.pk}"' in html


def test_marking_one_read_and_then_all():
    ana = AgentFactory(username="ana")
    first, _second, _third = InAppNotificationFactory.create_batch(3, user=ana)
    client = signed_in(ana)

    response = client.post(reverse("notifications-read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert InAppNotification.objects.filter(user=ana, read_at__isnull=True).count() == 2

    response = client.post(reverse("notifications-read-all"), follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in response.content.decode()
    assert not InAppNotification.objects.filter(user=ana, read_at__isnull=True).exists()


def test_opening_a_notification_marks_it_read_and_goes_to_the_ticket():
    ana = AgentFactory(username="ana")
    row = InAppNotificationFactory(user=ana, url="http://testserver/desk/tickets/7/")

    response = signed_in(ana).post(reverse("notifications-read", args=[row.pk]), {"open": "1"})

    assert response["Location"] == "http://testserver/desk/tickets/7/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_with_htmx_marking_read_swaps_the_row():
    ana = AgentFactory(username="ana")
    row = InAppNotificationFactory(user=ana, title="Login fails")

    response = signed_in(ana).post(
        reverse("notifications-read", args=[row.pk]), headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.startswith(f'<li class="notification-row py-2" id="notification-{row.pk}">')
    assert "Login fails" in html
    assert "Mark read" not in html


def test_someone_elses_notification_is_not_found_and_stays_unread():
    ana, ben = AgentFactory(username="ana"), AgentFactory(username="ben")
    hers = InAppNotificationFactory(user=ana)
    client = signed_in(ben)

    assert client.post(reverse("notifications-read", args=[hers.pk])).status_code == 404
    client.post(reverse("notifications-read-all"))
    hers.refresh_from_db()
    assert hers.read_at is None


def test_marking_read_needs_a_post_with_the_csrf_token():
    ana = AgentFactory(username="ana")
    row = InAppNotificationFactory(user=ana)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)

    assert client.get(reverse("notifications-read", args=[row.pk])).status_code == 405
    assert client.post(reverse("notifications-read", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.read_at is None


def test_the_profile_saves_channels_and_the_signature_and_the_alerts_follow_them():
    ana = AgentFactory(username="ana")
    client = signed_in(ana)
    page = client.get(reverse("notifications-profile")).content.decode()
    assert "A customer replied" in page
    assert "A ticket of an account you manage moved" in page  # issue 15's account manager
    assert "Email signature" in page
    assert 'href="/desk/profile/"' in page  # linked from the desk navigation

    form = {
        "customer_replied": "none",
        "assigned": "in_app",
        "escalated": "email",
        "mentioned": "both",
        "followed_changed": "both",
        "on_call_page": "email",
        "sla_red": "in_app",
        "doc_request_opened": "none",  # issue 15: three duplicate answers (leads)
        "csat_not_good": "both",
        "account_progress": "email",
        "handover": "both",  # issue 16: a previous-T3 nudge, an on-call log item
        "signature": "Ana Ruiz\nSupport, Tier 1  ",
    }
    response = client.post(reverse("notifications-profile"), form, follow=True)
    assert "Your notification settings and signature are saved." in response.content.decode()
    saved = StaffSettings.objects.get(user=ana)
    assert saved.signature == "Ana Ruiz\nSupport, Tier 1"
    assert saved.preferences == {k: v for k, v in form.items() if k != "signature"}

    ticket = TicketFactory(assignee=ana)
    services.customer_reply(ticket, actor=ticket.requester, body="Hi")
    assert not InAppNotification.objects.filter(user=ana).exists()


def test_a_choice_not_offered_is_refused_and_nothing_changes():
    ana = AgentFactory(username="ana")
    StaffSettings.objects.create(user=ana, signature="Ana", preferences={"assigned": "email"})
    form = {event: "both" for event in ("customer_replied", "assigned", "escalated", "mentioned",
                                        "followed_changed", "sla_red",
                                        "account_progress")}  # fmt: skip
    form.update(on_call_page="none", signature="Changed")

    response = signed_in(ana).post(reverse("notifications-profile"), form)

    assert response.status_code == 400
    saved = StaffSettings.objects.get(user=ana)
    assert (saved.signature, saved.preferences) == ("Ana", {"assigned": "email"})


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_costs_the_same_queries_for_5_or_50_notifications(rows, django_assert_num_queries):
    ana = AgentFactory(username="ana")
    InAppNotificationFactory.create_batch(rows, user=ana)
    client = signed_in(ana)

    # session, user, groups, the bell's unread count, the list (one query, however long)
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications-list"))

    html = response.content.decode()
    assert html.count('class="notification-row') == rows
    assert html.count("Mark read</button>") == rows
