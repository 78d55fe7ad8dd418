"""The log file: details the user is not shown (SQL, tracebacks) go here, never to the screen.

One rotating file per data directory (``logs/mediation.log``, 5 × 1 MB). ID numbers and mobile
phone numbers are masked in every line, tracebacks included (domain/masking.py).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from mediation_app.domain.masking import mask_id, mask_phone

LOG_NAME = "mediation.log"
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_handler: logging.Handler | None = None


def mask_text(text: str) -> str:
    """Mask every ID number and mobile phone number in ``text``."""
    text = _ID.sub(lambda m: mask_id(m.group(1)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file. A record that cannot be written (a full disk, a vanished drive) is
    dropped: logging's default prints a traceback and the unmasked message on stderr, which is the
    CLI user's screen, and the action that met the full disk says so in its own words."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass

    def close(self) -> None:
        try:
            super().close()
        except OSError:  # the lines still buffered cannot reach the disk either
            self.stream = None  # type: ignore[assignment]


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / "logs" / LOG_NAME


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send this process's log to the data directory's rotating file; None when the folder cannot
    be written (then nothing is logged to a file, and nothing extra reaches the screen)."""
    global _handler
    path = log_path(data_dir)
    root = logging.getLogger()
    if _handler is not None and getattr(_handler, "baseFilename", None) == str(path):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(path.parent, 0o700)
        handler = QuietFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=False)
    except OSError:
        return None
    handler.setFormatter(MaskingFormatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = handler
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.level != logging.NOTSET else level)
    return path
