"""Lead times on the task board in a real browser (seed 000, decision 0029): a card near its lead
time is blue and says so, and the Requirements column shows top priority, then blue, then the
oldest; the new-task page starts from a template. The pages pass axe in light and dark mode and
fit a 390 px phone (the board scrolls inside its own box).

Screenshots: ``test-artifacts/screenshots/lead-times-*.png``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engineering import services as task_services
from engineering.models import TaskTemplate
from engineering.sweeps import LeadTimes
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, TagFactory, TicketFactory
from tickets.states import Priority

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture
def board(db):
    agent = AgentFactory(username="dev")
    now = timezone.now()
    old = task_services.create_task(
        TicketFactory(priority=Priority.NORMAL),
        actor=agent,
        title="Old yellow: rename the export column",
        lead_time_business_days=30,
        at=now - timedelta(days=20),
    )
    near = task_services.create_task(
        TicketFactory(priority=Priority.NORMAL),
        actor=agent,
        title="Near its lead time: fix rounding",
        lead_time_due=now + timedelta(days=20),
        at=now - timedelta(days=1),
    )
    # The sweep reaches the card's blue instant (one business day before its lead time).
    near.refresh_from_db()
    assert LeadTimes().run(now=near.lead_time_check_at).applied == 1
    top = task_services.create_task(
        TicketFactory(priority=Priority.TOP), actor=agent, title="Top: checkout is down"
    )
    template = TaskTemplate.objects.create(
        name="Technical email", title="Technical email: ", lead_time_business_days=2
    )
    template.tags.add(TagFactory(name="Technical Email"))
    return {"agent": agent, "old": old, "near": near, "top": top, "template": template}


def test_the_near_card_is_blue_and_the_column_is_top_then_blue_then_oldest(
    page, live_server, shot, board
):
    near = board["near"]
    near.refresh_from_db()
    assert near.lead_time_near_at is not None
    page.set_viewport_size(DESKTOP)
    login(page, live_server, "dev")
    page.goto(f"{live_server.url}/desk/tasks/")
    column = page.locator('[data-drop="requirements"] .kanban-card')
    expect(column).to_have_count(3)
    ids = column.evaluate_all("cards => cards.map(c => Number(c.dataset.task))")
    assert ids == [board["top"].pk, near.pk, board["old"].pk]
    card = page.locator(f"#task-{near.pk}")
    expect(card).to_have_attribute("data-colour", "priority")
    expect(card).to_contain_text("Lead time near:")
    background = card.evaluate("c => getComputedStyle(c).backgroundColor")
    assert background == "rgb(239, 246, 255)"  # the blue card
    shot(page, "lead-times-board")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_pages_pass_axe_in_both_schemes_and_fit_a_phone(
    browser, live_server, shot, board, viewport
):
    ticket = board["top"].ticket
    pages = {
        "board": "/desk/tasks/",
        "new-from-template": f"/desk/tasks/new/?ticket={ticket.pk}&template={board['template'].pk}",
        "task": f"/desk/tasks/{board['near'].pk}/",
    }
    failures = []
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, "dev")
    for name, path in pages.items():
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            width = "phone" if viewport is PHONE else "desktop"
            shot(page, f"lead-times-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)


def test_a_task_from_a_template_then_duplicated(page, live_server, shot, board):
    ticket = board["top"].ticket
    page.set_viewport_size(DESKTOP)
    login(page, live_server, "dev")
    page.goto(f"{live_server.url}/desk/tasks/new/?ticket={ticket.pk}")
    page.get_by_label("Template", exact=True).select_option(label="Technical email")
    page.get_by_role("button", name="Use template").click()
    expect(page.get_by_label("Title")).to_have_value("Technical email: ")
    page.get_by_label("Title").fill("Technical email: webhook retries")
    page.get_by_role("button", name="Create task").click()
    expect(page.get_by_text("is in Requirements.")).to_be_visible()
    expect(page.get_by_text("From the template “Technical email”")).to_be_visible()
    shot(page, "lead-times-from-template")
    page.get_by_role("button", name="Duplicate task").click()
    expect(page.get_by_text("is a copy of task")).to_be_visible()
    assert_accessible(page)
