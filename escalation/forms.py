"""HTML forms of the escalation pages: parse and show errors next to fields. Rules stay in the
services; a service's refusal is placed on the form by ``apply_domain_error`` (helpdesk.core)."""

from django import forms

from helpdesk.core.forms import BulmaMixin, bulma

from .states import ENGAGEMENT_TRIGGERS, PROPOSED_DOC_TAGS, DownOutcome

MAX_QUESTION_INPUTS = 20


def _tier_choices(tiers) -> list[tuple[str, str]]:
    def label(tier) -> str:
        description = tier.description.rstrip(".")
        return f"{tier.name} — {description}" if description else tier.name

    return [(tier.code, label(tier)) for tier in tiers]


class EscalateUpForm(forms.Form):
    """Numbered questions come as repeated ``questions`` inputs; "Add question" (a submit button
    without JavaScript, an in-page field with it) asks for one more."""

    target_tier = forms.ChoiceField(label="Escalate to")
    findings = forms.CharField(
        label="Findings so far",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you checked and found; the next tier should not repeat it.",
    )
    customer_message = forms.CharField(
        label="Message to the customer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    set_pending = forms.BooleanField(
        label="This message asks the customer for more information (sets Pending)",
        required=False,
    )
    expected_tier = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, targets, initial_target, comment_reason: str):
        # Own ids: the up and down forms share a page and some field names.
        super().__init__(data, initial={"target_tier": initial_target}, auto_id="up_%s")
        self.fields["target_tier"].choices = _tier_choices(targets)
        if comment_reason:
            message = self.fields["customer_message"]
            message.required = True
            message.help_text = f"Required: {comment_reason}"
            message.error_messages["required"] = (
                f"Write the customer a transition comment: {comment_reason}"
            )
        else:
            self.fields[
                "customer_message"
            ].help_text = "Optional: a transition comment, or a request for more information."
        self.comment_required = bool(comment_reason)
        self.question_errors: list[str] = []
        self.input_errors = {"questions": self.question_errors}
        raw = data.getlist("questions") if data is not None else [""]
        self.questions = [str(q) for q in raw][:MAX_QUESTION_INPUTS] or [""]
        self.focus_last = False
        bulma(self)

    @classmethod
    def one_more_question(cls, data, **kwargs) -> "EscalateUpForm":
        """ "Add question" without JavaScript: the same values, one more empty question field,
        focused, and no errors yet (nothing was submitted for real)."""
        form = cls(None, **kwargs)
        for name in ("target_tier", "findings", "customer_message", "set_pending"):
            if name in data:
                form.initial[name] = data.get(name)
        form.questions = [str(q) for q in data.getlist("questions")][: MAX_QUESTION_INPUTS - 1]
        form.questions.append("")
        form.focus_last = True
        return form

    @property
    def question_inputs(self) -> list[dict]:
        last = len(self.questions)
        return [
            {"number": n, "value": value, "autofocus": self.focus_last and n == last}
            for n, value in enumerate(self.questions, 1)
        ]

    def cleaned_questions(self) -> list[str]:
        return [q.strip() for q in self.questions if q.strip()]


class EscalateDownForm(forms.Form):
    target_tier = forms.ChoiceField(label="Hand back to")
    outcome = forms.ChoiceField(
        label="What goes back", choices=DownOutcome.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label="Answer to the customer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you answer; the ticket then stays assigned to you.",
    )
    doc_url = forms.URLField(
        label="Doc that answers it",
        required=False,
        assume_scheme="https",
        help_text="Missed Doc Review: the link the lower tier should have found.",
    )
    known_issue = forms.CharField(
        label="Known issue tag",
        required=False,
        max_length=120,
        help_text="Known issue: <number>-<slug>, e.g. 42-checkout-502.",
    )
    findings = forms.CharField(
        label="Answers to the escalated questions, findings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposed_docs = forms.MultipleChoiceField(
        label="Useful to others",
        required=False,
        choices=[(tag, tag) for tag in PROPOSED_DOC_TAGS],
        widget=forms.CheckboxSelectMultiple,
    )
    process_tweak = forms.CharField(
        label="Process Tweak: the step that was missed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional. Tags the ticket Process Tweak for the leads' weekly review.",
    )
    expected_tier = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, targets, initial_target):
        super().__init__(data, initial={"target_tier": initial_target}, auto_id="down_%s")
        self.fields["target_tier"].choices = _tier_choices(targets)
        bulma(self)


class SplitForm(forms.Form):
    messages = forms.MultipleChoiceField(
        label="Messages that belong to the new question",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    quote = forms.CharField(
        label="Or move part of a message: the selected text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Select text in the request or a public message and press “Move the selected "
        "text”, or paste it here. It becomes the new ticket's description, quoted; the message "
        "stays as it is.",
    )
    quote_of = forms.TypedChoiceField(
        label="The text is from", required=False, coerce=int, empty_value=None
    )
    subject = forms.CharField(label="Subject of the new ticket", max_length=200)

    def __init__(self, data=None, *, choices, quote_choices=()):
        super().__init__(data)
        self.fields["messages"].choices = choices
        self.fields["quote_of"].choices = [("", "The original request"), *quote_choices]
        bulma(self)


class TeamForm(forms.Form):
    team = forms.ChoiceField(label="Team")
    triggers = forms.MultipleChoiceField(
        label="Engagement situations (seed 003)",
        required=False,
        choices=list(ENGAGEMENT_TRIGGERS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick what applies when sending to Engagement; the reason starts with them.",
    )
    reason = forms.CharField(
        label="Why the team needs it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required unless you ticked a situation.",
    )
    follow = forms.BooleanField(label="Follow the ticket (see how it was handled)", required=False)

    def __init__(self, data=None, *, teams):
        super().__init__(data)
        self.fields["team"].choices = [(team.slug, team.name) for team in teams]
        bulma(self)


class ProductForm(BulmaMixin, forms.Form):
    note = forms.CharField(
        label="Why Product needs to be aware of it",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='The internal note starts with "Product" in bold. Not for bugs or feature '
        "requests: those have their own routes.",
    )


class RouteForm(BulmaMixin, forms.Form):
    """Triage routes a ticket: a tier, an agent of it, priority and category, an internal note.
    Blank means "as it is"."""

    tier = forms.ChoiceField(label="Tier", required=False)
    assignee = forms.ChoiceField(label="Agent", required=False)
    priority = forms.ChoiceField(label="Priority", required=False)
    category = forms.ChoiceField(label="Category", required=False)
    note = forms.CharField(
        label="Internal note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why it goes there: only staff read it.",
    )
    expected_tier = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, ticket, targets, agents_by_tier, priorities, categories):
        super().__init__(
            data, initial={"tier": ticket.tier.code, "expected_tier": ticket.tier.code}
        )
        self.fields["tier"].choices = [(tier.code, tier.name) for tier in targets]
        self.fields["assignee"].choices = [("", "Nobody yet")] + [
            (tier.name, [(agent.get_username(), agent.get_username()) for agent in agents])
            for tier, agents in agents_by_tier
            if agents
        ]
        self.fields["priority"].choices = [("", f"As it is ({ticket.get_priority_display()})")] + [
            (value, label) for value, label in priorities
        ]
        self.fields["category"].choices = [("", f"As it is ({ticket.get_category_display()})")] + [
            (value, label) for value, label in categories
        ]
