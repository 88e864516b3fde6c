"""One data row's verdict in an import: what the preview decided and the writer carries out.

Both halves of the import read it (importing.py decides, import_writer.py writes), so it lives
here, below both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.resources.resource import ResourceInput

PREVIEW_STATUSES = ("import", "duplicate", "error", "skip")
STATUS_LABELS = {"import": "取り込む", "duplicate": "重複", "error": "エラー", "skip": "飛ばす"}


@dataclass
class RowVerdict:
    """What the import does with one data row, and why (in Japanese)."""

    row_number: int  # as the spreadsheet shows it, title rows included
    status: str  # "import", "skip", "duplicate" or "error"
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    input: ResourceInput | None = None
    duplicate_of: str | None = None  # the existing resource's name, or the earlier row's
    duplicate_id: int | None = None  # the existing resource it repeats
    duplicate_row: int | None = None  # the earlier row of this file it repeats
    name: str = ""
    new_area: str | None = None  # an area the town lacks; created for the row when asked

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]
