"""Demo data that obeys the rules: market, family, neighbour, labour, housing and traffic disputes in
every state, each case written as the services would have written it step by step (see
:mod:`builder`, :mod:`outcomes`, :mod:`plan`). Deterministic for a seed and a day.

Written in bulk inside one transaction, ``CHUNK_CASES`` cases at a time (about 30 rows each), so
that 100,000 cases take about two minutes of processor time and any number of cases stays well
under 1 GB of memory (benchmarks/bench_demo.py); the numbers issued are recorded in the
committee's counters so that real cases continue after them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.demo.builder import CaseBuilder, Committee, Context
from mediation_app.services.demo.market import add_market
from mediation_app.services.demo.rows import Sink
from mediation_app.services.demo.samples import samples
from mediation_app.services.errors import ValidationFailed
from mediation_app.storage import queries as q
from mediation_app.storage.bulk import begin_bulk, end_bulk, insert_rows, max_search_id
from mediation_app.storage.db import Database
from mediation_app.storage.files import FileStore
from mediation_app.storage.models import CommitteeRecord, NumberCounterRecord
from mediation_app.storage.stats_facts import refresh_all, summarise_bulk

CHUNK_CASES = 5_000
MAX_CASES = 2_000_000
# (name, sex, ethnicity, languages, specialties): the committee's demo mediators.
MEDIATORS = (
    ("马吉祥", "male", "03", "汉语", "货款、运输纠纷"), ("韩秀英", "female", "03", "汉语", "婚姻家庭纠纷"),
    ("李文华", "male", "01", "汉语", "合同纠纷"), ("才让东智", "male", "04", "藏语,汉语", "草场、牧区纠纷"),
    ("冶永林", "male", "03", "汉语", "摊位租赁纠纷"), ("张桂兰", "female", "01", "汉语", "邻里纠纷"),
    ("祁德明", "male", "30", "汉语,土族语", "劳务纠纷"), ("赵海燕", "female", "01", "汉语", "消费纠纷"),
)

__all__ = ["CHUNK_CASES", "DemoService"]
# The committees the centre demonstration adds around the actor's own (the market room).
CENTRE_NAME = "城北区矛盾纠纷多元化解中心人民调解委员会"
CENTRE_SHORT = "中心"


class DemoService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, files: FileStore) -> None:
        super().__init__(db, clock)
        self.files = files
        self.routing: Any = None  # the window's service (set by build_services) for the centre demonstration

    def centre(self, actor: Actor, cases: int = 60, seed: int = 1) -> Changes:
        """The one-stop centre around the actor's committee (the market room): the centre's own
        committee (added when missing; kind "centre", thirty-day rule) with ``cases`` demo cases of
        its own numbering, and disputes registered at its window: two waiting to be routed, one
        routed to the actor's committee, one to a department with a referral slip. The acting
        account becomes the head of the centre's committee, so that it sees every committee."""
        from mediation_app.services.demo.window import add_centre, window_disputes

        self.require_role(actor, Perm.LOAD_DEMO)
        if not 1 <= cases <= MAX_CASES:
            raise ValidationFailed({"cases": _("Choose between 1 and 2,000,000 demo cases.")})
        with self.db.write() as s:
            centre_id = add_centre(self, s, actor, CENTRE_NAME, CENTRE_SHORT)
        self._fill(actor, centre_id, cases, seed * 104_729 + 7)  # ids of its own, not the room's
        window_disputes(self, actor, centre_id, seed)
        return Changes(kinds=frozenset({ChangeKind.CASE, ChangeKind.CASE_ROW, ChangeKind.COMMITTEE}))

    def generate(
        self, actor: Actor, cases: int = 200, seed: int = 1, progress: Callable[[int, int], None] | None = None
    ) -> Changes:
        """Add ``cases`` synthetic cases (and the mediators they need) to the actor's committee, in one
        transaction written chunk by chunk."""
        self.require_role(actor, Perm.LOAD_DEMO)
        if not 1 <= cases <= MAX_CASES:
            raise ValidationFailed({"cases": _("Choose between 1 and 2,000,000 demo cases.")})
        return self._fill(actor, actor.committee_id, cases, seed, progress)

    def _fill(self, actor: Actor, committee_id: uuid.UUID, cases: int, seed: int,
              progress: Callable[[int, int], None] | None = None) -> Changes:
        stored = {kind: (sample, self.files.put(sample.data)) for kind, sample in samples().items()}
        now = self.clock.now()
        rng = random.Random(seed)
        sink = Sink(rng, now)
        with self.db.write() as s:
            committee = s.get(CommitteeRecord, committee_id)
            assert committee is not None
            ctx = Context(
                committee=Committee(committee.id, committee.name, committee.short_name, committee.number_pattern,
                                    committee.case_word, committee.agreement_word, committee.deadline_rule),
                user_id=actor.user_id, mediators=self._mediators(s, committee.id, sink), today=self.clock.today(),
                serials={(c.year, c.series): c.last_serial for c in q.counters(s, committee.id)}, samples=stored,
            )
            builder = CaseBuilder(rng, ctx, sink)
            start = max_search_id(s)
            begin_bulk(s)
            for i in range(cases):
                builder.build(start + i + 1)
                if (i + 1) % CHUNK_CASES == 0 or i + 1 == cases:
                    rows, fts = sink.take()
                    insert_rows(s, rows, fts, now)
                    if progress:
                        progress(i + 1, cases)
            end_bulk(s)
            market = add_market(s, rng, committee.id, start, now)
            refresh_all(s, committee.id, after_search_id=start)  # the statistics facts of the new cases
            summarise_bulk(s, after_search_id=start)  # and the report's monthly counts
            for (year, series), last in ctx.serials.items():
                s.merge(NumberCounterRecord(committee_id=committee.id, year=year, series=series, last_serial=last))
            self.audit(s, actor, "demo.generate", "committee", committee.id, details={"cases": cases, "seed": seed, **market})
        return Changes(kinds=frozenset({ChangeKind.CASE, ChangeKind.CASE_ROW, ChangeKind.MERCHANT}))

    @staticmethod
    def _mediators(s: Any, committee_id: uuid.UUID, sink: Sink) -> list[tuple[uuid.UUID, str]]:
        """The committee's active mediators, with the demo mediators added where missing."""
        found = [(m.id, m.name) for m in q.mediators(s, committee_id)]
        names = {name for _id, name in found}
        for name, sex, ethnicity, languages, specialties in MEDIATORS:
            if name not in names:
                row = sink.add("mediator", committee_id=committee_id, name=name, sex=sex, ethnicity=ethnicity,
                               languages=languages, full_time=True, specialties=specialties, active=True)
                found.append((row["id"], name))
        return found
