"""Rows of the permission matrix for the knowledge base's URLs (see tests/matrix_extension.py).

The world gets a published public article (version 1, linked to the matrix's ticket as its
answer), a second published one (to link), a draft and a published internal article. The desk's
pages are for agents; the help centre is anyone's; the API reads the internal article for
agents only, and answers 404 to everyone else (its existence is not disclosed). A doc request
asked for by the matrix's ticket is in the leads' queue.
"""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
DESK = {"anonymous": LOGIN, **CUSTOMERS}
NOT_FOUND = {"anonymous": 404, "owner": 404, "stranger": 404, "manager": 404}

ROWS = {
    "kb-list": ("get", None, {**DESK, "*": 200}),
    "kb-create": ("get", None, {**DESK, "*": 200}),
    # Without htmx: a page of its own with the results.
    "kb-search": ("get", None, {**DESK, "*": 200}),
    "kb-detail": ("get", None, {**DESK, "*": 200}),
    "kb-edit": ("get", None, {**DESK, "*": 200}),
    # Publishing the draft: leads only; an agent gets the article page with the refusal (403).
    "kb-transition": ("post", {"transition": "publish"},
                      {**DESK, "agent": 403, "*": 302}),
    "kb-versions": ("get", None, {**DESK, "*": 200}),
    "kb-diff": ("get", None, {**DESK, "*": 200}),
    # No ticket named: a message, back to the list (the link tests link for real).
    "kb-link": ("post", {}, {**DESK, "*": 302}),
    "kb-unlink": ("post", {}, {**DESK, "*": 302}),
    # Doc requests: agents see the queue, leads act (an agent gets the queue with the refusal).
    "kb-doc-requests": ("get", None, {**DESK, "*": 200}),
    "kb-doc-request-start": ("post", {}, {**DESK, "agent": 403, "*": 302}),
    "kb-doc-request-decline": ("post", {"reason": "The FAQ covers it."},
                               {**DESK, "agent": 403, "*": 302}),
    # No ticket number typed: the queue with "Type the ticket's number." (400) for leads.
    "kb-doc-request-add": ("post", {}, {**DESK, "agent": 403, "*": 400}),
    "help-home": ("get", None, {"*": 200}),
    "help-search": ("get", None, {"*": 200}),
    # Without htmx a GET is the help centre's search (the portal's htmx asks for the list).
    "help-suggest": ("get", None, {"*": 302}),
    "help-category": ("get", None, {"*": 200}),
    "help-article": ("get", None, {"*": 200}),
    "help-vote": ("post", {"helpful": "yes"}, {"*": 302}),
    "help-solved": ("post", {"asked": "Invoices"}, {"*": 302}),
    "api-kb-article-list": ("get", None, {"*": 200}),
    "api-kb-article-detail": ("get", None, {**NOT_FOUND, "*": 200}),
    "api-kb-doc-request-list": ("get", None, {"anonymous": 403, **CUSTOMERS, "*": 200}),
}  # fmt: skip


def build(world: dict) -> None:
    from django.utils import timezone

    from knowledge import services
    from knowledge.services import doc_requests

    agent, lead = world["users"]["agent"], world["users"]["lead"]

    def published(title: str, audience: str = "public"):
        article = services.create_article(
            actor=agent,
            title=title,
            body=f"{title}: open Settings.",
            category="general",
            audience=audience,
        )
        return services.transition_article(article, actor=lead, name="publish")

    world["article"] = published("Export invoices")
    services.link_article(world["article"], world["ticket"], actor=agent)
    world["answer"] = published("Reset a password")
    world["internal"] = published("Server disk full", audience="internal")
    world["doc_request"], _ = doc_requests.request_from_ticket(
        world["ticket"], kind="user", source="tag", why="Tagged", at=timezone.now()
    )
    world["draft"] = services.create_article(
        actor=agent, title="Add an administrator", body="Settings, Users.", category="general"
    )


def url(name: str, world: dict) -> str | None:
    if name not in ROWS:
        return None
    article, draft = world["article"], world["draft"]
    if name in {"kb-detail", "kb-edit", "kb-transition"}:
        return reverse(name, args=[draft.pk])
    if name in {"kb-versions", "kb-diff", "help-vote", "help-solved"}:
        return reverse(name, args=[article.pk])
    if name == "kb-link":
        return reverse(name, args=[world["answer"].pk])
    if name == "kb-unlink":
        return reverse(name, args=[article.pk, world["ticket"].pk])
    if name.startswith("kb-doc-request-"):
        return reverse(name, args=[world["doc_request"].pk])
    if name == "help-category":
        return reverse(name, args=["general"])
    if name == "help-article":
        return reverse(name, args=[article.pk, article.slug])
    if name == "api-kb-article-detail":
        return reverse(name, args=[world["internal"].pk])
    return reverse(name)


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
