"""Rows of the permission matrix for the desk's organization pages (issue 15): agents only;
customers are refused (403) whatever the organization, their own included, and anonymous
visitors are sent to sign in. The world gets a profile, a Deep Dive in two versions and a
document of the matrix ticket's organization."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
DESK = {"anonymous": LOGIN, **CUSTOMERS}

ROWS = {
    "desk-organizations": ("get", None, {**DESK, "*": 200}),
    "desk-organization": ("get", None, {**DESK, "*": 200}),
    # A POST with nothing in it: the form is shown again with what is missing (400).
    "desk-organization-document-add": ("post", {}, {**DESK, "*": 400}),
    "desk-organization-document": ("get", None, {**DESK, "*": 200}),
    "desk-organization-deep-dive": ("get", None, {**DESK, "*": 200}),
    "desk-organization-deep-dive-diff": ("get", None, {**DESK, "*": 200}),
    "desk-organization-deep-dive-version": ("get", None, {**DESK, "*": 200}),
    "api-organization-profile": ("get", None, {"anonymous": 403, **{
        role: 404 for role in CUSTOMERS}, "*": 200}),
}  # fmt: skip


def build(world: dict) -> None:
    from tickets import services

    agent = world["users"]["agent"]
    org = world["ticket"].organization
    services.edit_profile(org, actor=agent, values={"versions": "Core 4.2"})
    services.save_deep_dive(org, actor=agent, body="How Acme works.")
    services.save_deep_dive(org, actor=agent, body="How Acme works, now.", based_on=1)
    world["document"] = services.add_document(
        org, actor=agent, upload=SimpleUploadedFile("spec.pdf", b"%PDF-1.4")
    )


def url(name: str, world: dict) -> str | None:
    if name not in ROWS:
        return None
    slug = world["ticket"].organization.slug
    if name == "desk-organizations":
        return reverse(name)
    if name == "desk-organization-document":
        return reverse(name, args=[slug, world["document"].pk, world["document"].filename])
    if name == "desk-organization-deep-dive-version":
        return reverse(name, args=[slug, 1])
    if name == "desk-organization-deep-dive-diff":
        return reverse(name, args=[slug]) + "?from=1&to=2"
    return reverse(name, args=[slug])


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
