"""The disputes demo cases tell: the market's disputes of domain.md §4.8 and the family,
neighbour, labour, housing and traffic disputes of a town's committee, each with its facts,
requests, issues, terms, evidence and the way it ends when mediation fails.

Placeholders: {a} applicant, {b} respondent, {c} third party, {g} goods, {n} quantity, {amt} the sum
claimed, {pay} the sum agreed, {place} where it happened, {when} when it happened (Chinese date).
"""

from __future__ import annotations

from dataclasses import dataclass

GOODS = ("苹果", "香蕉", "土豆", "洋葱", "西红柿", "枸杞", "蒜薹", "大白菜", "辣椒", "哈密瓜", "葡萄", "牦牛肉",
         "青稞", "菜籽油")


@dataclass(frozen=True, kw_only=True)
class Dispute:
    code: str | None  # sub-type code of the seed list (None: only the official type)
    dispute_type: str
    name: str  # dispute name in the title: 某某与某某{name}纠纷
    weight: int
    market: bool  # happens in the market (else in the town's committee area)
    a: tuple[str, str]  # (kind, occupation) of the applicant: natural / company
    b: tuple[str, str]
    c: tuple[str, str] | None = None  # a third party (the carrier …)
    amounts: tuple[int, ...]  # sums claimed, yuan
    shares: tuple[float, ...] = (1.0, 0.9, 0.8, 0.7)  # the part of the claim agreed
    facts: str
    requests: str
    issues: str
    responsibilities: str
    terms: tuple[str, ...]  # written agreement terms; the payment schedule follows them
    payer: str = "b"  # who pays the agreed sum: a / b / c
    payee: str = "a"
    obligation: str = "支付{pay}元"  # what each instalment is for (description)
    act: str | None = None  # a non-money obligation (with its own due date)
    oral: tuple[str, ...]  # an oral agreement performed on the spot
    statements: tuple[str, str]  # what the applicant and the respondent said at the session
    evidence: tuple[tuple[str, str], ...] = ()  # (title, who provided it: a / b / c / committee)
    investigation: tuple[str, tuple[tuple[str, str], ...]] | None = None  # (interviewee, Q&A)
    failure: str  # why mediation failed
    routes: tuple[str, ...] = ("lawsuit",)
    referral: tuple[str, str] | None = None  # (department, reason) of a referral slip
    personal_status: bool = False  # the agreement's core is a personal-status relation


MARKET_PLACE = "青藏高原农副产品集散中心"

