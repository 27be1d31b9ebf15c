"""``{% portal_links edition %}``: the portal links in the edition menu, for those who have a portal."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ecoforum.investment.portal_queries import portal_sides

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_links(context, edition) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if edition is None or user is None or not user.is_authenticated:
        return ""
    has_investor, has_projects = portal_sides(user, edition)
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    links = []
    if has_investor:
        links.append(("investment:investor_portal", _("My investor portal")))
    if has_projects:
        links.append(("investment:owner_portal", _("My projects")))
    if has_investor or has_projects:
        links.append(("investment:meetings", _("My meetings")))
    return format_html_join(
        "\n",
        '<a href="{}"{}>{}</a>',
        (
            (
                reverse(name, kwargs={"edition": edition.slug}),
                mark_safe(' aria-current="page"') if current == name else "",
                label,
            )
            for name, label in links
        ),
    )
