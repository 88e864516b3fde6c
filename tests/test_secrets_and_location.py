from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends import fail

from app import secrets
from app.db.location import (
    DataDir,
    LocationError,
    SharedServer,
    database_url,
    read_shared_server,
    write_shared_server,
)


def test_default_is_the_sqlite_file_in_the_data_folder(data_dir, monkeypatch):
    monkeypatch.delenv("SASAEAI_DATABASE_URL", raising=False)
    assert database_url(data_dir) == f"sqlite:///{data_dir.database_file}"


def test_shared_server_password_goes_to_the_keyring_not_the_file(data_dir, memory_keyring):
    server = SharedServer("192.0.2.10", 5432, "sasaeai", "town")
    write_shared_server(data_dir, server, "秘密のpass")
    written = data_dir.connection_file.read_text(encoding="utf-8")
    assert "秘密" not in written and json.loads(written)["host"] == "192.0.2.10"
    assert memory_keyring.store[(secrets.SERVICE, server.secret_name)] == "秘密のpass"
    url = database_url(data_dir)
    assert url.startswith("postgresql+psycopg://town:") and "192.0.2.10:5432/sasaeai" in url


def test_without_a_keyring_backend_it_asks_instead_of_storing(data_dir):
    keyring.set_keyring(fail.Keyring())
    assert not secrets.is_available()
    with pytest.raises(secrets.SecretStoreUnavailable) as refused:
        secrets.set_secret("x", "y")
    assert "保存せず" in str(refused.value)
    server = SharedServer("192.0.2.10", 5432, "sasaeai", "town")
    data_dir.connection_file.write_text(
        json.dumps({"host": server.host, "database": server.database, "user": server.user}),
        encoding="utf-8",
    )
    asked = []
    url = database_url(data_dir, ask_password=lambda s: asked.append(s) or "typed")
    assert asked == [server] and ":typed@" in url
    assert not list(data_dir.root.glob("*pass*"))


def test_broken_connection_file_gives_a_clear_message(data_dir):
    data_dir.connection_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(LocationError) as broken:
        read_shared_server(data_dir)
    assert "接続設定" in str(broken.value)


def test_preferences_are_written_atomically(tmp_path):
    data_dir = DataDir(tmp_path / "new")
    data_dir.write_preference("user_name", "山田")
    assert data_dir.user_name == "山田"
    assert not list(data_dir.root.glob("*.tmp"))


def test_cancelled_password_prompt_stops_with_a_message(data_dir):
    keyring.set_keyring(fail.Keyring())
    data_dir.connection_file.write_text(
        json.dumps({"host": "192.0.2.10", "database": "sasaeai", "user": "town"}),
        encoding="utf-8",
    )
    with pytest.raises(LocationError) as stopped:
        database_url(data_dir, ask_password=lambda _server: None)
    assert "パスワードが入力されなかった" in str(stopped.value)


def test_locked_keyring_is_treated_as_unavailable(data_dir, memory_keyring, monkeypatch):
    import keyring.errors

    def locked(*_args):
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    with pytest.raises(secrets.SecretStoreUnavailable):
        secrets.get_secret("x")
