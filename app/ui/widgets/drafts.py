"""Half-entered wizards kept on disk, so closing one (or a power cut) never loses what was typed.

Each wizard has one DraftStore: a JSON file under the data folder's `drafts/`, written
atomically, holding the wizard's values as typed and the page it was on. Reading back is
forgiving: a draft from an older version or a damaged file is ignored, never an error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from app.db.location import DataDir

log = logging.getLogger(__name__)

DRAFT_VERSION = 1


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates ISO, times 「HH:MM」, tuples as lists, recursively."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def tuple_of(kind: type) -> Callable[[Any], tuple]:
    """A reader for a list of `kind` items (others dropped); anything else becomes ()."""

    def read(raw: Any) -> tuple:
        return tuple(i for i in raw if isinstance(i, kind)) if isinstance(raw, list) else ()

    return read


@dataclass(frozen=True)
class DraftStore:
    name: str  # the file's stem and the word used in the log: 「issue」
    keys: frozenset[str] | None = None  # the values kept; None keeps them all
    readers: dict[str, Callable[[Any], Any]] = field(default_factory=dict)  # per key, on load

    @classmethod
    def of(cls, name: str, keys: Iterable[str] | None = None, **readers) -> DraftStore:
        return cls(name, frozenset(keys) if keys is not None else None, readers)

    def path(self, data_dir: DataDir) -> Path:
        return data_dir.root / "drafts" / f"{self.name}.json"

    def _kept(self, values: dict) -> dict:
        return {k: v for k, v in values.items() if self.keys is None or k in self.keys}

    def save(self, data_dir: DataDir, values: dict, page: int = 0) -> None:
        """Write the values and the page; a failure is logged, never raised (typing goes on)."""
        path = self.path(data_dir)
        document = {"version": DRAFT_VERSION, "page": page, "values": plain(self._kept(values))}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
            tmp.replace(path)  # atomic: a power cut leaves the old draft whole
        except OSError:
            log.exception("could not save the %s draft", self.name)

    def load(self, data_dir: DataDir) -> tuple[dict, int] | None:
        """(values, page) of the saved draft; None when there is none or it cannot be read."""
        path = self.path(data_dir)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("the %s draft %s could not be read; ignoring it", self.name, path)
            return None
        if not isinstance(document, dict) or not isinstance(document.get("values"), dict):
            return None
        values = self._kept(document["values"])
        for key, read in self.readers.items():
            if key in values:
                values[key] = read(values[key])
        page = document.get("page", 0)
        return values, page if isinstance(page, int) else 0

    def delete(self, data_dir: DataDir) -> None:
        try:
            self.path(data_dir).unlink(missing_ok=True)
        except OSError:
            log.exception("could not delete the %s draft", self.name)


def draft_question(what: str) -> str:
    """「前回の入力途中の{what}があります。…」 with what each answer does."""
    return (
        f"前回の入力途中の{what}があります。続きから入力しますか？\n"
        "（「破棄」を選ぶと、その下書きを消して新しく始めます）"
    )


def resume_draft(
    wizard,
    store: DraftStore,
    data_dir: DataDir,
    question: str,
    start_values: dict,
    fill: Callable[[dict], None],
    last_page: int,
) -> bool:
    """Offer a saved draft when a new-record wizard opens; True when it was resumed.

    There is no 「いいえ」: Esc or closing the question resumes, and only the explicit 破棄
    throws the half-entered record away. On resuming, the wizard walks forward to the page
    it was left on, stopping early at a page whose input no longer passes its checks.
    """
    from PySide6.QtWidgets import QMessageBox

    draft = store.load(data_dir)
    if draft is None:
        return False
    answer = QMessageBox.question(
        wizard,
        "入力途中の内容",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Discard:
        store.delete(data_dir)
        return False
    values, page = draft
    fill(start_values | values)
    wizard.restart()
    while wizard.currentId() < min(page, last_page):
        before = wizard.currentId()
        wizard.next()
        if wizard.currentId() == before:
            break
    return True
