"""Switch the UI language at run time: gettext catalogue, Qt's own qtbase catalogue, LanguageChange.

Widgets re-apply their texts in ``retranslate()`` when they receive ``QEvent.LanguageChange``;
nothing is rebuilt, so open work (typed text, open tabs) survives a switch.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from mediation_app.i18n import set_language

_QT_LOCALES = {"zh_CN": "zh_CN", "zh_TW": "zh_TW", "en": "en_GB"}
# Qt's translators installed in the (one) application, shared by every switcher object.
_installed: list[QTranslator] = []


class LanguageSwitcher:
    """Owns the installed Qt translators of one QApplication."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators = _installed
        self.language = ""

    def apply(self, lang: str) -> None:
        set_language(lang)
        self.language = lang
        QLocale.setDefault(QLocale(_QT_LOCALES.get(lang, lang)))
        for t in self._translators:
            self._app.removeTranslator(t)
        del self._translators[:]
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if lang != "en":
            t = QTranslator(self._app)
            if t.load(QLocale(lang), "qtbase", "_", qt_dir):
                self._app.installTranslator(t)
                self._translators.append(t)
        if isinstance(self._app, QApplication):
            # Make sure every widget hears about it, also when no .qm was (un)installed (en).
            for w in QApplication.topLevelWidgets():
                QCoreApplication.sendEvent(w, QEvent(QEvent.Type.LanguageChange))

    @property
    def qt_translator_loaded(self) -> bool:
        return bool(self._translators)


class Retranslating:
    """Mixin for QWidgets: calls ``retranslate()`` on every ``LanguageChange`` event."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        QWidget.changeEvent(self, event)  # type: ignore[arg-type]

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass
