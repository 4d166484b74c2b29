"""Saved views of the desk queue: an agent keeps their own, a lead publishes views for a tier
and picks the tier's default (where its members land on ``/desk/``).

The query string arrives as the queue's filter form wrote it (``QueueFilterForm.view_query``:
the caller validated it with that form); here are the rules: who may save, share, rename,
delete and choose a default, names unique per owner (personal) or per tier (shared), one
default per tier. Each write is one transaction; a refusal changes nothing.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from .. import policies
from ..models import SavedView, Tier
from ..models.saved_views import NAME_MAX_LENGTH, QUERY_MAX_LENGTH


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationFailed("Give the view a name.", fields={"name": ["Give the view a name."]})
    if len(cleaned) > NAME_MAX_LENGTH:
        message = f"A view's name is at most {NAME_MAX_LENGTH} characters."
        raise ValidationFailed(message, fields={"name": [message]})
    return cleaned


def _taken(name: str, *, owner, tier: Tier | None, exclude: int | None = None) -> str:
    """Why ``name`` cannot be used (a view of the same name in the same place), or ""."""
    same = SavedView.objects.filter(name__iexact=name)
    if tier is None:
        same = same.filter(owner=owner, shared_with_tier__isnull=True)
        problem = f"You already have a view named “{name}”."
    else:
        same = same.filter(shared_with_tier=tier)
        problem = f"{tier.name} already has a shared view named “{name}”."
    if exclude is not None:
        same = same.exclude(pk=exclude)
    return problem if same.exists() else ""


def _refuse_taken(problem: str) -> None:
    if problem:
        raise Conflict(problem, fields={"name": [problem]})


def _lock_tier(tier: Tier) -> None:
    """Serialize the writes to one tier's shared views (names and the default)."""
    Tier.objects.select_for_update().get(pk=tier.pk)


def _view(view_id: int, actor, *, lock: bool = False) -> SavedView:
    rows = SavedView.objects.select_related("shared_with_tier")
    if lock:
        rows = rows.select_for_update(of=("self",))
    view = rows.filter(pk=view_id).first()
    if view is None or not policies.can_see_view(actor, view):
        raise NotFound(f"View {view_id} was not found.")
    return view


def _check_change(actor, view: SavedView, doing: str) -> None:
    if not policies.can_change_view(actor, view):
        tier = view.shared_with_tier
        name = tier.name if tier is not None else "a tier"
        raise PermissionDenied(f"Only a lead may {doing} a view shared with {name}.")


def _write(save) -> SavedView:
    """Run ``save()`` in a savepoint: a name taken between the check and the write (two clicks
    at once) is refused like any other taken name."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        raise Conflict(
            "A view with this name was just saved; choose another name.",
            fields={"name": ["A view with this name was just saved; choose another name."]},
        ) from None


def save_view(
    *, actor, name: str, query: str, tier: Tier | None = None, is_default: bool = False
) -> SavedView:
    """Save the queue's ``query`` as a view named ``name``: the actor's own (``tier`` None), or,
    for a lead, shared with ``tier`` and, with ``is_default``, the tier's default (the one it
    had stops being the default)."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may save views of the queue.")
    if tier is not None and not policies.can_share_views(actor):
        raise PermissionDenied("Only a lead may share a view with a tier.")
    if is_default and tier is None:
        raise ValidationFailed(
            "Only a view shared with a tier can be its default.",
            fields={"is_default": ["Only a view shared with a tier can be its default."]},
        )
    name = _clean_name(name)
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationFailed(f"A view's filters take at most {QUERY_MAX_LENGTH} characters.")
    with transaction.atomic():
        if tier is not None:
            _lock_tier(tier)
        _refuse_taken(_taken(name, owner=actor, tier=tier))
        if is_default and tier is not None:
            SavedView.objects.filter(shared_with_tier=tier, is_default=True).update(
                is_default=False, updated_at=timezone.now()
            )
        now = timezone.now()
        return _write(
            lambda: SavedView.objects.create(
                name=name,
                owner=actor,
                query=query,
                shared_with_tier=tier,
                is_default=is_default,
                created_at=now,
                updated_at=now,
            )
        )


def rename_view(view_id: int, *, actor, name: str) -> SavedView:
    """Rename one's own view, or (a lead) a view shared with a tier."""
    name = _clean_name(name)
    with transaction.atomic():
        view = _view(view_id, actor, lock=True)
        _check_change(actor, view, "rename")
        if view.shared_with_tier is not None:
            _lock_tier(view.shared_with_tier)
        _refuse_taken(_taken(name, owner=actor, tier=view.shared_with_tier, exclude=view.pk))
        view.name, view.updated_at = name, timezone.now()
        return _write(lambda: _saved(view, ["name", "updated_at"]))


def _saved(view: SavedView, fields: list[str]) -> SavedView:
    view.save(update_fields=fields)
    return view


def delete_view(view_id: int, *, actor) -> SavedView:
    """Delete one's own view, or (a lead) a view shared with a tier. Returns the view gone."""
    with transaction.atomic():
        view = _view(view_id, actor, lock=True)
        _check_change(actor, view, "delete")
        SavedView.objects.filter(pk=view.pk).delete()
        return view


def set_default_view(view_id: int, *, actor, is_default: bool = True) -> SavedView:
    """A lead makes a shared view its tier's default (the previous one stops being it), or
    stops it being the default (the tier's members then land on their tiers' tickets)."""
    with transaction.atomic():
        view = _view(view_id, actor, lock=True)
        tier = view.shared_with_tier
        if tier is None:
            raise ValidationFailed("Only a view shared with a tier can be its default.")
        if not policies.can_share_views(actor):
            raise PermissionDenied(f"Only a lead may choose the default view of {tier.name}.")
        _lock_tier(tier)
        now = timezone.now()
        if is_default:
            SavedView.objects.filter(shared_with_tier=tier, is_default=True).exclude(
                pk=view.pk
            ).update(is_default=False, updated_at=now)
        if view.is_default != is_default:
            view.is_default, view.updated_at = is_default, now
            view.save(update_fields=["is_default", "updated_at"])
        return view
