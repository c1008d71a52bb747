"""Input sniffing: every dev input is recognised, and bad inputs get distinct one-line codes."""

from __future__ import annotations

import contextlib
import random
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.errors import InputError
from extract.ir.result import MediaKind
from extract.readers.sniff import decode_text, sniff

EXPECTED_KIND = {
    "ownership-xml": MediaKind.OWNERSHIP_XML,
    "ownership-xml-in-sgml": MediaKind.SGML,
    "legacy-or-header-txt": MediaKind.SGML,
    "edgar-rendered-html": MediaKind.HTML_RENDERING,
    "poa-exhibit": MediaKind.POA_EXHIBIT,
    "poa-scan-image-html": MediaKind.POA_EXHIBIT,
}

SMALL_XML = (
    b'<?xml version="1.0"?>\n<ownershipDocument><documentType>4</documentType>'
    b"</ownershipDocument>\n"
)


def code_of(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        sniff(data, "input.bin")
    error = info.value
    assert "\n" not in str(error) and str(error).startswith("input.bin: E")
    return error.code


def test_every_dev_input_is_recognised(shared_dir: Path, dev_index: list[dict[str, str]]) -> None:
    checked = 0
    for row in dev_index:
        expected = EXPECTED_KIND.get(row["kind"])
        if expected is None:
            continue
        data = (shared_dir / "corpus" / row["path"]).read_bytes()
        if row["path"].endswith("0001094891-00-000193.txt"):
            expected = MediaKind.LEGACY_TEXT  # the real 2000 ASCII Form 4: no XML inside
        assert sniff(data, row["path"]) is expected, row["path"]
        checked += 1
    assert checked >= 270


def test_seed_text_and_xml(shared_dir: Path) -> None:
    seed = shared_dir / "seed"
    text = (seed / "form4-immunogen-2008.txt").read_bytes()
    assert sniff(text, "seed.txt") is MediaKind.TEXT_RENDERING
    xml = (seed / "form4-immunogen-2008.expected.xml").read_bytes()
    assert sniff(xml, "seed.xml") is MediaKind.OWNERSHIP_XML
    # cp1252 bytes (a curly quote) still decode and classify
    assert sniff(text.replace(b"Company", b"\x93Company\x94"), "x.txt") is MediaKind.TEXT_RENDERING


@pytest.mark.parametrize(
    "title",
    [
        "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
        "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
        "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
    ],
)
def test_text_rendering_titles(title: str) -> None:
    text = f"FORM\n{title}\n\nTable I - Non-Derivative Securities Beneficially Owned\n"
    assert sniff(text.encode(), "f.txt") is MediaKind.TEXT_RENDERING
    html = f"<html><body><b>{title}</b><table><tr><td>Table I - Non-Derivative Securities"
    assert sniff(html.encode(), "f.htm") is MediaKind.HTML_RENDERING


def test_schedule_13_negatives(shared_dir: Path) -> None:
    negatives = sorted((shared_dir / "corpus" / "negatives").rglob("*.htm"))
    assert negatives
    for path in negatives:
        with pytest.raises(InputError) as info:
            sniff(path.read_bytes(), str(path))
        assert info.value.code == "E005"
        assert "Schedule 13D/13G, not a Form 3, 4 or 5" in info.value.message


def test_empty_inputs() -> None:
    assert code_of(b"") == "E002"
    assert code_of(b" \r\n\t  \n") == "E002"
    assert code_of(b"\xef\xbb\xbf  \n") == "E002"
    assert code_of(b"<html><body>  </body></html>") == "E002"


def test_binary_inputs() -> None:
    # page images go to the OCR reader
    assert sniff(b"\x89PNG\r\n\x1a\n" + bytes(200), "p.png") is MediaKind.SCAN
    assert sniff(b"\xff\xd8\xff\xe0" + bytes(200), "p.jpg") is MediaKind.SCAN
    assert code_of(b"PK\x03\x04" + bytes(200)) == "E003"
    assert code_of(random.Random(16).randbytes(4096)) == "E003"
    assert code_of(zlib.compress(b"form 4" * 500)) == "E003"
    # a PDF goes to the PDF reader, which tells a text layer from a scan or a broken file
    assert sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "f.pdf") is MediaKind.PDF


