"""The market room in the demo: a few merchants of the registry built from stallholders of the new
cases (valid licences, one of them a repeat disputant through two of its people), and the market
clock of consumer complaints (10 working days) when the committee has none yet, with each new
case's market deadline set as acceptance sets it."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from mediation_app.domain.market import ClockUnit, MarketClock, stall_key
from mediation_app.services.demo.people import credit_code
from mediation_app.services.market.clock import work_calendar
from mediation_app.storage import queries_market as qm
from mediation_app.storage.models import MarketClockRecord, MerchantPartyRecord, MerchantRecord

MERCHANTS = 6
TRADES = (("水果批发", "果业"), ("蔬菜批发", "蔬菜行"), ("干货调料", "干货店"), ("牛羊肉", "牛羊肉店"),
          ("粮油", "粮油批发部"), ("冻品", "冻品行"))
# (sub-type, days, unit, label): what a market room sets first
DEMO_CLOCKS = (("short_weight", 10, ClockUnit.WORKING, "消费投诉时限"),
               ("inferior_goods", 10, ClockUnit.WORKING, "消费投诉时限"))


def add_market(s: Any, rng: random.Random, committee_id: uuid.UUID, after_search_id: int,
               now: dt.datetime) -> dict[str, int]:
    """Merchants, links and market deadlines for the cases added after ``after_search_id``."""
    merchants = 0
    parties = qm.stall_parties(s, committee_id, after_search_id, MERCHANTS + 1)
    first: MerchantRecord | None = None
    for party in parties[:MERCHANTS]:
        if any(m.active for m in qm.merchants_at_stall(s, committee_id, stall_key(party.stall_number or ""))):
            continue
        trade, word = TRADES[merchants % len(TRADES)]
        m = MerchantRecord(
            committee_id=committee_id, stall_number=party.stall_number, stall_key=stall_key(party.stall_number or ""),
            name=f"{party.name[:1]}记{word}", business_type=trade, credit_code=credit_code(rng, "630105"),
            operator_name=party.name, operator_phone=party.phone, contacts="", active=True, note="")
        s.add(m)
        s.flush()
        s.add(MerchantPartyRecord(party_id=party.id, merchant_id=m.id, linked_at=now))
        first = first or m
        merchants += 1
    if first is not None and len(parties) > MERCHANTS:
        helper = parties[MERCHANTS]  # the same stall's helper in another dispute: a repeat disputant
        helper.stall_number = first.stall_number
        s.add(MerchantPartyRecord(party_id=helper.id, merchant_id=first.id, linked_at=now))
    if not qm.clocks(s, committee_id):
        for code, days, unit, label in DEMO_CLOCKS:
            s.add(MarketClockRecord(committee_id=committee_id, subtype_code=code, days=days, unit=str(unit),
                                    label=label))
    s.flush()
    rules = {r.subtype_code: MarketClock(r.days, ClockUnit(r.unit), r.label) for r in qm.clocks(s, committee_id)}
    calendar = work_calendar(s)
    dues = [(cid, rules[code].due(accepted, calendar))
            for cid, accepted, code in qm.accepted_on_clock(s, committee_id, after_search_id)]
    qm.set_market_due(s, dues)
    return {"merchants": merchants, "market_deadlines": len(dues)}
