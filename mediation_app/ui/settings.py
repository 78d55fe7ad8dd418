"""User preferences (not case data) persisted with QSettings: language, font scale, contrast, last user."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from mediation_app.i18n import DEFAULT_LANGUAGE, LANGUAGES

FONT_SCALES = (1.0, 1.15, 1.3, 1.5)


@dataclass(frozen=True)
class Key:
    name: str
    default: object


LANGUAGE = Key("ui/language", DEFAULT_LANGUAGE)
FONT_SCALE = Key("ui/font_scale", 1.0)
HIGH_CONTRAST = Key("ui/high_contrast", False)
LAST_USER = Key("session/last_user", "")
LAST_COMMITTEE = Key("session/last_committee", "")  # per user: "<key>/<user name>" holds a committee id
GEOMETRY = Key("window/geometry", None)
IDLE_LOCK_MINUTES = Key("security/idle_lock_minutes", 15)
IDLE_LOCK_RANGE = (1, 120)  # never off: a shared office PC locks itself


class AppSettings:
    """Typed access to the preference keys; every key is declared once above."""

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            self._s = QSettings("MediationDesk", "MediationDesk")
        else:
            self._s = QSettings(str(path), QSettings.Format.IniFormat)

    def _get(self, key: Key, kind: type) -> object:
        value = self._s.value(key.name, key.default)
        if value is None:
            return key.default
        if kind is bool:
            return value in (True, "true", "1", 1)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return key.default

    @property
    def language(self) -> str:
        lang = str(self._get(LANGUAGE, str))
        return lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue(LANGUAGE.name, value)

    @property
    def font_scale(self) -> float:
        scale = float(self._get(FONT_SCALE, float))  # type: ignore[arg-type]
        return min(FONT_SCALES, key=lambda s: abs(s - scale))

    @font_scale.setter
    def font_scale(self, value: float) -> None:
        self._s.setValue(FONT_SCALE.name, float(value))

    @property
    def high_contrast(self) -> bool:
        return bool(self._get(HIGH_CONTRAST, bool))

    @high_contrast.setter
    def high_contrast(self, value: bool) -> None:
        self._s.setValue(HIGH_CONTRAST.name, bool(value))

    @property
    def last_user(self) -> str:
        return str(self._get(LAST_USER, str))

    @last_user.setter
    def last_user(self, value: str) -> None:
        self._s.setValue(LAST_USER.name, value)

    def last_committee(self, username: str) -> str:
        """The committee (id, as text) this user last worked in, on this computer."""
        return str(self._s.value(f"{LAST_COMMITTEE.name}/{username}", LAST_COMMITTEE.default) or "")

    def set_last_committee(self, username: str, committee_id: str) -> None:
        self._s.setValue(f"{LAST_COMMITTEE.name}/{username}", committee_id)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value(GEOMETRY.name)
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue(GEOMETRY.name, value)

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without keyboard or mouse before the client locks (default 15)."""
        minutes = int(self._get(IDLE_LOCK_MINUTES, int))  # type: ignore[call-overload]
        return max(IDLE_LOCK_RANGE[0], min(IDLE_LOCK_RANGE[1], minutes))

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, value: int) -> None:
        self._s.setValue(IDLE_LOCK_MINUTES.name, int(value))

    def sync(self) -> None:
        self._s.sync()