def test_xml_variants() -> None:
    assert sniff(SMALL_XML, "a.xml") is MediaKind.OWNERSHIP_XML
    assert sniff(b"\xef\xbb\xbf\n  \n" + SMALL_XML, "a.xml") is MediaKind.OWNERSHIP_XML
    commented = b"<!-- EDGAR -->\n<?xml-stylesheet href='x'?>" + SMALL_XML.split(b"\n", 1)[1]
    assert sniff(commented, "a.xml") is MediaKind.OWNERSHIP_XML
    namespaced = b'<o:ownershipDocument xmlns:o="urn:x"><o:a/></o:ownershipDocument>'
    assert sniff(namespaced, "a.xml") is MediaKind.OWNERSHIP_XML
    utf16 = SMALL_XML.decode().replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16")
    assert sniff(utf16, "a.xml") is MediaKind.OWNERSHIP_XML


def test_wrong_root_and_truncated_xml(shared_dir: Path) -> None:
    assert code_of(b'<?xml version="1.0"?><edgarSubmission><a/></edgarSubmission>') == "E011"
    assert code_of(b"<root/>") == "E011"
    seed = (shared_dir / "seed" / "form4-immunogen-2008.expected.xml").read_bytes()
    assert code_of(seed[: len(seed) // 2]) == "E010"
    assert code_of(seed.rstrip()[:-3]) == "E010"


def test_xml_bomb_is_refused_fast_and_unexpanded() -> None:
    levels = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 12))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE ownershipDocument [<!ENTITY l0 "lol">{levels}]>'
        "<ownershipDocument>&l11;</ownershipDocument>"
    ).encode()
    tracemalloc.start()
    try:
        assert code_of(bomb) == "E012"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # 10**11 expanded characters would need ~100 GB
    xxe = b'<!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><ownershipDocument>&x;</ownershipDocument>'
    assert code_of(xxe) == "E012"


def test_not_a_filing() -> None:
    assert code_of(b"<html><head><title>News</title></head><body><p>Stocks rose.</p>") == "E004"
    assert code_of(b"Dear shareholder,\nThe annual meeting will be held in May.\n") == "E004"
    assert code_of(b'{"submission": {"TYPE": "4"}}') == "E004"


def test_schedule_13_text_and_other_submissions() -> None:
    assert code_of(b"SECURITIES AND EXCHANGE COMMISSION\nSCHEDULE 13G\nUnder the Act") == "E005"
    header = b"<SEC-DOCUMENT>x\n<SEC-HEADER>x\nACCESSION NUMBER:\t\t1\nCONFORMED SUBMISSION TYPE:\t"
    assert code_of(header + b"SC 13G/A\n") == "E005"
    assert code_of(header + b"10-K\n") == "E023"
    assert sniff(header + b"4/A\n", "x.txt") is MediaKind.SGML


def test_power_of_attorney_text_is_not_a_rendering() -> None:
    poa = (
        b"POWER OF ATTORNEY\n\nKnow all by these presents that the undersigned appoints "
        b"Jane Roe as attorney-in-fact to sign Forms 3, 4 and 5 (Statement of Changes in "
        b"Beneficial Ownership) and Schedules 13D and 13G.\n"
    )
    assert sniff(poa, "poa.txt") is MediaKind.POA_EXHIBIT


def test_decode_text_fallbacks() -> None:
    assert decode_text("caf\u00e9".encode()) == "caf\u00e9"
    assert decode_text(b"\x93quoted\x94") == "\u201cquoted\u201d"
    assert decode_text(b"\x81") == "\x81"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_sniff_returns_a_kind_or_a_coded_input_error(data: bytes) -> None:
    try:
        kind = sniff(data, "any")
    except InputError as error:
        assert error.code in {"E002", "E003", "E004", "E005", "E010", "E011", "E012", "E023"}
    else:
        assert isinstance(kind, MediaKind)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_sniff_on_any_text(text: str) -> None:
    for data in (
        text.encode(),
        ("<ownershipDocument>" + text).encode(),
        ("<html>" + text).encode(),
    ):
        with contextlib.suppress(InputError):
            assert isinstance(sniff(data, "any"), MediaKind)
