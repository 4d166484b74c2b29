"""Accounts: staff invite customers; everyone resets a forgotten password by email."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error

from ..forms import CustomerPasswordResetForm, InviteCustomerForm
from ..services import accounts
from .common import agent_required, refused_status


@agent_required
def invite_customer(request):
    initial = {"organization": request.GET.get("organization")}
    form = InviteCustomerForm(request.POST or None, initial=initial)
    status = 200 if request.method != "POST" else refused_status()
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.invite_customer(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                email=form.cleaned_data["email"],
                username=form.cleaned_data["username"] or None,
                is_manager=form.cleaned_data["is_manager"],
                site_url=request.build_absolute_uri("/"),
            )
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(
                request,
                f"Invitation sent to {user.email} (username {user.get_username()}, "
                f"{form.cleaned_data['organization']}). The link to set a password works "
                "for a few days; after that they can use “Forgot your password?”.",
            )
            return redirect("customer-invite")
    return render(request, "accounts/invite.html", {"form": form}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = CustomerPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    title = "Reset your password"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    title = "Check your email"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    title = "Choose a new password"
    invitation = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        if context["validlink"]:
            context["title"] = self.title
            context["account"] = self.user
        return context


class InvitationSetPasswordView(PasswordResetConfirmView):
    """Where an invitation's link lands: the same check of the token, another title."""

    title = "Set your password"
    invitation = True
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    title = "Your password is set"
