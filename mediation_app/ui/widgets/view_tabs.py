"""The main window's views: the fixed views (Today, Case list) in a bar of their own that never scrolls,
the views a user opens (cases, the ledger, the board…) as closable tabs beside them.

With many cases open only the open-case tabs shrink (their titles are elided, the full title is the
tool tip) and, past that, scroll with visible arrows: Today and the case list are always one click
away. The API follows ``QTabWidget`` (indexes count the fixed views first), so the window code reads
the same.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class ViewTabs(QWidget):
    """Signals:
    currentChanged(int): the shown view's index.
    tabCloseRequested(int): the close button of an opened view was pressed.
    """

    currentChanged = Signal(int)  # noqa: N815 - QTabWidget's names
    tabCloseRequested = Signal(int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget()
        self.fixed_bar = QFrame()
        self.fixed_bar.setObjectName("fixed_views")
        self._fixed_layout = QHBoxLayout(self.fixed_bar)
        self._fixed_layout.setContentsMargins(4, 2, 4, 0)
        self._fixed_layout.setSpacing(2)
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # none is checked while an opened view is shown
        self._fixed: list[QWidget] = []
        self._buttons: list[QToolButton] = []
        self._inner: dict[QWidget, QWidget] = {}  # scroll area -> the view it shows
        self.opened_bar = QTabBar()
        self.opened_bar.setObjectName("opened_views")
        self.opened_bar.setDocumentMode(True)
        self.opened_bar.setTabsClosable(True)
        self.opened_bar.setElideMode(Qt.TextElideMode.ElideRight)
        self.opened_bar.setUsesScrollButtons(True)
        self.opened_bar.setExpanding(False)
        self.opened_bar.setMovable(False)
        self.opened_bar.tabCloseRequested.connect(lambda i: self.tabCloseRequested.emit(i + len(self._fixed)))
        self.opened_bar.currentChanged.connect(self._opened_changed)
        self.opened_bar.tabBarClicked.connect(lambda i: i >= 0 and self.setCurrentIndex(i + len(self._fixed)))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        self.fixed_bar.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.fixed_bar)
        bar.addWidget(self.opened_bar, 1)
        bar.addStretch(0)  # takes the room only while no view is opened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._sync()

    # -- building ---------------------------------------------------------------------------------------
    def add_fixed(self, widget: QWidget, title: str = "", *, scrolls: bool = False) -> int:
        """A view that is always there and cannot be closed (added before any opened view).
        ``scrolls``: shown in a scroll area, so its boxes never make the window taller than the screen."""
        if self.stack.count() > len(self._fixed):
            raise ValueError("fixed views come before opened ones")
        button = QToolButton()
        button.setProperty("role", "view")
        button.setCheckable(True)
        button.setText(title)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        index = len(self._fixed)
        button.clicked.connect(lambda _c=False, i=index: self.setCurrentIndex(i))
        self._group.addButton(button)
        self._fixed_layout.addWidget(button)
        self._fixed.append(widget)
        self._buttons.append(button)
        page = widget
        if scrolls:
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(widget)
            self._inner[page] = widget
        self.stack.insertWidget(index, page)
        self._sync()
        return index

    def addTab(self, widget: QWidget, title: str = "") -> int:  # noqa: N802
        """An opened view: a closable tab beside the fixed views. Returns its index."""
        self.stack.addWidget(widget)
        self.opened_bar.blockSignals(True)
        self.opened_bar.addTab(title)
        self.opened_bar.blockSignals(False)
        return self.stack.indexOf(widget)

    def removeTab(self, index: int) -> None:  # noqa: N802
        if index < len(self._fixed) or index >= self.stack.count():
            return
        was_current = index == self.stack.currentIndex()
        widget = self.stack.widget(index)
        self._inner.pop(widget, None)
        self.opened_bar.blockSignals(True)
        self.opened_bar.removeTab(index - len(self._fixed))
        self.opened_bar.blockSignals(False)
        self.stack.removeWidget(widget)
        if was_current:
            nxt = min(index, self.stack.count() - 1)
            self.setCurrentIndex(nxt if nxt >= len(self._fixed) else 0)
        self._sync()

    # -- QTabWidget-like access ---------------------------------------------------------------------------
    def count(self) -> int:
        return self.stack.count()

    def widget(self, index: int) -> QWidget | None:
        page = self.stack.widget(index)
        return self._inner.get(page, page) if page is not None else None

    def indexOf(self, widget: QWidget) -> int:  # noqa: N802
        for page, inner in self._inner.items():
            if inner is widget:
                return self.stack.indexOf(page)
        return self.stack.indexOf(widget)

    def currentIndex(self) -> int:  # noqa: N802
        return self.stack.currentIndex()

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self.widget(self.stack.currentIndex())

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        if not 0 <= index < self.stack.count():
            return
        changed = index != self.stack.currentIndex()
        self.stack.setCurrentIndex(index)
        if index >= len(self._fixed):
            self.opened_bar.blockSignals(True)
            self.opened_bar.setCurrentIndex(index - len(self._fixed))
            self.opened_bar.blockSignals(False)
        self._sync()
        if changed:
            self.currentChanged.emit(index)

    def setTabText(self, index: int, text: str) -> None:  # noqa: N802
        if index < len(self._fixed):
            self._buttons[index].setText(text)
        elif index < self.stack.count():
            self.opened_bar.setTabText(index - len(self._fixed), text)

    def tabText(self, index: int) -> str:  # noqa: N802
        if index < len(self._fixed):
            return self._buttons[index].text()
        return self.opened_bar.tabText(index - len(self._fixed))

    def setTabToolTip(self, index: int, text: str) -> None:  # noqa: N802
        if index < len(self._fixed):
            self._buttons[index].setToolTip(text)
        elif index < self.stack.count():
            self.opened_bar.setTabToolTip(index - len(self._fixed), text)

    def tabToolTip(self, index: int) -> str:  # noqa: N802
        if index < len(self._fixed):
            return self._buttons[index].toolTip()
        return self.opened_bar.tabToolTip(index - len(self._fixed))

    def fixed_button(self, index: int) -> QToolButton:
        return self._buttons[index]

    def fixed_count(self) -> int:
        return len(self._fixed)

    # -- internals -------------------------------------------------------------------------------------------
    def _opened_changed(self, bar_index: int) -> None:
        if bar_index >= 0:
            self.setCurrentIndex(bar_index + len(self._fixed))

    def _sync(self) -> None:
        current = self.stack.currentIndex()
        for i, button in enumerate(self._buttons):
            button.setChecked(i == current)
        active = current >= len(self._fixed)
        if self.opened_bar.property("active") != active:
            # Only this bar is re-polished: with a fixed view shown no opened tab looks selected.
            self.opened_bar.setProperty("active", active)
            self.opened_bar.style().unpolish(self.opened_bar)
            self.opened_bar.style().polish(self.opened_bar)
        self.opened_bar.setVisible(self.stack.count() > len(self._fixed))
