"""Every document of every case state, built through the services, read back as text.

Cases in every state (refused, terminated, oral on a session or on the spot, written and drafted,
effective, confirmed by the court, archived; natural persons and a company) are built the way users
build them. Every document that applies to each case is rendered, and the case file; the text is
extracted and must hold no code or English word (only the user's own typed text and the codes
meant to be printed), every mandatory element of its form, and the dispute named as the forms do.
Documents that do not apply are refused with the reason; drafts never verify.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediation_app import documents
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import EvidenceKind, PerformanceStatus
from mediation_app.services import Services
from mediation_app.services.context import Actor
from tests.documents.case_states import COURT, RECORDER, Built, CaseBuilder, typed_values
from tests.documents.conftest import pdf_pages_text, squash
from tests.services.conftest import initialise, open_services

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CODE_LINE = re.compile(r"核对码：([0-9A-Z-]+)")

# Mandatory elements of each form (domain.md §2.2, §2.5; facts 9, 13, 21, 23, 24).
MANDATORY = {
    "application": ["申请人", "纠纷简要情况陈述", "当事人申请事项", "现自愿申请", "签名盖章或按指印"],
    "register": ["纠纷类型", "案件来源", "纠纷简要情况", "登记人", "此表由人民调解委员会填写"],
    "notice": ["第二十三条", "不收取任何费用", "可以采取多种方式调解", "告知日期"],
    "investigation": ["时间", "地点", "调查人", "被调查人", "记录人", "问：", "答："],
    "session": ["时间", "地点", "事由", "当事人", "参加人", "人民调解员", "记录人", "陈述：", "风险提示：",
                "调解结果："],
    "agreement": ["编号：", "纠纷主要事实", "经调解，自愿达成如下协议", "履行", "本协议一式", "人民调解员",
                  "记录人", "核对码："],
    "oral-agreement": ["编号：", "纠纷主要事实", "协议内容", "履行方式、时限", "人民调解员", "记录人", "登记日期"],
    "follow-up": ["调解协议编号", "回访事由", "回访时间", "协议履行情况", "满意程度", "回访人"],
    "confirmation": ["请求事项", "事实和理由", "此致", COURT, "人民调解委员会主持调解的证明"],
    "refusal": ["不予受理", "经审查", "可以通过以下途径"],
    "termination": ["终止调解", "依法告知", "具体途径如下"],
    "cover": ["人民调解卷宗", "卷名", "卷号", "保管期限"],
    "contents": ["卷内目录", "序号", "文书名称", "页号"],
    "back-cover": ["本卷共", "附证物", "立卷人", "检查人"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Actor, list[Built], CaseBuilder]]:
    tmp: Path = tmp_path_factory.mktemp("every-document")
    svc = open_services("sqlite", tmp)
    admin = initialise(svc)
    builder = CaseBuilder(svc, admin, tmp / "scans")
    yield svc, admin, builder.all(), builder
    svc.close()


def _allowed_tokens(text: str) -> set[str]:
    """ASCII words a Chinese document may carry: the user's own typed text and printed codes."""
    allowed = {tok for value in typed_values() for tok in IDENTIFIER.findall(value)}
    for code in CODE_LINE.findall(text):
        allowed.update(IDENTIFIER.findall(code))
    return allowed


def _rendered(svc: Services, admin: Actor, case: Built) -> Iterator[tuple[str, bytes]]:
    for offer in svc.documents.offers(admin, case.number):
        if not offer.applies:
            continue
        items = range(1, offer.items + 1) if offer.items else [None]
        for item in items:
            yield offer.kind, svc.documents.render(admin, case.number, offer.kind, item=item).pdf


