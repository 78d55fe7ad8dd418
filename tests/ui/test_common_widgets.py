"""Helpers every screen uses: what a failure box says for a file the operating system refused (the
file, the cause and what to do, in the user's language; a sentence of our own stays as it is), and a
one-line label too narrow for its text (a case number keeps its year and serial)."""

from __future__ import annotations

import errno

from mediation_app.i18n import set_language
from mediation_app.ui.widgets.common import error_text


def test_a_refused_file_reads_as_its_name_the_cause_and_what_to_do() -> None:
    set_language("en")
    protected = OSError(errno.EROFS, "Read-only file system", "/media/u/调解协议书.pdf")
    gone = OSError(errno.ENOENT, "No such file or directory", "/media/u/登记表.xlsx")
    assert error_text(protected) == ("/media/u/调解协议书.pdf: the disk is write-protected. Choose another drive or "
                                     "remove the protection, and try again.")
    assert error_text(gone) == ("/media/u/登记表.xlsx: the folder or drive is not there (was a USB stick removed?). "
                                "Check it, and try again.")
    assert error_text(OSError("The printer could not be started.")) == "The printer could not be started."
    set_language("zh_TW")
    try:
        assert error_text(protected) == "/media/u/调解协议书.pdf：磁碟處於防寫狀態。請換一個磁碟機或解除防寫後重試。"
    finally:
        set_language("zh_CN")


def test_a_long_case_number_loses_its_shared_prefix_not_its_year_and_serial(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from mediation_app.ui.widgets.common import ElidedLabel

    number = "客商心语人民调解委员会人调字〔2026〕第035号"
    label = ElidedLabel(number)
    qtbot.addWidget(label)
    label.show()
    label.ensurePolished()  # the title's font comes with the style
    label.resize(label.fontMetrics().horizontalAdvance(number) + 20, 40)
    assert QLabel.text(label) == number and label.toolTip() == ""
    label.resize(label.fontMetrics().horizontalAdvance(number) // 2, 40)
    shown = QLabel.text(label)
    assert shown.startswith("…") and shown.endswith("2026〕第035号")
    assert label.text() == number and label.toolTip() == number


def test_date_fields_default_to_the_day_of_the_clock_the_client_follows(qapp):
    """One calendar for the forms and the rules: a client whose services run on another day than the
    computer's (a test's fixed clock, or a form opened before midnight) offers that day."""
    import datetime as dt

    from mediation_app.services.clock import FixedClock
    from mediation_app.ui import calendar
    from mediation_app.ui.widgets.common import date_edit

    calendar.follow(FixedClock(dt.date(2026, 3, 16)))
    assert date_edit().date().toPython() == dt.date(2026, 3, 16)
    assert date_edit(days=15).date().toPython() == dt.date(2026, 3, 31)
    assert calendar.today_q(months=-3).toPython() == dt.date(2025, 12, 16)
    calendar.follow(None)
    assert date_edit().date().toPython() == dt.datetime.now().astimezone().date()
