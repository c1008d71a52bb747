"""The pipeline's linking stage: a rendering shows no CIKs; the registry supplies them."""

from __future__ import annotations

from pathlib import Path

from extract.linking.importers import build_from_dir
from extract.linking.registry import Registry
from extract.pipeline import extract_bytes
from extract.readers.xml import read_ownership_xml
from extract.render import render_bytes


def test_rendered_filing_gets_its_ciks_from_the_registry(tmp_path: Path, shared_dir: Path,
                                                         dev_xml_paths: list[Path]) -> None:
    db = tmp_path / "registry.sqlite"
    registry = Registry(str(db))
    build_from_dir(registry, shared_dir / "corpus" / "dev")
    registry.close()
    truth = read_ownership_xml(dev_xml_paths[3].read_bytes()).filing
    text = render_bytes(truth, "text")
    plain = extract_bytes(text, path="x.txt")
    assert plain.filing is not None and plain.filing.issuer.issuer_cik is None
    linked = extract_bytes(text, path="x.txt", settings={"registry": str(db)})
    assert linked.filing is not None
    issuer_cik = linked.filing.issuer.issuer_cik
    assert issuer_cik is not None and truth.issuer.issuer_cik is not None
    assert issuer_cik.value == truth.issuer.issuer_cik.value
    assert issuer_cik.provenance is not None and issuer_cik.provenance.stage == "linking"
    owner = linked.filing.reporting_owners[0].reporting_owner_id.rpt_owner_cik
    want = truth.reporting_owners[0].reporting_owner_id.rpt_owner_cik
    assert owner is not None and want is not None and owner.value == want.value
    roles = {link["role"]: link["decision"] for link in linked.links}
    assert roles["issuer"] == "linked" and roles["reportingOwner"] == "linked"
