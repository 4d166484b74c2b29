"""The leads' SLA dashboard and its JSON twin."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import render
from django.utils import timezone
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core import roles

from . import selectors
from .clocks import standing


@login_required
def dashboard(request):
    if not roles.is_lead(request.user):
        return HttpResponseForbidden("The SLA dashboard is for leads.")
    now = timezone.now()
    rows = selectors.tier_rows(now)
    red = [(clock, standing(clock, now)) for clock in selectors.red_list()]
    context = {
        "rows": rows,
        "alerts": selectors.alerts(rows),
        "red": red,
        "chart": selectors.chart_bars(selectors.breaches_per_day(30, now)),
        "load": selectors.agent_load(),
    }
    return render(request, "sla/dashboard.html", context)


class IsLead(BasePermission):
    message = "The SLA summary is for leads."

    def has_permission(self, request, view) -> bool:
        return roles.is_lead(request.user)


class SummaryView(APIView):
    """Per tier Green / Yellow / Red, the Red list, medians, breaches per day, agents' load."""

    permission_classes = [IsLead]

    def get(self, request):
        return Response(selectors.summary())
