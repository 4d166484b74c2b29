"""What the desk knows about a customer organization: its profile (custom code, links, the
account's manager, known workflows), every change to it with its author, the Deep Dive
document in numbered versions, and the client's own documents.

Staff only: nothing here is shown on the portal, in the API for customers, in a feed or in an
email to a customer. The rules live in ``tickets.services.profiles``.
"""

from django.conf import settings
from django.db import models

URL_MAX_LENGTH = 500


class PreferredContact(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "A call"


class OrganizationProfile(models.Model):
    organization = models.OneToOneField(
        "tickets.Organization", on_delete=models.CASCADE, related_name="profile"
    )
    custom_modules = models.TextField(
        "custom code modules",
        blank=True,
        help_text="The modules written for this client, one a line.",
    )
    repository_url = models.URLField("repository", max_length=URL_MAX_LENGTH, blank=True)
    test_site_url = models.URLField("test site", max_length=URL_MAX_LENGTH, blank=True)
    source_location = models.CharField(
        max_length=300, blank=True, help_text="Where the client's source code lives."
    )
    versions = models.CharField(
        max_length=300, blank=True, help_text="The versions they run, e.g. Core 4.2, PHP 8.1."
    )
    preferred_contact = models.CharField(
        max_length=8, choices=PreferredContact.choices, default=PreferredContact.EMAIL
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_accounts",
        help_text="The consultant or project manager of the account: told of its tickets' "
        "progress.",
    )
    assign_new_tickets_to_manager = models.BooleanField(
        "assign new tickets to the account manager", default=False
    )
    known_workflows = models.TextField(
        blank=True, help_text="Markdown: what to test before a release of this client."
    )
    # How this client's engineering work is released (seed 001): read by the engineering app.
    uses_mtp = models.BooleanField(
        "releases go through MTP",
        default=False,
        help_text="The customer's UAT OK moves a task to Move to production; a lead releases "
        "it and the customer is told.",
    )
    uat_window_days = models.PositiveSmallIntegerField(
        "UAT answer window (days)",
        null=True,
        blank=True,
        help_text="Days the customer has to answer a UAT request before the task is considered "
        "done. Empty: the helpdesk's default.",
    )
    uat_window_business_days = models.BooleanField(
        "count the UAT window in business days",
        default=False,
        help_text="Monday to Friday; otherwise calendar days. Used only with a window set here.",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "organization profile"
        verbose_name_plural = "organization profiles"

    def __str__(self) -> str:
        return f"Profile of {self.organization}"


class ProfileChange(models.Model):
    """One edit of an organization's profile (or a document added): who, when, and each field
    changed as ``{field: [old, new]}``."""

    organization = models.ForeignKey(
        "tickets.Organization", on_delete=models.CASCADE, related_name="profile_changes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"], name="profilechange_org_at")]

    def __str__(self) -> str:
        return f"{self.organization} changed {self.at:%Y-%m-%d %H:%M}"


class DeepDiveVersion(models.Model):
    """One version of an organization's Deep Dive document (Markdown); the highest number is
    the current text."""

    organization = models.ForeignKey(
        "tickets.Organization", on_delete=models.CASCADE, related_name="deep_dive_versions"
    )
    number = models.PositiveIntegerField()
    body = models.TextField(help_text="Markdown.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The resolved ticket whose lessons prompted this version.",
    )

    class Meta:
        ordering = ["organization", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="deepdive_number_unique",
                violation_error_message="This version of the Deep Dive already exists.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} Deep Dive v{self.number}"


def organization_document_path(instance: "OrganizationDocument", filename: str) -> str:
    return f"organizations/{instance.organization_id}/{filename}"


class OrganizationDocument(models.Model):
    """A document of the client's own (a specification, a contract annex): staff only."""

    organization = models.ForeignKey(
        "tickets.Organization", on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(upload_to=organization_document_path)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
