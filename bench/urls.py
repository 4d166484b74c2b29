"""The helpdesk's URLs plus the floor views the benchmarks compare the API with."""

from django.urls import path

from helpdesk.urls import urlpatterns as helpdesk_urlpatterns

from . import views

urlpatterns = [
    path("_bench/tickets/", views.floor_list, name="bench-floor-list"),
    path("_bench/submit/", views.floor_submit, name="bench-floor-submit"),
    *helpdesk_urlpatterns,
]
