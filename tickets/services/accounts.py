"""Customer accounts come from staff: an agent or admin invites a customer of an organization.

There is no self sign-up. ``invite_customer`` creates the account without a usable password and
emails a link to set one (Django's password-reset token, so it expires after
``PASSWORD_RESET_TIMEOUT``). The email is an outbox row written in the same transaction: it goes
out once the transaction commits, and a broker outage delays it without losing it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications import services as outbox

from ..errors import AccountExists
from ..models import CustomerProfile, Organization


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(
            "Enter a valid email address.",
            fields={"email": ["Enter a valid email address, like name@example.com."]},
        ) from None
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _clean_username(username: str | None, email: str) -> str:
    User = get_user_model()
    username = (username or "").strip() or email
    field = User._meta.get_field(User.USERNAME_FIELD)
    # The username is a concrete field of bounded length (Django's User: 150 characters).
    assert isinstance(field, Field)
    assert field.max_length is not None
    try:
        field.run_validators(username)
    except ValidationError as error:
        raise ValidationFailed(
            "The username is not valid.", fields={"username": list(error.messages)}
        ) from None
    if len(username) > field.max_length:
        raise ValidationFailed(
            "The username is too long.",
            fields={"username": [f"At most {field.max_length} characters."]},
        )
    return username


def _refuse_duplicates(email: str, username: str, *, contact: bool = False) -> None:
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        advice = "search for it to find them" if contact else "nothing was sent"
        raise AccountExists(
            f"An account with the email address {email} already exists.",
            fields={"email": [f"{email} already has an account; {advice}."]},
        )
    if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
        raise AccountExists(
            f"The username {username} is taken.",
            fields={"username": [f"{username} is taken; choose another username."]},
        )


def set_password_path(user) -> str:
    """The path of the page where an invited customer sets their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("invitation-set-password", kwargs={"uidb64": uid, "token": token})


def invite_customer(
    *,
    actor,
    organization: Organization,
    email: str,
    username: str | None = None,
    is_manager: bool = False,
    site_url: str | None = None,
    name: str = "",
    send_invitation: bool = True,
):
    """Create a customer of ``organization`` and email them a link to set their password.

    Only agents, leads and admins may invite. An email address or username that already has an
    account is refused. ``name``: their full name (first word, the rest). Without
    ``send_invitation`` the account is a contact an agent files tickets for (a phone call): no
    email until someone invites them. ``site_url`` is where the link points (the inviting
    request's host); without it, ``settings.HELPDESK_BASE_URL`` (the base of every link the
    helpdesk mails).
    """
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents and admins may invite customers.")
    if organization is None or organization.pk is None:
        raise ValidationFailed(
            "Choose the customer's organization.",
            fields={"organization": ["Choose an organization."]},
        )
    email = _clean_email(email)
    username = _clean_username(username, email)
    User = get_user_model()
    try:
        with transaction.atomic():
            _refuse_duplicates(email, username, contact=not send_invitation)
            first, _, last = " ".join((name or "").split()).partition(" ")
            user = User(
                **{User.USERNAME_FIELD: username},
                email=email,
                first_name=first[:150],
                last_name=last[:150],
            )
            user.set_unusable_password()
            user.save()
            CustomerProfile.objects.create(
                user=user, organization=organization, is_manager=is_manager
            )
            if send_invitation:
                base = (site_url or settings.HELPDESK_BASE_URL).rstrip("/")
                _queue_invitation(user, organization, actor, base)
    except IntegrityError:
        # Someone created the same username between our check and our insert.
        raise AccountExists(
            f"The username {username} is taken.",
            fields={"username": [f"{username} is taken; choose another username."]},
        ) from None
    return user


def _queue_invitation(user, organization: Organization, actor, base_url: str) -> None:
    context = {
        "user": user,
        "username": user.get_username(),
        "organization": organization,
        "inviter": actor.get_full_name() or actor.get_username(),
        "link": base_url + set_password_path(user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "sign_in_url": base_url + reverse("login"),
        "reset_url": base_url + reverse("password_reset"),
    }
    outbox.enqueue(
        kind="invitation",
        recipient=user.email,
        template="emails/invitation",
        context=context,
        dedupe_key=f"invitation:{user.pk}",
    )
