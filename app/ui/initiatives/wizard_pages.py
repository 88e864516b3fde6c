"""The pages of the 取組 (STEP 3) wizard. Each page reads and writes its own InitiativeInput
fields as plain values (ids, text, dates as typed), so a draft keeps exactly what was typed.

The lists of people, issues and resources are read from the services; the wizard
(wizard.py) validates, saves and keeps the draft.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
)

from app.domain.enums import InitiativeKind
from app.domain.text import search_key
from app.services.errors import NotFound
from app.services.issues.issue import IssueFilter, get_issue, list_issues
from app.services.resources.resource import ResourceFilter, get_resource, list_resources
from app.services.setup import areas
from app.ui.context import AppContext
from app.ui.issues.wizard_pages import notice_frame
from app.ui.resources.wizard_pages import (
    ResourcePage,
    group_frame,
    hint,
    line_edit,
    new_form,
    text_edit,
)
from app.ui.widgets.forms import fill_combo, select_data

KIND_NOTES = {
    InitiativeKind.PARTICIPATION: "住民が地域の活動に加わる入り口をつくります。"
    "（例: 体験会や見学会、得意なことを生かせる場）",
    InitiativeKind.STRENGTHEN: "いまある集まりやサービスを、続けやすく・広げやすくします。"
    "（例: 担い手を募る、回数や会場を増やす）",
    InitiativeKind.CREATE: "地域に足りない活動やサービスを、住民や団体と新しく始めます。"
    "（例: 買い物の送迎、ゴミ出しの助け合い）",
}
CHOOSE = "（選んでください）"
RESOURCE_LIMIT = 1000


class InitiativePage(ResourcePage):
    """One step of the 取組 wizard; `row_fields` are table rows' errors (`milestones.2.title`)."""

    row_fields: frozenset[str] = frozenset()

    def owns(self, key: str) -> bool:
        return key in self.field_names or key.split(".")[0] in self.row_fields


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


def _checked_ids(widget: QListWidget) -> set[int]:
    return {
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    }


def _fill_checklist(widget: QListWidget, items: list[tuple[str, int]], chosen: set[int]) -> None:
    widget.clear()
    for text, item_id in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        checked = item_id in chosen
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)


def _ids(raw) -> set[int]:
    return {int(i) for i in raw or () if str(i).isdigit()}


# --------------------------------------------------------------------------- 1 種類と圏域


