"""Where the shipped resources and catalogues live, in a checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root(name: str) -> Path:
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    raise FileNotFoundError(f"{name}/ not found beside the package or in its data")


def resources_dir() -> Path:
    return _root("resources")


def i18n_dir() -> Path:
    return _root("i18n")


def font_path(filename: str) -> Path:
    return resources_dir() / "fonts" / filename


def runtime_dir() -> Path:
    """The per-user folder for short-lived private files (the command line's sign-in tokens): the
    session's runtime folder (``$XDG_RUNTIME_DIR`` on Linux, the user's own and cleared at log-out)
    when there is one, else the per-user configuration folder."""
    import os
    import sys

    from platformdirs import user_config_dir

    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = os.environ.get("XDG_RUNTIME_DIR", "")
        if base and os.path.isdir(base) and os.access(base, os.W_OK):
            return Path(base) / "MediationDesk"
    elif sys.platform == "win32":
        from platformdirs import user_runtime_dir

        return Path(user_runtime_dir("MediationDesk", appauthor=False))
    return Path(user_config_dir("MediationDesk", appauthor=False))
