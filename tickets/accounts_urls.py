"""Password reset and invitations under /accounts/, the desk's invite page, the Markdown preview."""

from django.urls import path

from .views import accounts, preview

urlpatterns = [
    path(
        "accounts/password-reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/welcome/<uidb64>/<token>/",
        accounts.InvitationSetPasswordView.as_view(),
        name="invitation-set-password",
    ),
    path(
        "accounts/password-set/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("desk/customers/invite/", accounts.invite_customer, name="customer-invite"),
    path("preview/markdown/", preview.markdown_preview, name="markdown-preview"),
]
