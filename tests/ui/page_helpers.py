"""What the list-page tests do again and again: open a page, find and click a row, retype."""

from __future__ import annotations

from PySide6.QtCore import Qt


def open_page(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_names(page) -> list[str]:
    return [row.name for row in page.model.rows()]


def click_row(qtbot, page, name: str) -> None:
    row = shown_names(page).index(name)
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def retype(type_japanese, edit, text: str) -> None:
    edit.selectAll()
    edit.del_()
    type_japanese(edit, text)
