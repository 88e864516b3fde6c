"""`sasaeai report`: every paper of app.reports.registry from the command line.

The options of the registry become flags (`--area` takes a name, `--year` a fiscal year as
2026 or 令和8); `report list` prints every paper with what it asks for. Never imports Qt.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.db.engine import Database
from app.db.location import DataDir
from app.domain.enums import ResourceKind
from app.domain.text import normalize
from app.domain.wareki import ERAS, WarekiError, fiscal_year, format_fiscal_year, parse_date
from app.reports.registry import GROUPS, PAPERS, PaperKind, PaperOption, grouped, paper_kind
from app.services.errors import NotFound, ServiceError
from app.services.issues.papers import GROUPINGS
from app.services.setup import areas as area_service

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
LIST = "list"
YEAR_EXAMPLES = "例: --year 2026、--year 令和8、--year R8"
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2000, 2100  # the programme began in 2015
_ERA_YEAR = re.compile(
    r"^(?P<era>{})\s*(?P<y>\d{{1,2}}|元)\s*(?:年度?)?$".format(
        "|".join([e.name for e in ERAS] + [e.letter for e in ERAS])
    )
)
_WESTERN_YEAR = re.compile(r"^(?P<y>\d{4})\s*(?:年度?)?$")
# How a missing required option is asked for, by kind: the flag and where to look it up.
_ASK = {
    "meeting": "会議の番号を --meeting で指定してください"
    "（番号は `sasaeai list meetings` で確かめられます）。",
    "council": "協議体の番号を --council で指定してください"
    "（番号は `sasaeai list councils` で確かめられます）。",
    "issue": "地域課題の番号を --issue で指定してください"
    "（番号は `sasaeai list issues` で確かめられます）。",
    "fiscal_year": f"年度を --year で指定してください（{YEAR_EXAMPLES}）。",
    "round_table": "座談会の番号を --meeting で指定してください"
    "（番号は `sasaeai list meetings` で確かめられます）。",
}


def add_report_parser(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="印刷用の PDF を作る（report list で書類の一覧）")
    report.add_argument(
        "paper_key",
        metavar="paper",
        choices=[LIST, *sorted(p.key for p in PAPERS)],
        help="作る書類（list で一覧）",
    )
    report.add_argument("-o", "--output", type=Path, help="保存先の PDF ファイル")
    report.add_argument("--area", help="圏域の名前（省略するとすべて）")
    report.add_argument(
        "--for-residents", action="store_true", help="住民向け（掲載不可・終了を除く）"
    )
    report.add_argument(
        "--meeting", type=int, help="会議の番号（議事録・次第・出席者名簿。list meetings で確認）"
    )
    report.add_argument(
        "--revision",
        type=int,
        help="議事録の版（確認済みの古い版を印刷するとき。省略すると今の内容）",
    )
    report.add_argument(
        "--council", type=int, help="協議体の番号（委員名簿。list councils で確認）"
    )
    report.add_argument("--on", help="委員名簿の基準日（例: 令和8年4月1日。省略すると今日）")
    report.add_argument(
        "--by",
        choices=sorted(GROUPINGS),
        default="urgency",
        help="地域課題一覧のまとめ方（urgency: 緊急度、area: 圏域、kind: 種類。既定は緊急度）",
    )
    report.add_argument(
        "--internal",
        action="store_true",
        help="内部資料として個人に関わる内容も載せる（地域課題一覧。各ページに「取扱注意」）",
    )
    report.add_argument("--issue", type=int, help="地域課題の番号（引継ぎ票。list issues で確認）")
    report.add_argument(
        "--year", help=f"年度（進捗報告・年度のまとめ。省略すると今年度。{YEAR_EXAMPLES}）"
    )
    report.add_argument("--paper", choices=["A3", "A4"], help="KJ法の模造紙の用紙（既定は A3）")
    report.add_argument(
        "--kind",
        choices=[k.value for k in ResourceKind],
        help="座談会のごあんないに載せる活動の種類（例: salon。省略するとすべて）",
    )
    report.add_argument(
        "--near",
        help="座談会のごあんないに載せる活動の町名・集会所（例: 本町。省略すると圏域すべて）",
    )


# --- reading the flags ------------------------------------------------------------------------


def parse_fiscal_year(text: str) -> int:
    """「2026」「2026年度」「令和8」「令和8年度」「R8」「令和元年度」 → 2026 (a fiscal year)."""
    value = normalize(text).strip().upper()
    year: int | None = None
    if m := _WESTERN_YEAR.match(value):
        year = int(m["y"])
    elif m := _ERA_YEAR.match(value):
        index = next(i for i, e in enumerate(ERAS) if m["era"] in (e.name, e.letter))
        era = ERAS[index]
        era_year = 1 if m["y"] == "元" else int(m["y"])
        if era_year < 1:
            raise ServiceError(
                f"年度「{text}」は読めません。{era.name}は元年（1年）から数えます（{YEAR_EXAMPLES}）。"
            )
        year = era.western_year(era_year)
        following = ERAS[index + 1] if index + 1 < len(ERAS) else None
        # 平成31年度 (2019) is still said; 平成32 onwards never was: the era had ended.
        if following is not None and year > following.start.year:
            last = following.start.year - era.start.year + 1
            raise ServiceError(
                f"年度「{text}」はありません。{era.name}は{last}年までで、"
                f"{following.start.year}年度からは{following.name}です"
                f"（{format_fiscal_year(year)}のように指定してください）。"
            )
    if year is None:
        raise ServiceError(f"年度「{text}」が読めません（{YEAR_EXAMPLES}）。")
    if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        raise ServiceError(
            f"年度「{text}」（{year}年度）は扱えません。"
            f"{FIRST_FISCAL_YEAR}年度から{LAST_FISCAL_YEAR}年度までで指定してください。"
        )
    return year


def area_id_of(db: Database, name: str | None) -> int | None:
    if not name:
        return None
    for area in area_service.list_areas(db):
        if area.name == name:
            return area.id
    known = "、".join(a.name for a in area_service.list_areas(db))
    raise ServiceError(f"圏域「{name}」は登録されていません（登録されている圏域: {known}）。")


def meeting_id_of(args: argparse.Namespace) -> int:
    if args.meeting is None:
        raise ServiceError(_ASK["meeting"])
    return args.meeting


def _value(db: Database, option: PaperOption, args: argparse.Namespace) -> Any:
    given = getattr(args, option.name, None)
    if option.kind == "area":
        return area_id_of(db, given)
    if option.kind == "fiscal_year":
        return None if given is None else parse_fiscal_year(given)
    if option.kind == "date" and given:
        try:
            return parse_date(given)
        except WarekiError as error:
            raise ServiceError(f"--{option.name} の日付が読めません。{error}") from error
    if option.kind == "flag":
        return bool(given)
    if option.kind == "text":
        return (given or "").strip() or None
    return given


def _missing(db: Database, option: PaperOption) -> ServiceError:
    if option.kind == "area":
        known = "、".join(a.name for a in area_service.list_areas(db))
        return ServiceError(
            f"圏域の名前を --area で指定してください（登録されている圏域: {known}）。"
        )
    return ServiceError(_ASK.get(option.kind, f"{option.label}を指定してください。"))


def options_from(db: Database, paper: PaperKind, args: argparse.Namespace) -> dict[str, Any]:
    """The registry options of `paper` from the flags, or a Japanese reason why not."""
    options: dict[str, Any] = {}
    for option in paper.options:
        value = _value(db, option, args)
        if value is None and option.required:
            raise _missing(db, option)
        options[option.name] = value
    return options


def hinted(error: NotFound, args: argparse.Namespace) -> NotFound:
    """A meeting or council id that does not exist: say where the ids are listed."""
    for option, label, listing in (
        ("meeting", "会議", "meetings"),
        ("council", "協議体", "councils"),
        ("issue", "地域課題", "issues"),
    ):
        number = getattr(args, option, None)
        if number is not None and f"{label}（番号 {number}）" in error.message:
            return NotFound(
                f"{error.message}{label}の番号は `sasaeai list {listing}` で確かめられます。"
            )
    return error


# --- the command ------------------------------------------------------------------------------

_PLACEHOLDER = {
    "area": "名前",
    "meeting": "番号",
    "council": "番号",
    "issue": "番号",
    "revision": "版",
    "fiscal_year": "2026|令和8",
    "date": "令和8年4月1日",
    "round_table": "番号",
    "text": "文字",
}
THIS_YEAR = "今年度"


def option_text(option: PaperOption) -> str:
    """How `report list` shows one option: the flag, what it is, whether it may be left off."""
    flag = "--" + option.name.replace("_", "-")
    if option.kind == "flag":
        text = f"{flag}  {option.label}"
    elif option.kind == "choice":
        choices = "、".join(f"{value}: {label}" for value, label in option.choices)
        text = f"{flag} {{{'|'.join(v for v, _ in option.choices)}}}  {option.label}（{choices}）"
    else:
        text = f"{flag} {_PLACEHOLDER[option.kind]}  {option.label}"
    if option.kind == "flag":
        return text
    if option.required:
        return text + "（必須）"
    if option.kind == "fiscal_year":  # the registry fills in the 年度 of today
        return text + f"（省略すると{THIS_YEAR}: {format_fiscal_year(fiscal_year(date.today()))}）"
    if option.default is not None:
        return text + f"（省略すると {option.default}）"
    return text + "（省略可）"


def list_papers() -> None:
    for group, papers in grouped():
        print(f"■ {group}")
        for paper in papers:
            marks = ""
            if paper.is_internal({}):
                marks += "［取扱注意］"
            if paper.suffix != ".pdf":
                marks += f"［{paper.suffix} 形式］"
            print(f"  {paper.key}\t{paper.title}{marks}")
            print(f"      {paper.description}")
            for option in paper.options:
                print(f"      {option_text(option)}")
    print(f"書類: {len(PAPERS)} 種類（{'・'.join(GROUPS)}）", file=sys.stderr)


def cmd_report(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    if args.paper_key == LIST:
        list_papers()
        return EXIT_OK
    paper = paper_kind(args.paper_key)
    if args.output is None:
        raise ServiceError(
            f"保存先のファイルを -o で指定してください（例: -o {paper.title}{paper.suffix}）。"
        )
    if paper.suffix != ".pdf" and args.output.suffix.lower() != paper.suffix:
        raise ServiceError(
            f"{paper.title}は {paper.suffix} 形式で保存します。名前が {paper.suffix} で終わる"
            "ファイルを指定してください。"
        )
    options = options_from(db, paper, args)
    try:
        pages = paper.run(db, options, args.output)
    except NotFound as error:
        raise hinted(error, args) from error
    except OSError as error:
        raise ServiceError(
            f"{args.output} に保存できませんでした（{error.strerror}）。"
            "別の場所か名前を指定してください。"
        ) from error
    what = f"{paper.title}（{pages} ページ）" if paper.suffix == ".pdf" else paper.title
    print(f"{what}を {args.output} に保存しました。", file=sys.stderr)
    return EXIT_OK
