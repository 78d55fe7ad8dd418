"""Build hook: ship resources/ and i18n/ (with compiled .mo catalogues) inside the wheel.

In a checkout the package finds them beside itself; in an installed wheel they live in
``mediation_app/_data``. ``mediation_app.paths`` resolves both. An editable install compiles the
catalogues in the checkout, so that no start has to (``mediation_app.i18n`` recompiles a ``.po``
that is newer than its ``.mo``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogues(ROOT / "i18n")
            return
        target = Path(self.build_lib) / "mediation_app" / "_data"
        for name in ("resources", "i18n"):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True)
        compile_catalogues(target / "i18n")


def compile_catalogues(folder: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in folder.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)


setup(cmdclass={"build_py": BuildPyWithData})
