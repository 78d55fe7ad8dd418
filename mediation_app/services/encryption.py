"""Opening an encrypted database: which URL to use, and the passphrase rules.

Encryption is chosen when the database is created (``init --encrypt`` or the set-up); an existing
plain file is never converted in place. Every start then needs the passphrase.
"""

from __future__ import annotations

from mediation_app.i18n import _
from mediation_app.services.errors import AuthenticationFailed, ValidationFailed
from mediation_app.storage.encryption import (
    MIN_PASSPHRASE,
    encrypted_url,
    is_encrypted,
    opens_with,
    remember_key,
    sqlite_file_of,
)

PASSPHRASE_NEEDED = "passphrase_needed"


def needs_passphrase(url: str) -> bool:
    """Is ``url`` an existing encrypted SQLite file?"""
    path = sqlite_file_of(url)
    return path is not None and is_encrypted(path)


def passphrase_opens(url: str, passphrase: str) -> bool:
    path = sqlite_file_of(url)
    return path is not None and opens_with(path, passphrase)


def passphrase_problem(passphrase: str) -> str | None:
    if len(passphrase) < MIN_PASSPHRASE:
        return _("The passphrase needs at least {n} characters; a few words you will not forget are best.").format(
            n=MIN_PASSPHRASE)
    return None


def database_url(url: str, passphrase: str | None, *, encrypt_new: bool = False) -> str:
    """The URL to open: for an encrypted file (or a new one to encrypt) the SQLCipher URL with the
    key; a wrong or missing passphrase is refused with one sentence, before anything is opened."""
    path = sqlite_file_of(url)
    if path is None:
        if encrypt_new:
            raise ValidationFailed(message=_("Only a database file on this computer can be encrypted."))
        return url
    if is_encrypted(path):
        if not passphrase:
            raise AuthenticationFailed(_("This database is encrypted (or it is not a Mediation Desk database); its "
                                         "passphrase is needed to open it."),
                                       code=PASSPHRASE_NEEDED)
        if not opens_with(path, passphrase):
            raise AuthenticationFailed(_("The passphrase does not open this database (or the file is damaged)."),
                                       code=PASSPHRASE_NEEDED)
        remember_key(path, passphrase)
        return encrypted_url(path, passphrase)
    if not encrypt_new:
        return url
    if path.exists() and path.stat().st_size > 0:
        raise ValidationFailed(message=_("{path} exists and is not encrypted; encryption is chosen when a database "
                                         "is created.").format(path=path))
    problem = passphrase_problem(passphrase or "")
    if problem:
        raise ValidationFailed({"passphrase": problem})
    assert passphrase is not None
    remember_key(path, passphrase)
    return encrypted_url(path, passphrase)
