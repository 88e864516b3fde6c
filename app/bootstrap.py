"""Opening a town's records, shared by the command line and the window (no Qt here).

Makes the data folder, starts the log, finds the database, and brings its schema up to
date (backing it up first) before anything else touches it.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable

from app.db.engine import Database
from app.db.location import DataDir, LocationError, SharedServer, database_url
from app.db.migrate import DatabaseTooNewError, prepare_database
from app.logs import setup_logging
from app.paths import default_data_dir

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The data cannot be opened; the message is for the person in front of the screen."""


def data_dir_for(args: argparse.Namespace) -> DataDir:
    """--data-dir, else the demo folder for --demo, else the per-user data folder."""
    if args.data_dir:
        return DataDir(args.data_dir.expanduser().resolve())
    root = default_data_dir()
    return DataDir(root / "demo" if args.demo else root)


def open_database(
    args: argparse.Namespace, ask_password: Callable[[SharedServer], str | None] | None = None
) -> tuple[DataDir, Database]:
    """Make the data folder, start logging, migrate (backing up first) and return the db."""
    try:
        data_dir = data_dir_for(args).ensure()
        setup_logging(data_dir.logs, verbose=getattr(args, "verbose", False))
        url = database_url(data_dir, getattr(args, "database_url", None), ask_password)
    except LocationError as error:
        raise StartupError(str(error)) from error
    db = Database(url, user=data_dir.user_name)
    try:
        result = prepare_database(db, data_dir.backups)
    except DatabaseTooNewError as error:
        db.dispose()
        raise StartupError(str(error)) from error
    if result.backup:
        log.info("backup before upgrade: %s", result.backup)
    return data_dir, db
