"""``POST /api/tickets/<number>/out-of-scope/`` (staff): decline a request paid support does not
cover, as the desk's "Out of scope" does (seed 000). Errors use the one JSON shape."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..models import OutOfScopeReason


class OutOfScopeIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=OutOfScopeReason.choices)
    route_to_account_manager = serializers.BooleanField(default=False)


class OutOfScopeOut(serializers.Serializer):
    number = serializers.IntegerField(source="pk")
    status = serializers.CharField()


class TicketOutOfScopeView(APIView):
    @extend_schema(request=OutOfScopeIn, responses={200: OutOfScopeOut})
    def post(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        data = OutOfScopeIn(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.decline_out_of_scope(
            ticket,
            actor=request.user,
            reason=data.validated_data["reason"],
            route_to_account_manager=data.validated_data["route_to_account_manager"],
        )
        return Response(OutOfScopeOut(ticket).data)
