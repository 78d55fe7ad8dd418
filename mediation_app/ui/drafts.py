"""Drafts of unfinished forms, so they survive a crash.

A draft holds what was typed, ID numbers and phones included, so it is kept in the database for
the signed-in user (``DraftService``), never as a plain file: once the store is bound to the user
(``bind``/``for_user``), every save, load and discard goes to the database, and drafts that an
earlier version left as JSON files in ``drafts/`` are moved in and their files removed.

Unbound (before sign-in, or in a test of a form alone) the store keeps JSON files in its folder,
each written atomically and durably (temp file, fsync, rename, fsync of the folder). A draft that
cannot be saved is logged and skipped: it never interrupts the form.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from mediation_app.fileio import atomic_write_text

log = logging.getLogger(__name__)


class DraftStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._service: Any = None
        self._actor: Any = None

    @classmethod
    def for_user(cls, services: Any, actor: Any) -> DraftStore:
        store = cls(services.data_dir / "drafts")
        store.bind(services.drafts, actor)
        return store

    @property
    def in_database(self) -> bool:
        return self._service is not None

    def bind(self, service: Any, actor: Any) -> None:
        """From now on keep this user's drafts in the database; move old draft files in."""
        self._service, self._actor = service, actor
        for key in self._file_keys():
            data = self._load_file(key)
            try:
                if data is not None and service.load(actor, key) is None:
                    service.save(actor, key, data)
            except Exception:  # noqa: BLE001 - a draft is never worth an error; the file stays
                log.warning("could not move a draft file into the database", exc_info=True)
                continue
            self._path(key).unlink(missing_ok=True)

    # -- the store ---------------------------------------------------------------------------------
    def save(self, key: str, data: dict[str, Any]) -> None:
        if self._service is not None:
            try:
                self._service.save(self._actor, key, data)
            except Exception:  # noqa: BLE001 - the form keeps its contents; the next save retries
                log.warning("could not save a draft", exc_info=True)
            return
        self._save_file(key, data)

    def load(self, key: str) -> dict[str, Any] | None:
        if self._service is not None:
            try:
                data = self._service.load(self._actor, key)
            except Exception:  # noqa: BLE001
                log.warning("could not read a draft", exc_info=True)
                return None
            return data if isinstance(data, dict) else None
        return self._load_file(key)

    def discard(self, key: str) -> None:
        if self._service is not None:
            try:
                self._service.discard(self._actor, key)
            except Exception:  # noqa: BLE001
                log.warning("could not discard a draft", exc_info=True)
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> list[str]:
        if self._service is not None:
            return list(self._service.keys(self._actor))
        return self._file_keys()

    # -- files (unbound) ---------------------------------------------------------------------------
    def _path(self, key: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", key)
        return self.directory / f"{safe}.json"

    def _save_file(self, key: str, data: dict[str, Any]) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write_text(self._path(key), json.dumps(data, ensure_ascii=False, indent=1, default=str))
        except OSError:  # a full or read-only disk: the form keeps its contents; the next save retries
            log.warning("could not save a draft", exc_info=True)

    def _load_file(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            with path.open(encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # a damaged draft is ignored, never fatal
        return data if isinstance(data, dict) else None

    def _file_keys(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob("*.json"))
