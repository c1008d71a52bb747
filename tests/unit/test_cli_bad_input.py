"""Bad input: one line on stderr naming the file and the problem, exit code 2, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<ownershipDocument><documentType>&lol4;</documentType></ownershipDocument>"""

CASES = {
    "empty.xml": b"",
    "blank.txt": b"   \n\n  ",
    "garbage.bin": bytes(range(256)) * 8,
    "truncated.xml": b"<?xml version='1.0'?><ownershipDocument><documentType>4</docu",
    "bomb.xml": BOMB,
    "page.html": b"<html><head><title>Welcome</title></head><body><p>Nothing here.</p></body></html>",
    "letter.txt": b"Dear shareholder,\nThe annual meeting will be held on May 5.\n",
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], capture_output=True,
                          text=True, timeout=60)


def _assert_one_clear_line(proc: subprocess.CompletedProcess[str], name: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert name in lines[0] and "Traceback" not in proc.stderr
    assert " E0" in lines[0]  # a coded message


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(CASES[name])
    before = path.read_bytes()
    proc = run_cli("extract", str(path))
    _assert_one_clear_line(proc, name)
    assert proc.stdout == ""
    assert path.read_bytes() == before  # nothing the user gave is changed


def test_directory_is_refused(tmp_path: Path) -> None:
    _assert_one_clear_line(run_cli("extract", str(tmp_path)), tmp_path.name)


def test_schedule_13d_is_recognised_as_not_a_form(shared_dir: Path) -> None:
    negatives = sorted((shared_dir / "corpus" / "negatives").rglob("*.*"))
    documents = [p for p in negatives if p.suffix.lower() in (".htm", ".html", ".txt", ".xml")]
    assert documents
    for path in documents:
        proc = run_cli("extract", str(path))
        _assert_one_clear_line(proc, path.name)


def test_batch_of_inputs_goes_on_past_a_bad_one(tmp_path: Path, dev_xml_paths: list[Path]
                                                ) -> None:
    bad = tmp_path / "empty.xml"
    bad.write_bytes(b"")
    proc = run_cli("extract", str(bad), str(dev_xml_paths[0]), "--format", "csv")
    assert proc.returncode == 2
    assert "empty.xml" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout.startswith("sourcePath,") and str(dev_xml_paths[0]) in proc.stdout


@pytest.mark.engine
@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="the image-only PDF is OCR'd: needs tesseract (CI installs it)")
def test_broken_encrypted_and_image_only_pdfs(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    encrypted = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(encrypted), encrypt=pdfencrypt.StandardEncryption("pw"))
    pdf.drawString(72, 720, "FORM 4")
    pdf.save()
    blank = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(blank))
    page.showPage()  # one page with nothing on it: no text layer
    page.save()
    # an image-only PDF goes to OCR, which finds the page blank
    for path, code in ((broken, "E021"), (encrypted, "E024"), (blank, "E026")):
        proc = run_cli("extract", str(path))
        _assert_one_clear_line(proc, path.name)
        assert f" {code} " in proc.stderr


def test_an_unexpected_stage_failure_is_recorded_not_raised(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """A bug in one stage must not end a batch: the result is FAILED with code E900."""
    import extract.pipeline as pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pipeline, "_read", broken)
    DOC = b"<ownershipDocument><documentType>4</documentType></ownershipDocument>"  # noqa: N806
    result = pipeline.extract_bytes(DOC, path="x.xml")
    assert result.status.value == "failed"
    assert [e.code for e in result.errors] == ["E900"]
    assert "ZeroDivisionError" in result.errors[0].message
    with pytest.raises(ZeroDivisionError):
        pipeline.extract_bytes(DOC, path="x.xml", settings={"strict": True})
