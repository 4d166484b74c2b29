"""API authentication."""

from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

if TYPE_CHECKING:
    from rest_framework.authtoken.models import Token


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, reading the user's customer profile and organization in the
    same query: nearly every request asks "is this a customer, of which organization?"."""

    def authenticate_credentials(self, key):
        # ``model`` is not set, so DRF's ``get_model`` returns its ``Token`` (typed as any model).
        model = cast("type[Token]", self.get_model())
        try:
            token = model.objects.select_related("user__customer_profile__organization").get(
                key=key
            )
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
