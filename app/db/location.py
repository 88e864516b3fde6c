"""Where this installation keeps its records: a SQLite file in the data folder (default) or a
shared PostgreSQL server described in `connection.json` there, its password in the keyring.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from app import secrets
from app.db.engine import DB_FILENAME, sqlite_url
from app.files import private_dir, private_file

ENV_DATABASE_URL = "SASAEAI_DATABASE_URL"
CONNECTION_FILE = "connection.json"
PREFERENCES_FILE = "preferences.json"


class LocationError(RuntimeError):
    """The data folder or the shared-database settings cannot be used as they are."""


@dataclass(frozen=True)
class DataDir:
    """The folders of one installation (or one `--data-dir`)."""

    root: Path

    @property
    def database_file(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def connection_file(self) -> Path:
        return self.root / CONNECTION_FILE

    @property
    def preferences_file(self) -> Path:
        return self.root / PREFERENCES_FILE

    def read_preferences(self) -> dict:
        """Per-PC choices (who is using this PC, last area); never secrets."""
        try:
            return json.loads(self.preferences_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_preference(self, key: str, value: object) -> None:
        prefs = self.read_preferences()
        prefs[key] = value
        self.ensure()
        tmp = private_file(self.preferences_file.with_suffix(".tmp"))
        tmp.write_text(json.dumps(prefs, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(self.preferences_file)  # atomic: a power cut leaves the old file whole

    @property
    def user_name(self) -> str:
        return str(self.read_preferences().get("user_name", ""))

    def ensure(self) -> DataDir:
        try:
            private_dir(self.root)
            private_dir(self.logs, own=True)
        except OSError as error:
            raise LocationError(
                f"データの保存先フォルダ {self.root} を作れませんでした（{error.strerror}）。"
                "別の場所を --data-dir で指定してください。"
            ) from error
        return self


@dataclass(frozen=True)
class SharedServer:
    """The non-secret half of a shared PostgreSQL connection."""

    host: str
    port: int
    database: str
    user: str

    @property
    def secret_name(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None) -> str:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)


def read_shared_server(data_dir: DataDir) -> SharedServer | None:
    path = data_dir.connection_file
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return SharedServer(
            host=str(raw["host"]),
            port=int(raw.get("port", 5432)),
            database=str(raw["database"]),
            user=str(raw["user"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise LocationError(
            f"共有データベースの接続設定 {path} が読めません（{error}）。"
            "書き方を直すか、このファイルを削除してください"
            "（削除すると、この PC のデータベースで開きます）。"
        ) from error


def write_shared_server(data_dir: DataDir, server: SharedServer, password: str | None) -> None:
    """Save the connection (no password in the file); the password goes to the keyring."""
    data = {
        "host": server.host,
        "port": server.port,
        "database": server.database,
        "user": server.user,
    }
    data_dir.ensure().connection_file.write_text(
        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    if password:
        secrets.set_secret(server.secret_name, password)


def database_url(data_dir: DataDir, override: str | None = None, ask_password=None) -> str:
    """The URL to open: --database-url, then $SASAEAI_DATABASE_URL, then connection.json,
    then the SQLite file in the data folder.

    `ask_password(server)` is called when the keyring holds no password or cannot be used.
    """
    explicit = override or os.environ.get(ENV_DATABASE_URL)
    if explicit:
        return explicit
    server = read_shared_server(data_dir)
    if server is None:
        return sqlite_url(data_dir.ensure().database_file)
    try:
        password = secrets.get_secret(server.secret_name)
    except secrets.SecretStoreUnavailable:
        password = None
    if password is None and ask_password is not None:
        password = ask_password(server)
        if password is None:
            raise LocationError(
                "パスワードが入力されなかったため、共有データベースに接続しませんでした。"
                "もう一度起動して、パスワードを入力してください。"
            )
    return server.url(password)
