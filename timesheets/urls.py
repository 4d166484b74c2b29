"""The time pages of the desk, mounted at ``/desk/time/``."""

from django.urls import path

from .views import calls, entries, reports, timer

urlpatterns = [
    path("", entries.my_time, name="time-mine"),
    path("entries/new/", entries.entry_new, name="time-entry-new"),
    path("entries/<int:pk>/edit/", entries.entry_edit, name="time-entry-edit"),
    path("entries/<int:pk>/delete/", entries.entry_delete, name="time-entry-delete"),
    path("timer/start/", timer.timer_start, name="time-timer-start"),
    path("timer/stop/", timer.timer_stop, name="time-timer-stop"),
    path("timer/discard/", timer.timer_discard, name="time-timer-discard"),
    path("tickets/<int:number>/calls/", calls.call_schedule, name="time-call-schedule"),
    path("calls/<int:pk>/held/", calls.call_held, name="time-call-held"),
    path("calls/<int:pk>/no-show/", calls.call_no_show, name="time-call-no-show"),
    path("calls/<int:pk>/cancel/", calls.call_cancel, name="time-call-cancel"),
    path("tickets/<int:number>/follow-ups/", calls.follow_up_new, name="time-follow-up-new"),
    path("follow-ups/<int:pk>/done/", calls.follow_up_done, name="time-follow-up-done"),
    path("reports/", reports.reports, name="time-reports"),
    path("reports/export.csv", reports.reports_csv, name="time-reports-csv"),
]