DISPUTES: tuple[Dispute, ...] = (
    Dispute(
        code="payment_arrears", dispute_type="contract", name="买卖合同货款", weight=16, market=True,
        a=("natural", "蔬果批发商户"), b=("natural", "外地客商"), amounts=(8600, 12000, 24000, 36000, 86933),
        shares=(0.95, 0.9, 0.85),
        facts="{b}自{when}起多次从{a}的摊位赊购{g}，双方对账确认尚欠货款{amt}元，{b}出具欠条承诺一个月内付清，"
              "到期后经{a}多次催要仍未支付。",
        requests="请求{b}支付所欠货款{amt}元。",
        issues="所欠货款的数额及还款期限。",
        responsibilities="{b}未按约定期限支付货款，应承担付款责任；{a}同意对部分尾款予以减让。",
        terms=("{b}确认尚欠{a}货款{amt}元，经协商{a}同意减让尾款，{b}共计应支付{pay}元。",),
        oral=("{b}当场向{a}支付货款{pay}元，{a}当场收讫并退还欠条。", "双方就该笔货款再无其他争议。"),
        statements=("{b}赊购{g}后一直拖欠货款，欠条上写明一个月内付清，现已逾期。",
                    "今年行情不好，{g}压在冷库里卖不出去，不是不还，请求分期付款。"),
        evidence=(("欠条", "a"), ("对账单", "a"), ("微信转账记录截图", "a")),
        failure="{b}称无力一次性支付，双方对还款期限和减让数额分歧较大，未能达成一致。",
        routes=("lawsuit", "court_mediation"),
    ),
    Dispute(
        code="goods_quality", dispute_type="contract", name="买卖合同质量", weight=9, market=True,
        a=("natural", "水果零售商户"), b=("company", ""), amounts=(4800, 9000, 15600),
        facts="{a}于{when}从{b}处购进{g}{n}箱，货款{amt}元已付清。到货开箱后发现约三分之一腐烂变质，"
              "{a}要求退货或降价，{b}认为系{a}储存不当所致，拒绝处理。",
        requests="请求{b}退还变质部分货款。",
        issues="{g}变质的原因及损失的承担。",
        responsibilities="{b}发货时未尽到检验义务，应承担主要责任；{a}收货后未及时验货，承担次要责任。",
        terms=("{b}就变质的{g}向{a}退还货款{pay}元。", "变质货物由{b}自行收回处理。"),
        oral=("{b}当场向{a}退还货款{pay}元。", "变质货物由{b}当场收回，双方再无争议。"),
        statements=("开箱就有烂的，是发货前就坏了，我有照片和视频。", "发货时货是好的，是他放在太阳底下晒坏的。"),
        evidence=(("腐烂货物照片", "a"), ("进货单据", "a")),
        investigation=("市场质检员", (("货物抽检情况如何？", "抽检十箱，其中四箱有不同程度的腐烂，箱底霉变明显。"),
                                      ("能否判断腐烂原因？", "从霉变程度看，发货前已有部分果子受损。"))),
        failure="{b}坚持认为变质系储存不当造成，不同意承担损失，双方分歧较大。",
        routes=("market_regulation", "lawsuit"),
    ),
    Dispute(
        code="short_weight", dispute_type="consumer", name="缺斤短两消费", weight=7, market=True,
        a=("natural", "餐馆经营者"), b=("natural", "蔬菜零售摊主"), amounts=(600, 1200, 2600),
        facts="{a}于{when}在{b}的摊位购买{g}{n}公斤，回到店里复秤发现短少近一成，返回摊位理论时双方发生争执，"
              "市场管理办公室人员到场劝解。",
        requests="请求{b}补足短少的货物或退还差价，并赔礼道歉。",
        issues="是否短斤少两及差价如何退还。",
        responsibilities="{b}所用电子秤经复核存在误差，应退还差价并赔礼道歉。",
        terms=("{b}向{a}退还差价并补偿共计{pay}元。", "{b}当面向{a}赔礼道歉，并将电子秤送市场计量点校准。"),
        oral=("{b}当场向{a}退还差价{pay}元并赔礼道歉。", "{b}当日将电子秤送市场计量点校准。"),
        statements=("在他摊上买的{g}回去一称少了好几斤。", "我的秤一直是准的，可能是他拿错了袋子。"),
        evidence=(("复秤记录", "committee"), ("购货小票", "a")),
        investigation=("市场计量点工作人员", (("电子秤复核结果如何？", "该秤在称重十公斤时偏差约零点八公斤，超出允许误差。"),
                                            ("是否已作处理？", "已要求摊主停止使用并送检校准。"))),
        failure="{b}不认可复秤结果，拒绝退还差价，调解不成。",
        routes=("market_regulation", "lawsuit"),
        referral=("城北区市场监督管理局", "摊位电子秤复核偏差超出允许误差，请依法检定处理。"),
    ),
    Dispute(
        code="transit_damage", dispute_type="contract", name="运输合同损坏赔偿", weight=10, market=True,
        a=("natural", "外地客商"), b=("natural", "果品批发商户"), c=("company", ""), amounts=(12000, 24000, 48000),
        facts="{a}于{when}从{b}处订购{g}{n}箱，货款{amt}元，委托{c}运往外地。到货时部分{g}挤压损坏，"
              "{a}拒付余款，{b}认为损坏发生在运输途中应由承运方负责，三方发生争议。",
        requests="请求按实际损坏箱数核减货款，损失由责任方承担。",
        issues="损坏的原因、损坏箱数及损失在三方之间的分担。",
        responsibilities="{c}装载不当致货物挤压，承担主要责任；{b}包装不够牢固，承担次要责任。",
        terms=("经现场逐箱清点，损坏{g}按合同价格核减货款。", "{a}向{b}支付剩余货款{pay}元。",
               "{c}对损坏部分另行向{a}赔偿，已当场付清。"),
        payer="a", payee="b",
        oral=("{c}当场向{a}赔偿损坏部分货款{pay}元。", "{a}当场向{b}付清余款，三方再无争议。"),
        statements=("收货时好多箱都压烂了，这部分钱我不能付。", "货是好好装上车的，路上压坏的应该找物流。"),
        evidence=(("运单", "c"), ("损坏货物照片", "a"), ("购销合同", "b")),
        investigation=("{c}的驾驶员", (("货物如何装载？", "货箱码放八层，中途急刹车后上层有倒塌。"),
                                       ("到货时损坏多少箱？", "卸货时清点，约有二十箱挤压破损。"))),
        failure="三方对损坏箱数和赔偿比例分歧较大，{c}不同意承担赔偿，调解不成。",
        routes=("lawsuit", "arbitration"),
    ),
    Dispute(
        code="stall_lease", dispute_type="contract", name="摊位租赁合同", weight=7, market=True,
        a=("natural", "蔬菜批发商户"), b=("market", ""), amounts=(5000, 8000, 20000), shares=(0.5, 0.6, 0.7, 0.8),
        facts="{a}租用{b}经营的摊位，租期一年，押金{amt}元。{when}{a}因家中变故提前两个月退租，"
              "{b}以违约为由扣留全部押金，双方发生纠纷。",
        requests="请求{b}退还摊位押金{amt}元。",
        issues="提前退租的违约责任及押金退还数额。",
        responsibilities="{a}提前退租构成违约，应承担相应责任；{b}扣留全部押金过高，应予部分退还。",
        terms=("双方解除摊位租赁合同，{a}于签订本协议之日腾退摊位。", "{b}扣除相应违约金后向{a}退还押金{pay}元。"),
        oral=("{b}当场向{a}退还押金{pay}元，{a}已交还摊位钥匙。", "双方摊位租赁关系就此解除，再无争议。"),
        statements=("家里老人病重不得不回去，押金应当退还大部分。", "合同写明提前退租押金不退，摊位空着也有损失。"),
        evidence=(("摊位租赁合同", "b"), ("押金收据", "a")),
        failure="{b}坚持按合同约定扣留全部押金，调解不成。",
        routes=("lawsuit", "arbitration"),
    ),
    Dispute(
        code="price_dispute", dispute_type="contract", name="买卖合同价格", weight=4, market=True,
        a=("natural", "冷库经营者"), b=("natural", "蔬果批发商户"), amounts=(3000, 6400, 9800),
        facts="{a}于{when}向{b}订购{g}，口头约定按当日行情价结算。交货后行情下跌，双方对结算价格产生争议，"
              "差价约{amt}元。",
        requests="请求按交货当日市场价结算。",
        issues="结算价格的认定。",
        responsibilities="双方约定不明确，各自承担一定责任。",
        terms=("双方同意按订货日与交货日价格的平均价结算，{a}向{b}支付差价{pay}元。",),
        payer="a", payee="b",
        oral=("{a}当场向{b}支付差价{pay}元。", "双方今后订货写明单价。"),
        statements=("说好的是按行情价，交货那天价格已经跌了。", "订货那天的价格就是行情价，不能事后压价。"),
        evidence=(("订货微信聊天记录", "a"), ("送货单", "b")),
        failure="双方对结算价格各执一词，调解不成。",
    ),
    Dispute(
        code="private_loan", dispute_type="contract", name="民间借贷", weight=5, market=True,
        a=("natural", "个体商户"), b=("natural", "个体商户"), amounts=(20000, 50000, 80000),
        facts="{b}于{when}因进货资金周转向{a}借款{amt}元，约定三个月归还，出具借条一张。到期后{b}仅归还部分，"
              "余款经多次催要未还。",
        requests="请求{b}归还借款。",
        issues="借款余额及还款方式。",
        responsibilities="{b}逾期未还借款，应承担还款责任。",
        terms=("{b}确认尚欠{a}借款本金，{a}同意不计利息，{b}共计归还{pay}元。",),
        oral=("{b}当场归还{a}借款{pay}元，{a}当场退还借条。",),
        statements=("借钱的时候说三个月还，现在半年了还差一大半。", "生意亏了，钱一定还，但要分几次还。"),
        evidence=(("借条", "a"), ("银行转账凭证", "a")),
        failure="{b}只同意在一年内分十二次归还，{a}不同意，调解不成。",
        routes=("lawsuit",),
    ),
    Dispute(
        code="market_injury", dispute_type="damages", name="人身损害赔偿", weight=4, market=True,
        a=("natural", "搬运工"), b=("natural", "叉车司机"), amounts=(6000, 12000, 30000),
        facts="{when}，{a}在市场卸货区被{b}驾驶的叉车倒车时碰伤左腿，经医院诊断为软组织挫伤，花去医疗费{amt}元，"
              "双方就医疗费和误工费的承担发生争议。",
        requests="请求{b}赔偿医疗费、误工费等各项损失。",
        issues="事故责任及医疗费、误工费的数额。",
        responsibilities="{b}倒车时未注意观察，承担主要责任；{a}在作业区内行走未避让，承担次要责任。",
        terms=("{b}一次性赔偿{a}医疗费、误工费、营养费共计{pay}元。", "此后{a}伤情如有变化，与{b}无关。"),
        oral=("{b}当场赔偿{a}医疗费{pay}元。", "双方就此次事故再无其他争议。"),
        statements=("我在卸货，叉车倒过来就撞上了，现在还干不了活。", "倒车时鸣了喇叭，他自己没躲开。"),
        evidence=(("门诊病历", "a"), ("医疗费票据", "a"), ("监控录像截图", "committee")),
        failure="双方对误工费的计算差距较大，调解不成。",
        routes=("lawsuit", "police"),
    ),
    Dispute(
        code="porter_wages", dispute_type="labour", name="劳务报酬", weight=4, market=True,
        a=("natural", "搬运工"), b=("natural", "果品批发商户"), amounts=(2400, 4500, 7800),
        facts="{a}自{when}起为{b}装卸{g}，约定按车计酬，至今尚有劳务费{amt}元未结清。",
        requests="请求{b}支付拖欠的劳务费。",
        issues="装卸车次及劳务费数额。",
        responsibilities="{b}应按约定支付劳务报酬。",
        terms=("{b}向{a}支付劳务费{pay}元。",),
        oral=("{b}当场向{a}结清劳务费{pay}元。",),
        statements=("一共卸了三十多车，他只给了一半的钱。", "有几车他没干完，是别人帮着卸的。"),
        evidence=(("装卸记工本", "a"),),
        failure="双方对装卸车次记录不一致，调解不成。",
        routes=("labour_arbitration", "lawsuit"),
    ),
    Dispute(
        code="support_alimony", dispute_type="marriage_family", name="赡养", weight=5, market=False,
        a=("natural", "务农"), b=("natural", "个体经营"), amounts=(6000, 9600, 12000),
        facts="{a}年过七旬，育有子女三人，平时由{b}照顾较少。{when}起{a}因病住院，子女之间因赡养费用分担发生争执，"
              "{a}请求调解。",
        requests="请求{b}按月支付赡养费并分担医疗费用。",
        issues="赡养费数额及医疗费用的分担。",
        responsibilities="子女均有赡养父母的义务，{b}应按月支付赡养费。",
        terms=("{b}自本协议生效之月起每月向{a}支付赡养费，共计{pay}元。", "{a}住院期间的医疗费用由子女三人平均分担。"),
        obligation="支付赡养费{pay}元",
        oral=("{b}当场向{a}支付赡养费{pay}元，{a}当场收讫。", "其他子女应分担的部分由{a}另行与其协商。"),
        statements=("我老了看病要钱，孩子们谁都不愿多出。", "我一直在外地打工，收入也不高，愿意出该出的那份。"),
        failure="{b}对赡养费数额不认可，双方情绪激动，调解不成。",
        routes=("lawsuit",),
    ),
    Dispute(
        code="divorce_property", dispute_type="marriage_family", name="离婚后财产", weight=3, market=False,
        a=("natural", "个体经营"), b=("natural", "务工"), amounts=(30000, 60000, 120000),
        facts="{a}与{b}于{when}协议离婚，离婚时对共同经营的店铺存货及一辆货车未作处理，现就上述财产的分割发生争议。",
        requests="请求依法分割共同财产。",
        issues="店铺存货及货车的分割。",
        responsibilities="双方对共同财产有平等的处理权。",
        terms=("货车归{a}所有，{a}向{b}支付折价款{pay}元。", "店铺存货归{b}所有，由{b}于本协议生效后十日内自行搬离。"),
        payer="a", payee="b",
        oral=("{a}当场向{b}支付折价款{pay}元，货车归{a}所有。",),
        statements=("车是我一直在开，跑运输挣钱用的。", "车是两个人一起买的，不能他一个人占着。"),
        failure="双方对货车的折价数额分歧较大，调解不成。",
        routes=("lawsuit",),
        personal_status=True,
    ),
    Dispute(
        code="boundary", dispute_type="neighbour", name="相邻关系", weight=5, market=False,
        a=("natural", "务农"), b=("natural", "务农"), amounts=(0,),
        facts="{a}与{b}系前后院邻居。{when}{b}翻建院墙时向{a}一侧的通道多占约半米，{a}认为影响通行，双方多次争吵。",
        requests="请求{b}拆除越界部分院墙，恢复通道原状。",
        issues="院墙界线及通道宽度。",
        responsibilities="{b}翻建院墙越过原界线，应予恢复。",
        terms=("双方以村委会存档的宅基地四至图为准确定界线。",),
        act="{b}拆除越界部分院墙，恢复通道原有宽度",
        oral=("{b}同意当即拆除越界部分院墙，恢复通道原状。", "双方互谅互让，和睦相处。"),
        statements=("他家院墙往我这边砌出来半米，车都进不去了。", "原来的墙基就在这里，我是在原地翻建的。"),
        evidence=(("宅基地四至图", "committee"), ("现场照片", "a")),
        investigation=("村委会主任", (("原宅基地界线在哪里？", "按九十年代的四至图，界线在老墙基外侧，新墙确有外扩。"),
                                      ("通道原宽多少？", "原通道宽约三米，现不足二点五米。"))),
        failure="{b}不同意拆除院墙，调解不成。",
        routes=("township", "lawsuit"),
    ),
    Dispute(
        code="noise_water", dispute_type="neighbour", name="相邻排水", weight=4, market=False,
        a=("natural", "退休职工"), b=("natural", "个体经营"), amounts=(0, 1500),
        facts="{b}家厨房排水管于{when}改道后直接排向{a}院内，雨天污水漫溢，双方多次发生口角。",
        requests="请求{b}改造排水管道并赔偿清理费用。",
        issues="排水管道的改造及清理费用。",
        responsibilities="{b}改道排水影响相邻方，应负责改造。",
        terms=("{b}负担排水改造费用，并向{a}支付清理费用{pay}元。",),
        act="{b}将排水管接入市政管网",
        oral=("{b}当场向{a}支付院内清理费{pay}元。", "{b}当日已请物业将排水管改接入市政管网。"),
        statements=("一下雨他家污水全流到我院子里。", "管子是物业改的，不是我故意的。"),
        failure="{b}不同意承担改造费用，调解不成。",
        routes=("township", "lawsuit"),
    ),
    Dispute(
        code="grazing_boundary", dispute_type="forest_land", name="草场界线", weight=3, market=False,
        a=("natural", "牧民"), b=("natural", "牧民"), amounts=(0, 3000, 8000),
        facts="{a}与{b}两家承包的草场相邻，界桩多年前损毁。{when}{b}家牛群越界放牧，{a}认为草场受损，双方发生争执。",
        requests="请求重新确定草场界线，并赔偿草场损失。",
        issues="草场界线的确定及越界放牧的损失。",
        responsibilities="{b}越界放牧，应赔偿相应损失。",
        terms=("双方以草原承包经营权证附图为准，由村委会组织重新埋设界桩。", "{b}赔偿{a}草场损失{pay}元。"),
        act="{b}配合村委会在界线上重新埋设界桩，并将牛群赶回自家草场",
        oral=("双方在村干部见证下当场按承包经营权证附图确认界线。", "{b}当场赔偿{a}草场损失{pay}元。"),
        statements=("他家的牛年年越界，草都啃光了。", "界桩早就没了，谁也说不清界线在哪里。"),
        evidence=(("草原承包经营权证", "a"),),
        investigation=("村民小组长", (("界桩何时损毁？", "大约五六年前修路时挖掉了。"),
                                      ("界线走向是否清楚？", "按承包证附图，界线沿山梁到河边那块大石头。"))),
        failure="双方对界线走向各执一词，调解不成。",
        routes=("township", "administrative", "lawsuit"),
    ),
    Dispute(
        code="unpaid_wages", dispute_type="labour", name="拖欠农民工工资", weight=4, market=False,
        a=("natural", "建筑工人"), b=("company", ""), amounts=(9000, 18000, 36000),
        facts="{a}等人自{when}起在{b}的仓库扩建工地务工，工程完工后尚有工资{amt}元未结清。",
        requests="请求{b}支付拖欠的工资。",
        issues="欠付工资数额及支付时间。",
        responsibilities="{b}应依法支付劳动者工资。",
        terms=("{b}确认欠付{a}工资，共计支付{pay}元。",),
        oral=("{b}当场向{a}支付工资{pay}元。",),
        statements=("活干完两个月了，工钱一直拖着不给。", "甲方工程款没到位，我们也在想办法。"),
        evidence=(("考勤记录", "a"), ("工资欠条", "a")),
        failure="{b}称工程款未到位，无法确定支付时间，调解不成。",
        routes=("labour_arbitration", "administrative"),
        referral=("城北区人力资源和社会保障局劳动保障监察大队", "涉及多名农民工工资拖欠，请依法督促用人单位支付。"),
    ),
    Dispute(
        code="tenancy", dispute_type="housing_homestead", name="房屋租赁合同", weight=3, market=False,
        a=("natural", "出租人"), b=("natural", "个体经营"), amounts=(6000, 9000, 14400),
        facts="{b}租住{a}的房屋，月租金一千二百元。自{when}起{b}拖欠租金{amt}元，{a}要求解除合同并补交租金。",
        requests="请求{b}补交租金并腾退房屋。",
        issues="拖欠租金数额及腾房时间。",
        responsibilities="{b}未按约定交纳租金，应补交并承担违约责任。",
        terms=("双方解除房屋租赁合同，{b}向{a}补交租金{pay}元。",),
        act="{b}腾退房屋并结清水电费",
        oral=("{b}当场向{a}补交所欠租金{pay}元，{a}当场收讫。", "双方继续履行原租赁合同。"),
        statements=("房租拖了好几个月，打电话也不接。", "最近生意不好，想缓一缓再交。"),
        evidence=(("房屋租赁合同", "a"),),
        failure="{b}不同意腾退房屋，调解不成。",
        routes=("lawsuit",),
    ),
    Dispute(
        code=None, dispute_type="traffic", name="道路交通事故损害赔偿", weight=4, market=False,
        a=("natural", "出租车司机"), b=("natural", "货车司机"), amounts=(5000, 12000, 26000),
        facts="{when}，{b}驾驶货车在市场门前路口转弯时与{a}驾驶的出租车相撞，交警认定{b}负事故主要责任。"
              "双方就车辆维修费和停运损失{amt}元的赔偿发生争议。",
        requests="请求{b}赔偿车辆维修费及停运损失。",
        issues="维修费和停运损失的数额。",
        responsibilities="依据交通事故认定书，{b}承担主要责任，{a}承担次要责任。",
        terms=("{b}按事故责任比例赔偿{a}车辆维修费及停运损失共计{pay}元。",),
        oral=("{b}当场赔偿{a}车辆维修费{pay}元。",),
        statements=("交警认定他负主要责任，修车花了一万多，还停运了半个月。", "维修费报价太高，停运损失没有依据。"),
        evidence=(("道路交通事故认定书", "a"), ("车辆维修发票", "a")),
        failure="双方对停运损失的计算分歧较大，调解不成。",
        routes=("lawsuit", "court_mediation"),
    ),
)
