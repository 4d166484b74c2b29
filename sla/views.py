"""The leads' SLA dashboard and its JSON twin: the same figures, from sla.selectors."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core import roles

from . import selectors


@login_required
def dashboard(request):
    if not roles.is_lead(request.user):
        return HttpResponseForbidden("The SLA dashboard is for leads.")
    figures = selectors.dashboard_figures()
    for row in figures["red"]:
        row["started"] = datetime.fromisoformat(row["started_at"])
    context = {
        "figures": figures,
        "generated_at": datetime.fromisoformat(figures["generated_at"]),
        "chart": selectors.chart_bars([(d["day"], d["red"]) for d in figures["breaches_per_day"]]),
    }
    return render(request, "sla/dashboard.html", context)


class IsLead(BasePermission):
    message = "The SLA summary is for leads."

    def has_permission(self, request, view) -> bool:
        return roles.is_lead(request.user)


class SummaryView(APIView):
    """Per tier Green / Yellow / Red, the Red list, medians, breaches per day, agents' load."""

    permission_classes = [IsLead]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(selectors.dashboard_figures())
