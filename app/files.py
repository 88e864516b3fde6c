"""Files that hold residents' details are readable by this user only (0600 in 0700 folders).

On Windows the user's profile folder already keeps others out; chmod there is harmless.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path, *, own: bool = False) -> Path:
    """Make `path` (and missing parents); a folder made here is closed to other users.

    A folder that was already there keeps its permissions unless `own` says it belongs to
    the app (backups/, logs/): a person's Documents or USB stick, or /tmp, is not ours to
    close.
    """
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if own or not existed:
        _chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty if missing; either way close it to other users."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    _chmod(path, PRIVATE_FILE)
    return path


def _chmod(path: Path, mode: int) -> None:
    # A folder we may use but do not own (a shared drive) keeps its owner's choice.
    with contextlib.suppress(PermissionError):
        os.chmod(path, mode)
