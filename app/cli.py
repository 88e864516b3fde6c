"""Command line: the same use cases as the window, for scripts and for headless machines.

This module never imports Qt; `app.main` hands over to the window when no command is given.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from app import APP_NAME, __version__
from app.bootstrap import DamagedDatabaseError, StartupError, data_dir_for, open_database
from app.cli_papers import add_report_parser, cmd_report, hinted, meeting_id_of
from app.cli_safekeeping import (
    FILE_COMMANDS,
    add_safekeeping_parsers,
    cmd_backup,
    run_file_command,
)
from app.db.engine import Database
from app.db.location import DataDir, SharedServer
from app.domain.text import SEARCH_CUT_MESSAGE, search_was_cut
from app.logs import LOG_NAME
from app.reports.minutes_docx import write_minutes_docx
from app.services.councils.council import list_councils
from app.services.demo import DEMO_USER, load_demo
from app.services.errors import NotFound, ServiceError
from app.services.initiatives.initiative import list_initiatives
from app.services.integrity import run_checks
from app.services.issues.issue import list_issues
from app.services.meetings.meeting import list_meetings
from app.services.meetings.papers import minutes_paper
from app.services.resources.export import export_resources
from app.services.resources.importing import CLI_AREA_HINT, import_file
from app.services.resources.resource import list_resources, rebuild_search
from app.services.search import search_all
from app.services.setup import areas as area_service
from app.services.setup.town import is_set_up

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _folder(text: str) -> Path:
    if not text.strip():  # Path("") is the current folder: a typo must not make a town there
        raise argparse.ArgumentTypeError("空のフォルダ名です。保存先のフォルダを指定してください")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sasaeai",
        description=f"{APP_NAME}: 生活支援体制整備事業の STEP 1〜3 を進めるアプリ。"
        "コマンドを付けずに起動すると画面が開きます。",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        type=_folder,
        help="データの保存先フォルダ（既定: 利用者ごとのデータフォルダ）",
    )
    parser.add_argument(
        "--database-url", help="共有データベースの URL（例: postgresql+psycopg://…）"
    )
    parser.add_argument("--demo", action="store_true", help="デモの町（みどり町）で画面を開く")
    parser.add_argument(
        "--self-test", action="store_true", help="画面とデータベースを確かめて終了する"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="詳しいログを残す")
    commands = parser.add_subparsers(dest="command", metavar="コマンド")
    commands.add_parser("demo", help="データフォルダにデモの町を作る")
    checking = commands.add_parser("check", help="データベースの整合性を検査する")
    checking.add_argument(
        "--repair", action="store_true", help="検索用の索引を作り直してから検査する"
    )
    listing = commands.add_parser("list", help="記録の一覧を表示する")
    listing.add_argument("what", choices=sorted(LISTERS), help="何の一覧か")
    listing.add_argument("--json", action="store_true", help="JSON で出力する")
    add_report_parser(commands)
    importing = commands.add_parser("import", help="Excel・CSV から記録を取り込む")
    importing.add_argument("what", choices=["resources"], help="何を取り込むか")
    importing.add_argument("file", type=Path, help=".xlsx または .csv のファイル")
    importing.add_argument("--sheet", help="シート名（省略すると資源の一覧らしいシート）")
    importing.add_argument(
        "--header-row", type=int, help="見出しの行番号（表計算ソフトの表示どおり、1から）"
    )
    importing.add_argument(
        "--create-areas", action="store_true", help="登録されていない圏域を新しく作る"
    )
    importing.add_argument(
        "--merge", action="store_true", help="重複は空いている項目だけ補う（既定は飛ばす）"
    )
    importing.add_argument("--dry-run", action="store_true", help="確かめるだけで保存しない")
    importing.add_argument("--json", action="store_true", help="結果を JSON で出力する")
    exporting = commands.add_parser(
        "export", help="記録を書き出す（地域資源は Excel・CSV、議事録は Word）"
    )
    exporting.add_argument("what", choices=sorted(EXPORTERS), help="何を書き出すか")
    exporting.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="書き出すファイル（地域資源は .xlsx か .csv、議事録は .docx）",
    )
    exporting.add_argument("-o", "--output", type=Path, help="書き出すファイル（file と同じ）")
    exporting.add_argument("--meeting", type=int, help="議事録を書き出す会議の番号")
    exporting.add_argument("--revision", type=int, help="議事録の版（省略すると今の内容）")
    searching = commands.add_parser("search", help="記録を検索する（地域資源ほか）")
    searching.add_argument("text", help="探す言葉（空白で区切るとすべてを含むもの）")
    searching.add_argument("--json", action="store_true", help="JSON で出力する")
    add_safekeeping_parsers(commands)
    return parser


def _ask_password_on_terminal(server: SharedServer) -> str | None:
    return getpass.getpass(f"{server.user}@{server.host} のパスワード: ")


def _print_json(document: object) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _list_areas(db: Database) -> list[dict]:
    return [{**asdict(a), "layer_label": a.layer_label} for a in area_service.list_areas(db)]


def _list_resources(db: Database) -> list[dict]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "reading": r.reading,
            "category": r.category,
            "kinds": list(r.kinds),
            "area": r.area_name,
            "state": r.state,
            "schedule": r.schedule_text,
            "confirmed_on": r.confirmed_on.isoformat() if r.confirmed_on else None,
        }
        for r in list_resources(db, limit=None)
    ]


def _list_meetings(db: Database) -> list[dict]:
    return [
        {
            "id": m.id,
            "name": m.title,
            "held_on": m.held_on.isoformat(),
            "date": m.short_date,
            "when": m.when,
            "kind": m.kind,
            "kind_label": m.kind_label,
            "council_id": m.council_id,
            "council": m.council_name,
            "area": m.area_name,
            "place": m.place,
            "minutes_state": m.minutes_state,
            "minutes_revision": m.minutes_revision,
            "minutes_label": m.minutes_label,
        }
        for m in list_meetings(db)
    ]


def _list_issues(db: Database) -> list[dict]:
    return [
        {
            "id": r.id,
            "title": r.title,
            "areas": list(r.area_names),
            "kinds": list(r.kinds),
            "kind_labels": r.kind_labels,
            "urgency": r.urgency,
            "urgency_label": r.urgency_label,
            "importance": r.importance,
            "state": r.state,
            "state_label": r.state_label,
            "noticed_on": r.noticed_on.isoformat() if r.noticed_on else None,
        }
        for r in list_issues(db)
    ]


def _list_councils(db: Database) -> list[dict]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "reading": c.reading,
            "layer": c.layer,
            "area": c.area_name,
            "status": c.status,
            "status_label": c.status_label,
            "established_on": c.established_on.isoformat() if c.established_on else None,
            "members": c.member_count,
            "meetings": c.meeting_count,
        }
        for c in list_councils(db)
    ]


def _list_initiatives(db: Database) -> list[dict]:
    return [
        {
            "id": i.id,
            "title": i.title,
            "kind": i.kind_code,
            "kind_label": i.kind_label,
            "area": i.area_name,
            "state": i.state,
            "state_label": i.state_label,
            "started_on": i.started_on.isoformat() if i.started_on else None,
        }
        for i in list_initiatives(db)
    ]


LISTERS: dict[str, tuple[Callable[[Database], list[dict]], str]] = {
    "areas": (_list_areas, "圏域"),
    "councils": (_list_councils, "協議体"),
    "initiatives": (_list_initiatives, "取組"),
    "issues": (_list_issues, "地域課題"),
    "meetings": (_list_meetings, "会議"),
    "resources": (_list_resources, "地域資源"),
}
# Shown after the id and name in the plain (not --json) listing, when a list has them.
TEXT_COLUMNS = ("date", "kind_label", "minutes_label", "urgency_label", "state_label", "areas")


def cmd_demo(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    if is_set_up(db):
        print(
            f"{data_dir.root} にはもう町のデータがあります。デモは作りませんでした。",
            file=sys.stderr,
        )
        return EXIT_FAILED
    db.user = DEMO_USER
    load_demo(db)
    data_dir.write_preference("user_name", DEMO_USER)
    print(f"デモの町（みどり町）を {data_dir.root} に作りました。", file=sys.stderr)
    return EXIT_OK


def cmd_check(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    if args.repair:
        count = rebuild_search(db)
        print(f"地域資源 {count} 件の検索用索引を作り直しました。", file=sys.stderr)
    try:
        findings = run_checks(db)
    except SQLAlchemyDatabaseError as error:  # a page broke under a query: that is the finding
        log.error("check stopped on a damaged page: %s", error.orig)
        print("要確認 データベースの読み取り中に、壊れた箇所が見つかりました")
        print(
            "エラー: 最新の正常なバックアップから復元してください"
            f"（一覧: sasaeai backups、復元: sasaeai restore ファイル）。{error.orig}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    for finding in findings:
        print(("OK   " if finding.ok else "要確認 ") + finding.message)
    bad = sum(not f.ok for f in findings)
    print(f"検査 {len(findings)} 項目、要確認 {bad} 項目", file=sys.stderr)
    return EXIT_OK if bad == 0 else EXIT_FAILED


def _plain(value: object) -> str:
    return "・".join(value) if isinstance(value, list) else str(value)


def cmd_list(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    lister, label = LISTERS[args.what]
    rows = lister(db)
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            extra = "".join(f"\t{_plain(row[key])}" for key in TEXT_COLUMNS if key in row)
            print(f"{row['id']}\t{row.get('name', row.get('title'))}{extra}")
        print(f"{label}: {len(rows)} 件", file=sys.stderr)
    return EXIT_OK


def cmd_search(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    if search_was_cut(args.text):
        print(SEARCH_CUT_MESSAGE, file=sys.stderr)
    hits = search_all(db, args.text, limit=500)
    if args.json:
        _print_json([asdict(h) for h in hits])
    else:
        for hit in hits:
            print(f"{hit.kind_label or hit.kind}\t{hit.id}\t{hit.name}\t{hit.detail}")
    shown = args.text if len(args.text) <= 40 else args.text[:40] + "…"
    print(f"「{shown}」: {len(hits)} 件", file=sys.stderr)
    return EXIT_OK


def cmd_import(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    if args.header_row is not None and args.header_row < 1:
        raise ServiceError("--header-row は1以上の行番号で指定してください。")
    report = import_file(
        db,
        args.file,
        sheet=args.sheet,
        header_row=None if args.header_row is None else args.header_row - 1,
        create_areas=args.create_areas,
        duplicates="merge" if args.merge else "skip",
        dry_run=args.dry_run,
        area_hint=CLI_AREA_HINT,
        progress=lambda message: print(message, file=sys.stderr),
    )
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.to_text())
    if args.dry_run:
        print("確かめるだけの実行です。何も保存していません。", file=sys.stderr)
    done = report.imported + getattr(report, "merged", 0)
    return EXIT_OK if done > 0 else EXIT_FAILED


def _export_resources(db: Database, args: argparse.Namespace, target: Path) -> str:
    count = export_resources(db, target)
    return f"地域資源 {count} 件を {target} に書き出しました。"


def _export_minutes(db: Database, args: argparse.Namespace, target: Path) -> str:
    if target.suffix.lower() != ".docx":
        raise ServiceError(
            f"議事録は Word 形式（.docx）で書き出します。{target.name} ではなく、"
            "名前が .docx で終わるファイルを指定してください。"
        )
    data = minutes_paper(db, meeting_id_of(args), args.revision)
    try:
        write_minutes_docx(data, target)
    except OSError as error:
        raise ServiceError(
            f"{target} に保存できませんでした（{error.strerror}）。"
            "別の場所か名前を指定してください。"
        ) from error
    return f"「{data.head.title}」の議事録を {target} に書き出しました。"


EXPORTERS: dict[str, Callable[[Database, argparse.Namespace, Path], str]] = {
    "minutes": _export_minutes,
    "resources": _export_resources,
}


def cmd_export(data_dir: DataDir, db: Database, args: argparse.Namespace) -> int:
    target = args.output or args.file
    if target is None:
        raise ServiceError("書き出すファイルを -o で指定してください（例: -o 議事録.docx）。")
    if args.output and args.file and args.output != args.file:
        raise ServiceError(
            "書き出すファイルは一つだけ指定してください（-o かファイル名のどちらか）。"
        )
    try:
        message = EXPORTERS[args.what](db, args, target)
    except NotFound as error:
        raise hinted(error, args) from error
    print(message, file=sys.stderr)
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "export": cmd_export,
    "demo": cmd_demo,
    "check": cmd_check,
    "list": cmd_list,
    "search": cmd_search,
    "report": cmd_report,
    "backup": cmd_backup,
}


def run_command(args: argparse.Namespace) -> int:
    """Run one headless command; messages go to stderr, data to stdout."""
    if args.command in FILE_COMMANDS:
        try:
            return run_file_command(args)
        except (ServiceError, StartupError) as error:
            print(f"エラー: {getattr(error, 'message', error)}", file=sys.stderr)
            return EXIT_FAILED
        except Exception as error:
            return _unexpected(args, error)
    try:
        # A script has no one to ask: it connects without a password (trust/peer setups).
        ask = _ask_password_on_terminal if sys.stdin.isatty() else None
        data_dir, db = open_database(args, ask)
    except DamagedDatabaseError as error:
        return _damaged(args, error)
    except StartupError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        return _unexpected(args, error)
    try:
        return COMMANDS[args.command](data_dir, db, args)
    except ServiceError as error:
        print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `sasaeai list … | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        return _unexpected(args, error)
    finally:
        db.dispose()


def _damaged(args: argparse.Namespace, error: DamagedDatabaseError) -> int:
    """`check` reports the damage as its finding; every command says how to restore."""
    if args.command == "check":
        print(f"要確認 {error.found.problem}（{error.found.detail or error.found.health.value}）")
    print(f"エラー: {error}", file=sys.stderr)
    folder = f" --data-dir '{error.data_dir.root}'" if args.data_dir is not None else ""
    if error.backup is not None:
        print(f"復元するには: sasaeai{folder} restore '{error.backup.path}'", file=sys.stderr)
    else:
        print(f"バックアップの一覧: sasaeai{folder} backups", file=sys.stderr)
    return EXIT_FAILED


def _unexpected(args: argparse.Namespace, error: Exception) -> int:
    """Log the traceback; tell the person what happened and where the details are."""
    log.exception("command failed")
    log_file = data_dir_for(args).logs / LOG_NAME
    print(
        f"エラー: 思わぬエラーが起きました（{error}）。詳しくはログ {log_file} をご覧ください。",
        file=sys.stderr,
    )
    return EXIT_FAILED
