"""The search index on the command line:

    mediation-app search tune

Tuning learns from the cases which runs of three characters the index keeps as terms of their own
(storage/search_tune.py): worth running once the cases have grown several times over, so that a
query of three characters whose pairs are each common stays quick.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("search",)


def add_parsers(sub: Any) -> None:
    search = sub.add_parser("search", help=_("Maintain the search index"))
    ssub = search.add_subparsers(dest="search_command", required=True)
    ssub.add_parser("tune", help=_("Learn from the cases which runs of three characters the search index keeps"))


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    report = svc.maintenance.tune_search(actor)
    out.write(_("Search index tuned over {cases} cases: {pairs} common pairs of characters, {added} index rows "
                "added, {removed} removed.").format(cases=report.cases, pairs=report.common_pairs,
                                                    added=report.rows_added, removed=report.rows_removed) + "\n")
    return 0
