"""The intake form's choice of the level a case starts at on the centre's ladder (四级七天).

Left as it is, the case is not put on the ladder (as before); a dispute that is clearly for a higher
level (one the centre takes itself, say) can start there. Only the levels the ladder offers now are
listed; the service sets the level by the rule every move on the ladder follows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mediation_app.i18n import _
from mediation_app.services.ladder.read_models import LevelView
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, role_label


class StartLevelChoice(QWidget):
    """Hidden while the centre has no ladder of levels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_level")
        self.label = QLabel()
        self.combo = KeyedComboBox()
        self.label.setBuddy(self.combo)
        self.hint = role_label("", "muted")
        self.message = FieldMessage()
        self._levels: tuple[LevelView, ...] = ()
        self._wanted: uuid.UUID | None = None  # a draft's level, kept until the ladder is read
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        self.combo.currentIndexChanged.connect(lambda _i: self.message.show_issues())
        self.set_levels(())
        self.retranslate()

    def set_levels(self, levels: Sequence[LevelView]) -> None:
        """The ladder as it stands now (lowest first); the choice made so far is kept when still offered."""
        wanted = self.level_id() if self._levels else self._wanted
        self._levels = tuple(levels)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.add(None, "")
        for lv in self._levels:
            self.combo.add(lv.id, f"{lv.position}. {lv.name} · {lv.description}")
        self.combo.setCurrentIndex(max(self.combo.index_of(wanted), 0))
        self.combo.blockSignals(False)
        self._name_none()
        self.setVisible(bool(self._levels))

    def level_id(self) -> uuid.UUID | None:
        return self.combo.key() if self._levels else None

    def select(self, level_id: uuid.UUID | None) -> None:
        """Choose ``level_id`` (a draft's); remembered until the ladder is read if it is not yet."""
        self._wanted = level_id
        i = self.combo.index_of(level_id)
        if self._levels and i >= 0:
            self.combo.setCurrentIndex(i)

    def _name_none(self) -> None:
        self.combo.setItemText(0, _("— not on the ladder (as usual) —"))

    def retranslate(self) -> None:
        self.label.setText(_("Starting &level"))
        self.hint.setText(_("A dispute clearly for a higher level (e.g. one the centre takes itself) can start "
                            "there; the case's Level part keeps the move."))
        self._name_none()
