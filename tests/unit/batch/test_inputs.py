"""Inputs: folders (recursive), zip and tar archives, file lists, streamed one at a time."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

from extract.batch.inputs import count_items, iter_items


def _tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.xml").write_bytes(b"1")
    (root / "a" / "b" / "two.txt").write_bytes(b"2")
    (root / "a" / ".hidden").write_bytes(b"h")
    (root / "a" / ".git").mkdir()
    (root / "a" / ".git" / "config").write_bytes(b"g")
    with zipfile.ZipFile(root / "a" / "b" / "inner.zip", "w") as archive:
        archive.writestr("z/three.html", b"3")
        archive.writestr("__MACOSX/._three.html", b"junk")
        archive.writestr("z/", b"")
    with tarfile.open(root / "pack.tar.gz", "w:gz") as archive:
        for name, data in (("t/four.pdf", b"4"), ("t/five.txt", b"5")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        folder = tarfile.TarInfo("t/sub")
        folder.type = tarfile.DIRTYPE
        archive.addfile(folder)


def test_folders_archives_and_lists(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "files.lst").write_text("# comment\n\na/one.xml\npack.tar.gz\n")
    items = list(iter_items([tmp_path / "a", tmp_path / "pack.tar.gz",
                             f"@{tmp_path / 'files.lst'}"]))
    names = [i.path.replace(str(tmp_path), "") for i in items]
    assert names == [
        "/a/b/inner.zip!/z/three.html", "/a/b/two.txt", "/a/one.xml",
        "/pack.tar.gz!/t/four.pdf", "/pack.tar.gz!/t/five.txt",
        "/a/one.xml", "/pack.tar.gz!/t/four.pdf", "/pack.tar.gz!/t/five.txt",
    ]
    assert [i.read() for i in items] == [b"3", b"2", b"1", b"4", b"5", b"1", b"4", b"5"]
    # files on disk are yielded by path and read on demand; archive members carry their bytes
    assert items[1].file is not None and items[1].data is None
    assert items[0].file is None and items[0].data == b"3"
    assert count_items([tmp_path / "a", tmp_path / "pack.tar.gz"]) == 5


def test_items_are_streamed_one_at_a_time(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "big.zip", "w") as archive:
        for n in range(50):
            archive.writestr(f"f{n:02d}.txt", b"x" * 10)
    stream = iter_items([tmp_path / "big.zip"])
    first = next(stream)
    assert first.path.endswith("big.zip!/f00.txt") and first.data == b"x" * 10
    assert sum(1 for _ in stream) == 49


def test_a_damaged_archive_is_handed_on_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.tar").write_bytes(b"\x00" * 10)
    items = list(iter_items([tmp_path / "broken.zip", tmp_path / "broken.tar"]))
    assert [Path(i.path).name for i in items] == ["broken.zip", "broken.tar"]
    assert all(i.file is not None for i in items)


def test_a_truncated_tar_keeps_the_members_before_the_cut(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name in ("a.txt", "b.txt"):
            info = tarfile.TarInfo(name)
            info.size = 2000
            archive.addfile(info, io.BytesIO(b"y" * 2000))
    (tmp_path / "cut.tar").write_bytes(buffer.getvalue()[:3000])
    items = list(iter_items([tmp_path / "cut.tar"]))
    assert [i.path.rsplit("/", 1)[-1] for i in items][:1] == ["a.txt"]
    assert items[0].data == b"y" * 2000
