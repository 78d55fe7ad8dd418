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
    platform's runtime folder (``$XDG_RUNTIME_DIR`` on Linux, cleared at log-out) when it is there,
    else the per-user configuration folder."""
    import os

    from platformdirs import user_config_dir, user_runtime_dir

    runtime = Path(user_runtime_dir("MediationDesk", appauthor=False))
    parent = runtime.parent
    if parent.is_dir() and os.access(parent, os.W_OK):
        return runtime
    return Path(user_config_dir("MediationDesk", appauthor=False))
