"""``render --to scan``: deterministic, degraded by level, readable as images."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extract.errors import ConfigError
from extract.ir.filing import Filing
from extract.readers.xml import read_ownership_xml
from extract.render.scan import NOISE, render_scan, scan_images


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Filing:
    xml = shared_dir / "seed" / "form4-immunogen-2008.expected.xml"
    return read_ownership_xml(xml.read_bytes(), path=str(xml)).filing


def test_same_seed_same_bytes_other_seed_other_bytes(seed: Filing) -> None:
    one = render_scan(seed, dpi=100, noise="light", seed=3)
    assert one.startswith(b"%PDF") and one == render_scan(seed, dpi=100, noise="light", seed=3)
    assert one != render_scan(seed, dpi=100, noise="light", seed=4)


def test_tiff_has_one_frame_per_page_at_the_dpi(seed: Filing) -> None:
    data = render_scan(seed, dpi=100, noise="clean", fmt="tiff")
    with Image.open(io.BytesIO(data)) as image:
        assert image.info["dpi"][0] == pytest.approx(100)
        assert image.size == (1100, 850)  # US Letter landscape at 100 dpi


def test_heavier_noise_degrades_more(seed: Filing) -> None:
    clean, heavy = (np.asarray(scan_images(seed, dpi=100, noise=n, seed=1)[0], dtype=float)
                    for n in ("clean", "heavy"))
    # faded ink: the darkest pixels are lighter; grain: the paper is no longer flat white
    assert np.percentile(heavy, 1) > np.percentile(clean, 1)
    assert heavy[heavy > 200].std() > clean[clean > 200].std()
    assert set(NOISE) == {"clean", "light", "heavy"}


def test_unknown_noise_is_a_config_error(seed: Filing) -> None:
    with pytest.raises(ConfigError):
        scan_images(seed, noise="smudged")
