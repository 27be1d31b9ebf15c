"""What every schedule export is: a small class per format, as in pretalx's ``BaseExporter``."""

from __future__ import annotations

from typing import ClassVar

from django.urls import reverse
from django.utils.functional import Promise

from ecoforum.forums.models import Edition

from .schedule import Schedule


class ScheduleExporter:
    """One format of the published schedule.

    The view builds the :class:`Schedule` once and hands it to ``render``; an
    exporter never queries the database itself.
    """

    #: Unique key, also the file name under ``/<edition>/``.
    identifier: ClassVar[str]
    #: Short name on a download button.
    label: ClassVar[str]
    verbose_name: ClassVar[str | Promise]
    #: What the format is for, shown next to the link.
    hint: ClassVar[str | Promise]
    extension: ClassVar[str]
    #: Without the charset: responses are always UTF-8.
    content_type: ClassVar[str]
    url_name: ClassVar[str]
    #: Public exports are listed on the program page and cached for everyone.
    public: ClassVar[bool] = True

    def __init__(self, edition: Edition) -> None:
        self.edition = edition

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.identifier} of {self.edition.slug}>"

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs={"edition": self.edition.slug})

    def filename(self, schedule: Schedule) -> str:
        return f"{schedule.acronym}-schedule.{self.extension}"

    def render(self, schedule: Schedule) -> str:
        raise NotImplementedError
