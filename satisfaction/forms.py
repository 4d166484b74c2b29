"""Forms of customer satisfaction: the comment on the link's page, the portal's question."""

from django import forms

from .states import COMMENT_MAX_LENGTH, Rating


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Anything you would like to add? (optional)",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea"}),
        error_messages={"required": "Write a comment first."},
    )


class PortalAnswerForm(forms.Form):
    rating = forms.ChoiceField(
        choices=Rating.choices, error_messages={"required": "Choose Good or Not good."}
    )
    comment = forms.CharField(
        label="Anything you would like to add? (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea"}),
    )
