"""Two realistic, entirely fictional cases for previews, tests and benchmarks.

- market: an outside buyer (Tibetan, reads Tibetan) and a stallholder, fruit damaged in transit by
  a haulage company; written agreement paid in two instalments; Tibetan parallel text.
- family: an elderly mother and her two sons over support (赡养); investigation, two sessions,
  written agreement, follow-up.
"""

from __future__ import annotations

import datetime as dt
import io

from mediation_app.documents.data import (
    QA,
    Agent,
    Agreement,
    Attachment,
    Case,
    CaseDocuments,
    Committee,
    ConfirmationApplication,
    ConsentRecord,
    Cover,
    Execution,
    ExplanatoryNote,
    FollowUp,
    Investigation,
    Meeting,
    Obligation,
    Participant,
    Party,
    TibetanText,
)
from mediation_app.domain.enums import (
    CaseSource,
    ConsentKind,
    EvidenceKind,
    ExecutionMethod,
    FollowUpMode,
    MeetingMode,
    MeetingOutcome,
    ParticipantRole,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    Sex,
)

D = dt.date
T = dt.datetime


def sample_image(label: str = "SAMPLE", size: tuple[int, int] = (1200, 760)) -> bytes:
    """A plain PNG standing in for a scanned ID card or receipt."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (236, 240, 244))
    draw = ImageDraw.Draw(img)
    draw.rectangle([30, 30, size[0] - 30, size[1] - 30], outline=(60, 90, 140), width=6)
    draw.rectangle([70, 90, 360, 470], fill=(200, 208, 220))
    for i in range(5):
        draw.rectangle([420, 120 + i * 80, size[0] - 90, 150 + i * 80], fill=(170, 180, 196))
    draw.text((70, size[1] - 120), label, fill=(40, 40, 40))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def sample_pdf(pages: int = 2) -> bytes:
    """A small PDF standing in for a scanned bank transfer slip."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    from mediation_app.documents import fonts

    fonts.register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A5, invariant=True, initialFontName=fonts.SERIF)
    for i in range(pages):
        c.setFont(fonts.SERIF, 16)
        c.drawString(40, 520, f"银行转账回单（样例）第{i + 1}页")
        c.setFont(fonts.SERIF, 11)
        c.drawString(40, 490, "付款人：城北顺达货运有限公司　收款人：才让多杰")
        c.drawString(40, 470, "金额：¥12,000.00　用途：赔偿款第一期")
        c.rect(30, 420, 360, 130)
        c.showPage()
    c.save()
    return buf.getvalue()


