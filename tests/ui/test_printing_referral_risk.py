"""Documents, printing, referral slips, risk and case actions through real widgets on real services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from mediation_app.domain import fingerprint
from mediation_app.domain.enums import ConsentKind, ExecutionMethod, ReferralStatus, RiskFlag, RiskLevel
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.meetings import MeetingInput
from mediation_app.ui import printing
from mediation_app.ui.day_agreements import DayAgreementsDialog, VerifyAgreementDialog
from mediation_app.ui.print_preview import PrintPreviewDialog
from mediation_app.ui.workspace.case_actions import ExtendDeadlineDialog
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from mediation_app.ui.workspace.documents_tab import GENERATED_COLUMNS, KIND_COLUMNS
from mediation_app.ui.workspace.referral_tab import LOG_COLUMNS, SLIP_COLUMNS
from mediation_app.ui.workspace.risk_tab import HISTORY_COLUMNS
from tests.factories import make_case


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _text(data: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def drafted_agreement(services, admin, *, complete: bool = True):
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    links = tuple(p.link_id for p in detail.parties)
    services.meetings.record(admin, case_id, MeetingInput(
        place="调解室", party_links_present=links, mediator_ids_present=(admin.mediator_id,),
        record_text="达成一致。", outcome="agreement"))
    services.agreements.save_draft(admin, case_id, AgreementInput(
        facts="运输损坏。" if complete else "", issues="损失承担。", terms=("被申请人退还货款5,000元。",),
        performance_method="现金", performance_place="西宁市",
        obligations=(ObligationInput(links[1], 500_000, dt.date.today() + dt.timedelta(days=20), links[0]),)))
    return case_id, detail.number


class Recorder:
    """Stands in for the user in DocumentOutput's questions."""

    def __init__(self, output, tmp_path, *, confirm: bool = True) -> None:
        self.warnings: list = []
        self.previews: list = []
        self.printed = tmp_path / "printed.pdf"
        self.saved = tmp_path / "saved.pdf"
        output.print_dpi = 50  # keeps the test quick; the page count is what is checked
        output.confirm_warnings = lambda w: (self.warnings.append(tuple(w)), confirm)[1]
        output.choose_save_path = lambda _suggested: self.saved
        original_preview = output.preview

        def choose_printer(title):
            printer = printing.a4_printer(title, QPrinter.PrinterMode.ScreenResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.printed))
            return printer

        def preview(doc, **kw):
            dialog = original_preview(doc, **kw)
            self.previews.append(dialog)
            return dialog

        output.choose_printer = choose_printer
        output.preview = preview


@pytest.fixture
def workspace(qtbot, services, admin, runner, events, drafts):
    def make(case_id):
        ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
        qtbot.addWidget(ws)
        return ws
    return make


def test_agreement_printed_to_a_pdf_file_has_every_page(workspace, services, admin, tmp_path):
    case_id, number = drafted_agreement(services, admin)
    tab = workspace(case_id).show_tab("documents")
    user = Recorder(tab.output, tmp_path)
    assert tab.select_kind("agreement")
    assert not tab.draft.isChecked()
    tab.print_document()
    assert user.printed.exists()
    detail = services.cases.detail(admin, case_id)
    recorded = [d for d in detail.documents if d.kind == "agreement"]
    assert len(recorded) == 1 and recorded[0].final
    assert _pages(user.printed.read_bytes()) == recorded[0].pages >= 3  # three originals at least
    assert tab.generated.rowCount() == 1  # the tab lists the generated document
    assert tab.generated.data(tab.generated.index(0, 4)) == recorded[0].sha256[:12]


def test_preview_shows_one_image_per_page_and_saves_through_the_service(workspace, services, admin, tmp_path):
    case_id, number = drafted_agreement(services, admin)
    tab = workspace(case_id).show_tab("documents")
    user = Recorder(tab.output, tmp_path)
    tab.select_kind("agreement")
    tab.preview()
    dialog = user.previews[-1]
    assert isinstance(dialog, PrintPreviewDialog)
    pages = dialog.doc.pages
    assert pages == len(dialog.page_labels) >= 3  # a placeholder for every page, drawn when in view
    dialog.show()
    dialog.render_visible()
    assert dialog.images and not dialog.page_labels[0].pixmap().isNull()
    dialog.scroll.verticalScrollBar().setValue(dialog.scroll.verticalScrollBar().maximum())
    dialog.render_visible()
    assert not dialog.page_labels[-1].pixmap().isNull()
    assert str(pages) in dialog.heading.text()
    dialog._save_pdf()
    assert number in _text(user.saved.read_bytes())
    dialog.close()


