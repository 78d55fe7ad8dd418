"""Consumer complaints handed over to the bodies that keep complaint registers: the market
supervision bureau (市场监督管理局), the 12315 platform and the consumer association (消费者协会)."""

from __future__ import annotations

from mediation_app.domain.enums import Labelled
from mediation_app.i18n import N_


class ComplaintBody(Labelled):
    MARKET_SUPERVISION = "market_supervision"  # 市场监督管理局
    HOTLINE_12315 = "hotline_12315"  # 12315投诉举报平台
    CONSUMER_ASSOCIATION = "consumer_association"  # 消费者协会


ComplaintBody._LABELS = {  # type: ignore[attr-defined]
    "market_supervision": N_("Market supervision bureau"),
    "hotline_12315": N_("12315 platform"),
    "consumer_association": N_("Consumer association"),
}
