"""What a batch reads: files, directories (recursively), zip and tar archives and file lists,
as a stream of ``InputItem``s, one at a time.

- A directory yields its files in sorted order (hidden files and folders skipped); zip and tar
  archives found inside it are opened too.
- A zip or tar archive (``.zip``, ``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.bz2``, ``.tar.xz``)
  yields its regular members, read one at a time (tar in streaming mode), named
  ``ARCHIVE!/MEMBER``. An archive that does not open is yielded as a plain file, so the
  pipeline refuses it with its reason and the batch goes on.
- A file list (``@LIST`` or a file named ``*.lst`` / ``*.list``) names one input per line
  (relative to the list's folder; blank lines and ``#`` comments skipped).

Files on disk are yielded by path, not read: ``InputItem.read()`` reads them when needed.
"""

from __future__ import annotations

import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["InputItem", "count_items", "is_archive", "iter_items"]

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_LIST_SUFFIXES = (".lst", ".list")


@dataclass(frozen=True, slots=True)
class InputItem:
    """One document to convert: its display path, and either its file or its bytes."""

    path: str
    file: Path | None = None
    data: bytes | None = None
    error: str | None = None
    """Why the item could not be read out of its archive (it is then failed with E050)."""

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.file is not None
        return self.file.read_bytes()


def _hidden(parts: Iterable[str]) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def is_archive(path: Path) -> str | None:
    """``zip``, ``tar`` or None, from the file name."""
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith(_TAR_SUFFIXES):
        return "tar"
    return None


def _zip_items(path: Path, *, with_data: bool) -> Iterator[InputItem] | None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None

    def members() -> Iterator[InputItem]:
        with archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or _hidden(info.filename.split("/")):
                    continue
                name = f"{path}!/{info.filename}"
                if not with_data:
                    yield InputItem(name)
                    continue
                try:
                    data = archive.read(info)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                    yield InputItem(name, data=b"", error=f"{type(exc).__name__}: {exc}"[:160])
                    continue
                yield InputItem(name, data=data)

    return members()


def _tar_items(path: Path, *, with_data: bool) -> Iterator[InputItem] | None:
    try:
        archive = tarfile.open(path, "r|*")  # noqa: SIM115 - closed by members()
    except (tarfile.TarError, OSError):
        return None

    def members() -> Iterator[InputItem]:
        with archive:
            try:
                for member in archive:
                    if not member.isfile() or _hidden(member.name.split("/")):
                        continue
                    name = f"{path}!/{member.name}"
                    if not with_data:
                        yield InputItem(name)
                        continue
                    handle = archive.extractfile(member)
                    yield InputItem(name, data=handle.read() if handle else b"")
            except (tarfile.TarError, OSError, EOFError):
                return  # a truncated tar: what was read is kept

    return members()


def _expand_file(path: Path, *, with_data: bool, lists: bool) -> Iterator[InputItem]:
    kind = is_archive(path)
    members = None
    if kind == "zip":
        members = _zip_items(path, with_data=with_data)
    elif kind == "tar":
        members = _tar_items(path, with_data=with_data)
    if members is not None:
        yield from members
        return
    if lists and path.name.lower().endswith(_LIST_SUFFIXES):
        yield from _list_items(path, with_data=with_data)
        return
    yield InputItem(str(path), file=path)


def _list_items(path: Path, *, with_data: bool) -> Iterator[InputItem]:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        yield InputItem(str(path), file=path)
        return
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        target = Path(entry)
        if not target.is_absolute():
            target = path.parent / target
        yield from _expand(target, with_data=with_data, lists=False)


def _expand(item: Path, *, with_data: bool, lists: bool) -> Iterator[InputItem]:
    if item.is_dir():
        for path in sorted(item.rglob("*")):
            if path.is_file() and not _hidden(path.parts[len(item.parts):]):
                yield from _expand_file(path, with_data=with_data, lists=False)
    else:
        yield from _expand_file(item, with_data=with_data, lists=lists)


def iter_items(inputs: Iterable[str | Path], *, with_data: bool = True) -> Iterator[InputItem]:
    """Every document under ``inputs``, streamed (archive members read one at a time)."""
    for raw in inputs:
        text = str(raw)
        if text.startswith("@"):
            yield from _list_items(Path(text[1:]), with_data=with_data)
        else:
            yield from _expand(Path(text), with_data=with_data, lists=True)


def count_items(inputs: Iterable[str | Path]) -> int:
    """How many documents ``iter_items`` yields (names only; a compressed tar is read once)."""
    return sum(1 for _ in iter_items(inputs, with_data=False))
