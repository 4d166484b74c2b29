from django.urls import path

from .views import (
    bulk,
    desk,
    filing,
    findings,
    live,
    merging,
    organizations,
    partners,
    saved_views,
    scope,
    side_threads,
)

urlpatterns = [
    path("", desk.queue, name="desk-queue"),
    path("bulk/", bulk.bulk, name="desk-bulk"),
    path("views/", saved_views.view_save, name="desk-view-save"),
    path("views/<int:view_id>/rename/", saved_views.view_rename, name="desk-view-rename"),
    path("views/<int:view_id>/delete/", saved_views.view_delete, name="desk-view-delete"),
    path("views/<int:view_id>/default/", saved_views.view_default, name="desk-view-default"),
    path("tickets/new/", filing.ticket_new, name="desk-ticket-new"),
    path("tickets/new/customers/", filing.customer_options, name="desk-customer-options"),
    path("tickets/new/contact/", filing.contact_new, name="desk-contact-new"),
    path("tickets/<int:number>/", desk.ticket_detail, name="desk-ticket"),
    path(
        "tickets/<int:number>/transition/",
        desk.ticket_transition,
        name="desk-ticket-transition",
    ),
    path("tickets/<int:number>/findings/", findings.ticket_findings, name="desk-ticket-findings"),
    path(
        "tickets/<int:number>/out-of-scope/",
        scope.ticket_out_of_scope,
        name="desk-ticket-out-of-scope",
    ),
    path(
        "tickets/<int:number>/discussed/",
        scope.ticket_discussed,
        name="desk-ticket-discussed",
    ),
    path("tickets/<int:number>/merge/", merging.ticket_merge, name="desk-ticket-merge"),
    path("tickets/<int:number>/take/", desk.ticket_take, name="desk-ticket-take"),
    path("tickets/<int:number>/assign/", desk.ticket_assign, name="desk-ticket-assign"),
    path("tickets/<int:number>/tags/", desk.ticket_tags, name="desk-ticket-tags"),
    path(
        "tickets/<int:number>/side-threads/",
        side_threads.side_thread_start,
        name="desk-side-thread-start",
    ),
    path(
        "tickets/<int:number>/side-threads/<int:thread>/",
        side_threads.side_thread_write,
        name="desk-side-thread-write",
    ),
    path("tickets/<int:number>/ccs/", desk.ticket_ccs, name="desk-ticket-ccs"),
    path(
        "tickets/<int:number>/partner-tickets/",
        partners.partner_ticket_add,
        name="desk-partner-ticket-add",
    ),
    path("partners/", partners.partner_list, name="desk-partners"),
    path("tickets/<int:number>/live/", live.ticket_live, name="desk-ticket-live"),
    path("organizations/", organizations.organization_list, name="desk-organizations"),
    path(
        "organizations/<slug:slug>/",
        organizations.organization_detail,
        name="desk-organization",
    ),
    path(
        "organizations/<slug:slug>/documents/",
        organizations.organization_document_add,
        name="desk-organization-document-add",
    ),
    path(
        "organizations/<slug:slug>/documents/<int:pk>/<str:filename>",
        organizations.organization_document,
        name="desk-organization-document",
    ),
    path(
        "organizations/<slug:slug>/deep-dive/",
        organizations.deep_dive_edit,
        name="desk-organization-deep-dive",
    ),
    path(
        "organizations/<slug:slug>/deep-dive/changes/",
        organizations.deep_dive_diff,
        name="desk-organization-deep-dive-diff",
    ),
    path(
        "organizations/<slug:slug>/deep-dive/<int:number>/",
        organizations.deep_dive_version,
        name="desk-organization-deep-dive-version",
    ),
]
