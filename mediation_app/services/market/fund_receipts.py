"""The words printed on the fund's receipts, from an entry of the ledger."""

from __future__ import annotations

from mediation_app.documents.base import RenderedDocument
from mediation_app.documents.fmt import date_cn, money_figures
from mediation_app.documents.forms import fund_receipt as doc
from mediation_app.domain import fund as rules
from mediation_app.services.market.fund_models import FundEntryView


def receipt_sheet(e: FundEntryView, unit: str, case_title: str, left_fen: int) -> doc.FundReceipt:
    """``left_fen``: a recovery's payment still outstanding after it."""
    cancelled = f"本凭证已冲正（{e.reversed_by}）" if e.reversed_by else ""
    fields: tuple[tuple[str, str], ...]
    if e.kind == rules.PAYMENT:
        fields = (("案件编号", e.case_number), ("赔付事由", case_title), ("领款人", e.payee),
                  ("追偿对象（商户）", e.merchant), ("付款日期", date_cn(e.entry_on)), ("备注", e.note or "无"))
        return doc.FundReceipt(title=doc.PAYMENT_TITLE, unit=unit, number=e.number, on=e.entry_on,
                               amount_fen=e.amount_fen, fields=fields, holder="领款人", cancelled=cancelled,
                               signers=(("审批人", e.approver), ("经办人", e.recorded_by), ("领款人", "")))
    fields = (("案件编号", e.case_number), ("交款商户", e.merchant), ("对应先行赔付", e.payment_number),
              ("收款日期", date_cn(e.entry_on)), ("交款凭证号", e.receipt or "无"),
              ("打印时尚待追偿", money_figures(left_fen)), ("备注", e.note or "无"))
    return doc.FundReceipt(title=doc.RECOVERY_TITLE, unit=unit, number=e.number, on=e.entry_on,
                           amount_fen=e.amount_fen, fields=fields, signers=(("经办人", e.recorded_by), ("交款人", "")), holder="交款人",
                           cancelled=cancelled)


def receipt_document(e: FundEntryView, unit: str, case_title: str, left_fen: int) -> RenderedDocument:
    return doc.render(receipt_sheet(e, unit, case_title, left_fen))
