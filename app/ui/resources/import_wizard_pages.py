"""The pages of the import wizard: file, sheet and header row, columns, preview, result.

A page shows and collects; the wizard (import_wizard.py) runs the slow steps off the GUI thread
and moves between pages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.resource_columns import FIELDS, guess_header_row, guess_mapping
from app.services.resources.import_rows import STATUS_LABELS
from app.services.resources.importing import ImportPreview, ImportReport
from app.services.resources.table_files import SheetData, TableFile
from app.ui.resources.import_models import SheetGridModel, VerdictModel, column_name

NOT_IMPORTED = "取り込まない"
FILTERS = (("すべて", None), ("エラー", "error"), ("重複", "duplicate"), ("取り込む", "import"))
FILTERS += (("飛ばす", "skip"),)
_NOTE = "color: #555;"
DETAIL_HINT = "行を選ぶと、理由と注意をすべてここに表示します。"
CREATE_AREAS = "登録されていない圏域は、第2層の圏域として新しく作る"
_ERROR = "color: #c62828;"


class ImportPage(QWizardPage):
    """A page with a message line for problems and a busy bar for background work."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.layout_ = QVBoxLayout(self)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR)
        self.error_label.hide()
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no known end: a moving bar
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy = QWidget()
        busy_layout = QHBoxLayout(self.busy)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(self.busy_label)
        busy_layout.addWidget(self.busy_bar, 1)
        self.busy.hide()

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error_label)
        self.layout_.addWidget(self.busy)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def set_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.busy.setVisible(bool(text))


class FilePage(ImportPage):
    def __init__(self) -> None:
        super().__init__(
            "ファイルを選ぶ",
            "地域資源の一覧が入ったExcel（.xlsx）かCSVファイルを選んでください。",
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("例: C:\\Users\\…\\地域資源一覧.xlsx")
        self.browse_button = QPushButton("参照…")
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        note = QLabel(
            "CSVは、UTF-8（BOMあり・なし）とShift_JISのどちらでも読めます。"
            "表の上にタイトルや空の行があってもかまいません。次の画面で見出しの行を選べます。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(_NOTE)
        self.layout_.addLayout(row)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self.finish_layout()
        self.path_edit.textChanged.connect(self.completeChanged)
        self.path_edit.textChanged.connect(lambda _text: self.show_error(""))

    def path(self) -> str:
        return self.path_edit.text().strip().strip('"')

    def isComplete(self) -> bool:
        return bool(self.path())

    def _browse(self) -> None:
        start = str(Path(self.path()).parent) if self.path() else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, "取り込むファイルを選ぶ", start, "Excel・CSV (*.xlsx *.xlsm *.csv *.txt *.tsv)"
        )
        if path:
            self.path_edit.setText(path)


class SheetPage(ImportPage):
    def __init__(self) -> None:
        super().__init__(
            "シートと見出しの行",
            "取り込むシートと、「名称」などの見出しが書かれた行を選んでください。",
        )
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setMinimum(1)
        self.header_spin.setSuffix(" 行目")
        self.sheet_combo.setMinimumContentsLength(24)
        self.sheet_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.header_spin.setMinimumWidth(120)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("シート", self.sheet_combo)
        form.addRow("見出しの行", self.header_spin)
        self.grid_model = SheetGridModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.horizontalHeader().setDefaultSectionSize(124)
        self.grid.verticalHeader().setDefaultSectionSize(26)
        note = QLabel("色の付いた行を見出しとして読みます。その下の行から取り込みます。")
        note.setStyleSheet(_NOTE)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.grid, 1)
        self.layout_.addWidget(note)
        self.finish_layout()
        self.table: TableFile | None = None
        self.sheet_combo.currentIndexChanged.connect(self._sheet_chosen)
        self.header_spin.valueChanged.connect(self._header_chosen)

    def set_table(self, table: TableFile) -> None:
        self.table = table
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for sheet in table.sheets:
            self.sheet_combo.addItem(f"{sheet.name}（{len(sheet.rows):,}行）", sheet.name)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setCurrentIndex(table.default_sheet)
        self._sheet_chosen(table.default_sheet)

    def sheet(self) -> SheetData | None:
        if self.table is None or self.sheet_combo.currentIndex() < 0:
            return None
        return self.table.sheets[self.sheet_combo.currentIndex()]

    def header_row(self) -> int:
        return self.header_spin.value() - 1

    def _sheet_chosen(self, _index: int) -> None:
        sheet = self.sheet()
        if sheet is None:
            return
        row = guess_header_row(sheet)
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(max(len(sheet.rows), 1))
        self.header_spin.setValue(row + 1)
        self.header_spin.blockSignals(False)
        self.grid_model.set_sheet(sheet, row)
        self.show_error("" if sheet.rows else "このシートは空です。ほかのシートを選んでください。")

    def _header_chosen(self, value: int) -> None:
        if value - 1 >= self.grid_model.rowCount():
            self.grid_model.set_sheet(self.sheet(), value - 1)
        else:
            self.grid_model.set_header_row(value - 1)
        self.grid.scrollTo(self.grid_model.index(value - 1, 0))


