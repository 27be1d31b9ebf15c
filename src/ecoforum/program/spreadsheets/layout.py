"""The workbook's layout: its columns, the limits of an upload, and what an import returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ecoforum.core.workbooks import CONTENT_TYPE, MAX_UPLOAD_BYTES, Column

__all__ = ["COLUMNS", "COLUMN_INDEX", "CONTENT_TYPE", "KEYS", "MAX_UPLOAD_BYTES", "Column", "ImportResult", "RowError"]


COLUMNS: tuple[Column, ...] = (
    Column("code", "编号", 10),
    Column("kind", "类型", 11),
    Column("theme_forum", "主题论坛", 16),
    Column("title_zh", "中文标题", 36),
    Column("title_en", "英文标题", 36),
    Column("abstract_zh", "中文简介", 30),
    Column("abstract_en", "英文简介", 30),
    Column("date", "日期", 12),
    Column("start", "开始", 8),
    Column("end", "结束", 8),
    Column("room", "会场", 18),
    Column("language", "语言", 9),
    Column("online", "线上", 8),
    Column("online_url", "直播链接", 28),
    Column("people", "嘉宾", 40),
)
KEYS = tuple(c.key for c in COLUMNS)
COLUMN_INDEX = {key: i for i, key in enumerate(KEYS)}

# --- result -----------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem of an import: its row (``None`` for the whole file), its column and what is wrong."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    """What an import did (session codes), or why it did nothing (``errors``)."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "changed": len(self.changed), "unchanged": len(self.unchanged)}
