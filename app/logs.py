"""Logging to a rotating file in the data folder (and to stderr for the command line)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.files import private_dir, private_file

LOG_NAME = "sasaeai.log"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each new log file, after a rollover too, is readable by this user only."""

    def _open(self):
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging(log_dir: Path, *, verbose: bool = False) -> Path:
    """Send records to `log_dir/sasaeai.log` (1 MB × 5 files). Returns the log file path."""
    private_dir(log_dir, own=True)
    path = private_file(log_dir / LOG_NAME)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_sasaeai", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = _PrivateRotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler._sasaeai = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path
