"""``{% outcome_portal_link %}``: "My outcomes" in the edition menu, for people who report on outcomes."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ecoforum.outcomes.queries import reports_on_any_outcome

register = template.Library()


@register.simple_tag(takes_context=True)
def outcome_portal_link(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not reports_on_any_outcome(user):
        return ""
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    here = mark_safe(' aria-current="page"') if current.startswith("outcomes_portal:") else ""
    return format_html('<a href="{}"{}>{}</a>', reverse("outcomes_portal:mine"), here, _("My outcomes"))
