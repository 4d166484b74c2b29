"""The leads' time reports: hours by organization, agent, activity or week, a weekly chart of
billable and non-billable hours, the packs in range, and the CSV export."""

import csv

from django.http import HttpResponse
from django.shortcuts import render

from .. import selectors
from ..display import duration
from ..forms import ReportForm
from .common import form_error_text, lead_required


def _report(request):
    form = ReportForm(request.GET or ReportForm.defaults())
    if not form.is_valid():
        return form, None
    return form, selectors.report(**form.params())


@lead_required
def reports(request):
    form, report = _report(request)
    context = {"form": form, "report": report, "chart": _chart(report) if report else None}
    return render(request, "timesheets/reports.html", context, status=200 if report else 400)


@lead_required
def reports_csv(request):
    form, report = _report(request)
    if report is None:
        return HttpResponse(form_error_text(form), status=400, content_type="text/plain")
    params = form.params()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"time-by-{params['group_by']}-{params['date_from']}-{params['date_to']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            selectors.GROUPS[params["group_by"]],
            "Billable hours",
            "Non-billable hours",
            "Total hours",
            "Entries",
        ]
    )
    for row in [*report.rows, {"label": "Total", **report.totals}]:
        writer.writerow(
            [
                _csv_safe(str(row["label"])),
                _hours(row["billable"]),
                _hours(row["non_billable"]),
                _hours(row["total"]),
                row["entries"],
            ]
        )
    return response


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}"


def _csv_safe(text: str) -> str:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# Inline SVG of billable vs non-billable hours per week: no JavaScript, no chart library.
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM = 640, 240, 48, 36


def _chart(report) -> dict | None:
    weeks = report.weeks
    if not weeks:
        return None
    top = max(w["total"] for w in weeks) or 1
    top_hours = max(1, -(-top // 60))  # whole hours, rounded up
    plot_h = CHART_HEIGHT - CHART_BOTTOM - 12
    plot_w = CHART_WIDTH - CHART_LEFT - 8
    slot = plot_w / len(weeks)
    bar = min(48, slot * 0.6)
    bars = []
    for index, week in enumerate(weeks):
        billable_h = plot_h * week["billable"] / (top_hours * 60)
        other_h = plot_h * week["non_billable"] / (top_hours * 60)
        x = CHART_LEFT + index * slot + (slot - bar) / 2
        base = CHART_HEIGHT - CHART_BOTTOM
        bars.append(
            {
                "x": round(x, 1),
                "width": round(bar, 1),
                "billable_y": round(base - billable_h, 1),
                "billable_h": round(billable_h, 1),
                "other_y": round(base - billable_h - other_h, 1),
                "other_h": round(other_h, 1),
                "label_x": round(x + bar / 2, 1),
                "week": week["week"],
                "billable": duration(week["billable"]) if week["billable"] else "0 min",
                "non_billable": duration(week["non_billable"]) if week["non_billable"] else "0 min",
            }
        )
    ticks = []
    step = max(1, top_hours // 4)
    for hours in range(0, top_hours + 1, step):
        y = CHART_HEIGHT - CHART_BOTTOM - plot_h * hours / top_hours
        ticks.append({"y": round(y, 1), "label": f"{hours} h"})
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 8,
        "base": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 16,
        "bars": bars,
        "ticks": ticks,
    }
