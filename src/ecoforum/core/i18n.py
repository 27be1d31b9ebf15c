"""Bilingual helpers: content in zh-hans and en, shown in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import translation

CONTENT_LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)


def field_name(field: str, language: str) -> str:
    """``title`` + ``zh-hans`` → ``title_zh_hans`` (django-modeltranslation's column)."""
    return f"{field}_{language.replace('-', '_')}"


def both(obj: Any, field: str) -> dict[str, str]:
    """``{"zh-hans": …, "en": …}`` for a translated field."""
    return {lang: getattr(obj, field_name(field, lang), "") or "" for lang in CONTENT_LANGUAGES}


def other_language(language: str | None = None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return "en" if language.startswith("zh") else "zh-hans"


def in_language(obj: Any, field: str, language: str) -> str:
    """The field in ``language``, falling back to the other language when empty."""
    value = getattr(obj, field_name(field, language), "") or ""
    return value or getattr(obj, field_name(field, other_language(language)), "") or ""


def translated_fields(fields: Iterable[str]) -> list[str]:
    """Every column of the given translated fields: ``["title_zh_hans", "title_en", …]``."""
    return [field_name(f, lang) for f in fields for lang in CONTENT_LANGUAGES]