def market_case() -> CaseDocuments:
    committee = Committee(
        "城北农产品批发市场人民调解委员会",
        "客商",
        "industry_market",
        "城北农产品批发市场综合楼二层",
        "0971-0000000",
    )
    buyer = Party(
        "p-buyer",
        "才让多杰",
        PartyRole.APPLICANT,
        PartyKind.NATURAL,
        Sex.MALE,
        "藏族",
        42,
        "水果批发商（外地客商）",
        "13900000001",
        "青海省玉树藏族自治州玉树市结古街道团结路8号",
        "公民身份号码",
        "632701198403150000",
        preferred_language="bo",
        interpreter="卓玛",
    )
    stall = Party(
        "p-stall",
        "马建国",
        PartyRole.RESPONDENT,
        PartyKind.NATURAL,
        Sex.MALE,
        "回族",
        51,
        "个体工商户（市场A区12号摊位）",
        "13800000002",
        "城北农产品批发市场A区12号",
        "公民身份号码",
        "630102197502080000",
    )
    hauler = Party(
        "p-hauler",
        "城北顺达货运有限公司",
        PartyRole.RESPONDENT,
        PartyKind.LEGAL,
        address="城北区物流园区3号",
        contact="0971-0000001",
        legal_representative="王海",
        representative_title="总经理",
        agent=Agent("刘明", "公司员工", "13700000003", "特别授权"),
    )
    interpreter = Participant("卓玛", ParticipantRole.INTERPRETER, "市场管理处", "藏语—汉语")
    manager = Participant("赵平", ParticipantRole.INVITED, "市场管理处质检员")
    case = Case(
        number="客商人调字〔2026〕第015号",
        title="才让多杰与马建国、城北顺达货运有限公司水果运输损坏赔偿纠纷",
        dispute_type="production_business",
        dispute_type_label="生产经营纠纷",
        source=CaseSource.APPLICATION,
        source_label="当事人申请",
        registered_on=D(2026, 11, 16),
        accepted_on=D(2026, 11, 16),
        facts=(
            "2026年11月12日，申请人才让多杰在马建国摊位购买红富士苹果3吨，货款已结清，约定由马建国联系的城北顺达货运有限公司"
            "冷藏运输至玉树市。货物于11月14日到达时，约三分之二苹果冻伤腐烂。申请人认为损失由卖方和承运方造成，"
            "双方多次协商未果，申请人情绪激动，要求市场调解。"
        ),
        requests=("请求被申请人赔偿水果损失人民币贰万元；", "请求承运方出具书面说明。"),
        place="城北农产品批发市场",
        amount_fen=2_000_000,
        presiding_mediator="韩志刚",
        co_mediators=("李文华",),
        recorder="张敏",
        registrar="张敏",
        status="agreement_effective",
        retention_period="长期",
        compiler="张敏",
    )
    consents = tuple(
        ConsentRecord(k, kind, D(2026, 11, 16))
        for k in ("p-buyer", "p-stall", "p-hauler")
        for kind in (ConsentKind.NOTICE_GIVEN, ConsentKind.CONSENT)
    )
    inv = Investigation(
        T(2026, 11, 17, 9, 30),
        "城北顺达货运有限公司调度室",
        ("韩志刚", "李文华"),
        "刘明（城北顺达货运有限公司调度员）",
        "张敏",
        qa=(
            QA(
                "11月12日这批苹果是否由你公司承运？车辆冷藏设备情况如何？",
                "是我们承运的，车牌青A·00000。途中冷机故障约六个小时，司机没有及时报告。",
            ),
            QA("装车时货物状况如何，有无交接记录？", "装车时货物完好，有交接单，双方签了字。"),
            QA("对赔偿有何意见？", "公司承认冷机故障有责任，愿意协商赔偿，但希望分期支付。"),
        ),
        signed=True,
    )
    m1 = Meeting(
        T(2026, 11, 18, 14, 0),
        "市场调解室",
        "水果运输损坏赔偿纠纷第一次调解",
        ("p-buyer", "p-stall", "p-hauler"),
        ("韩志刚", "李文华"),
        "张敏",
        MeetingMode.ON_SITE,
        T(2026, 11, 18, 16, 30),
        (interpreter, manager),
        statements=(
            ("p-buyer", "货到时苹果大部分冻坏，损失约两万元，要求卖方和承运方赔偿。"),
            ("p-stall", "苹果装车时完好，有交接单为证，运输不归我负责，但愿意协助解决。"),
            ("p-hauler", "冷机故障属实，愿承担主要责任，请求分期支付。"),
        ),
        evidence_checked="核对了购货单据、装车交接单、到货照片及市场质检员现场查验记录，损失数量约2吨。",
        risk_warning="告知各方调解不成可依法诉讼，诉讼需承担举证责任及时间成本；协议达成后应按约履行。",
        outcome=MeetingOutcome.AGREEMENT,
        agreement_summary="承运方分两期赔偿人民币贰万元，详见人民调解协议书。",
        signed=True,
    )
    agreement = Agreement(
        number="客商人调协字〔2026〕第015号",
        party_keys=("p-buyer", "p-stall", "p-hauler"),
        facts=case.facts,
        issues="水果冻伤腐烂的责任承担及赔偿数额。",
        responsibilities="承运方城北顺达货运有限公司运输途中冷藏设备故障未及时处置，对货物损失负主要责任；"
        "卖方马建国交货时货物完好，不承担赔偿责任，自愿协助处理残余货物。",
        terms=(
            "丙方城北顺达货运有限公司赔偿甲方才让多杰货物损失共计人民币贰万元整（¥20,000.00），分两期支付。",
            "乙方马建国协助甲方在本市场处理未损坏的苹果约1吨，不收取任何费用。",
            "甲方收到全部赔偿款后，不再就本纠纷向乙方、丙方主张其他权利。",
            "各方对本协议内容保密，不在市场内散布不利于对方经营的言论。",
        ),
        obligations=(
            Obligation(
                "p-hauler",
                "p-buyer",
                D(2026, 11, 25),
                1_200_000,
                method="银行转账至甲方账户（尾号6688）",
                place="城北区",
            ),
            Obligation(
                "p-hauler",
                "p-buyer",
                D(2026, 12, 20),
                800_000,
                method="银行转账至甲方账户（尾号6688）",
                place="城北区",
            ),
        ),
        performance_method="银行转账",
        performance_place="城北农产品批发市场人民调解委员会",
        performance_deadline=D(2026, 12, 20),
        executions=(
            Execution("p-buyer", ExecutionMethod.SIGNATURE_AND_FINGERPRINT, D(2026, 11, 18)),
            Execution("p-stall", ExecutionMethod.SIGNATURE_AND_FINGERPRINT, D(2026, 11, 18)),
            Execution("p-hauler", ExecutionMethod.SIGNATURE_AND_SEAL, D(2026, 11, 18)),
        ),
        mediator="韩志刚",
        recorder="张敏",
        interpreters=(interpreter,),
        mediator_signed=True,
        seal_affixed=True,
        reached_on=D(2026, 11, 18),
        effective_on=D(2026, 11, 18),
        tibetan=TibetanText(
            "མི་དམངས་བར་འདུམ་གྲོས་མཐུན་ཡིག་ཆ།",
            (
                (
                    "ཕྱོགས་གསུམ་གྱིས་རང་མོས་དང་འདྲ་མཉམ་གྱི་གཞི་ཐོག་ནས་གྲོས་མོལ་བྱས་ཏེ་གྲོས་མཐུན་འདི་བཟོས་པ་ཡིན། "
                    "གྲོས་མཐུན་འདིའི་རྒྱ་ཡིག་ནི་གཞི་རྩར་འཛིན་དགོས། བོད་ཡིག་ནི་དཔྱད་གཞི་ཙམ་ཡིན།"
                ),
                (
                    "༡ ཕྱོགས་གསུམ་པས་ཕྱོགས་དང་པོར་གུན་གསབ་སྒོར་ཁྲི་གཉིས་ཐེངས་གཉིས་ལ་སྤྲོད་རྒྱུ། "
                    "ཐེངས་དང་པོར་སྒོར་ཁྲི་གཅིག་དང་སྟོང་གཉིས། ཐེངས་གཉིས་པར་སྒོར་སྟོང་བརྒྱད་སྤྲོད་རྒྱུ།"
                ),
                "༢ ཕྱོགས་གཉིས་པས་ཚོང་ར་འདིར་ཕྱོགས་དང་པོའི་ཉོ་ཚོང་ལ་རོགས་རམ་བྱེད་རྒྱུ།",
                "༣ བསྒྲུབས་པའི་རྗེས་སུ་ཕྱོགས་སོ་སོས་རྩོད་གཞི་འདིར་བརྟེན་ནས་ཞུ་བ་གཞན་མི་འབུལ།",
                "༤ ཕྱོགས་སོ་སོས་གྲོས་མཐུན་འདིའི་ནང་དོན་གསང་བ་སྲུང་རྒྱུ།",
            ),
            translator="卓玛",
        ),
    )
    follow = FollowUp(
        T(2026, 12, 22, 10, 0),
        ("p-buyer", "p-hauler"),
        "韩志刚",
        FollowUpMode.PHONE,
        "水果运输损坏赔偿纠纷",
        PerformanceStatus.PERFORMED,
        "双方均表示满意",
        "",
        "",
        "提醒甲方保存转账凭证",
        "两期赔偿款已于11月25日、12月19日分别到账。",
        signed=True,
    )
    attachments = (
        Attachment(
            "才让多杰居民身份证复印件", EvidenceKind.IDENTITY, data=sample_image("ID 1"), source="才让多杰"
        ),
        Attachment(
            "马建国居民身份证复印件", EvidenceKind.IDENTITY, data=sample_image("ID 2"), source="马建国"
        ),
        Attachment(
            "城北顺达货运有限公司营业执照及法定代表人身份证明",
            EvidenceKind.IDENTITY,
            data=sample_image("LICENCE"),
            source="城北顺达货运有限公司",
        ),
        Attachment(
            "授权委托书（刘明）",
            EvidenceKind.POWER_OF_ATTORNEY,
            data=sample_image("POA"),
            source="城北顺达货运有限公司",
        ),
        Attachment(
            "装车交接单", EvidenceKind.EVIDENCE, data=sample_image("WAYBILL", (900, 1250)), source="马建国"
        ),
        Attachment(
            "第一期赔偿款银行转账回单",
            EvidenceKind.RECEIPT,
            mime="application/pdf",
            data=sample_pdf(2),
            source="才让多杰",
        ),
    )
    return CaseDocuments(
        committee,
        case,
        (buyer, stall, hauler),
        (interpreter, manager),
        consents,
        (inv,),
        (m1,),
        agreement,
        (follow,),
        ConfirmationApplication("城北区人民法院", requests=(), applied_on=D(2026, 11, 20)),
        attachments=attachments,
        cover=Cover(
            case.number,
            case.title,
            "韩志刚",
            D(2026, 11, 16),
            D(2026, 12, 22),
            "张敏",
            D(2026, 12, 28),
            "长期",
            checker="韩志刚",
            checked_on=D(2026, 12, 29),
        ),
        note=ExplanatoryNote(
            "本案第二期赔偿款转账回单由申请人保存，经核实已到账，卷内未附原件。", "张敏", D(2026, 12, 28)
        ),
    )


