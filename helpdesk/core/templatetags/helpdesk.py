from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince

from helpdesk.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.simple_tag
def when(value, ago: bool = True):
    """A time the browser shows in the viewer's timezone, with a "3 hours ago" hint."""
    if not value:
        return "—"
    iso = value.isoformat()
    shown = date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if not ago:
        return format_html('<time datetime="{}" data-local>{}</time>', iso, shown)
    now = timezone.now()
    if abs((now - value).total_seconds()) < 60:
        hint = "just now"
    elif value <= now:
        hint = f"{timesince(value, now).split(',')[0]} ago"
    else:
        hint = f"in {timesince(now, value).split(',')[0]}"
    return format_html(
        '<time datetime="{}" data-local title="{}">{}</time> <span class="ago">({})</span>',
        iso,
        shown,
        shown,
        hint,
    )


@register.filter
def age(value):
    """How long ago, shortest unit: "3 hours"."""
    if not value:
        return "—"
    return timesince(value, timezone.now()).split(",")[0]
