"""``Filing``: a typed, frozen mirror of the SEC ``ownershipDocument``.

Attribute names are the XSD element names in snake_case; the XSD names are the pydantic
aliases. Fields are declared in the schema's element order, so XML export is a walk.
Every leaf is an ``Extracted[T]``; ``None`` means the element is absent from the document.
Leaves marked ``Wrapped`` are written as ``<name><value>..</value><footnoteId/>..</name>``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from extract.ir.codes import (
    AcquiredDisposed,
    DirectIndirect,
    DocumentType,
    Timeliness,
    TransactionCode,
)
from extract.ir.values import Extracted

__all__ = [
    "Wrapped",
    "Node",
    "Issuer",
    "ReportingOwnerId",
    "ReportingOwnerAddress",
    "ReportingOwnerRelationship",
    "ReportingOwner",
    "TransactionCoding",
    "HoldingCoding",
    "TransactionAmounts",
    "PostTransactionAmounts",
    "OwnershipNature",
    "UnderlyingSecurity",
    "NonDerivativeTransaction",
    "NonDerivativeHolding",
    "DerivativeTransaction",
    "DerivativeHolding",
    "NonDerivativeTable",
    "DerivativeTable",
    "Footnote",
    "OwnerSignature",
    "Filing",
]


class _WrappedMarker:
    """Annotated metadata: the element holds ``<value>`` and ``<footnoteId>`` children."""

    def __repr__(self) -> str:
        return "Wrapped"


Wrapped = _WrappedMarker()

# Leaf aliases used below.
Text = Extracted[str]
Num = Extracted[Decimal]
Day = Extracted[date]
Flag = Extracted[bool]
WText = Annotated[Extracted[str], Wrapped]
WNum = Annotated[Extracted[Decimal], Wrapped]
WDay = Annotated[Extracted[date], Wrapped]
WFlag = Annotated[Extracted[bool], Wrapped]


class Node(BaseModel):
    """Base of every element group: frozen, aliases are the XSD names."""

    model_config = ConfigDict(
        frozen=True, alias_generator=to_camel, populate_by_name=True, extra="forbid"
    )
    #: attribute whose ``footnote_ids`` are written as this group's trailing ``<footnoteId>``s
    trailing_footnotes_from: ClassVar[str | None] = None


class Issuer(Node):
    issuer_cik: Text | None = None
    issuer_name: Text | None = None
    issuer_trading_symbol: Text | None = None


class ReportingOwnerId(Node):
    rpt_owner_cik: Text | None = None
    rpt_owner_ccc: Text | None = None
    rpt_owner_name: Text | None = None


class ReportingOwnerAddress(Node):
    rpt_owner_street1: Text | None = None
    rpt_owner_street2: Text | None = None
    rpt_owner_city: Text | None = None
    rpt_owner_state: Text | None = None
    rpt_owner_zip_code: Text | None = None
    rpt_owner_state_description: Text | None = None
    rpt_owner_good_address: Flag | None = None


class ReportingOwnerRelationship(Node):
    is_director: Flag | None = None
    is_officer: Flag | None = None
    is_ten_percent_owner: Flag | None = None
    is_other: Flag | None = None
    officer_title: Text | None = None
    other_text: Text | None = None


class ReportingOwner(Node):
    reporting_owner_id: ReportingOwnerId = Field(default_factory=ReportingOwnerId)
    reporting_owner_address: ReportingOwnerAddress | None = None
    reporting_owner_relationship: ReportingOwnerRelationship = Field(
        default_factory=ReportingOwnerRelationship
    )


class TransactionCoding(Node):
    """Columns 3 (Table I) / 4 (Table II): form type, code, V, equity swap.

    Footnotes printed at the code are kept on ``transaction_code.footnote_ids`` and written
    as the group's trailing ``<footnoteId>`` elements, as the XSD places them.
    """

    trailing_footnotes_from: ClassVar[str | None] = "transaction_code"

    transaction_form_type: Text | None = None
    transaction_code: Extracted[TransactionCode] | None = None
    equity_swap_involved: Flag | None = None


class HoldingCoding(Node):
    """Form 5 holdings: the form the holding should have been reported on."""

    trailing_footnotes_from: ClassVar[str | None] = "transaction_form_type"

    transaction_form_type: Text | None = None


class TransactionAmounts(Node):
    transaction_shares: WNum | None = None
    transaction_total_value: WNum | None = None
    transaction_price_per_share: WNum | None = None
    transaction_acquired_disposed_code: Annotated[Extracted[AcquiredDisposed], Wrapped] | None = (
        None
    )


class PostTransactionAmounts(Node):
    shares_owned_following_transaction: WNum | None = None
    value_owned_following_transaction: WNum | None = None


class OwnershipNature(Node):
    direct_or_indirect_ownership: Annotated[Extracted[DirectIndirect], Wrapped] | None = None
    nature_of_ownership: WText | None = None


class UnderlyingSecurity(Node):
    underlying_security_title: WText | None = None
    underlying_security_shares: WNum | None = None
    underlying_security_value: WNum | None = None


class NonDerivativeTransaction(Node):
    security_title: WText | None = None
    transaction_date: WDay | None = None
    deemed_execution_date: WDay | None = None
    transaction_coding: TransactionCoding | None = None
    transaction_timeliness: Annotated[Extracted[Timeliness], Wrapped] | None = None
    transaction_amounts: TransactionAmounts | None = None
    post_transaction_amounts: PostTransactionAmounts | None = None
    ownership_nature: OwnershipNature | None = None


class NonDerivativeHolding(Node):
    security_title: WText | None = None
    transaction_coding: HoldingCoding | None = None
    post_transaction_amounts: PostTransactionAmounts | None = None
    ownership_nature: OwnershipNature | None = None


class DerivativeTransaction(Node):
    security_title: WText | None = None
    conversion_or_exercise_price: WNum | None = None
    transaction_date: WDay | None = None
    deemed_execution_date: WDay | None = None
    transaction_coding: TransactionCoding | None = None
    transaction_timeliness: Annotated[Extracted[Timeliness], Wrapped] | None = None
    transaction_amounts: TransactionAmounts | None = None
    exercise_date: WDay | None = None
    expiration_date: WDay | None = None
    underlying_security: UnderlyingSecurity | None = None
    post_transaction_amounts: PostTransactionAmounts | None = None
    ownership_nature: OwnershipNature | None = None


class DerivativeHolding(Node):
    security_title: WText | None = None
    conversion_or_exercise_price: WNum | None = None
    transaction_coding: HoldingCoding | None = None
    exercise_date: WDay | None = None
    expiration_date: WDay | None = None
    underlying_security: UnderlyingSecurity | None = None
    post_transaction_amounts: PostTransactionAmounts | None = None
    ownership_nature: OwnershipNature | None = None


class NonDerivativeTable(Node):
    """Table I. Transactions and holdings are kept in their own lists, each in order."""

    transactions: list[NonDerivativeTransaction] = Field(
        default_factory=list, alias="nonDerivativeTransaction"
    )
    holdings: list[NonDerivativeHolding] = Field(
        default_factory=list, alias="nonDerivativeHolding"
    )


class DerivativeTable(Node):
    """Table II."""

    transactions: list[DerivativeTransaction] = Field(
        default_factory=list, alias="derivativeTransaction"
    )
    holdings: list[DerivativeHolding] = Field(default_factory=list, alias="derivativeHolding")


class Footnote(Node):
    """``<footnote id="F1">text</footnote>``."""

    id: str
    text: Text = Field(default_factory=Extracted[str])


class OwnerSignature(Node):
    signature_name: Text | None = None
    signature_date: Day | None = None


class Filing(Node):
    """The ``ownershipDocument`` of a Form 3, 4 or 5 (and their amendments)."""

    schema_version: Text | None = None
    document_type: Extracted[DocumentType] | None = None
    period_of_report: Day | None = None
    date_of_original_submission: Day | None = None
    no_securities_owned: Flag | None = None
    not_subject_to_section16: Flag | None = None
    form3_holdings_reported: Flag | None = None
    form4_transactions_reported: Flag | None = None
    issuer: Issuer = Field(default_factory=Issuer)
    reporting_owners: list[ReportingOwner] = Field(default_factory=list, alias="reportingOwner")
    aff10b5_one: Flag | None = Field(default=None, alias="aff10b5One")
    non_derivative_table: NonDerivativeTable | None = None
    derivative_table: DerivativeTable | None = None
    footnotes: list[Footnote] = Field(default_factory=list)
    remarks: Text | None = None
    owner_signatures: list[OwnerSignature] = Field(default_factory=list, alias="ownerSignature")

    def footnote(self, footnote_id: str) -> Footnote | None:
        """The footnote with this id, if the filing has it."""
        return next((f for f in self.footnotes if f.id == footnote_id), None)
