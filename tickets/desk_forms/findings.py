"""The ticket page's findings: asked by Resolve, edited in the findings panel, and recorded as a
temporary workaround while the ticket is worked. The rules are ``services.findings_problems``."""

from django import forms

from ..models.findings import DOC_NOTE_MAX_LENGTH
from ..services import Findings, findings_problems
from ..states import DocChange, Outcome


class FindingsFields(forms.Form):
    """The findings' fields, each optional here: the service's rules say which are asked."""

    cause = forms.CharField(required=False, label="What caused it?", widget=forms.Textarea)
    tried = forms.CharField(
        required=False, label="What was tried and did not help", widget=forms.Textarea
    )
    fix = forms.CharField(required=False, label="The fix, or the workaround", widget=forms.Textarea)
    outcome = forms.ChoiceField(required=False, choices=Outcome.choices)
    doc_change = forms.ChoiceField(required=False, choices=DocChange.choices)
    doc_note = forms.CharField(required=False, max_length=DOC_NOTE_MAX_LENGTH)
    customer_summary = forms.CharField(required=False, widget=forms.Textarea)

    def findings(self) -> Findings:
        return Findings.of(self.cleaned_data)

    def add_problems(self, **rules) -> None:
        for field, problem in findings_problems(self.findings(), **rules).items():
            self.add_error(field, problem)


class FindingsForm(FindingsFields):
    """The findings panel's Edit, and "Record a temporary workaround"."""

    def clean(self):
        data = super().clean()
        self.add_problems()
        return data

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
