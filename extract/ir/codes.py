"""Enumerations of the ownership schema's pick lists."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AcquiredDisposed",
    "DirectIndirect",
    "DocumentType",
    "Timeliness",
    "TransactionCode",
    "TRANSACTION_CODE_MEANINGS",
]


class DocumentType(StrEnum):
    FORM_3 = "3"
    FORM_3A = "3/A"
    FORM_4 = "4"
    FORM_4A = "4/A"
    FORM_5 = "5"
    FORM_5A = "5/A"

    @property
    def form(self) -> str:
        """The base form number: ``"4"`` for 4 and 4/A."""
        return self.value[0]

    @property
    def is_amendment(self) -> bool:
        return self.value.endswith("/A")


class TransactionCode(StrEnum):
    """Form 4 General Instruction 8 transaction codes (``TRANS_CODE_PICKLIST``)."""

    A = "A"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H = "H"
    I = "I"  # noqa: E741 - the SEC's code letter
    J = "J"
    K = "K"
    L = "L"
    M = "M"
    O = "O"  # noqa: E741
    P = "P"
    S = "S"
    U = "U"
    V = "V"
    W = "W"
    X = "X"
    Z = "Z"


TRANSACTION_CODE_MEANINGS: dict[TransactionCode, str] = {
    TransactionCode.P: "open market or private purchase",
    TransactionCode.S: "open market or private sale",
    TransactionCode.V: "transaction voluntarily reported earlier than required",
    TransactionCode.A: "grant, award or other acquisition (Rule 16b-3(d))",
    TransactionCode.D: "disposition to the issuer (Rule 16b-3(e))",
    TransactionCode.F: "payment of exercise price or tax by delivering securities",
    TransactionCode.I: "discretionary transaction (Rule 16b-3(f))",
    TransactionCode.M: "exercise or conversion of derivative security exempted under Rule 16b-3",
    TransactionCode.C: "conversion of derivative security",
    TransactionCode.E: "expiration of short derivative position",
    TransactionCode.H: "expiration or cancellation of long derivative position with value received",
    TransactionCode.O: "exercise of out-of-the-money derivative security",
    TransactionCode.X: "exercise of in-the-money or at-the-money derivative security",
    TransactionCode.G: "bona fide gift",
    TransactionCode.L: "small acquisition (Rule 16a-6)",
    TransactionCode.W: "acquisition or disposition by will or the laws of descent and distribution",
    TransactionCode.Z: "deposit into or withdrawal from voting trust",
    TransactionCode.J: "other acquisition or disposition (described in footnote)",
    TransactionCode.K: "transaction in equity swap or instrument with similar characteristics",
    TransactionCode.U: "disposition pursuant to a tender of shares in a change of control",
}


class AcquiredDisposed(StrEnum):
    ACQUIRED = "A"
    DISPOSED = "D"


class DirectIndirect(StrEnum):
    DIRECT = "D"
    INDIRECT = "I"


class Timeliness(StrEnum):
    EARLY = "E"
    LATE = "L"
