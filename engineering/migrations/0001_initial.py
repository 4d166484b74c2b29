"""Engineering tasks move here from the tickets app without moving a row.

The tables ``tickets_task``, ``tickets_task_tags`` and ``tickets_tasktransitionlog`` exist
(tickets 0005/0006); this migration only tells Django's state that they now belong to the
engineering app (``SeparateDatabaseAndState`` with no database operation). Tickets 0010 drops
them from the tickets app's state, and 0002 here renames the tables.
"""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models

import engineering.workflow


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tickets", "0009_queue_all_statuses_index_and_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Task",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        ("description", models.TextField(blank=True, help_text="Markdown.")),
                        (
                            "stage",
                            django_fsm.FSMField(
                                choices=[
                                    ("requirements", "Requirements"),
                                    ("development", "Development"),
                                    ("uat", "UAT"),
                                    ("done", "Done"),
                                    ("canceled", "Canceled"),
                                ],
                                default="requirements",
                                max_length=16,
                                protected=True,
                            ),
                        ),
                        (
                            "priority",
                            models.CharField(
                                choices=[
                                    ("top", "Top"),
                                    ("high", "High"),
                                    ("normal", "Normal"),
                                    ("low", "Low"),
                                ],
                                default="normal",
                                help_text="Copied from the ticket; top priority skips the estimate and the FIFO queue.",
                                max_length=16,
                            ),
                        ),
                        (
                            "card_colour",
                            models.CharField(
                                choices=[
                                    ("regular", "Regular (yellow)"),
                                    ("priority", "Priority (blue)"),
                                    ("change_request", "Change request (purple)"),
                                ],
                                default="regular",
                                max_length=16,
                            ),
                        ),
                        (
                            "kanban_state",
                            models.CharField(
                                choices=[
                                    ("ready", "Ready (green)"),
                                    ("unapproved", "Unapproved (grey)"),
                                    ("blocked", "Blocked (red)"),
                                ],
                                default="unapproved",
                                max_length=16,
                            ),
                        ),
                        ("blocked_reason", models.CharField(blank=True, max_length=300)),
                        (
                            "billing_reference",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="billing reference / sale order line",
                            ),
                        ),
                        (
                            "subscription",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="subscription or support pack",
                            ),
                        ),
                        (
                            "estimate_hours",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=6, null=True
                            ),
                        ),
                        ("estimate_approved_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "canceled_by",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("customer", "Customer"),
                                    ("consultant", "Consultant"),
                                    ("staff", "Staff (process leader)"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("created_at", models.DateTimeField(db_index=True)),
                        ("updated_at", models.DateTimeField()),
                        ("stage_changed_at", models.DateTimeField()),
                        (
                            "planned_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When it joined the Development queue: the queue is FIFO on this, top first.",
                                null=True,
                            ),
                        ),
                        ("uat_since", models.DateTimeField(blank=True, null=True)),
                        (
                            "uat_done_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="UAT: when it moves to Done without an answer.",
                                null=True,
                            ),
                        ),
                        (
                            "uat_question",
                            models.TextField(
                                blank=True,
                                help_text="What the customer should test on staging (shown on the portal in UAT).",
                            ),
                        ),
                        (
                            "assignee",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="assigned_tasks",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="created_tasks",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "estimate_approved_by",
                            models.ForeignKey(
                                blank=True,
                                help_text="The customer, or the consultant relaying the customer's approval.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "tags",
                            models.ManyToManyField(
                                blank=True, related_name="tasks", to="tickets.tag"
                            ),
                        ),
                        (
                            "ticket",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="tasks",
                                to="tickets.ticket",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "tickets_task",
                        "ordering": ["created_at", "id"],
                    },
                    bases=(
                        django_fsm.ConcurrentTransitionMixin,
                        engineering.workflow.TaskWorkflow,
                        models.Model,
                    ),
                ),
                migrations.CreateModel(
                    name="TaskTransitionLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("transition", models.CharField(max_length=64)),
                        (
                            "from_stage",
                            models.CharField(
                                choices=[
                                    ("requirements", "Requirements"),
                                    ("development", "Development"),
                                    ("uat", "UAT"),
                                    ("done", "Done"),
                                    ("canceled", "Canceled"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_stage",
                            models.CharField(
                                choices=[
                                    ("requirements", "Requirements"),
                                    ("development", "Development"),
                                    ("uat", "UAT"),
                                    ("done", "Done"),
                                    ("canceled", "Canceled"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("comment", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField()),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty when the system made the change.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "task",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="transitions",
                                to="engineering.task",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "tickets_tasktransitionlog",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="task",
                    index=models.Index(fields=["stage", "planned_at", "id"], name="task_stage_idx"),
                ),
                migrations.AddIndex(
                    model_name="task",
                    index=models.Index(fields=["ticket", "created_at"], name="task_ticket_idx"),
                ),
                migrations.AddIndex(
                    model_name="task",
                    index=models.Index(
                        condition=models.Q(("stage", "uat")),
                        fields=["uat_done_at", "id"],
                        name="task_uat_due_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="task",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kanban_state", "blocked"), _negated=True),
                            models.Q(("blocked_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="task_blocked_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="task",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("stage", "canceled"), ("canceled_by", ""), _connector="OR"
                        ),
                        name="task_canceled_by_only_when_canceled",
                    ),
                ),
                migrations.AddIndex(
                    model_name="tasktransitionlog",
                    index=models.Index(fields=["task", "created_at"], name="task_transition_idx"),
                ),
            ],
        )
    ]