def test_save_as_pdf_from_the_tab_and_the_case_file(workspace, services, admin, tmp_path):
    case_id, number = drafted_agreement(services, admin)
    tab = workspace(case_id).show_tab("documents")
    user = Recorder(tab.output, tmp_path)
    tab.select_kind("register")
    tab.save_pdf()
    assert "人民调解受理登记表" in _text(user.saved.read_bytes()) and number in _text(user.saved.read_bytes())
    assert tab.saved.isVisibleTo(tab)
    tab.select_kind("casefile")
    tab.save_pdf()
    text = _text(user.saved.read_bytes())
    assert "卷宗" in text and number in text
    kinds = [d.kind for d in services.cases.detail(admin, case_id).documents]
    assert kinds == ["register", "casefile"]


def test_incomplete_agreement_names_what_is_missing_and_offers_the_draft(workspace, services, admin, tmp_path):
    case_id, _number = drafted_agreement(services, admin, complete=False)
    tab = workspace(case_id).show_tab("documents")
    user = Recorder(tab.output, tmp_path)
    tab.select_kind("agreement")
    assert tab.agreement_note.isVisibleTo(tab) and "草稿" in tab.agreement_note.text()
    assert tab.draft.isChecked()  # offered already
    tab.draft.setChecked(False)
    asked = []
    tab.ask_draft = lambda exc: (asked.append(str(exc)), True)[1]
    tab.preview()
    assert asked and "missing" not in asked[0]  # translated, names the missing element
    doc = user.previews[-1].doc
    assert "草稿" in _text(doc.pdf)
    assert [d.final for d in services.cases.detail(admin, case_id).documents] == [False]


def test_warnings_must_be_confirmed_before_printing(qapp, services, admin, runner, tmp_path):
    from PySide6.QtWidgets import QWidget

    from mediation_app.documents import RenderedDocument

    parent = QWidget()
    output = printing.DocumentOutput(parent, runner)
    user = Recorder(output, tmp_path, confirm=False)
    pdf = io.BytesIO()
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(pdf)
    c.drawString(100, 700, "x")
    c.showPage()
    c.save()
    doc = RenderedDocument("agreement", "1", "t", pdf.getvalue(), 1, ("The font has no glyph for 𠀀",))
    assert output.print(doc) is False
    assert user.warnings == [doc.warnings] and not user.printed.exists()


def test_print_the_days_agreements_in_one_run(qtbot, services, admin, runner, events, tmp_path):
    first = drafted_agreement(services, admin)[1]
    second = drafted_agreement(services, admin)[1]
    dialog = DayAgreementsDialog(services, admin, runner, events)
    qtbot.addWidget(dialog)
    user = Recorder(dialog.output, tmp_path)
    assert set(dialog.numbers()) == {first, second}
    assert "2" in dialog.summary.text()
    dialog._batch(dialog._preview)
    preview = user.previews[-1]
    doc = preview.doc
    assert len(preview.page_labels) == doc.pages  # every page of the run, drawn when scrolled to
    preview.render_visible()
    assert preview.images
    preview.reject()
    dialog._batch(dialog.output.print)
    assert _pages(user.printed.read_bytes()) == doc.pages
    dialog.save_pdf()
    text = _text(user.saved.read_bytes())
    assert first in text and second in text
    # An incomplete one stops the run with its number, shown in the dialog.
    bad = drafted_agreement(services, admin, complete=False)[1]
    dialog.find()
    dialog._batch(dialog._preview)
    assert bad in dialog.message.text()