class MappingPage(ImportPage):
    def __init__(self) -> None:
        super().__init__(
            "列の対応",
            "各列をどの項目として取り込むか選んでください。見出しから推測してあります。",
        )
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        note = QLabel(
            "活動内容・開催日・頻度・備考は、複数の列に選ぶと つなげて取り込みます。"
            "ほかの項目は1列だけにしてください。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(_NOTE)
        self.layout_.addWidget(self.area, 1)
        self.layout_.addWidget(note)
        self.finish_layout()
        self.combos: list[QComboBox] = []
        self.key: tuple[str, int] | None = None

    def set_columns(self, sheet: SheetData, header_row: int) -> None:
        """One row per column: letter, header, first value, and the field to fill."""
        key = (sheet.name, header_row)
        if key == self.key:
            return  # keep the person's choices when they come back to this page
        self.key = key
        header = sheet.header(header_row)
        width = max(len(header), max((len(r) for r in sheet.rows[header_row:]), default=0))
        header += [""] * (width - len(header))
        mapping = guess_mapping(header)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(16)
        for column, title in enumerate(("列", "見出し", "最初の値", "取り込む項目")):
            label = QLabel(title)
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 0, column)
        self.combos = []
        for index, title in enumerate(header):
            example = next(
                (r[index] for r in sheet.rows[header_row + 1 :] if index < len(r) and r[index]),
                "",
            )
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for spec in FIELDS:
                combo.addItem(spec.label, spec.key)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setCurrentIndex(max(combo.findData(mapping.get(index)), 0))
            combo.setAccessibleName(f"{column_name(index)}列の取り込む項目")
            combo.currentIndexChanged.connect(lambda _i: self.show_error(""))
            self.combos.append(combo)
            grid.addWidget(QLabel(column_name(index)), index + 1, 0)
            grid.addWidget(self._cell(title or "（見出しなし）", 16), index + 1, 1)
            grid.addWidget(self._cell(example, 22, _NOTE), index + 1, 2)
            grid.addWidget(combo, index + 1, 3)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(header) + 1, 1)
        self.area.setWidget(body)

    @staticmethod
    def _cell(text: str, limit: int, style: str = "") -> QLabel:
        line = text.replace("\n", " ")
        label = QLabel(line if len(line) <= limit else line[:limit] + "…")
        label.setToolTip(text[:500])
        label.setStyleSheet(style)
        return label

    def mapping(self) -> dict[int, str | None]:
        return {i: combo.currentData() for i, combo in enumerate(self.combos)}