def family_case() -> CaseDocuments:
    committee = Committee("城关镇人民调解委员会", "城关", "township", "城关镇人民政府院内", "0971-0000002")
    mother = Party(
        "f-mother",
        "李秀英",
        PartyRole.APPLICANT,
        PartyKind.NATURAL,
        Sex.FEMALE,
        "汉族",
        76,
        "农民",
        "13600000004",
        "城关镇东村三社15号",
    )
    son1 = Party(
        "f-son1",
        "张建华",
        PartyRole.RESPONDENT,
        PartyKind.NATURAL,
        Sex.MALE,
        "汉族",
        52,
        "个体运输户",
        "13500000005",
        "城关镇东村三社16号",
    )
    son2 = Party(
        "f-son2",
        "张建军",
        PartyRole.RESPONDENT,
        PartyKind.NATURAL,
        Sex.MALE,
        "汉族",
        48,
        "务工",
        "13400000006",
        "城关镇西街22号",
    )
    elder = Participant("周德明", ParticipantRole.INVITED, "东村村民委员会主任")
    case = Case(
        number="城关人调字〔2026〕第042号",
        title="李秀英与张建华、张建军赡养纠纷",
        dispute_type="marriage_family",
        dispute_type_label="婚姻家庭纠纷",
        source=CaseSource.APPLICATION,
        source_label="当事人申请",
        registered_on=D(2026, 10, 8),
        accepted_on=D(2026, 10, 8),
        facts="申请人李秀英丈夫去世后独居，年老多病。两个儿子因分家时房屋分配问题互相推诿，自2026年5月起未支付赡养费，"
        "申请人生活困难，请求调解。",
        requests=("请求两被申请人每月支付赡养费；", "请求两被申请人轮流照料申请人生活、分担医疗费用。"),
        place="城关镇东村",
        presiding_mediator="孙丽",
        recorder="马晓燕",
        registrar="马晓燕",
        status="closed",
        retention_period="永久",
        compiler="马晓燕",
    )
    consents = tuple(
        ConsentRecord(k, ConsentKind.NOTICE_GIVEN, D(2026, 10, 8)) for k in ("f-mother", "f-son1", "f-son2")
    )
    inv = Investigation(
        T(2026, 10, 10, 10, 0),
        "东村村民委员会",
        ("孙丽",),
        "周德明",
        "马晓燕",
        qa=(
            QA("你是否了解李秀英家的情况？", "了解。老人住在老房子里，两个儿子分家后为房子的事一直有矛盾。"),
            QA("两个儿子的经济条件如何？", "老大跑运输，收入还可以；老二在外打工，收入不稳定。"),
        ),
        signed=True,
    )
    m1 = Meeting(
        T(2026, 10, 12, 9, 0),
        "城关镇人民调解室",
        "赡养纠纷第一次调解",
        ("f-mother", "f-son1", "f-son2"),
        ("孙丽",),
        "马晓燕",
        participants=(elder,),
        statements=(
            ("f-mother", "两个儿子都不管我，药钱都没有。"),
            ("f-son1", "分家时老二多分了房子，应当多出。"),
            ("f-son2", "我收入少，没法多出。"),
        ),
        record="人民调解员讲解了《民法典》关于子女赡养义务的规定，指出赡养义务不因分家析产而免除。",
        outcome=MeetingOutcome.CONTINUE,
        signed=True,
    )
    m2 = Meeting(
        T(2026, 10, 19, 9, 0),
        "城关镇人民调解室",
        "赡养纠纷第二次调解",
        ("f-mother", "f-son1", "f-son2"),
        ("孙丽",),
        "马晓燕",
        participants=(elder,),
        risk_warning="告知不履行协议的，申请人可以向人民法院起诉。",
        outcome=MeetingOutcome.AGREEMENT,
        agreement_summary="两被申请人每月各支付赡养费，轮流照料，医疗费平均分担。",
        signed=True,
    )
    agreement = Agreement(
        number="城关人调协字〔2026〕第042号",
        facts=case.facts,
        issues="赡养费数额、照料方式及医疗费用分担。",
        responsibilities="两被申请人作为子女，均负有赡养义务，不因分家析产而免除。",
        terms=(
            "自2026年11月起，乙方张建华、丙方张建军每月各支付甲方李秀英赡养费人民币伍佰元整（¥500.00），于每月5日前支付。",
            "甲方的医疗费用（扣除医保报销部分）由乙方、丙方各承担一半。",
            "乙方、丙方按单双月轮流照料甲方日常生活。",
            "乙方、丙方于2026年10月31日前各一次性补付2026年5月至10月的赡养费人民币叁仟元整（¥3,000.00）。",
        ),
        obligations=(
            Obligation("f-son1", "f-mother", D(2026, 10, 31), 300_000, method="现金当面支付，甲方出具收条"),
            Obligation(
                "f-son1", "f-mother", D(2026, 11, 5), 50_000, method="现金或转账", period="monthly"
            ),
            Obligation("f-son2", "f-mother", D(2026, 10, 31), 300_000, method="现金当面支付，甲方出具收条"),
            Obligation(
                "f-son2", "f-mother", D(2026, 11, 5), 50_000, method="现金或转账", period="monthly"
            ),
        ),
        performance_method="现金或转账支付，每月5日前",
        performance_place="甲方住所",
        performance_deadline=D(2026, 10, 31),
        executions=tuple(
            Execution(k, ExecutionMethod.SIGNATURE_AND_FINGERPRINT, D(2026, 10, 19))
            for k in ("f-mother", "f-son1", "f-son2")
        ),
        mediator="孙丽",
        recorder="马晓燕",
        mediator_signed=True,
        seal_affixed=True,
        reached_on=D(2026, 10, 19),
        effective_on=D(2026, 10, 19),
    )
    follow = FollowUp(
        T(2026, 12, 8, 15, 0),
        ("f-mother",),
        "孙丽",
        FollowUpMode.VISIT,
        "赡养纠纷",
        PerformanceStatus.PERFORMED,
        "满意",
        "",
        "",
        "",
        "补付款已付清，11月、12月赡养费按时支付。",
        signed=True,
    )
    attachments = tuple(
        Attachment(
            f"{p.name}居民身份证复印件", EvidenceKind.IDENTITY, data=sample_image(f"ID {i}"), source=p.name
        )
        for i, p in enumerate((mother, son1, son2), start=1)
    )
    return CaseDocuments(
        committee,
        case,
        (mother, son1, son2),
        (elder,),
        consents,
        (inv,),
        (m1, m2),
        agreement,
        (follow,),
        attachments=attachments,
        cover=Cover(
            case.number, case.title, "孙丽", D(2026, 10, 8), D(2026, 12, 8), "马晓燕", D(2026, 12, 10), "永久"
        ),
    )