def test_verify_dialog_says_match_or_mismatch(qtbot, services, admin, runner):
    case_id, number = drafted_agreement(services, admin)
    code = services.documents.case_documents(admin, number, with_files=False).agreement.verification_code
    dialog = VerifyAgreementDialog(services, admin, runner)
    qtbot.addWidget(dialog)
    dialog.case_number.setText(number)
    dialog.code.setPlainText(fingerprint.format_code(code))
    dialog.verify()  # printed for signing, not yet executed: a draft never verifies
    assert not dialog.matches and "尚未生效" in dialog.result.text()
    dialog.code.setPlainText(fingerprint.format_code(fingerprint.draft_code(code)))  # a 草稿 print's code
    dialog.verify()
    assert not dialog.matches and "草稿" in dialog.result.text()
    for p in services.cases.detail(admin, case_id).parties:
        services.agreements.record_execution(admin, case_id, p.link_id, ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    services.agreements.record_mediator_signature_and_seal(admin, case_id)
    dialog.code.setPlainText(fingerprint.format_code(code))
    dialog.verify()
    assert dialog.matches and "#1b7f3a" in dialog.result.styleSheet()
    dialog.code.setPlainText("ABCD-EFGH-JKMN")
    dialog.verify()
    assert not dialog.matches and "#b42318" in dialog.result.styleSheet()
    assert dialog.result.isVisibleTo(dialog) and dialog.result.text()
    assert fingerprint.format_code(code) not in dialog.result.text()  # a mismatch never discloses the code
    # QR text alone names its case.
    agreement_number = services.cases.detail(admin, case_id).current_agreement.number
    dialog.case_number.clear()
    dialog.code.setPlainText(fingerprint.qr_text(number, agreement_number or "", code))
    dialog.verify()
    assert dialog.matches


def test_issue_a_referral_slip_and_record_the_feedback(workspace, services, admin):
    case_id = make_case(services, admin)
    tab = workspace(case_id).show_tab("referrals")
    tab.issue()  # nothing typed: the service's messages appear under the fields
    assert tab.msgs["to_department"].isVisibleTo(tab) and tab.msgs["reason"].isVisibleTo(tab)
    tab.department.setText("市场监督管理所")
    tab.reason.setPlainText("涉及计量器具检定。")
    tab.issue()
    assert tab.slips.rowCount() == 1
    slip = tab.current_slip()
    assert "交办字" in slip.number and slip.status == ReferralStatus.ASSIGNED
    assert not tab.msgs["reason"].isVisibleTo(tab)
    tab.status.set_key(ReferralStatus.FEEDBACK)
    tab.update_status()  # feedback needs the department's reply
    assert tab.track_message.isVisibleTo(tab)
    tab.note.setPlainText("已到现场检定电子秤，误差在允许范围内。")
    tab.update_status()
    slip = tab.current_slip()
    assert slip.status == ReferralStatus.FEEDBACK and "电子秤" in slip.feedback
    assert tab.log.rowCount() == 2
    tab.note.setPlainText("电话督办，答复三日内办结。")
    tab.remind()
    assert tab.log.rowCount() == 3 and "督办" in tab.log.data(tab.log.index(2, 1))


def test_red_risk_needs_containment(workspace, services, admin):
    case_id = make_case(services, admin)
    ws = workspace(case_id)
    tab = ws.show_tab("risk")
    rows = tab.history.rowCount()
    tab.level.set_key(RiskLevel.RED)
    assert tab.form.labelForField(tab.containment).text().endswith("*")
    tab.flags[RiskFlag.THREATS].setChecked(True)
    tab.reason.setPlainText("一方扬言报复。")
    tab.escalated_to.setText("街道综治中心")
    tab.set_level()
    assert tab.msgs["containment"].isVisibleTo(tab) and "稳控" in tab.msgs["containment"].text()
    assert tab.reason.toPlainText() == "一方扬言报复。"  # what was typed is kept
    assert tab.history.rowCount() == rows
    tab.containment.setPlainText("网格员每日走访，派出所民警联系当事人。")
    tab.set_level()
    assert tab.history.rowCount() == rows + 1
    assert tab.history.data(tab.history.index(0, 1)) == RiskLevel.RED.label()
    assert ws.detail.risk_level == "red" and "#c62828" in tab.current.text()
    # A police-report flag makes the report fields required.
    tab.flags[RiskFlag.ARMED].setChecked(True)
    assert tab.reported.isChecked() and tab.reported_to.isVisibleTo(tab)
    assert {"reported_to", "reported_on"} <= tab.required()


def test_extension_refused_until_every_party_agrees(qtbot, workspace, services, admin):
    case_id = make_case(services, admin)
    ws = workspace(case_id)
    dialog = ExtendDeadlineDialog(ws.ctx, ws.detail)
    qtbot.addWidget(dialog)
    names = [p.name for p in ws.detail.parties]
    assert not dialog.ok.isEnabled()
    assert dialog.reasons.isVisibleTo(dialog) and any(n in dialog.reasons.text() for n in names)
    for p in ws.detail.parties:
        services.parties.record_consent(admin, case_id, p.link_id, ConsentKind.EXTENSION_CONSENT)
    ws.refresh()
    dialog = ExtendDeadlineDialog(ws.ctx, ws.detail)
    qtbot.addWidget(dialog)
    assert dialog.ok.isEnabled()
    dialog.submit()  # no reason: the service's message is shown, the dialog stays
    assert dialog.message.isVisibleTo(dialog)
    dialog.reason.setPlainText("需要等待损失鉴定结果。")
    dialog.submit()
    assert ws.detail.extended_until == dialog.until.date().toPython()


def test_models(qtmodeltester, workspace, services, admin):
    from mediation_app.ui.models.records import RecordTableModel

    case_id, _number = drafted_agreement(services, admin)
    services.referrals.issue(admin, case_id, "司法所", "需要法律援助。")
    services.risk.set_level(admin, case_id, RiskLevel.YELLOW, (RiskFlag.THREATS,), "有争吵。")
    ws = workspace(case_id)
    docs = ws.tab("documents")
    docs.select_kind("register")
    services.documents.render(admin, ws.detail.number, "register")
    ws.refresh()
    for model in (docs.kinds, docs.generated, ws.tab("referrals").slips, ws.tab("referrals").log,
                  ws.tab("risk").history):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    for columns in (KIND_COLUMNS, GENERATED_COLUMNS, SLIP_COLUMNS, LOG_COLUMNS, HISTORY_COLUMNS):
        qtmodeltester.check(RecordTableModel(columns))


def test_archive_dialog_lists_what_is_missing_and_saves_file_details(qtbot, workspace, services, admin):
    from mediation_app.ui.workspace.case_actions import ArchiveDialog, VoidCaseDialog

    case_id = make_case(services, admin)
    ws = workspace(case_id)
    dialog = ArchiveDialog(ws.ctx, ws.detail)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and dialog.reasons.isVisibleTo(dialog)  # not closed yet
    before = dialog.check.rowCount()
    assert before > 0 and dialog.check_view.isVisibleTo(dialog)
    dialog.save_details()  # no retention period chosen: the service says so, in the dialog
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.retention.count() > 1
    dialog.retention.setCurrentIndex(1)
    dialog.compiler.setText("李文")
    dialog.save_details()
    assert not dialog.message.isVisibleTo(dialog) and dialog.saved.isVisibleTo(dialog)
    assert ws.detail.file_compiler == "李文" and dialog.check.rowCount() < before

    void = VoidCaseDialog(ws.ctx, ws.detail)
    qtbot.addWidget(void)
    void.submit()
    assert void.message.isVisibleTo(void)  # a reason is needed
    void.reason.setPlainText("重复登记。")
    void.submit()
    assert ws.detail.status == "voided"


def test_tabs_follow_a_language_switch(workspace, services, admin):
    from PySide6.QtWidgets import QApplication

    from mediation_app.ui.language import LanguageSwitcher

    case_id = make_case(services, admin)
    ws = workspace(case_id)
    ws.show()
    risk = ws.tab("risk")
    risk.reason.setPlainText("已输入的内容")
    switcher = LanguageSwitcher(QApplication.instance())
    switcher.apply("en")
    try:
        assert risk.box.title() == "Grade the risk"
        assert ws.tab("documents").preview_button.text() == "Pre&view"
        assert ws.tab("referrals").issue_button.text() == "&Issue slip"
        assert risk.reason.toPlainText() == "已输入的内容"
    finally:
        switcher.apply("zh_CN")


def test_documents_tab_lists_only_what_applies(workspace, services, admin):
    case_id, _number = drafted_agreement(services, admin)  # a grid worker reported it; a written agreement
    tab = workspace(case_id).show_tab("documents")
    listed = {tab.kinds.row_at(r).kind.kind for r in range(tab.kinds.rowCount())}
    assert {"register", "notice", "session", "agreement", "casefile"} <= listed
    assert not listed & {"application", "oral-agreement", "refusal", "termination", "follow-up"}
    assert tab.not_offered.isVisibleTo(tab) and "人民调解申请书" in tab.not_offered.text()
