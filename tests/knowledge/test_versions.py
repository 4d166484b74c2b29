"""Published versions are kept, and the difference between two is shown line by line and word by
word, escaped: an article's HTML shows as typed and never becomes markup."""

import pytest
from django.test import Client

from knowledge import selectors, services

pytestmark = pytest.mark.django_db

OLD = "Open the **Billing** page.\nPress Export.\n<script>alert('old')</script>"
NEW = "Open the **Invoices** page.\nPress Export.\n<img src=x onerror=alert(1)>"


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_diff_marks_removed_and_added_words_and_escapes_everything():
    rows = selectors.diff_rows(OLD, NEW)

    assert [(r.kind, r.old, r.new, str(r.html)) for r in rows] == [
        ("del", 1, None, "Open the <del>**Billing**</del> page."),
        ("ins", None, 1, "Open the <ins>**Invoices**</ins> page."),
        ("same", 2, 2, "Press Export."),
        ("del", 3, None, "<del>&lt;script&gt;alert(&#x27;old&#x27;)&lt;/script&gt;</del>"),
        ("ins", None, 3, "<ins>&lt;img src=x onerror=alert(1)&gt;</ins>"),
    ]


def test_long_unchanged_stretches_fold_and_equal_texts_have_no_rows():
    old = "\n".join(f"Line {n}" for n in range(1, 21))
    new = old.replace("Line 10", "Line ten")

    rows = selectors.diff_rows(old, new)

    assert [(r.kind, str(r.html)) for r in rows] == [
        ("fold", "6 unchanged lines"),
        *[("same", f"Line {n}") for n in (7, 8, 9)],
        ("del", "Line <del>10</del>"),
        ("ins", "Line <ins>ten</ins>"),
        *[("same", f"Line {n}") for n in (11, 12, 13)],
        ("fold", "7 unchanged lines"),
    ]
    assert selectors.diff_rows(old, old) == []


def test_the_versions_page_and_the_diff_page_show_every_publication(agent, lead, publish):
    article = publish("Export invoices", OLD)
    services.update_article(article, actor=lead, title="Export your invoices", body=NEW)
    client = _desk(agent)

    listing = client.get(f"/desk/kb/{article.pk}/versions/").content.decode()
    page = client.get(f"/desk/kb/{article.pk}/versions/diff/?from=1&to=2")

    assert '<tr data-version="2">' in listing
    assert '<tr data-version="1">' in listing
    diff_link = (
        f'href="/desk/kb/{article.pk}/versions/diff/?from=1&amp;to=2">Changes from version 1'
    )
    assert diff_link in listing
    html = page.content.decode()
    assert page.status_code == 200
    assert "From <strong>Version 1</strong> to <strong>Version 2</strong>." in html
    assert (
        '<span class="kb-old">Export invoices</span> → '
        '<span class="kb-new">Export <ins>your</ins> invoices</span>'
    ) in html
    assert "<del>&lt;script&gt;alert(&#x27;old&#x27;)&lt;/script&gt;</del>" in html
    assert "<ins>&lt;img src=x onerror=alert(1)&gt;</ins>" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_the_diff_compares_the_text_being_edited_with_the_last_publication(lead, agent, publish):
    article = publish("Export invoices", "First.")
    services.transition_article(article, actor=lead, name="rework")
    services.update_article(article, actor=agent, body="Second.")

    html = _desk(agent).get(f"/desk/kb/{article.pk}/versions/diff/").content.decode()

    assert "From <strong>Version 1</strong> to <strong>The text now</strong>." in html
    assert "<del>First.</del>" in html
    assert "<ins>Second.</ins>" in html


def test_an_article_never_published_has_nothing_to_compare(agent, draft):
    article = draft("Export invoices")

    response = _desk(agent).get(f"/desk/kb/{article.pk}/versions/diff/")

    assert response.status_code == 404
    assert "Nothing to compare: it was never published." in response.content.decode()


def test_a_version_that_does_not_exist_is_a_404(agent, publish):
    article = publish("Export invoices")

    response = _desk(agent).get(f"/desk/kb/{article.pk}/versions/diff/?from=1&to=9")

    assert response.status_code == 404
