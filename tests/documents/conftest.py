"""Rendered sample documents, shared by the tests (rendering costs CPU: do it once)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from mediation_app.documents import render_case_file, render_document, samples


def pdf_pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages_text(pdf))


def squash(text: str) -> str:
    """Text without whitespace: CJK extraction puts line breaks anywhere."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def market():
    return samples.market_case()


@pytest.fixture(scope="session")
def family():
    return samples.family_case()


@pytest.fixture(scope="session")
def market_agreement(market):
    return render_document("agreement", market)


@pytest.fixture(scope="session")
def market_file(market):
    return render_case_file(market)


@pytest.fixture(scope="session")
def family_file(family):
    return render_case_file(family)
