"""A party whose name is written in Tibetan script prints in Tibetan on every form, as on screen,
not as boxes; a character no bundled font has still prints as a mark and is warned."""

from __future__ import annotations

import dataclasses

from mediation_app.documents import fonts
from mediation_app.services import Services
from mediation_app.services.context import Actor
from tests.factories import make_case, market_case_input

TIBETAN_NAME = "བཀྲ་ཤིས་དོན་གྲུབ（扎西顿珠）"


def test_a_tibetan_name_prints_in_the_tibetan_font(services: Services, admin: Actor) -> None:
    data = market_case_input()
    buyer = dataclasses.replace(data.parties[0], name=TIBETAN_NAME, ethnicity="藏族")
    case_id = make_case(services, admin, data=dataclasses.replace(data, parties=(buyer, *data.parties[1:])))
    number = services.cases.detail(admin, case_id).number
    for kind in ("register", "notice"):
        doc = services.documents.render(admin, number, kind)
        assert doc.warnings == (), kind
        assert fonts.TIBETAN.encode() in doc.pdf, kind  # the name's run, set in the Tibetan font
    # a character no bundled font draws is still marked and warned (𠮷 is beyond the serif's range)
    other = dataclasses.replace(data.parties[1], name="𠮷田商行", confirm_warnings=True)
    case_id = make_case(services, admin, data=dataclasses.replace(data, parties=(buyer, other)))
    doc = services.documents.render(admin, services.cases.detail(admin, case_id).number, "register")
    assert any("U+20BB7" in w for w in doc.warnings) and not any("U+0F" in w for w in doc.warnings)