class PreviewPage(ImportPage):
    def __init__(self) -> None:
        super().__init__(
            "取り込む前の確認",
            "1行ずつの判定です。エラーの行は取り込みません。よければ「取り込む」を押してください。",
        )
        self.counts_label = QLabel()
        self.counts_label.setStyleSheet("font-weight: bold;")
        self.filter_combo = QComboBox()
        for text, status in FILTERS:
            self.filter_combo.addItem(text, status)
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        top.addWidget(QLabel("表示"))
        top.addWidget(self.filter_combo)
        self.model = VerdictModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((56, 80, 220)):
            self.table.setColumnWidth(column, width)
        self.skip_radio = QRadioButton("重複した行は取り込まない")
        self.merge_radio = QRadioButton("重複した行は、登録済みの資源の空欄だけを埋める")
        self.skip_radio.setChecked(True)
        self.duplicates_group = QButtonGroup(self)
        self.duplicates_group.addButton(self.skip_radio)
        self.duplicates_group.addButton(self.merge_radio)
        self.detail_label = QLabel(DETAIL_HINT)
        self.detail_label.setWordWrap(True)
        self.detail_label.setStyleSheet(_NOTE)
        self.detail_label.setMinimumHeight(40)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_areas_check = QCheckBox(CREATE_AREAS)
        options = QHBoxLayout()
        options.addWidget(self.skip_radio)
        options.addWidget(self.merge_radio)
        options.addStretch(1)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.detail_label)
        self.layout_.addSpacing(8)
        self.layout_.addLayout(options)
        self.layout_.addWidget(self.create_areas_check)
        self.finish_layout()
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "取り込む")
        self.preview: ImportPreview | None = None
        self.filter_combo.currentIndexChanged.connect(self._show_rows)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.duplicates_group.buttonToggled.connect(lambda *_: self.completeChanged.emit())

    def set_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        counts = preview.counts
        self.counts_label.setText(
            "　".join(f"{STATUS_LABELS[s]} {counts[s]:,}件" for s in STATUS_LABELS)
        )
        missing = "、".join(preview.missing_areas)
        self.create_areas_check.setText(f"{CREATE_AREAS}：{missing}" if missing else CREATE_AREAS)
        self.create_areas_check.setEnabled(bool(missing) or preview.create_areas)
        self._show_rows()
        self.completeChanged.emit()

    def _show_rows(self) -> None:
        status = self.filter_combo.currentData()
        rows = self.preview.verdicts if self.preview else []
        self.model.set_rows([v for v in rows if status is None or v.status == status])
        self.detail_label.setText(DETAIL_HINT)

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail_label.setText(DETAIL_HINT)
            return
        verdict = self.model.row_at(current.row())
        lines = [f"{verdict.row_number}行目（{verdict.status_label}）{verdict.name}"]
        lines += [t for t in (verdict.reason, *verdict.warnings) if t]
        self.detail_label.setText("\n".join(lines))

    def duplicates(self) -> str:
        return "merge" if self.merge_radio.isChecked() else "skip"

    def isComplete(self) -> bool:
        if self.preview is None:
            return False
        counts = self.preview.counts
        return counts["import"] > 0 or (self.duplicates() == "merge" and counts["duplicate"] > 0)


class ResultPage(ImportPage):
    def __init__(self) -> None:
        super().__init__("取り込みの結果", "取り込みが終わりました。結果は保存しておけます。")
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary_label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.save_button = QPushButton("結果を保存…")
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: #2e7d32;")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        self.layout_.addWidget(self.summary_label)
        self.layout_.addWidget(self.text, 1)
        self.layout_.addLayout(row)
        self.finish_layout()
        self.report: ImportReport | None = None
        self.save_button.clicked.connect(self._save)

    def set_report(self, report: ImportReport) -> None:
        self.report = report
        parts = [f"{report.imported:,}件を登録しました。"]
        if report.merged:
            parts.append(f"{report.merged:,}件は登録済みの資源の空欄を埋めました。")
        if report.errors:
            parts.append(f"{len(report.errors):,}行はエラーのため登録していません。")
        self.summary_label.setText("".join(parts))
        self.text.setPlainText(report.to_text())

    def _save(self) -> None:
        if self.report is None:
            return
        stem = Path(self.report.source).stem or "取り込み"
        default = str(Path.home() / f"{stem}_取り込み結果_{date.today():%Y%m%d}.txt")
        path, _filter = QFileDialog.getSaveFileName(self, "結果を保存", default, "テキスト (*.txt)")
        if not path:
            return
        try:
            self.report.save(path)
        except OSError:
            self.show_error("保存できませんでした。保存する場所を変えて、もう一度お試しください。")
            return
        self.show_error("")
        self.saved_label.setText(f"保存しました: {path}")
