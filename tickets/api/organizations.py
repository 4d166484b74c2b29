"""GET /api/organizations/<slug>/profile/: an organization's profile for staff tools. Staff
only: anyone else gets 404, as if the organization had none (its existence is not disclosed)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import organizations


class OrganizationProfileOut(serializers.Serializer):
    organization = serializers.CharField(source="organization.name")
    slug = serializers.CharField(source="organization.slug")
    custom_modules = serializers.CharField()
    repository_url = serializers.CharField()
    test_site_url = serializers.CharField()
    source_location = serializers.CharField()
    versions = serializers.CharField()
    preferred_contact = serializers.CharField()
    account_manager = serializers.SerializerMethodField()
    assign_new_tickets_to_manager = serializers.BooleanField()
    known_workflows = serializers.CharField()
    uses_mtp = serializers.BooleanField()
    uat_window_days = serializers.IntegerField(allow_null=True)
    uat_window_business_days = serializers.BooleanField()
    deep_dive_version = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(allow_null=True)

    def get_account_manager(self, profile) -> str | None:
        manager = profile.account_manager
        return manager.get_username() if manager is not None else None

    def get_deep_dive_version(self, profile) -> int | None:
        return self.context.get("deep_dive_version")


class OrganizationProfileView(APIView):
    @extend_schema(responses=OrganizationProfileOut)
    def get(self, request, slug):
        page = organizations.organization_page(request.user, slug)
        deep_dive = page.deep_dive.number if page.deep_dive else None
        return Response(
            OrganizationProfileOut(page.profile, context={"deep_dive_version": deep_dive}).data
        )
