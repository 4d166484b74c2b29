"""The end of seed 001's task flow in a real browser (issue 16): a task in Development is
tested (the PM's check, then the lead runs the customer's known workflow), goes to UAT, the
customer says OK on the portal, the task waits in MTP, the lead releases it from the board, the
customer's "released to production" email is in the outbox, and the agent resolves the ticket
from the offer. The pages pass axe in light and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/mtp-*.png``.
"""

import pytest
from playwright.sync_api import expect

from engineering import hooks as task_hooks
from engineering import services as task_services
from engineering.models import Task
from engineering.states import Stage
from helpdesk.notifications.models import Notification
from tests.browser.helpers import assert_accessible, login
from tests.engineering.factories import ready_task, tick_checklist
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, TicketFactory
from tickets.models import OrganizationProfile
from tickets.states import Status

LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
WORKFLOW = "Place an order and pay by card"


@pytest.fixture(autouse=True)
def _no_time_provider(monkeypatch):
    monkeypatch.setattr(task_hooks, "_minutes_logged", [])


@pytest.fixture
def flow(db):
    agent = AgentFactory(username="dev")
    lead = LeadFactory(username="lena")
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    organization = customer.customer_profile.organization
    OrganizationProfile.objects.create(
        organization=organization,
        uses_mtp=True,
        known_workflows=f"Before every release:\n\n- {WORKFLOW}\n",
        uat_window_days=3,
        uat_window_business_days=True,
    )
    ticket = TicketFactory(requester=customer, subject="Invoices export lacks VAT")
    task = ready_task(ticket=ticket, title="Add the VAT column to the export")
    task = task_services.transition_task(task, actor=agent, name="start_development").task
    return {"agent": agent, "lead": lead, "customer": customer, "ticket": ticket, "task": task}


def _as(browser, live_server, username, viewport=LAPTOP):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, username)
    return page


def test_a_task_is_tested_accepted_released_and_its_ticket_resolved(
    browser, live_server, shot, flow
):
    task, ticket = flow["task"], flow["ticket"]
    task_url = f"{live_server.url}/desk/tasks/{task.pk}/"

    # The PM ticks their test; sending to UAT is refused while the workflow is unchecked.
    dev = _as(browser, live_server, "dev")
    dev.goto(task_url)
    checklist = dev.locator("#solution-testing")
    expect(checklist.get_by_role("heading", name="Solution testing before UAT")).to_be_visible()
    checklist.get_by_role("button", name="Tick: PM tested the solution").click()
    expect(dev.get_by_text("Ticked.", exact=True)).to_be_visible()
    dev.get_by_label("What should the customer test?").fill("Export March; check the VAT.")
    dev.get_by_role("button", name="Send to UAT → UAT").click()
    refusal = dev.locator(".notification").filter(has_text="before the solution is tested")
    expect(refusal).to_contain_text(f"tick “{WORKFLOW}”")
    assert_accessible(dev)
    shot(dev, "mtp-checklist-refused")
    assert Task.objects.get(pk=task.pk).stage == Stage.DEVELOPMENT

    # The lead runs the customer's known workflow, then sends the task to UAT.
    lena = _as(browser, live_server, "lena")
    lena.goto(task_url)
    lena.locator("#solution-testing").get_by_role("button", name=f"Tick: {WORKFLOW}").click()
    expect(lena.locator("#solution-testing")).to_contain_text(f"Done: {WORKFLOW}")
    shot(lena, "mtp-checklist-complete")
    lena.get_by_label("What should the customer test?").fill("Export March; check the VAT.")
    lena.get_by_role("button", name="Send to UAT → UAT").click()
    expect(lena.get_by_text(f"Task {task.pk} is now in UAT.")).to_be_visible()
    expect(lena.get_by_text("Goes through MTP after the customer's OK.")).to_be_visible()

    # The customer says OK on the portal: the task waits in MTP.
    carol = _as(browser, live_server, "carol")
    carol.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    carol.get_by_role("button", name="OK — it works, release it").click()
    expect(carol.get_by_text("a lead releases it to production")).to_be_visible()
    expect(carol.get_by_text("Approved — waiting for its release to production.")).to_be_visible()
    assert_accessible(carol)
    shot(carol, "mtp-portal-approved")
    assert Task.objects.get(pk=task.pk).stage == Stage.MTP

    # The lead releases it from the board (the MTP column's ▶ button).
    lena.goto(f"{live_server.url}/desk/tasks/")
    expect(lena.locator('[data-drop="mtp"]').locator(f"#task-{task.pk}")).to_be_visible()
    assert_accessible(lena)
    shot(lena, "mtp-board")
    lena.get_by_role("button", name=f"Released to production: task {task.pk}").click()
    expect(lena.locator("#kanban-status [role=status]")).to_contain_text("is now in Done")
    expect(lena.locator('[data-drop="done"]').locator(f"#task-{task.pk}")).to_be_visible()
    shot(lena, "mtp-board-released")

    mail = Notification.objects.get(kind="task_released")
    assert mail.recipient == flow["customer"].email
    assert mail.subject == f"[#{ticket.pk}] Released to production: {task.title}"

    # The agent resolves the ticket from the offer on the ticket page.
    dev.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    offer = dev.locator("[data-resolve-offer]")
    expect(offer).to_contain_text("All tasks are done — resolve the ticket.")
    assert_accessible(dev)
    shot(dev, "mtp-ticket-offer")
    offer.get_by_role("link", name=f"Resolve #{ticket.pk}…").click()
    resolve = dev.locator("#transition-resolve")
    expect(resolve.get_by_label("What caused it?")).to_be_visible()
    resolve.get_by_label("What caused it?").fill("The export had no VAT column.")
    resolve.get_by_label("The fix, or the workaround").fill("Added it; released to production.")
    resolve.get_by_role("button", name="Resolve", exact=True).click()
    expect(dev.get_by_text(f"Ticket #{ticket.pk} is now Resolved.")).to_be_visible()
    expect(dev.locator("[data-resolve-offer]")).to_have_count(0)
    shot(dev, "mtp-ticket-resolved")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
