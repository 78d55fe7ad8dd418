"""What falls due in each case (Today's reminders) on the command line:

    mediation-app reminders rebuild

``mediation-app check`` compares the reminders kept for Today and the centre's board with what each
case's records give; should they ever differ (a file changed outside the application), an
administrator derives them again from the records with this command.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("reminders",)


def add_parsers(sub: Any) -> None:
    reminders = sub.add_parser("reminders", help=_("Maintain what falls due in each case (Today's reminders)"))
    rsub = reminders.add_subparsers(dest="reminders_command", required=True)
    rsub.add_parser("rebuild", help=_("Derive what falls due in every case again from its records"))


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    before, after = svc.maintenance.rebuild_reminders(actor)
    out.write(_("What falls due was derived again from the records of every case: {after} items (there were "
                "{before}).").format(after=after, before=before) + "\n")
    return 0
