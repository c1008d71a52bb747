"""Generate made-up but plausible Form 3/4/5 filings (deterministic for a seed).

No real person or company is used: names and issuers are combined from short lists of
common words. The bundled ``corpus/`` is rendered from these by ``python -m extract.synth``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from extract.ir.codes import AcquiredDisposed, DirectIndirect, DocumentType, TransactionCode
from extract.ir.filing import (
    DerivativeHolding,
    DerivativeTable,
    DerivativeTransaction,
    Filing,
    Footnote,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeTable,
    NonDerivativeTransaction,
    OwnershipNature,
    OwnerSignature,
    PostTransactionAmounts,
    ReportingOwner,
    ReportingOwnerAddress,
    ReportingOwnerId,
    ReportingOwnerRelationship,
    TransactionAmounts,
    TransactionCoding,
    UnderlyingSecurity,
)
from extract.ir.values import Extracted

__all__ = ["synthetic_filing", "synthetic_filings"]

FIRST = ["ALEX", "JORDAN", "MORGAN", "TAYLOR", "CASEY", "RILEY", "JAMIE", "AVERY", "QUINN",
         "PAT", "ROBIN", "DANA", "LEE", "SAM", "CHRIS", "KIM"]
LAST = ["HOLLOWAY", "PENROSE", "ASHCROFT", "WYNDHAM", "FAIRBANK", "CALDWELL", "MERRIWEATHER",
        "STANHOPE", "VAN DER BERG", "MCALLISTER", "DE LUCA", "OKAFOR", "LINDQVIST", "TANAKA"]
WORDS = ["NORTHWIND", "BLUE HERON", "QUARRY", "LANTERN", "SUMMIT", "CEDAR", "HARBOR", "ORBITAL",
         "MERIDIAN", "KESTREL", "GRANITE", "SILVERLAKE", "TIDEWATER", "AURORA"]
KINDS = ["THERAPEUTICS", "SYSTEMS", "HOLDINGS", "BANCORP", "ENERGY", "ROBOTICS", "FOODS"]
FORMS = ["INC", "CORP", "INC.", "CO", "LTD"]
STREETS = ["MAIN STREET", "HOLLIS LANE", "MARKET STREET", "PARK AVENUE", "LAKE DRIVE"]
CITIES = [("SPRINGFIELD", "IL", "62701"), ("ST. HELENA", "CA", "94574"), ("AUSTIN", "TX", "78701"),
          ("BOSTON", "MA", "02110"), ("DENVER", "CO", "80202")]
TITLES = ["Chief Executive Officer", "Chief Financial Officer", "General Counsel", "EVP, Sales"]
FOOTNOTES = [
    "The price reported is a weighted average price. These shares were sold in multiple "
    "transactions at prices ranging from ${lo} to ${hi}, inclusive.",
    "Represents restricted stock units that vest in four equal annual installments.",
    "The option vests as to 25% of the shares on the first anniversary of the grant date.",
    "Held by a family trust of which the reporting person is a trustee.",
    "Shares withheld by the issuer to satisfy tax withholding obligations.",
]


def _x(value: Any, notes: tuple[str, ...] = ()) -> Extracted[Any]:
    return Extracted(value=value, footnote_ids=notes)


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high) * 10)


def _price(rng: random.Random) -> Decimal:
    return Decimal(rng.randrange(100, 20000)) / Decimal(100)


def synthetic_filing(seed: int) -> Filing:
    """One made-up filing; the form type, rows and footnotes vary with ``seed``."""
    rng = random.Random(seed)
    doc_type = rng.choice([DocumentType.FORM_4] * 6 + [DocumentType.FORM_4A,
                                                       DocumentType.FORM_3, DocumentType.FORM_5])
    form = doc_type.form
    first, last = rng.choice(FIRST), rng.choice(LAST)
    middle = rng.choice(["", "J", "MARIE", "A"])
    owner_name = " ".join(p for p in (last, first, middle) if p)
    issuer_name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {rng.choice(FORMS)}"
    symbol = "".join(w[0] for w in issuer_name.split()[:2]) + rng.choice("QXZRT")
    city, state, zip_code = rng.choice(CITIES)
    period = date(2004, 1, 1) + timedelta(days=rng.randrange(0, 7000))
    notes: list[Footnote] = []

    def footnote() -> tuple[str, ...]:
        fid = f"F{len(notes) + 1}"
        text = rng.choice(FOOTNOTES).format(lo="10.01", hi="10.99")
        notes.append(Footnote(id=fid, text=_x(text)))
        return (fid,)

    is_officer = rng.random() < 0.5
    owner = ReportingOwner(
        reporting_owner_id=ReportingOwnerId(rpt_owner_name=_x(owner_name)),
        reporting_owner_address=ReportingOwnerAddress(
            rpt_owner_street1=_x(f"{rng.randrange(1, 999)} {rng.choice(STREETS)}"),
            rpt_owner_city=_x(city), rpt_owner_state=_x(state), rpt_owner_zip_code=_x(zip_code),
        ),
        reporting_owner_relationship=ReportingOwnerRelationship(
            is_director=_x(not is_officer), is_officer=_x(is_officer),
            is_ten_percent_owner=_x(False), is_other=_x(False),
            officer_title=_x(rng.choice(TITLES)) if is_officer else None,
        ),
    )
    held = _amount(rng, 1000, 90000)
    nd_tx: list[NonDerivativeTransaction] = []
    nd_hold: list[NonDerivativeHolding] = []
    d_tx: list[DerivativeTransaction] = []
    d_hold: list[DerivativeHolding] = []
    if form == "3":
        nd_hold.append(NonDerivativeHolding(
            security_title=_x("Common Stock"),
            post_transaction_amounts=PostTransactionAmounts(shares_owned_following_transaction=_x(held)),
            ownership_nature=OwnershipNature(direct_or_indirect_ownership=_x(DirectIndirect.DIRECT)),
        ))
        d_hold.append(DerivativeHolding(
            security_title=_x("Stock Option (right to buy)"),
            conversion_or_exercise_price=_x(_price(rng)),
            exercise_date=_x(None, footnote()),
            expiration_date=_x(period + timedelta(days=3650)),
            underlying_security=UnderlyingSecurity(underlying_security_title=_x("Common Stock"),
                                                   underlying_security_shares=_x(_amount(rng, 100, 5000))),
            ownership_nature=OwnershipNature(direct_or_indirect_ownership=_x(DirectIndirect.DIRECT)),
        ))
    else:
        for row in range(rng.randrange(1, 4)):
            code = rng.choice([TransactionCode.S, TransactionCode.P, TransactionCode.A,
                               TransactionCode.F, TransactionCode.M])
            disposed = code in (TransactionCode.S, TransactionCode.F)
            shares = _amount(rng, 10, 900)
            held = held - shares if disposed else held + shares
            nd_tx.append(NonDerivativeTransaction(
                security_title=_x("Common Stock"),
                transaction_date=_x(period + timedelta(days=rng.randrange(0, 3) if row else 0)),
                transaction_coding=TransactionCoding(
                    transaction_form_type=_x(form), transaction_code=_x(code),
                    equity_swap_involved=_x(False)),
                transaction_amounts=TransactionAmounts(
                    transaction_shares=_x(shares),
                    transaction_price_per_share=_x(_price(rng),
                                                   footnote() if rng.random() < 0.3 else ()),
                    transaction_acquired_disposed_code=_x(
                        AcquiredDisposed.DISPOSED if disposed else AcquiredDisposed.ACQUIRED)),
                post_transaction_amounts=PostTransactionAmounts(shares_owned_following_transaction=_x(held)),
                ownership_nature=OwnershipNature(direct_or_indirect_ownership=_x(DirectIndirect.DIRECT)),
            ))
        if rng.random() < 0.5:
            nd_hold.append(NonDerivativeHolding(
                security_title=_x("Common Stock"),
                post_transaction_amounts=PostTransactionAmounts(
                    shares_owned_following_transaction=_x(_amount(rng, 100, 9000))),
                ownership_nature=OwnershipNature(
                    direct_or_indirect_ownership=_x(DirectIndirect.INDIRECT),
                    nature_of_ownership=_x("By Trust", footnote())),
            ))
        if rng.random() < 0.6:
            granted = _amount(rng, 100, 5000)
            d_tx.append(DerivativeTransaction(
                security_title=_x("Stock Option (right to buy)"),
                conversion_or_exercise_price=_x(_price(rng)),
                transaction_date=_x(period),
                transaction_coding=TransactionCoding(
                    transaction_form_type=_x(form), transaction_code=_x(TransactionCode.A),
                    equity_swap_involved=_x(False)),
                transaction_amounts=TransactionAmounts(
                    transaction_shares=_x(granted), transaction_price_per_share=_x(Decimal(0)),
                    transaction_acquired_disposed_code=_x(AcquiredDisposed.ACQUIRED)),
                exercise_date=_x(None, footnote()),
                expiration_date=_x(period + timedelta(days=3652)),
                underlying_security=UnderlyingSecurity(underlying_security_title=_x("Common Stock"),
                                                       underlying_security_shares=_x(granted)),
                post_transaction_amounts=PostTransactionAmounts(shares_owned_following_transaction=_x(granted)),
                ownership_nature=OwnershipNature(direct_or_indirect_ownership=_x(DirectIndirect.DIRECT)),
            ))
    signer = f"/s/ {first.title()} {last.title()}"
    return Filing(
        schema_version=_x("X0306"),
        document_type=_x(doc_type),
        period_of_report=_x(period),
        date_of_original_submission=_x(period + timedelta(days=2)) if doc_type.is_amendment else None,
        not_subject_to_section16=_x(False) if form != "3" else None,
        no_securities_owned=_x(False) if form == "3" else None,
        issuer=Issuer(issuer_cik=_x(f"{rng.randrange(10**6, 10**7):010d}"),
                      issuer_name=_x(issuer_name), issuer_trading_symbol=_x(symbol)),
        reporting_owners=[owner],
        non_derivative_table=NonDerivativeTable(transactions=nd_tx, holdings=nd_hold)
        if nd_tx or nd_hold else None,
        derivative_table=DerivativeTable(transactions=d_tx, holdings=d_hold)
        if d_tx or d_hold else None,
        footnotes=notes,
        remarks=_x("Synthetic filing generated by sec16 for demonstration.")
        if rng.random() < 0.3 else None,
        owner_signatures=[OwnerSignature(signature_name=_x(signer),
                                         signature_date=_x(period + timedelta(days=2)))],
    )


def synthetic_filings(count: int, seed: int = 16) -> list[Filing]:
    return [synthetic_filing(seed * 100_003 + i) for i in range(count)]