def test_every_document_of_every_state_reads_as_the_forms(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, cases, _b = built
    problems: list[str] = []
    seen_kinds: set[str] = set()
    for case in cases:
        detail = svc.cases.detail(admin, case.case_id)
        data = svc.documents.case_documents(admin, case.number, with_files=False)
        title = data.case.title
        assert "—" not in title and title.endswith("纠纷"), (case.state, title)
        for kind, pdf in _rendered(svc, admin, case):
            seen_kinds.add(kind)
            pages = pdf_pages_text(pdf)
            text = "\n".join(pages)
            flat = squash(text)
            where = f"{case.state}/{kind}"
            stray = set(IDENTIFIER.findall(text)) - _allowed_tokens(text)
            if stray:
                problems.append(f"{where}: ASCII words {sorted(stray)}")
            for element in MANDATORY.get(kind, ()):
                if squash(element) not in flat:
                    problems.append(f"{where}: lacks {element}")
            if kind in ("cover", "follow-up", "termination", "refusal", "confirmation") and squash(title) not in flat:
                problems.append(f"{where}: the dispute is not named {title}")
            if kind == "casefile":
                stray_file = set(IDENTIFIER.findall(text)) - _allowed_tokens(text)
                assert not stray_file, (where, stray_file)
        del detail
    assert not problems, "\n".join(problems)
    assert seen_kinds >= set(MANDATORY) | {"casefile"}, set(MANDATORY) - seen_kinds


def _case(built, state: str) -> Built:  # type: ignore[no-untyped-def]
    return next(c for c in built[2] if c.state == state)


def _text(svc: Services, admin: Actor, number: str, kind: str, item: int | None = None) -> str:
    return squash("".join(pdf_pages_text(svc.documents.render(admin, number, kind, item=item).pdf)))


def test_codes_are_printed_as_words(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built
    refused = _case(built, "refused").number
    text = _text(svc, admin, refused, "refusal")
    assert "经审查，该纠纷已由人民法院、公安机关或者其他行政机关受理或者解决" in text
    assert "向有管辖权的人民法院提起诉讼" in text and "市场监督管理部门投诉" in text
    assert "网格员上报" in text and "申请调解的" not in text  # a reported case: nobody applied
    assert "马福海与李建国运输损坏合同纠纷" in text
    register = _text(svc, admin, refused, "register")
    assert "合同纠纷（运输损坏）" in register and "■网格员上报" in register
    confirmed = _case(built, "confirmed").number
    follow_up = _text(svc, admin, confirmed, "follow-up", 1)
    assert "满意程度：满意" in follow_up and "协议履行情况：已全部履行" in follow_up
    assert "回访事由马福海与西宁高原物流有限公司运输损坏合同纠纷" in follow_up
    archived = _case(built, "archived").number
    cover = _text(svc, admin, archived, "cover")
    assert "保管期限长期" in cover and "卷名马福海与李建国运输损坏合同纠纷" in cover
    terminated = _text(svc, admin, _case(built, "terminated").number, "termination")
    assert "请求有关行政主管部门依法处理" in terminated


def test_forms_show_what_they_must(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built
    confirmed = _case(built, "confirmed").number
    confirmation = _text(svc, admin, confirmed, "confirmation")
    assert "统一社会信用代码：91350100M000100Y43" in confirmation and "（个人与单位）" in confirmation
    assert "申请人因马福海与西宁高原物流有限公司运输损坏合同纠纷" in confirmation
    oral = _case(built, "quick").number
    register = _text(svc, admin, oral, "oral-agreement")
    assert f"编号：{oral}" in register and "记录人马调解" in register  # the register's number and its keeper
    session = _text(svc, admin, _case(built, "oral").number, "session", 1)
    assert "母亲年事已高" in session and "风险提示：告知双方" in session
    assert f"记录人{RECORDER}" in session
    notice = _text(svc, admin, oral, "notice")
    assert "可以采取多种方式调解民间纠纷" in notice and "应当采取多种方式" not in notice
    back = _text(svc, admin, _case(built, "archived").number, "back-cover")
    assert "附证物0件" in back and "检查人韩志刚" in back  # bound scans are pages, not exhibits


def test_only_documents_that_apply_are_offered_and_printed(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built

    def applying(state: str) -> set[str]:
        return {o.kind for o in svc.documents.offers(admin, _case(built, state).number) if o.applies}

    assert "application" not in applying("refused")  # reported by a grid worker: nobody applied
    assert "application" in applying("terminated")  # the parties applied in writing
    assert "oral-agreement" in applying("oral") and "agreement" not in applying("oral")
    assert "agreement" in applying("drafted") and "oral-agreement" not in applying("drafted")
    assert "refusal" in applying("refused") and "notice" not in applying("refused")
    assert "termination" in applying("terminated") and "termination" not in applying("confirmed")
    with pytest.raises(documents.DocumentError, match="did not apply"):
        svc.documents.render(admin, _case(built, "refused").number, "application")
    with pytest.raises(documents.DocumentError, match="oral agreement register"):
        svc.documents.render(admin, _case(built, "oral").number, "agreement")
    with pytest.raises(documents.DocumentError, match="written one"):
        svc.documents.render(admin, _case(built, "drafted").number, "oral-agreement")
    casefile = squash("".join(pdf_pages_text(svc.documents.render(admin, _case(built, "oral").number, "casefile").pdf)))
    assert "人民调解口头协议登记表" in casefile and "人民调解协议书" not in casefile


def test_drafts_never_verify_and_mismatches_disclose_nothing(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built
    drafted = _case(built, "drafted").number
    data = svc.documents.case_documents(admin, drafted, with_files=False)
    code = data.agreement.verification_code
    draft_text = "".join(pdf_pages_text(svc.documents.render(admin, drafted, "agreement", draft=True).pdf))
    printed = CODE_LINE.findall(draft_text.replace(" ", ""))
    assert printed and fingerprint.normalise_code(printed[0]) != code  # the draft carries its own code
    answer = svc.documents.verify_agreement(admin, drafted, printed[0])
    assert not answer.matches and "draft" in answer.message
    unsigned = svc.documents.verify_agreement(admin, drafted, fingerprint.format_code(code))
    assert not unsigned.matches and "not taken effect" in unsigned.message  # printed for signing, unsigned
    wrong = svc.documents.verify_agreement(admin, drafted, "ABCD-EFGH-JKMN")
    assert not wrong.matches and code not in fingerprint.normalise_code(wrong.message)
    assert wrong.expected_code == "" and fingerprint.format_code(code) not in wrong.message
    effective = _case(built, "archived").number
    good = svc.documents.case_documents(admin, effective, with_files=False).agreement.verification_code
    assert svc.documents.verify_agreement(admin, effective, good).matches


def test_completeness_fails_on_missing_proofs_and_signers(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built
    family = _case(built, "interpreter_family")
    codes = {m.code for m in svc.documents.completeness(admin, family.number)}
    assert "receipts" in codes  # the agreement says a receipt is issued; none is filed
    assert "checker" in codes  # nobody checked the file
    case_id = family.case_id
    svc.clock.set(dt.date(2026, 12, 1))
    ob = svc.cases.detail(admin, case_id).current_agreement.obligations[0]
    for part in (10_000, 20_000, 20_000):  # three payments ...
        svc.followups.record_performance(admin, case_id, ob.id, PerformanceStatus.PARTLY, dt.date(2026, 11, 30), part)
    built[3]._file(case_id, "收条", EvidenceKind.RECEIPT)  # ... and one receipt
    missing = [m for m in svc.documents.completeness(admin, family.number) if m.code == "receipts"]
    assert missing and "1 of 3" in missing[0].message
    assert any("1 receipts for 3 payments" in m for m in svc.outcomes.archive_check(admin, case_id))


def test_title_is_generated_and_editable(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built
    drafted = _case(built, "drafted")
    assert svc.cases.detail(admin, drafted.case_id).title == "马福海与李建国、西宁高原物流有限公司运输损坏合同纠纷"
    svc.intake.set_title(admin, drafted.case_id, "苹果运输损坏赔偿纠纷")
    assert svc.documents.case_documents(admin, drafted.number, with_files=False).case.title == "苹果运输损坏赔偿纠纷"
    assert "苹果运输损坏赔偿纠纷" in _text(svc, admin, drafted.number, "cover")
    svc.outcomes.set_file_details(admin, drafted.case_id, "short", "马调解", title="")  # blank: named again
    assert svc.cases.detail(admin, drafted.case_id).title == "马福海与李建国、西宁高原物流有限公司运输损坏合同纠纷"


def test_on_the_spot_case_needs_no_session_record_or_follow_up(built) -> None:  # type: ignore[no-untyped-def]
    svc, admin, _cases, _b = built
    codes = {m.code for m in svc.documents.completeness(admin, _case(built, "quick").number)}
    assert not codes & {"session_record", "follow_up"}  # the oral register records the on-the-spot mediation
    assert "session_record" not in {m.code for m in svc.documents.completeness(admin, _case(built, "oral").number)}
