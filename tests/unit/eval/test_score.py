"""Scoring: what counts as right, per field group."""

from __future__ import annotations

from decimal import Decimal

from extract.eval.score import Evaluation, field_group, printed_only, score_filing
from extract.ir.filing import Filing, Issuer, ReportingOwner, ReportingOwnerId
from extract.ir.values import Extracted


def _filing(name: str, cik: str | None = "0001", symbol: str = "ABC") -> Filing:
    return Filing(
        issuer=Issuer(issuer_cik=Extracted(value=cik) if cik else None,
                      issuer_name=Extracted(value=name),
                      issuer_trading_symbol=Extracted(value=symbol)),
        reporting_owners=[ReportingOwner(reporting_owner_id=ReportingOwnerId(
            rpt_owner_name=Extracted(value="DOE JANE")))],
    )


def test_identical_filings_score_one() -> None:
    score = score_filing(_filing("ACME INC"), _filing("ACME INC"))
    assert score.exact and score.total.f1 == 1.0 and score.total.tp == 4


def test_a_wrong_value_is_one_fp_and_one_fn() -> None:
    score = score_filing(_filing("ACME INK"), _filing("ACME INC"))
    assert (score.groups["issuer"].tp, score.groups["issuer"].fp, score.groups["issuer"].fn) == (
        2, 1, 1)
    assert score.groups["owner"].f1 == 1.0
    assert score.mismatches == [("issuer/issuerName", "ACME INK", "ACME INC")]


def test_printed_only_ignores_identifiers_the_form_does_not_show() -> None:
    score = score_filing(_filing("ACME INC", cik=None), _filing("ACME INC"), keep=printed_only)
    assert score.exact
    assert not score_filing(_filing("ACME INC", cik=None), _filing("ACME INC")).exact


def test_missing_prediction_is_all_false_negatives() -> None:
    score = score_filing(None, _filing("ACME INC"))
    assert score.total.tp == 0 and score.total.fn == 4 and score.total.f1 == 0.0


def test_decimals_compare_by_value_and_groups_are_named() -> None:
    from extract.eval.score import _canonical

    assert _canonical(Decimal("50000.00")) == _canonical(Decimal("5E+4")) == "50000"
    assert field_group("derivativeTable/derivativeTransaction[1]/x") == "table2"
    assert field_group("periodOfReport") == "header"


def test_evaluation_counts_failures_against_exact_share() -> None:
    evaluation = Evaluation()
    evaluation.add(score_filing(_filing("A"), _filing("A")))
    evaluation.failures.append(("x", "E004"))
    assert evaluation.documents == 2 and evaluation.exact_share == 0.5
    assert evaluation.to_dict()["failures"] == [{"name": "x", "error": "E004"}]