def test_the_release_pages_pass_axe_and_fit_a_phone(browser, live_server, shot, flow, viewport):
    task, ticket, lead = flow["task"], flow["ticket"], flow["lead"]
    done_task = ready_task(ticket=TicketFactory(requester=flow["customer"]), title="Old fix")
    task_services.transition_task(done_task, actor=lead, name="start_development")
    task_services.transition_task(done_task, actor=lead, name="finish")
    pages = {"checklist": f"/desk/tasks/{task.pk}/"}
    tick_checklist(task, flow["agent"])
    task = task_services.transition_task(task, actor=lead, name="send_to_uat", comment="Try").task
    task_services.answer_uat(task, actor=flow["customer"], ok=True)
    pages |= {
        "board": "/desk/tasks/",
        "offer": f"/desk/tickets/{done_task.ticket_id}/",
        "portal": f"/portal/tickets/{ticket.pk}/",
    }
    failures = []
    width = "phone" if viewport is PHONE else "desktop"
    for user, names in (("lena", ("board", "offer")), ("carol", ("portal",))):
        page = _as(browser, live_server, user, viewport)
        for name in names:
            failures += _check(page, live_server, shot, name, pages[name], viewport, width)
    # The checklist page shows the checklist only in Development: look at it before UAT.
    page = _as(browser, live_server, "dev", viewport)
    back = Task.objects.get(pk=task.pk)
    task_services.transition_task(back, actor=lead, name="return_to_development", comment="x")
    failures += _check(page, live_server, shot, "checklist", pages["checklist"], viewport, width)
    assert not failures, "\n\n".join(failures)


def _check(page, live_server, shot, name, path, viewport, width) -> list[str]:
    failures = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        shot(page, f"mtp-scheme-{name}-{scheme}-{width}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if viewport is PHONE and scroll > PHONE["width"]:
            failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{name} {scheme}: {error}")
    return failures
