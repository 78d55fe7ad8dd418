"""The market's advance compensation fund (先行赔付): when the market pays a buyer first and
recovers the money from the stallholder.

The ledger is append-only: a payment out on a case (to one of its parties, to be recovered from a
merchant), a recovery against one payment (never more than is outstanding on it), a top-up into the
fund, and a reversal that cancels one earlier entry with a reason. A committee head or an
administrator approves payments out, top-ups and reversals; mediators record recoveries and print
receipts. Every entry is audited in its own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from mediation_app.domain import fund as rules
from mediation_app.domain.enums import Role
from mediation_app.domain.money import format_fen, parse_amount
from mediation_app.domain.permissions import Perm, allowed, denial
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.market import fund_models as fm
from mediation_app.services.market.fund_stats import fund_figures
from mediation_app.storage import numbers
from mediation_app.storage import queries_fund as qf
from mediation_app.storage.models import (
    CaseRecord,
    CommitteeRecord,
    FundEntryRecord,
    MerchantPartyRecord,
    MerchantRecord,
)

if TYPE_CHECKING:  # the receipt's ReportLab layout is loaded when a receipt is made
    from mediation_app.documents.base import RenderedDocument

PAGE = 100
PAGE_MAX = 1000


def merchant_words(m: MerchantRecord | None) -> str:
    return f"{m.stall_number} {m.name}".strip() if m is not None else ""


def keeps_fund(s: Any, committee_id: uuid.UUID) -> bool:
    """The rule of who keeps an advance compensation fund: a committee keeps one once anything was
    recorded in it, its first top-up (a payment out needs money in the fund) or entries brought by a
    hand-over. A committee that never had one keeps none, and its cases show no Fund part; a fund
    once kept stays (its entries are never deleted, a mistake is reversed)."""
    return qf.has_entries(s, committee_id)


class FundService(ServiceBase):
    # -- who may act ------------------------------------------------------------------------------
    def _check(self, actor: Actor, committee_id: uuid.UUID, perm: Perm | None) -> None:
        """The fund of ``committee_id``: the account sees that committee (or administers it: an
        administrator who belongs to it; the account-wide role reaches no other committee's fund),
        and, to change anything, its roles there allow ``perm`` (``None``: reading only)."""
        self._require_current_password(actor)
        roles = actor.roles_in(committee_id)
        administers = Role.ADMIN in roles and actor.membership(committee_id) is not None
        if not actor.sees(committee_id) and not administers:
            if actor.membership(committee_id) is not None:  # e.g. the audit administrator
                raise PermissionDenied(denial(roles, perm or Perm.FUND_RECORD))
            raise PermissionDenied(_("This fund belongs to another committee."))
        if perm is not None and actor.membership(committee_id) is None:  # the centre's head reads it only
            raise PermissionDenied(_("This fund belongs to another committee."))
        if perm is not None and not allowed(roles, perm):
            raise PermissionDenied(denial(roles, perm))

    def may(self, actor: Actor, perm: Perm, committee_id: uuid.UUID | None = None) -> bool:
        try:
            self._check(actor, committee_id or actor.committee_id, perm)
        except PermissionDenied:
            return False
        return True

    # -- reading ----------------------------------------------------------------------------------
    def keeps_fund(self, actor: Actor, committee_id: uuid.UUID | None = None) -> bool:
        """Whether the committee (the account's own when not given) keeps a fund: its cases then have
        a Fund part. Anything recorded in it makes it one; the first top-up starts it."""
        committee_id = committee_id or actor.committee_id
        if Role.ADMIN in actor.roles:  # whether it keeps one, not what is in it: any committee's administrator
            self._require_current_password(actor)
        else:
            self._check(actor, committee_id, None)
        with self.db.read() as s:
            return keeps_fund(s, committee_id)

    def balance(self, actor: Actor) -> fm.FundBalance:
        """The current committee's fund: what went in, out and came back, and what it holds."""
        self._check(actor, actor.committee_id, None)
        with self.db.read() as s:
            t = qf.totals(s, actor.committee_id)
        return fm.FundBalance(topups_fen=t["topup"], paid_fen=t["payment"], recovered_fen=t["recovery"],
                              balance_fen=rules.balance(t["topup"], t["payment"], t["recovery"]),
                              outstanding_fen=t["payment"] - t["recovery"])

    def outstanding(self, actor: Actor, offset: int = 0, limit: int = PAGE) -> fm.OutstandingPage:
        """Payments not recovered in full, by merchant and the oldest first, one page at a time."""
        self._check(actor, actor.committee_id, None)
        limit = max(1, min(limit, PAGE_MAX))
        offset = max(0, offset)
        with self.db.read() as s:
            rows = qf.outstanding_page(s, actor.committee_id, offset, limit)
            total = qf.outstanding_count(s, actor.committee_id)
            out = tuple(fm.OutstandingRow(
                payment_id=p.id, number=p.number, case_number=number or "", merchant_id=p.merchant_id,
                merchant=merchant_words(m), paid_on=p.entry_on, paid_fen=p.amount_fen, recovered_fen=int(recovered),
                outstanding_fen=p.amount_fen - int(recovered), payee=p.payee) for p, recovered, m, number in rows)
        return fm.OutstandingPage(rows=out, total=total, offset=offset)

    def entries(self, actor: Actor, *, case_id: uuid.UUID | None = None, merchant_id: uuid.UUID | None = None,
                offset: int = 0, limit: int = PAGE) -> fm.FundEntryPage:
        """The committee's entries in the order they were made (of one case or merchant when given)."""
        self._check(actor, actor.committee_id, None)
        limit = max(1, min(limit, PAGE_MAX))
        offset = max(0, offset)
        with self.db.read() as s:
            if case_id is not None:
                case = self._case(s, case_id)
                self._check(actor, case.committee_id, None)
            committee = None if case_id is not None else actor.committee_id
            rows = qf.entries_page(s, committee, case_id, merchant_id, offset, limit)
            total = qf.entries_count(s, committee, case_id, merchant_id)
            views = self._views(s, rows)
        return fm.FundEntryPage(rows=views, total=total, offset=offset)

    def case_fund(self, actor: Actor, case_id: uuid.UUID) -> fm.CaseFund:
        """Every entry of one case (a case has a handful), its totals and the form's choices."""
        with self.db.read() as s:
            case = self._case(s, case_id)
            self._check(actor, case.committee_id, None)
            total = qf.entries_count(s, None, case_id, None)
            views = self._views(s, qf.entries_page(s, None, case_id, None, 0, max(total, 1)))
            parties = tuple(fm.FundChoice(id=link.party.id, label=link.party.name)
                            for link in sorted(case.links, key=lambda k: k.position))
            linked = qf.merchants(s, [link.merchant_id for link in (
                s.get(MerchantPartyRecord, lk.party_id) for lk in case.links) if link is not None])
            choices = tuple(fm.FundChoice(id=m.id, label=merchant_words(m)) for m in linked.values())
            committee_id = case.committee_id
        paid = sum(v.amount_fen for v in views if v.kind == rules.PAYMENT and v.live)
        recovered = sum(v.amount_fen for v in views if v.kind == rules.RECOVERY and v.live)
        return fm.CaseFund(
            entries=views, paid_fen=paid, recovered_fen=recovered, outstanding_fen=paid - recovered,
            parties=parties, merchants=choices,
            may_approve=self.may(actor, Perm.FUND_APPROVE, committee_id),
            may_record=self.may(actor, Perm.FUND_RECORD, committee_id))

    def entry(self, actor: Actor, entry_id: uuid.UUID) -> fm.FundEntryView:
        with self.db.read() as s:
            e = self._entry(s, entry_id)
            self._check(actor, e.committee_id, None)
            return self._views(s, [e])[0]

    def find(self, actor: Actor, number: str) -> fm.FundEntryView:
        """The entry of the current committee's fund with this number (先赔〔2026〕第001号)."""
        self._check(actor, actor.committee_id, None)
        with self.db.read() as s:
            e = qf.by_number(s, actor.committee_id, "".join(number.split()))
            if e is None:
                raise NotFound(_("No entry {number} in the fund.").format(number=number))
            return self._views(s, [e])[0]

    def figures(self, actor: Actor, start: dt.date, end: dt.date) -> fm.FundFigures:
        """Paid out and recovered in the period, and outstanding at its end, over the committees the
        account sees (the market statistics)."""
        self.require_role(actor)
        f = fund_figures(self.db, actor.visible_committees(), start, end)
        return fm.FundFigures(paid_fen=f["fund_paid_fen"], recovered_fen=f["fund_recovered_fen"],
                              outstanding_fen=f["fund_outstanding_fen"])

    # -- recording --------------------------------------------------------------------------------
    def pay(self, actor: Actor, case_id: uuid.UUID, *, party_id: uuid.UUID, amount: str, paid_on: dt.date,
            merchant_id: uuid.UUID | None = None, note: str = "") -> Changes:
        """Pay a party of the case out of the fund, to be recovered from the merchant (the one linked to
        the case's parties when not named). The approver is the committee head or administrator
        recording it."""
        fen = _amount(amount)
        with self.db.write() as s:
            case = self._case(s, case_id)
            self._check(actor, case.committee_id, Perm.FUND_APPROVE)
            link = next((lk for lk in case.links if lk.party_id == party_id), None)
            if link is None:
                raise ValidationFailed({"party": _("Choose a party of this case to pay.")})
            merchant = self._merchant(s, case, merchant_id)
            t = qf.totals(s, case.committee_id)
            held = rules.balance(t["topup"], t["payment"], t["recovery"])
            if fen > held:
                raise ValidationFailed({"amount": _("The fund holds {held}; it cannot pay {amount}. Top it up first.")
                                        .format(held=format_fen(held), amount=format_fen(fen))})
            e = self._add(s, actor, case.committee_id, rules.PAYMENT, fen, paid_on, case_id=case.id,
                          merchant_id=merchant.id, party_id=party_id, payee=link.party.name,
                          approver=actor.display_name, note=note.strip())
            return Changes(kinds=frozenset({ChangeKind.FUND}), case_ids=frozenset({case.id}), created_id=e.id,
                           number=e.number)

    def recover(self, actor: Actor, payment_id: uuid.UUID, *, amount: str, recovered_on: dt.date,
                receipt: str = "", note: str = "") -> Changes:
        """Money recovered from the merchant against one payment: never more than is outstanding on it."""
        fen = _amount(amount)
        with self.db.write() as s:
            payment = self._entry(s, payment_id)
            self._check(actor, payment.committee_id, Perm.FUND_RECORD)
            if payment.kind != rules.PAYMENT:
                raise ValidationFailed({"payment": _("A recovery is recorded against a payment out of the fund.")})
            if qf.is_reversed(s, payment.id):
                raise ValidationFailed({"payment": _("Payment {number} was reversed; nothing is to be recovered on it.")
                                        .format(number=payment.number)})
            left = payment.amount_fen - qf.recovered_of(s, payment.id)
            if fen > left:
                raise ValidationFailed({"amount": _(
                    "Only {left} of payment {number} is still to be recovered; {amount} is more than that.").format(
                    left=format_fen(left), number=payment.number, amount=format_fen(fen))})
            e = self._add(s, actor, payment.committee_id, rules.RECOVERY, fen, recovered_on, case_id=payment.case_id,
                          merchant_id=payment.merchant_id, payment_id=payment.id, payee=payment.payee,
                          receipt=receipt.strip(), note=note.strip())
            return Changes(kinds=frozenset({ChangeKind.FUND}),
                           case_ids=frozenset({payment.case_id}) if payment.case_id else frozenset(),
                           created_id=e.id, number=e.number)

    def topup(self, actor: Actor, *, amount: str, paid_in_on: dt.date, source: str, note: str = "") -> Changes:
        """Money the market puts into the fund (e.g. from the merchants' guarantee deposits)."""
        fen = _amount(amount)
        if not source.strip():
            raise ValidationFailed({"source": _("Say where the money comes from (e.g. the merchants' deposits).")})
        self._check(actor, actor.committee_id, Perm.FUND_APPROVE)
        with self.db.write() as s:
            e = self._add(s, actor, actor.committee_id, rules.TOPUP, fen, paid_in_on, source=source.strip(),
                          approver=actor.display_name, note=note.strip())
            return Changes.of(ChangeKind.FUND, created_id=e.id, number=e.number)

    def reverse(self, actor: Actor, entry_id: uuid.UUID, *, reason: str) -> Changes:
        """Cancel one entry by a reversing entry (the entry itself stays, marked reversed)."""
        if not reason.strip():
            raise ValidationFailed({"reason": _("Give the reason for the reversal.")})
        with self.db.write() as s:
            e = self._entry(s, entry_id)
            self._check(actor, e.committee_id, Perm.FUND_APPROVE)
            if e.kind == rules.REVERSAL:
                raise ValidationFailed({"entry": _("A reversal cannot itself be reversed; record the entry again.")})
            if qf.is_reversed(s, e.id):
                raise ValidationFailed({"entry": _("Entry {number} is already reversed.").format(number=e.number)})
            if e.kind == rules.PAYMENT and qf.live_recoveries(s, e.id):
                raise ValidationFailed({"entry": _(
                    "Payment {number} has recoveries on it; reverse those first.").format(number=e.number)})
            if rules.sign(e.kind) > 0:
                t = qf.totals(s, e.committee_id)
                held = rules.balance(t["topup"], t["payment"], t["recovery"])
                if held - e.amount_fen < 0:
                    raise ValidationFailed({"entry": _(
                        "Reversing {number} would leave the fund below zero ({held} held).").format(
                        number=e.number, held=format_fen(held))})
            r = self._add(s, actor, e.committee_id, rules.REVERSAL, e.amount_fen, self.clock.today(),
                          case_id=e.case_id, merchant_id=e.merchant_id, payment_id=e.payment_id, party_id=e.party_id,
                          payee=e.payee, reverses_id=e.id, approver=actor.display_name, note=reason.strip())
            return Changes(kinds=frozenset({ChangeKind.FUND}),
                           case_ids=frozenset({e.case_id}) if e.case_id else frozenset(),
                           created_id=r.id, number=r.number)

    # -- pieces -----------------------------------------------------------------------------------
    def _add(self, s: Any, actor: Actor, committee_id: uuid.UUID, kind: str, fen: int, on: dt.date,
             **fields: Any) -> FundEntryRecord:
        if on > self.clock.today():
            raise ValidationFailed({"date": _("The date cannot be in the future.")})
        # the typed texts (payee, receipt, source, note) are cleaned like every other: nothing invisible is kept
        fields.update(self.cleaned_texts(**{k: v for k, v in fields.items() if isinstance(v, str)}))
        serial = numbers.next_serial(s, committee_id, on.year, rules.SERIES[kind])
        e = FundEntryRecord(committee_id=committee_id, kind=kind, number=rules.entry_number(kind, on.year, serial),
                            amount_fen=fen, entry_on=on, serial=serial, year=on.year,
                            recorded_by=actor.display_name[:100], **fields)
        s.add(e)
        s.flush()
        self.audit(s, actor, f"fund.{kind}", "fund_entry", e.id, e.case_id, {
            "number": e.number, "amount_fen": fen, "on": on.isoformat(),
            "merchant": str(e.merchant_id) if e.merchant_id else None,
            "payment": str(e.payment_id) if e.payment_id else None,
            "reverses": str(e.reverses_id) if e.reverses_id else None, "note": e.note})
        return e

    @staticmethod
    def _case(s: Any, case_id: uuid.UUID) -> CaseRecord:
        case: CaseRecord | None = s.get(CaseRecord, case_id)
        if case is None:
            raise NotFound(_("No such case."))
        return case

    @staticmethod
    def _entry(s: Any, entry_id: uuid.UUID) -> FundEntryRecord:
        e: FundEntryRecord | None = s.get(FundEntryRecord, entry_id)
        if e is None:
            raise NotFound(_("No such entry of the fund."))
        return e

    @staticmethod
    def _merchant(s: Any, case: CaseRecord, merchant_id: uuid.UUID | None) -> MerchantRecord:
        if merchant_id is None:
            linked = {link.merchant_id for link in (s.get(MerchantPartyRecord, lk.party_id) for lk in case.links)
                      if link is not None}
            if len(linked) != 1:
                raise ValidationFailed({"merchant": _(
                    "Choose the merchant the payment is to be recovered from.")})
            merchant_id = next(iter(linked))
        m: MerchantRecord | None = s.get(MerchantRecord, merchant_id)
        if m is None or m.committee_id != case.committee_id:
            raise ValidationFailed({"merchant": _("Choose a merchant of this committee's registry.")})
        return m

    @staticmethod
    def _views(s: Any, rows: list[FundEntryRecord]) -> tuple[fm.FundEntryView, ...]:
        ids = [e.id for e in rows]
        reversed_by = qf.reversal_numbers(s, ids)
        refs = qf.numbers_of(s, [i for e in rows for i in (e.payment_id, e.reverses_id) if i is not None])
        recovered = qf.recovered_by_payment(s, [e.id for e in rows if e.kind == rules.PAYMENT])
        cases = qf.case_numbers(s, list({e.case_id for e in rows if e.case_id}))
        merchants = qf.merchants(s, list({e.merchant_id for e in rows if e.merchant_id}))
        out = []
        for e in rows:
            live_payment = e.kind == rules.PAYMENT and e.id not in reversed_by
            out.append(fm.FundEntryView(
                id=e.id, kind=e.kind, kind_label=rules.kind_label(e.kind), number=e.number, amount_fen=e.amount_fen,
                entry_on=e.entry_on, case_id=e.case_id, case_number=cases.get(e.case_id, "") if e.case_id else "",
                merchant_id=e.merchant_id, merchant=merchant_words(merchants.get(e.merchant_id)) if e.merchant_id else "",
                payee=e.payee, payment_number=refs.get(e.payment_id, "") if e.payment_id else "",
                reverses_number=refs.get(e.reverses_id, "") if e.reverses_id else "",
                reversed_by=reversed_by.get(e.id, ""), approver=e.approver, receipt=e.receipt, source=e.source,
                note=e.note, recorded_by=e.recorded_by,
                outstanding_fen=e.amount_fen - recovered.get(e.id, 0) if live_payment else 0))
        return tuple(out)


def _amount(text: str) -> int:
    checked = parse_amount(str(text))
    if not checked.ok or checked.value is None:
        raise ValidationFailed({"amount": "; ".join(i.message for i in checked.issues if i.severity == "error")})
    if checked.value == 0:
        raise ValidationFailed({"amount": _("Enter an amount above zero.")})
    return int(checked.value)


class FundReceipts(FundService):
    """The printed 先行赔付凭证 of a payment and 追偿收据 of a recovery."""

    def receipt(self, actor: Actor, entry_id: uuid.UUID) -> RenderedDocument:
        with self.db.read() as s:
            e = self._entry(s, entry_id)
            self._check(actor, e.committee_id, Perm.FUND_RECORD)
            if e.kind not in (rules.PAYMENT, rules.RECOVERY):
                raise ValidationFailed({"entry": _("Receipts are printed for payments out and for recoveries.")})
            view = self._views(s, [e])[0]
            committee = s.get(CommitteeRecord, e.committee_id)
            unit = committee.name if committee else ""
            case = s.get(CaseRecord, e.case_id) if e.case_id else None
            title = case.title if case else ""
            left = 0
            if e.kind == rules.RECOVERY and e.payment_id:
                payment = self._entry(s, e.payment_id)
                left = payment.amount_fen - qf.recovered_of(s, payment.id)
        from mediation_app.services.market.fund_receipts import receipt_document

        return receipt_document(view, unit, title, left)
