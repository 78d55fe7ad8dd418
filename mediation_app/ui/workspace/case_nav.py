"""The case workspace's navigation: every part of a case in one list down the side, grouped by stage.

A tab bar of thirteen tabs overflowed a 1280-px screen (the risk and documents tabs past the edge,
five tabs hidden in English). A list grows downwards, so every part stays in sight at any width and in
every language; the stage headings (受理, 调解, 结果, 回访与确认, 卷宗) follow the order a case moves in.
Up/Down move through the parts (headings are skipped), Alt+1 … Alt+0 jump to the first ten, and the
underlined letter of a part (Alt+letter) works as it did on the tabs.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QWidget

from mediation_app.i18n import pgettext

KEY_ROLE = Qt.ItemDataRole.UserRole + 1

# (stage, parts in the order a case moves through them)
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intake", ("overview", "parties")),
    ("mediation", ("assignment", "meetings", "evidence", "risk", "referrals", "level")),
    ("outcome", ("agreement", "oral", "termination")),
    ("after", ("followup", "confirmation", "fund")),
    ("file", ("documents",)),
)


def stage_titles() -> dict[str, str]:
    return {
        "intake": pgettext("case stage", "Intake"),
        "mediation": pgettext("case stage", "Mediation"),
        "outcome": pgettext("case stage", "Outcome"),
        "after": pgettext("case stage", "Follow-up and confirmation"),
        "file": pgettext("case stage", "Case file"),
    }


def part_order() -> list[str]:
    return [key for _stage, keys in STAGES for key in keys]


def mnemonic(title: str) -> str:
    """The letter after a single '&' ('' when none): Alt+that letter opens the part."""
    i = title.replace("&&", "\0\0").find("&")
    return title[i + 1] if 0 <= i < len(title) - 1 else ""


def display_text(title: str) -> str:
    """The title as listed: without the Alt marker ('概况(&O)' -> '概况', '&Overview' -> 'Overview')."""
    text = re.sub(r"\s*[(（]&[^)）]?[)）]", "", title.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&").strip()


class _RowDelegate(QStyledItemDelegate):
    """Rows with air above and below the text (a style sheet's vertical item padding is not counted in
    the rows' height, so the entries would overlap)."""

    pad = 6  # air under a part's text; less when a low screen would otherwise cut the last parts

    def sizeHint(self, option, index):  # noqa: N802  # type: ignore[no-untyped-def]
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + (self.pad if index.flags() & Qt.ItemFlag.ItemIsEnabled else 2))


class CaseNavigation(QListView):
    """Signals:
    part_chosen(str): the key of the part to show.
    """

    part_chosen = Signal(str)

    def __init__(self, owner: QWidget) -> None:
        """``owner``: the workspace; the Alt shortcuts work anywhere in it, not only in the list."""
        super().__init__(owner)
        self._owner = owner
        self.setObjectName("case_nav")
        self.nav_model = QStandardItemModel(self)
        self._rows: dict[str, int] = {}
        self._stage_rows: dict[str, int] = {}
        for stage, keys in STAGES:
            heading = QStandardItem()
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # not selectable, skipped by the arrow keys
            heading.setData(stage, KEY_ROLE)
            heading.setAccessibleDescription("heading")
            self._stage_rows[stage] = self.nav_model.rowCount()
            self.nav_model.appendRow(heading)
            for key in keys:
                item = QStandardItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setData(key, KEY_ROLE)
                self._rows[key] = self.nav_model.rowCount()
                self.nav_model.appendRow(item)
        self.setModel(self.nav_model)
        self.setItemDelegate(_RowDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self._shortcuts: dict[str, QShortcut] = {}
        for i, key in enumerate(part_order()[:10]):
            sc = QShortcut(QKeySequence(f"Alt+{(i + 1) % 10}"), owner)
            sc.activated.connect(lambda key=key: self.choose(key))
        self._letters: dict[str, QShortcut] = {}

    # -- content --------------------------------------------------------------------------------------------
    def show_part(self, key: str, shown: bool) -> None:
        """Offer the part ``key`` or not (the Fund part only in the cases of a committee that keeps a
        fund); a part not offered is not listed and cannot be chosen, by key or by stepping."""
        row = self._rows[key]
        if self.isRowHidden(row) == (not shown):
            return
        self.setRowHidden(row, not shown)
        if not shown and self.current_key() == key:
            self.choose(part_order()[0])
        self.fit_rows()

    def offered(self, key: str) -> bool:
        return key in self._rows and not self.isRowHidden(self._rows[key])

    def set_titles(self, titles: dict[str, str]) -> None:
        """Part titles (with '&' marking the Alt letter) and the stage headings, in the current language."""
        heading_font = QFont(self.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(max(1.0, self.font().pointSizeF() * 0.9))
        for stage, title in stage_titles().items():
            item = self.nav_model.item(self._stage_rows[stage])
            item.setText(title)
            item.setFont(heading_font)
        for key, row in self._rows.items():
            title = titles[key]
            item = self.nav_model.item(row)
            item.setText(display_text(title))
            letter = mnemonic(title)
            sc = self._letters.get(key)
            if letter and sc is None:
                sc = self._letters[key] = QShortcut(self._owner)
                sc.activated.connect(lambda key=key: self.choose(key))
            if sc is not None:
                sc.setKey(QKeySequence(f"Alt+{letter.upper()}") if letter else QKeySequence())
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as its longest entry at the current text size, so nothing is cut, with room for the
        scroll bar it needs when large text makes the list taller than the window."""
        self.doItemsLayout()
        widest = max((self.sizeHintForIndex(self.nav_model.index(r, 0)).width()
                      for r in range(self.nav_model.rowCount())), default=120)
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        self.setFixedWidth(widest + 2 * self.frameWidth() + extent + 24)  # 24: the style sheet's padding

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.width(), super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Every part in sight on a low screen: the rows give up some of their air (never their text)
        before the list would have to scroll."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, _RowDelegate):
            return
        before, room = delegate.pad, self.viewport().height()
        for pad in (6, 5, 4, 3, 2):
            delegate.pad = pad
            if sum(self.sizeHintForRow(r) for r in range(self.nav_model.rowCount()) if not self.isRowHidden(r)) <= room:
                break
        if delegate.pad != before:
            self.doItemsLayout()

    # -- choosing -------------------------------------------------------------------------------------------
    def choose(self, key: str) -> None:
        row = self._rows.get(key)
        if row is None or self.isRowHidden(row):
            return
        index = self.nav_model.index(row, 0)
        if self.currentIndex() != index:
            self.setCurrentIndex(index)  # emits part_chosen through _current_changed
        else:
            self.part_chosen.emit(key)

    def current_key(self) -> str:
        return str(self.currentIndex().data(KEY_ROLE) or "")

    def step(self, by: int) -> None:
        order = [key for key in part_order() if self.offered(key)]
        key = self.current_key()
        i = order.index(key) if key in order else 0
        self.choose(order[(i + by) % len(order)])

    def part_rect(self, key: str):  # -> QRect, in the list's viewport coordinates
        return self.visualRect(self.nav_model.index(self._rows[key], 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE)
        if key and key in self._rows:
            self.part_chosen.emit(str(key))
