"""Forms of the desk's organization page: the profile, the Deep Dive, a document. They parse;
the rules (URLs, the manager, versions) are ``tickets.services.profiles``'."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from helpdesk.core import roles
from helpdesk.core.forms import bulma

from ..models import OrganizationProfile, PreferredContact


def staff_users():
    """Who may be an account's manager: active agents, leads and admins."""
    staff = Q(is_superuser=True) | Q(groups__name__in=[roles.AGENTS_GROUP, roles.LEADS_GROUP])
    return get_user_model().objects.filter(staff, is_active=True).distinct().order_by("username")


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


class OrganizationProfileForm(forms.Form):
    custom_modules = forms.CharField(
        label="Custom code modules",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The modules written for this client, one a line.",
    )
    repository_url = forms.CharField(
        label="Repository link", required=False, max_length=500, widget=forms.URLInput
    )
    test_site_url = forms.CharField(
        label="Test site", required=False, max_length=500, widget=forms.URLInput
    )
    source_location = forms.CharField(
        required=False, max_length=300, help_text="Where the client's source code lives."
    )
    versions = forms.CharField(
        required=False, max_length=300, help_text="The versions they run, e.g. Core 4.2, PHP 8.1."
    )
    preferred_contact = forms.ChoiceField(
        label="Preferred contact", choices=PreferredContact.choices
    )
    account_manager = ManagerChoiceField(
        label="Account manager",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody",
        help_text="The consultant or project manager: told of the progress of this "
        "organization's tickets.",
    )
    assign_new_tickets_to_manager = forms.BooleanField(
        label="Assign new tickets to the account manager", required=False
    )
    known_workflows = forms.CharField(
        label="Known workflows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown: what to test before a release of this client. Each list line "
        "is an item of a task's solution-testing checklist.",
    )
    uses_mtp = forms.BooleanField(
        label="Releases go through MTP (move to production)",
        required=False,
        help_text="The customer's UAT OK waits in MTP until a lead releases it; the customer "
        "is then told it is live.",
    )
    uat_window_days = forms.IntegerField(
        label="UAT answer window (days)",
        required=False,
        min_value=1,
        max_value=90,
        help_text="Without an answer in time the task is considered done. Empty: the "
        "helpdesk's default.",
    )
    uat_window_business_days = forms.BooleanField(
        label="Count the window in business days (Monday to Friday)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["account_manager"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff_users()
        bulma(self)

    @classmethod
    def of(cls, profile: OrganizationProfile) -> "OrganizationProfileForm":
        initial = {name: getattr(profile, name) for name in cls.base_fields}
        initial["account_manager"] = profile.account_manager_id
        return cls(initial=initial)


class DeepDiveForm(forms.Form):
    body = forms.CharField(
        label="Deep Dive",
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="Markdown. Saving keeps the previous version in the history.",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    ticket = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bulma(self)


class DocumentForm(forms.Form):
    file = forms.FileField(label="Add a document")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bulma(self)
