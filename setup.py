"""Build hook: ship resources/ and i18n/ (with compiled .mo catalogues) inside the wheel.

In a checkout the package finds them beside itself; in an installed wheel they live in
``mediation_app/_data``. ``mediation_app.paths`` resolves both.
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
            return
        target = Path(self.build_lib) / "mediation_app" / "_data"
        for name in ("resources", "i18n"):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True)
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in (target / "i18n").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as fh:
                catalog = read_po(fh)
            with po.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog)


setup(cmdclass={"build_py": BuildPyWithData})