class KindPage(InitiativePage):
    def __init__(self, context: AppContext) -> None:
        super().__init__("種類と圏域", "どんな取組ですか。いちばん近いものを1つ選んでください。")
        self.context = context
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.box = group_frame("kind")
        column = QVBoxLayout(self.box)
        column.setContentsMargins(4, 4, 4, 4)
        for kind in InitiativeKind:
            radio = QRadioButton(kind.label)
            radio.setStyleSheet("font-weight: bold; font-size: 12pt;")
            self.group.addButton(radio)
            self.radios[kind.value] = radio
            note = hint(KIND_NOTES[kind])
            note.setContentsMargins(28, 0, 0, 10)
            note.setBuddy(radio)
            column.addWidget(radio)
            column.addWidget(note)
        self.area_combo = QComboBox()
        self._whole_town: set[int] = set()
        form = new_form()
        form.add("圏域（必須）", self.area_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(hint("町全体で行う取組は「全域」を選びます。"))
        self.bind_errors({"kind": self.box, "area_id": self.area_combo})
        self.finish_layout(layout)
        self.reload_areas()

    def reload_areas(self) -> None:
        rows = areas.list_areas(self.context.db)
        self._whole_town = {a.id for a in rows if a.layer == 1}
        items = [(CHOOSE, None)]
        items += [(f"全域（{a.name}）" if a.layer == 1 else a.name, a.id) for a in rows]
        fill_combo(self.area_combo, items)

    def kind(self) -> str:
        return next((v for v, r in self.radios.items() if r.isChecked()), "")

    def area_id(self) -> int | None:
        return self.area_combo.currentData()

    def whole_town(self) -> bool:
        return self.area_id() in self._whole_town

    def values(self) -> dict:
        return {"kind": self.kind(), "area_id": self.area_id()}

    def fill(self, values: dict) -> None:
        radio = self.radios.get(values.get("kind") or "")
        if radio is not None:
            radio.setChecked(True)
        select_data(self.area_combo, values.get("area_id"))

    def check(self) -> dict[str, str]:
        return {} if self.kind() else {"kind": "取組の種類を1つ選んでください。"}


# --------------------------------------------------------------------------- 2 名前と中身


class ContentPage(InitiativePage):
    def __init__(self) -> None:
        super().__init__("名前と中身", "取組の名前と、何をするのかを書いてください。")
        self.title_edit = line_edit("例: 坂の上団地の買い物いっしょに便")
        self.description_edit = text_edit(
            "例: 週に1回、車を出せる住民が、買い物に行きにくい人を誘ってスーパーへ行く。"
            "帰りに集会所でお茶を飲む時間もつくる。",
            190,
        )
        form = new_form()
        form.add("名前（必須）", self.title_edit)
        form.add("中身", self.description_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint("名前は一覧に出ます。みんなが呼びやすい名前にしておくと便利です。"))
        self.bind_errors({"title": self.title_edit, "description": self.description_edit})
        self.finish_layout(layout)

    def values(self) -> dict:
        return {"title": self.title_edit.text(), "description": self.description_edit.toPlainText()}

    def fill(self, values: dict) -> None:
        self.title_edit.setText(values.get("title") or "")
        self.title_edit.setCursorPosition(0)
        self.description_edit.setPlainText(values.get("description") or "")


# --------------------------------------------------------------------------- 3 出来ること


class WishesPage(InitiativePage):
    def __init__(self) -> None:
        super().__init__(
            "出来ること・やってみたいこと",
            "取組は、関わる人の「出来ること」「やってみたいこと」から始めます。",
        )
        self.notice = notice_frame(
            "wishes_notice",
            "ここには、取組に関わる住民や団体の方から聞いたことを、"
            "なるべくその方の言葉のまま書いてください。支援者の考えではなく、本人たちの声です。",
            bg="#e8f1fa",
            border="#90b4d8",
        )
        self.can_do_edit = text_edit(
            "例: 車の運転ができる／畑で野菜を育てている／集会所の鍵を預かっている", 120
        )
        self.want_edit = text_edit(
            "例: 一人暮らしの人とお茶を飲みたい／昔の遊びを子どもに教えたい", 120
        )
        form = new_form()
        form.add("出来ること", self.can_do_edit)
        form.add("やってみたいこと", self.want_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(hint("座談会や立ち話で聞いたことでかまいません。あとで書き足せます。"))
        self.bind_errors({"can_do": self.can_do_edit, "want_to_do": self.want_edit})
        self.finish_layout(layout)

    def values(self) -> dict:
        return {
            "can_do": self.can_do_edit.toPlainText(),
            "want_to_do": self.want_edit.toPlainText(),
        }

    def fill(self, values: dict) -> None:
        self.can_do_edit.setPlainText(values.get("can_do") or "")
        self.want_edit.setPlainText(values.get("want_to_do") or "")


# --------------------------------------------------------------------------- 4 課題と資源


class LinksPage(InitiativePage):
    """The area's open issues the initiative answers and the resources it builds on."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(
            "応える課題と土台にする資源",
            "当てはまるものに印を付けてください。どちらも、なければ空のままで進めます。",
        )
        self.context = context
        self._issue_ids: set[int] = set()
        self._resource_ids: set[int] = set()
        self.issue_list = QListWidget()
        self.issue_list.setObjectName("issue_ids")
        self.no_issues = hint("この圏域には、いま対応が必要な地域課題は登録されていません。")
        self.resource_search = line_edit("資源の名前や種類で絞り込み")
        self.resource_search.setClearButtonEnabled(True)
        self.resource_list = QListWidget()
        self.resource_list.setObjectName("resource_ids")
        self.no_resources = hint("この圏域には、まだ地域資源が登録されていません。")
        for widget in (self.issue_list, self.resource_list):
            widget.setMinimumHeight(130)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("応える地域課題（対応がまだ終わっていないもの）"))
        layout.addWidget(self.issue_list, 2)
        layout.addWidget(self.no_issues)
        layout.addSpacing(8)
        layout.addWidget(_heading("土台にする地域資源（人・場所・活動など）"))
        layout.addWidget(self.resource_search)
        layout.addWidget(self.resource_list, 3)
        layout.addWidget(self.no_resources)
        layout.addWidget(self.error_label)
        self.bind_errors({"issue_ids": self.issue_list, "resource_ids": self.resource_list})
        self.issue_list.itemChanged.connect(lambda _i: self._remember())
        self.resource_list.itemChanged.connect(lambda _i: self._remember())
        self.resource_search.textChanged.connect(self._filter_resources)

    def initializePage(self) -> None:
        kind_page = self.wizard().kind_page
        self.reload(kind_page.area_id(), kind_page.whole_town())

    def reload(self, area_id: int | None, whole_town: bool = False) -> None:
        """List the area's open issues and its resources (the whole town's for 全域); what
        is ticked stays ticked and shown even when it lies outside the area."""
        db, scope = self.context.db, None if whole_town else area_id
        issues = list_issues(db, IssueFilter(area_id=scope, open_only=True))
        items = [(row.title, row.id) for row in issues]
        for extra in self._issue_ids - {row.id for row in issues}:
            try:
                items.append((get_issue(db, extra).title, extra))
            except NotFound:
                self._issue_ids.discard(extra)
        _fill_checklist(self.issue_list, items, self._issue_ids)
        self.no_issues.setVisible(not items)
        resources = list_resources(db, ResourceFilter(area_id=scope), limit=RESOURCE_LIMIT)
        rows = list(resources)
        for extra in self._resource_ids - {row.id for row in resources}:
            try:
                rows.append(get_resource(db, extra))
            except NotFound:
                self._resource_ids.discard(extra)
        shown = [(f"{r.name}（{r.kind_labels}）" if r.kinds else r.name, r.id) for r in rows]
        _fill_checklist(self.resource_list, shown, self._resource_ids)
        self.no_resources.setVisible(not rows)
        self._filter_resources()

    def _remember(self) -> None:
        self._issue_ids = _checked_ids(self.issue_list) | (
            self._issue_ids - self._listed(self.issue_list)
        )
        self._resource_ids = _checked_ids(self.resource_list) | (
            self._resource_ids - self._listed(self.resource_list)
        )

    @staticmethod
    def _listed(widget: QListWidget) -> set[int]:
        return {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())}

    def _filter_resources(self) -> None:
        key = search_key(self.resource_search.text())
        for i in range(self.resource_list.count()):
            item = self.resource_list.item(i)
            item.setHidden(bool(key) and key not in search_key(item.text()))

    def item_for(self, widget: QListWidget, record_id: int) -> QListWidgetItem | None:
        for i in range(widget.count()):
            if widget.item(i).data(Qt.ItemDataRole.UserRole) == record_id:
                return widget.item(i)
        return None

    def values(self) -> dict:
        return {
            "issue_ids": tuple(sorted(self._issue_ids)),
            "resource_ids": tuple(sorted(self._resource_ids)),
        }

    def fill(self, values: dict) -> None:
        self._issue_ids = _ids(values.get("issue_ids"))
        self._resource_ids = _ids(values.get("resource_ids"))
        for widget, chosen in (
            (self.issue_list, self._issue_ids),
            (self.resource_list, self._resource_ids),
        ):
            for i in range(widget.count()):
                item = widget.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def names(self) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
        """(issues, resources) ticked, as (id, shown text), for the review."""

        def pick(widget: QListWidget, chosen: set[int]):
            return tuple(
                (widget.item(i).data(Qt.ItemDataRole.UserRole), widget.item(i).text())
                for i in range(widget.count())
                if widget.item(i).data(Qt.ItemDataRole.UserRole) in chosen
            )

        return pick(self.issue_list, self._issue_ids), pick(self.resource_list, self._resource_ids)


# --------------------------------------------------------------------------- 7 振り返り


class ReflectionPage(InitiativePage):
    """成果・振り返り and メモ: written as the initiative runs, so empty is fine when new."""

    def __init__(self) -> None:
        super().__init__(
            "成果・振り返り",
            "やってみて分かったことや、これからのことを書いてください。"
            "始めたばかりなら、空のままで進めます。",
        )
        self.outcome_edit = text_edit(
            "例: 月4回の運行になった。参加者から「外に出るのが楽しみ」という声。"
            "運転する人の負担が偏っているので、担い手を増やしたい。",
            170,
        )
        self.notes_edit = text_edit(
            "例: 次の協議体で報告する。社協の車両を借りる件は○月に相談。", 110
        )
        form = new_form()
        form.add("成果・振り返り", self.outcome_edit)
        form.add("メモ", self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                "成果・振り返りは、地域の取組の記録として残ります。"
                "メモは支援者どうしの覚え書きです。どちらもあとで書き足せます。"
            )
        )
        self.bind_errors({"outcome": self.outcome_edit, "notes": self.notes_edit})
        self.finish_layout(layout)

    def values(self) -> dict:
        return {
            "outcome": self.outcome_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
        }

    def fill(self, values: dict) -> None:
        self.outcome_edit.setPlainText(values.get("outcome") or "")
        self.notes_edit.setPlainText(values.get("notes") or "")


# --------------------------------------------------------------------------- 8 確認


class ReviewPage(InitiativePage):
    def __init__(self, final_text: str) -> None:
        super().__init__(
            "確認",
            f"内容を確かめて「{final_text}」を押してください。直すときは「戻る」で戻れます。",
        )
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:
        self.summary.setHtml(self.wizard().summary_html())
