"""The one place secrets go: the system keyring, never a file, the database or a log.

When the machine has no usable keyring backend, `SecretStoreUnavailable` says so and the
caller asks the person for the secret each time instead.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backends import fail

SERVICE = "sasaeai-note"


class SecretStoreUnavailable(RuntimeError):
    """No keyring backend on this machine: ask the person instead of storing anything."""


def _backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or backend.priority <= 0:
        raise SecretStoreUnavailable(
            "この PC にはパスワードを安全に保存する仕組み（資格情報マネージャー等）が"
            "見つかりません。パスワードは保存せず、必要なときに毎回お尋ねします。"
        )
    return backend


def is_available() -> bool:
    try:
        _backend()
    except SecretStoreUnavailable:
        return False
    return True


def get_secret(name: str) -> str | None:
    """The stored secret, or None when nothing is stored under `name`."""
    try:
        return _backend().get_password(SERVICE, name)
    except keyring.errors.KeyringError as error:  # locked or broken store: ask instead
        raise SecretStoreUnavailable(
            f"パスワードの保管庫を開けませんでした（{error}）。必要なときにお尋ねします。"
        ) from error


def set_secret(name: str, value: str) -> None:
    _backend().set_password(SERVICE, name, value)
