"""The drop folder of ``make run``: each .eml saved in it is received, then moved."""

import pytest
from django_celery_beat.models import PeriodicTask

from mailgate import dropfolder, schedule
from mailgate.models import ReceivedMail
from mailgate.states import Result, Source
from mailgate.tasks import sweep_drop_folder
from tests.factories import CustomerFactory, OrganizationFactory
from tickets.models import Ticket

from .corpus import mail

pytestmark = pytest.mark.django_db


def _carol():
    org = OrganizationFactory(name="Acme", slug="acme")
    return CustomerFactory(
        username="carol", email="carol@acme.test", customer_profile__organization=org
    )


def test_a_saved_eml_becomes_a_ticket_and_moves_to_processed(tmp_path, settings):
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    settings.HELPDESK_MAIL_DROP_FOLDER = str(tmp_path)
    carol = _carol()
    (tmp_path / "question.eml").write_bytes(mail("no_message_id", sender=carol.email))
    (tmp_path / "notes.txt").write_text("not a message")

    swept = dropfolder.sweep()

    assert (swept.processed, swept.failed) == (1, 0)
    row = ReceivedMail.objects.get()
    assert (row.source, row.result) == (Source.DROP_FOLDER, Result.NEW_TICKET)
    assert Ticket.objects.get().requester == carol
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "processed"]
    assert [p.name for p in (tmp_path / "processed").iterdir()] == ["question.eml"]


def test_the_same_file_saved_twice_is_received_once(tmp_path):
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    carol = _carol()
    raw = mail("no_message_id", sender=carol.email)
    (tmp_path / "a.eml").write_bytes(raw)
    dropfolder.sweep(tmp_path)
    (tmp_path / "a.eml").write_bytes(raw)

    dropfolder.sweep(tmp_path)

    assert Ticket.objects.count() == 1
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == ["a.1.eml", "a.eml"]


def test_without_a_folder_the_sweep_does_nothing(settings):
    settings.HELPDESK_MAIL_DROP_FOLDER = ""

    assert dropfolder.sweep() == dropfolder.Swept(0, 0)


def test_beat_schedules_the_sweep_every_5_seconds_only_when_the_folder_is_set(settings):
    settings.HELPDESK_MAIL_DROP_FOLDER = "/tmp/inbox"
    assert schedule.sync_drop_folder_schedule() is True
    assert schedule.sync_drop_folder_schedule() is True
    task = PeriodicTask.objects.get(task="mailgate.sweep_drop_folder")
    assert (task.interval.every, task.interval.period, task.enabled) == (5, "seconds", True)

    settings.HELPDESK_MAIL_DROP_FOLDER = ""
    assert schedule.sync_drop_folder_schedule() is False
    assert not PeriodicTask.objects.filter(task="mailgate.sweep_drop_folder").exists()


def test_the_task_is_registered_under_its_name():
    assert sweep_drop_folder.name == "mailgate.sweep_drop_folder"
