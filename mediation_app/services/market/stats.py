"""The market's statistics beside the national report: disputes per business type of the merchants
involved, repeat merchants, and the market clock kept or missed. A dispute counts in a period by its
acceptance date (as the national report counts by default); voided, refused and registered-only
cases never count."""

from __future__ import annotations

import datetime as dt

from mediation_app.domain.market import DEFAULT_REPEAT_THRESHOLD
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.services.market import read_models as mm
from mediation_app.services.market.fund_stats import fund_figures, fund_line
from mediation_app.storage import queries as q
from mediation_app.storage import queries_market as qm


class MarketStatsService(ServiceBase):
    def report(self, actor: Actor, start: dt.date, end: dt.date) -> mm.MarketStats:
        """The committees the user sees; repeat merchants by the current committee's threshold."""
        self.require_role(actor)
        scope = actor.visible_committees()
        today = self.clock.today()
        with self.db.read() as s:
            threshold = qm.repeat_threshold(s, actor.committee_id, DEFAULT_REPEAT_THRESHOLD)
            by_type = tuple(mm.BusinessTypeRow(business_type=t or _("(not recorded)"), disputes=int(n), merchants=int(k))
                            for t, n, k in qm.business_type_rows(s, scope, start, end))
            counts = qm.merchant_dispute_counts(s, scope, start, end)
            labels = {t.code: _(t.label) for t in q.all_subtypes(s)}
            clock = tuple(mm.ClockRow(subtype_label=labels.get(code or "", code or _("(not recorded)")), kept=kept,
                                      missed=missed, open_in_time=open_in, open_overdue=open_late)
                          for code, kept, missed, open_in, open_late in qm.clock_rows(s, scope, start, end, today))
        fund = fund_figures(self.db, scope, start, end)
        return mm.MarketStats(
            start=start, end=end, threshold=threshold, merchants_with_disputes=len(counts),
            repeat_merchants=sum(1 for _m, n in counts if threshold > 0 and n >= threshold),
            by_business_type=by_type, clock=clock, **fund)


def stats_lines(r: mm.MarketStats) -> list[str]:
    """The market statistics as tab-separated lines (the command line prints them, the client shows them)."""
    lines = [_("Market statistics {start} – {end} (by acceptance date)").format(
        start=r.start.isoformat(), end=r.end.isoformat()),
        _("Merchants with disputes: {n}; repeat merchants ({k} or more disputes): {m}").format(
            n=r.merchants_with_disputes, k=r.threshold, m=r.repeat_merchants),
        "", "\t".join([_("Business type"), _("Disputes"), _("Merchants")])]
    lines += [f"{row.business_type}\t{row.disputes}\t{row.merchants}" for row in r.by_business_type]
    if not r.by_business_type:
        lines.append(_("No dispute with a merchant of the registry in this period."))
    lines += ["", "\t".join([_("Market clock"), _("On time"), _("Late"), _("Open, in time"), _("Open, overdue")])]
    lines += [f"{c.subtype_label}\t{c.kept}\t{c.missed}\t{c.open_in_time}\t{c.open_overdue}" for c in r.clock]
    if not r.clock:
        lines.append(_("No case on a market clock in this period."))
    lines += ["", fund_line(r)]
    return lines
