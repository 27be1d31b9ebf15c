"""The organizers' export of a release's confirmed signatories (CSV, UTF-8 with a BOM for Excel and WPS)."""

from __future__ import annotations

import csv
import io
from typing import Any, ClassVar

from django.utils import timezone

from .models import Release
from .queries import confirmed_endorsements

HEADER = [
    "name 名称",
    "signing_as 联署身份",
    "organization 机构",
    "country 国家",
    "email 邮箱",
    "listed 公开",
    "confirmed 确认时间",
]


def _safe(value: Any) -> str:
    """A cell that a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class SignatoriesCsv:
    identifier: ClassVar[str] = "signatories"
    content_type: ClassVar[str] = "text/csv; charset=utf-8"
    extension: ClassVar[str] = "csv"
    public: ClassVar[bool] = False

    def __init__(self, release: Release) -> None:
        self.release = release
        self.row_count = 0

    def file_name(self) -> str:
        return f"{self.identifier}-{self.release.edition.slug}-{self.release.slug}.{self.extension}"

    def rows(self) -> list[list[str]]:
        tz = self.release.edition.tz
        return [
            [
                _safe(e.name),
                e.kind,
                _safe(e.organization),
                e.country,
                _safe(e.email),
                "1" if e.show_publicly else "0",
                timezone.localtime(e.confirmed_at, tz).strftime("%Y-%m-%d %H:%M") if e.confirmed_at else "",
            ]
            for e in confirmed_endorsements(self.release)
        ]

    def render(self) -> bytes:
        rows = self.rows()
        self.row_count = len(rows)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
