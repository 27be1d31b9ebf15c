"""The search index: one row per thing that can be found, in both languages.

Each indexed object (a session, an expert, a release, a project, an exhibitor, a practice
case) has one :class:`SearchDocument` with its title and text in Chinese and English, its
address, and ``terms``: the words of both languages as the index reads them (Latin words
lower-cased, Chinese as overlapping characters, so that 石漠化 finds 石漠化治理 without a
dictionary). The database's full-text machinery indexes ``terms`` (see
``search/backends.py`` and docs/decisions).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition


class SearchDocument(models.Model):
    """检索文档 · What the search finds for one object."""

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.CharField(_("object"), max_length=40)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=400)
    title_en = models.CharField(_("title (English)"), max_length=400)
    text_zh = models.TextField(_("text (Chinese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    terms = models.TextField(_("index terms"), blank=True)
    boost = models.FloatField(_("boost"), default=1.0)
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")]
        indexes = [models.Index(fields=["edition", "kind"], name="search_document_edition_kind")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
