"""The Ray engine runs the same tasks as the local one and writes the same outputs."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.batch.local import run_batch
from extract.batch.synth import make_archive

ray = pytest.importorskip("ray", reason="the Ray engine needs ray (pip install 'sec16[ray]')")


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".json", ".xml", ".csv") and p.name != "summary.json"}


def test_ray_and_local_give_identical_outputs(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in", filings=6, scans=0, binders=1, bad=False, seed=5)
    archive_files = archive.inputs
    local = run_batch(archive_files, tmp_path / "local", workers=1)
    on_ray = run_batch(archive_files, tmp_path / "ray", workers=2, engine="ray")
    assert not ray.is_initialized()  # the engine shut down the instance it started
    assert on_ray.engine == "ray" and on_ray.converted == local.converted == archive.documents
    assert on_ray.filings == local.filings == archive.filings
    assert on_ray.by_status == local.by_status
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    for name in ("transactions", "holdings", "footnotes", "poa", "links"):
        assert pq.read_table(tmp_path / "ray" / f"{name}.parquet").equals(
            pq.read_table(tmp_path / "local" / f"{name}.parquet")), name
