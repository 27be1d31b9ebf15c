"""Template helpers of the public program pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, translation

from ecoforum.core.i18n import CONTENT_LANGUAGES

register = template.Library()


@register.filter
def in_language(value, language: str | None = None) -> str:
    """``{"zh-hans": …, "en": …}`` (as stored in a release's changes) in the reader's language."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    language = language or translation.get_language() or CONTENT_LANGUAGES[0]
    preferred = [language, *(lang for lang in CONTENT_LANGUAGES if lang != language)]
    for lang in preferred:
        if value.get(lang):
            return value[lang]
    return ""


@register.filter
def isodatetime(value) -> dt.datetime | None:
    """An ISO 8601 string (as stored in a release's changes) as a datetime for the ``date`` filter."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def initial(name) -> str:
    """The first letter of a name, for an avatar."""
    name = str(name or "").strip()
    return name[:1].upper() if name else "·"


@register.simple_tag
def query_string(params, **changes) -> str:
    """The current query string with some parameters changed (empty ones dropped)."""
    merged = params.copy()
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    for key in [k for k, v in merged.items() if v in ("", None)]:
        del merged[key]
    return "?" + merged.urlencode() if merged else "?"


@register.filter(expects_localtime=True)
def month_day(value) -> str:
    """ "7月8日" in Chinese, "July 8" in English (Django's own Chinese format pads the month: "07月8日")."""
    if not value:
        return ""
    language = translation.get_language() or ""
    return formats.date_format(value, "n月j日" if language.startswith("zh") else "F j")
