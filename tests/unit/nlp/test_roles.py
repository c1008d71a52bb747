"""Roles on top of entities: several grantors and companies, funds signing through a person,
date wordings, expiry and revocation."""

from __future__ import annotations

from extract.nlp.poa import extract_poa

MULTI = """POWER OF ATTORNEY

Know all by these presents, that each of the undersigned hereby constitutes and appoints each of
Alice Brown, Bob Green and Carol White, signing singly, as such undersigned's true and lawful
attorney-in-fact to execute Forms 3, 4 and 5 with respect to securities of Alpha Therapeutics, Inc.
(the "Company") and of Beta Robotics Corp. (each, a "Company").

This Power of Attorney shall expire on December 31, 2012. This Power of Attorney revokes and
supersedes the power of attorney granted by the undersigned dated 3/1/05.

IN WITNESS WHEREOF, each of the undersigned has caused this Power of Attorney to be executed as of
the eleventh day of June, 2008.

/s/ David Black
David Black

/s/ Erin Gray
Erin Gray

Gamma Ventures Fund II, L.P.
By: Gamma Management, LLC, its general partner
By: /s/ Frank Stone
Name: Frank Stone
Title: Managing Member
"""


def test_several_grantors_and_companies() -> None:
    poa = extract_poa(MULTI, settings={"method": "rules"})
    assert poa is not None
    assert [g.value for g in poa.grantors] == ["David Black", "Erin Gray", "Gamma Ventures Fund II, L.P."]
    assert [a.value for a in poa.attorneys_in_fact] == ["Alice Brown", "Bob Green", "Carol White"]
    assert [c.value for c in poa.companies] == ["Alpha Therapeutics, Inc.", "Beta Robotics Corp."]
    assert poa.executed_on.value is not None and poa.executed_on.value.isoformat() == "2008-06-11"
    assert poa.expiry.value == "This Power of Attorney shall expire on December 31, 2012."
    assert poa.revocation.value is not None and "revokes and supersedes" in poa.revocation.value
    assert [f.value for f in poa.forms_covered] == ["3", "4", "5"]


def test_same_with_the_model() -> None:
    poa = extract_poa(MULTI, settings={"method": "both"})
    assert poa is not None
    assert [g.value for g in poa.grantors] == ["David Black", "Erin Gray", "Gamma Ventures Fund II, L.P."]
    assert [a.value for a in poa.attorneys_in_fact] == ["Alice Brown", "Bob Green", "Carol White"]


def test_dated_label_and_date_above() -> None:
    below = MULTI.replace("as of\nthe eleventh day of June, 2008.", "as of the date written below.") + "\nDated: 6/11/08\n"
    poa = extract_poa(below, settings={"method": "rules"})
    assert poa is not None and poa.executed_on.value is not None
    assert poa.executed_on.value.isoformat() == "2008-06-11"
    above = MULTI.replace("POWER OF ATTORNEY\n", "POWER OF ATTORNEY\n\nJune 11, 2008\n").replace(
        "as of\nthe eleventh day of June, 2008.", "as of the date first written above.")
    poa = extract_poa(above, settings={"method": "rules"})
    assert poa is not None and poa.executed_on.value is not None
    assert poa.executed_on.value.isoformat() == "2008-06-11"


def test_i_name_grantor() -> None:
    text = ("I, Maria de la Cruz, hereby constitute and appoint Tom Lee and Ann Smith-Jones, and each of "
            "them, my true and lawful attorneys-in-fact to sign Forms 4 and 5 for Delta Co. (the "
            "\u201cCompany\u201d).\n\nDated: June 1, 2020\n\n/s/ Maria de la Cruz\n")
    poa = extract_poa(text, settings={"method": "rules"})
    assert poa is not None
    assert poa.grantor == "Maria de la Cruz"
    assert [a.value for a in poa.attorneys_in_fact] == ["Tom Lee", "Ann Smith-Jones"]
    assert poa.company == "Delta Co."
    assert [f.value for f in poa.forms_covered] == ["4", "5"]


def test_confirming_statement() -> None:
    text = ("CONFIRMING STATEMENT\n\nThis statement confirms that the undersigned, Jane Q. Roe, has "
            "authorized and designated John Doe and Mary Major to execute and file on the undersigned's "
            "behalf all Forms 3, 4 and 5 that the undersigned may be required to file as a result of "
            "transactions in securities of Example Widgets, Inc.\n\nDated: March 3, 2011\n")
    for method in ("rules", "both"):
        poa = extract_poa(text, settings={"method": method})
        assert poa is not None
        assert poa.grantor == "Jane Q. Roe"
        assert [a.value for a in poa.attorneys_in_fact] == ["John Doe", "Mary Major"]
        assert poa.company == "Example Widgets, Inc."
        assert poa.executed_on.value is not None and poa.executed_on.value.isoformat() == "2011-03-03"
