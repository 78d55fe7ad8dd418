"""Who may do what: the role × action matrix, in one place.

Separation of duties as in GB/T 22239 (三员分立) adapted to a mediation committee:

* a **mediator** reads the cases of their committee and changes only the cases they are assigned
  to (presiding or assisting);
* a **committee head** changes any case of the committee and supervises (voids, archives, decides
  recusals, overrides a conflict);
* a **system administrator** keeps accounts, settings and backups and sees no case content unless
  the account also holds a case role;
* an **audit administrator** reads the audit log and nothing else (no personal data);
* a **window clerk** (窗口) of a one-stop centre registers a dispute once and routes it to a
  committee or to a department; the clerk reads the window's cases and changes none.

Roles are held per committee (an account may be a mediator in the market room and a head in the
centre's own committee); the administrator and auditor roles are the account's, in every
committee. The head of the centre's own committee (kind "centre") reads every committee's cases;
changing a case still needs a role in the case's own committee.

An account may hold several roles (a market room has one or two people); an action is allowed when
any of the account's roles allows it. An auditor holds no other role.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from mediation_app.domain.enums import Role
from mediation_app.i18n import N_, _, pgettext


class Perm(enum.Enum):
    READ_CASE = "read_case"  # case content of the committee: parties, facts, documents
    EDIT_CASE = "edit_case"  # any change to a case (needs assignment for a mediator)
    REGISTER_CASE = "register_case"  # register a new case, quick entry
    ASSIGN = "assign"  # assign or release mediators of a case
    SUPERVISE = "supervise"  # void, archive, decide recusals, override a conflict
    REVEAL_ID = "reveal_id"  # see full ID numbers and phones outside the case's own forms
    MANAGE_MEDIATORS = "manage_mediators"  # the mediator roster
    MANAGE_LISTS = "manage_lists"  # refusal reasons, routes, dispute sub-types
    MANAGE_USERS = "manage_users"  # accounts, roles, password resets
    VIEW_USERS = "view_users"  # the list of accounts (names and roles only)
    MANAGE_SETTINGS = "manage_settings"  # committee settings, numbering
    BACKUP_RESTORE = "backup_restore"
    READ_AUDIT = "read_audit"  # read, filter, export and verify the audit log
    LOAD_DEMO = "load_demo"  # fill a database with synthetic demonstration cases
    MANAGE_COMMITTEES = "manage_committees"  # add, edit and retire the centre's committees
    ROUTE_CASE = "route_case"  # register at the centre's window and route to a committee or department
    FUND_RECORD = "fund_record"  # record recoveries into the market's advance compensation fund, print receipts
    FUND_APPROVE = "fund_approve"  # approve payments out of the fund, top it up, reverse an entry


# Actions whose answer for a mediator depends on whether they are assigned to the case.
CASE_BOUND = frozenset({Perm.EDIT_CASE, Perm.ASSIGN, Perm.REVEAL_ID})

_M, _H, _A, _U, _W = Role.MEDIATOR, Role.HEAD, Role.ADMIN, Role.AUDITOR, Role.WINDOW
ASSIGNED = "assigned"  # marker: allowed only on the cases the mediator is assigned to

# The matrix. A role missing from a row may not do the action.
MATRIX: dict[Perm, dict[Role, bool | str]] = {
    Perm.READ_CASE: {_M: True, _H: True, _W: True},
    Perm.EDIT_CASE: {_M: ASSIGNED, _H: True},
    Perm.REGISTER_CASE: {_M: True, _H: True, _W: True},
    Perm.ASSIGN: {_M: ASSIGNED, _H: True},
    Perm.SUPERVISE: {_H: True},
    Perm.REVEAL_ID: {_M: ASSIGNED, _H: True},
    Perm.MANAGE_MEDIATORS: {_H: True, _A: True},
    Perm.MANAGE_LISTS: {_H: True, _A: True},
    Perm.MANAGE_USERS: {_A: True},
    Perm.VIEW_USERS: {_H: True, _A: True, _U: True},
    Perm.MANAGE_SETTINGS: {_A: True},
    Perm.BACKUP_RESTORE: {_A: True},
    Perm.READ_AUDIT: {_U: True},
    Perm.LOAD_DEMO: {_H: True, _A: True},
    Perm.MANAGE_COMMITTEES: {_A: True},
    Perm.ROUTE_CASE: {_H: True, _W: True},
    Perm.FUND_RECORD: {_M: True, _H: True, _A: True},
    Perm.FUND_APPROVE: {_H: True, _A: True},
}

_ACTION_WORDS = {
    Perm.READ_CASE: N_("read case records"),
    Perm.EDIT_CASE: N_("change this case"),
    Perm.REGISTER_CASE: N_("register cases"),
    Perm.ASSIGN: N_("assign mediators to this case"),
    Perm.SUPERVISE: N_("void, archive or decide on this case as a committee head"),
    Perm.REVEAL_ID: N_("see full ID numbers and phones"),
    Perm.MANAGE_MEDIATORS: N_("keep the mediator roster"),
    Perm.MANAGE_LISTS: N_("change the lists of reasons, routes and sub-types"),
    Perm.MANAGE_USERS: N_("manage user accounts"),
    Perm.VIEW_USERS: N_("see the user accounts"),
    Perm.MANAGE_SETTINGS: N_("change the committee's settings"),
    Perm.BACKUP_RESTORE: N_("make or restore backups"),
    Perm.READ_AUDIT: N_("read the audit log"),
    Perm.LOAD_DEMO: N_("load demonstration data"),
    Perm.MANAGE_COMMITTEES: N_("add, change or retire committees"),
    Perm.ROUTE_CASE: N_("register disputes at the window and route them"),
    Perm.FUND_RECORD: N_("record entries of the advance compensation fund"),
    Perm.FUND_APPROVE: N_("approve payments out of the advance compensation fund"),
}

# Roles an account holds in every committee it belongs to (the rest are held per committee).
ACCOUNT_ROLES = frozenset({Role.ADMIN, Role.AUDITOR})
# Roles that work with a committee's cases (membership in that sense).
CASE_ROLES = frozenset({Role.MEDIATOR, Role.HEAD, Role.WINDOW})


def allowed(roles: Iterable[Role], action: Perm, assigned: bool = False) -> bool:
    """May an account holding ``roles`` do ``action``? ``assigned``: is the account's mediator
    assigned to the case in question (ignored for actions not bound to one case)."""
    row = MATRIX[action]
    for role in roles:
        cell = row.get(Role(role), False)
        if cell is True or (cell == ASSIGNED and assigned):
            return True
    return False


def roles_allowed(action: Perm) -> tuple[Role, ...]:
    """The roles that may do ``action`` (on any case)."""
    return tuple(r for r in Role if r in MATRIX[action])


def denial(roles: Iterable[Role], action: Perm, assigned: bool = False) -> str:
    """Why ``action`` is refused, as one translated sentence ('' when it is allowed)."""
    roles = tuple(Role(r) for r in roles)
    if allowed(roles, action, assigned):
        return ""
    what = _(_ACTION_WORDS[action])
    if action in CASE_BOUND and any(MATRIX[action].get(r) == ASSIGNED for r in roles):
        return _("Only the mediators assigned to this case or a committee head may {action}.").format(action=what)
    sep = pgettext("list separator", ", ")
    names = sep.join(r.label() for r in roles) or _("no role")
    who = sep.join(r.label() for r in roles_allowed(action))
    return _("Your account ({roles}) may not {action}; that needs: {allowed}.").format(
        roles=names, action=what, allowed=who)


def combination_problem(roles: Iterable[Role]) -> str | None:
    """Roles that one account may not hold together ('' when the set is fine)."""
    roles = frozenset(Role(r) for r in roles)
    if not roles:
        return _("Give the account at least one role.")
    if Role.AUDITOR in roles and len(roles) > 1:
        return _("An audit administrator holds no other role (separation of duties).")
    return None
