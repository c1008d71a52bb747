"""Synthetic power-of-attorney documents with exact entity spans and role truth.

Everything here is written for this project: clause variants in several drafting styles (formal
"Know all by these presents", "I, X", confirming statements, Schedule A lists, several grantors,
funds signing through a person), invented names and companies, and many date wordings ("this 11th
day of June 2008", "Dated: 6/11/08", "June 11, 2008"). The name and company vocabularies do not
contain the people or companies of the real dev exhibits, so the evaluation on those stays honest
(a test checks it).

Entity labels are ``PERSON``, ``ORG`` and ``DATE``; roles are kept separately as truth for the role
layer. Line wrapping replaces spaces by newlines, so spans never move.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from extract.nlp.vocab import (
    ACCENTED_NAMES,
    CITIES,
    FIRST_NAMES,
    FUND_SUFFIXES,
    LAST_NAMES,
    LAW_FIRMS,
    MONTHS,
    ORDINAL_WORDS,
    ORG_DIGIT_HEADS,
    ORG_HEADS,
    ORG_MIDS,
    ORG_SUFFIXES,
    PARTICLE_LAST_NAMES,
    STATES,
    STREETS,
    SUFFIXES,
    TITLES,
)

__all__ = ["LABELS", "SyntheticPoa", "generate", "generate_one", "FIRST_NAMES", "LAST_NAMES"]

LABELS = ("PERSON", "ORG", "DATE")

_FORM_SETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Forms 3, 4 and 5", ("3", "4", "5")),
    ("Forms 3, 4, and 5", ("3", "4", "5")),
    ("Form 3, Form 4 and Form 5", ("3", "4", "5")),
    ("Form ID and Forms 3, 4 and 5", ("3", "4", "5", "ID")),
    ("Forms 3, 4 and 5 and Form 144", ("3", "4", "5", "144")),
    ("Forms 3, 4 and 5 and Schedules 13D and 13G", ("3", "4", "5", "13D", "13G")),
    ("Forms 4 and 5", ("4", "5")),
    ("Forms 3, 4, 5, 13D and 13G", ("3", "4", "5", "13D", "13G")),
)


class SyntheticPoa(BaseModel):
    """One generated power of attorney with its exact entity spans and role truth."""

    model_config = ConfigDict(frozen=True)

    text: str
    entities: tuple[tuple[int, int, str], ...]
    grantors: tuple[str, ...]
    attorneys: tuple[str, ...]
    companies: tuple[str, ...]
    executed_on: date | None
    forms: tuple[str, ...]
    style: str


class _Builder:
    """Appends text and records entity spans as it goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.ents: list[tuple[int, int, str]] = []

    def t(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def e(self, text: str, label: str) -> None:
        self.ents.append((self.pos, self.pos + len(text), label))
        self.t(text)

    def text(self) -> str:
        return "".join(self.parts)


def _person(rng: random.Random) -> str:
    if rng.random() < 0.04:
        return rng.choice(ACCENTED_NAMES)
    first = rng.choice(FIRST_NAMES)
    r = rng.random()
    last = rng.choice(PARTICLE_LAST_NAMES) if r < 0.12 else rng.choice(LAST_NAMES)
    parts = [first]
    r = rng.random()
    if r < 0.35:
        parts.append(rng.choice("ABCDEFGHJKLMNPRSTW") + ".")
    elif r < 0.45:
        parts.append(rng.choice(FIRST_NAMES))
    elif r < 0.48:
        parts = [rng.choice("ABCDEFGHJKLMNPRSTW") + ".", rng.choice(FIRST_NAMES)]
    parts.append(last)
    name = " ".join(parts)
    if rng.random() < 0.06:
        name += rng.choice((" ", ", ")) + rng.choice(SUFFIXES)
    if rng.random() < 0.08:
        name = name.upper()
    return name


def _company(rng: random.Random) -> str:
    head = rng.choice(ORG_HEADS) if rng.random() > 0.06 else rng.choice(ORG_DIGIT_HEADS)
    if rng.random() < 0.3:
        head += " " + rng.choice([h for h in ORG_HEADS if h != head])
    if rng.random() < 0.05:
        head += "!"
    mid = rng.choice(ORG_MIDS) if rng.random() < 0.8 else ""
    suffix = rng.choice(ORG_SUFFIXES)
    name = " ".join(x for x in (head, mid) if x)
    name = name + suffix if suffix.startswith(",") else f"{name} {suffix}"
    if rng.random() < 0.05:
        name = name.upper()
    return name


def _law_firm(rng: random.Random) -> str:
    """A law firm: surnames and a suffix, so that the suffix, not the words, makes it an ORG."""
    if rng.random() < 0.25:
        return rng.choice(LAW_FIRMS)
    a, b2, c = rng.sample(LAST_NAMES, 3)
    return rng.choice((f"{a} {b2} LLP", f"{a}, {b2} & {c} LLP", f"{a} & {b2}, P.C.", f"{a} {b2} & {c} LLP",
                       f"{a} & {b2} LLP"))


def _fund(rng: random.Random) -> str:
    return f"{rng.choice(ORG_HEADS)} {rng.choice(FUND_SUFFIXES)}"


def _date(rng: random.Random) -> date:
    return date(1998, 1, 1) + timedelta(days=rng.randrange(0, 27 * 365))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date_words(rng: random.Random, d: date) -> tuple[str, str, str]:
    """(text before the entity, the DATE entity text, text after) for a witness clause."""
    month = MONTHS[d.month - 1]
    comma = rng.choice((", ", " "))
    r = rng.randrange(9)
    if r == 0:
        return "this ", f"{_ordinal(d.day)} day of {month}{comma}{d.year}", ""
    if r == 1:
        return "the ", f"{ORDINAL_WORDS[d.day - 1]} day of {month}{comma}{d.year}", ""
    if r == 2:
        return "this ", f"{d.day} day of {month}{comma}{d.year}", ""
    if r == 3:
        return "", f"{month} {d.day}, {d.year}", ""
    if r == 4:
        return "", f"{d.day} {month} {d.year}", ""
    if r == 5:
        return "", f"{month[:3]}. {d.day}, {d.year}", ""
    if r == 6:
        return "", f"{month} {_ordinal(d.day)}, {d.year}", ""
    if r == 7:
        return "this ", f"{month} {d.day}, {d.year}", ""
    return "", f"{d.month:02d}/{d.day:02d}/{d.year}", ""


def _date_short(rng: random.Random, d: date) -> str:
    r = rng.randrange(6)
    if r == 0:
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if r == 1:
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if r == 2:
        return d.isoformat()
    if r == 3:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if r == 4:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"


class _Style:
    """Per-document drafting choices."""

    def __init__(self, rng: random.Random) -> None:
        self.curly = rng.random() < 0.4
        self.aif = rng.choice(("attorney-in-fact", "attorney in fact", "attorney-in-fact and agent"))
        self.aifs = rng.choice(("attorneys-in-fact", "attorneys in fact", "attorneys-in-fact"))

    def q(self, word: str) -> str:
        return f"\u201c{word}\u201d" if self.curly else f'"{word}"'

    def poss(self, word: str) -> str:
        return word + ("\u2019s" if self.curly else "'s")


def _name_list(b: _Builder, rng: random.Random, names: list[str], orgs: dict[int, str]) -> None:
    """Write ``A, B and C`` with entity spans; ``orgs`` maps an index to an ``of ORG`` affiliation."""
    oxford = rng.random() < 0.5
    for i, name in enumerate(names):
        if i:
            last = i == len(names) - 1
            if last:
                b.t((", and " if oxford and len(names) > 2 else " and ") if rng.random() < 0.9
                    else (", or " if len(names) > 2 else " or "))
            else:
                b.t(", ")
        b.e(name, "PERSON")
        if i in orgs:
            b.t(" of ")
            b.e(orgs[i], "ORG")


def _list_tail(rng: random.Random, st: _Style) -> str:
    """What follows the last attorney's name, up to "true and lawful" (many drafting habits:
    with or without a comma, "as", "and each of them", "or any of them acting singly")."""
    und = f"the {st.poss('undersigned')} "
    return rng.choice((
        f", signing singly, {und}", f", acting singly, {und}", f", and each of them, {und}",
        f", with full power of substitution, {und}", f", signing individually, {und}",
        f", or any of them, {und}", f" {und}", f" as {und}", f", as {und}", f", and each of them, as {und}",
        " as such person's ", f", or any of them acting singly, as {und}", f", and any of their substitutes, {und}",
        f",\nand each of them, {und}", f" (each, an {st.q('Attorney')}), as {und}",
    ))


def _forms(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    return rng.choice(_FORM_SETS)


def _company_def(b: _Builder, rng: random.Random, st: _Style, company: str, g: dict) -> None:
    g["company_defined"] = True
    b.e(company, "ORG")
    if rng.random() < 0.3:
        b.t(rng.choice((f", a {rng.choice(STATES)} corporation",
                        f", a company incorporated under the laws of {rng.choice(STATES)}",
                        ", a corporation existing under the Business Corporations Act (British Columbia)")))
    b.t(f" (the {st.q(rng.choice(('Company', 'Company', 'Company', 'Corporation', 'Issuer')))})")


def _opening(b: _Builder, rng: random.Random, st: _Style, g: dict) -> None:
    """The granting clause, in one of several drafting styles."""
    style = g["style"]
    names: list[str] = g["attorneys"]
    company = g["companies"][0]
    verb = rng.choice(("constitutes and appoints", "hereby constitutes and appoints",
                       "hereby makes, constitutes and appoints", "hereby appoints",
                       "hereby constitutes, designates and appoints", "hereby authorizes and designates"))
    know = rng.choice(("KNOW ALL BY THESE PRESENTS, that ", "Know all by these presents, that ",
                       "KNOW ALL MEN BY THESE PRESENTS, that ", "Know all persons by these presents that ",
                       "", ""))
    lead = rng.choice(("each of ", "", "", "any of "))
    if style == "i-name":
        b.t(know + "I, ")
        b.e(g["grantors"][0], "PERSON")
        b.t(f", hereby {rng.choice(('constitute and appoint', 'make, constitute and appoint', 'appoint', 'authorize and designate'))} {lead}")
        _name_list(b, rng, names, {})
        b.t(_list_tail(rng, st).replace(f"the {st.poss('undersigned')} ", "my ").replace("such person's ", "my ")
            + f"true and lawful {st.aifs} to:\n\n")
        return
    if style == "reporting-person":
        b.t("The undersigned, as a Section 16 reporting person of ")
        _company_def(b, rng, st, company, g)
        b.t(f", {verb} {lead}")
        _name_list(b, rng, names, {})
        b.t(_list_tail(rng, st) + f"true and lawful {st.aif} to:\n\n")
        return
    if style == "schedule":
        b.t("With respect to holdings of and transactions in securities issued by ")
        _company_def(b, rng, st, company, g)
        which = rng.choice(("Schedule A", "Exhibit A", "Annex A"))
        b.t(f", the undersigned {verb} the individuals named on {which} attached hereto, or any of "
            f"them signing singly, as the {st.poss('undersigned')} true and lawful {st.aif} to:\n\n")
        g["schedule"] = which
        return
    if style == "confirming":
        b.t("This statement confirms that the undersigned, ")
        b.e(g["grantors"][0], "PERSON")
        b.t(", has authorized and designated ")
        _name_list(b, rng, names, {})
        b.t(" to execute and file on the " + st.poss("undersigned")
            + f" behalf all {g['forms_text']} (including any amendments thereto) that the undersigned may "
            "be required to file with the U.S. Securities and Exchange Commission as a result of the "
            "undersigned's ownership of or transactions in securities of ")
        b.e(company, "ORG")
        b.t(".\n\n")
        return
    if style == "multi":
        b.t(know + f"each of the undersigned {verb} {lead}")
        _name_list(b, rng, names, {})
        b.t(f", and each of them, as such {st.poss('undersigned')} true and lawful {st.aif}, to execute "
            f"for and on behalf of such undersigned, in such capacity as a holder of securities of ")
        _company_def(b, rng, st, company, g)
        b.t(f", {g['forms_text']} in accordance with Section 16(a) of the Securities Exchange Act of "
            "1934 and the rules thereunder;\n\n")
        return
    # default: "the undersigned hereby constitutes and appoints A, B and C of X (the Company)"
    b.t(know + f"the undersigned {verb} {lead}")
    if rng.random() < 0.35:
        cut = rng.randrange(1, len(names) + 1)
        _name_list(b, rng, names[:cut], {})
        b.t(" of ")
        _company_def(b, rng, st, company, g)
        g["company_defined"] = True
        if cut < len(names):
            b.t(", and " if rng.random() < 0.3 else " and ")
            _name_list(b, rng, names[cut:], {})
            if rng.random() < 0.6:
                b.t(" of ")
                b.e(_law_firm(rng), "ORG")
    else:
        _name_list(b, rng, names, {})
    b.t(_list_tail(rng, st) + f"true and lawful {st.aif} to:\n\n")


_NUMBERING = (("(1) ", "(2) ", "(3) ", "(4) "), ("1. ", "2. ", "3. ", "4. "),
              ("(a) ", "(b) ", "(c) ", "(d) "), ("(i) ", "(ii) ", "(iii) ", "(iv) "))

_BOILERPLATE = (
    "The undersigned hereby grants to each such {aif} full power and authority to do and perform "
    "any and every act and thing whatsoever requisite, necessary, or proper to be done in the exercise "
    "of any of the rights and powers herein granted, as fully to all intents and purposes as the "
    "undersigned might or could do if personally present, with full power of substitution or "
    "revocation, hereby ratifying and confirming all that such {aif}, or such {aif}'s substitute or "
    "substitutes, shall lawfully do or cause to be done by virtue of this Power of Attorney.",
    "The undersigned acknowledges that the foregoing {aifs}, in serving in such capacity at the "
    "request of the undersigned, are not assuming, nor is the Company assuming, any of the "
    "undersigned's responsibilities to comply with Section 16 of the Securities Exchange Act of 1934.",
    "The undersigned agrees to indemnify and hold harmless each {aif} against any loss, claim, "
    "damage or liability arising out of any information provided by the undersigned to such {aif} "
    "for purposes of executing, acknowledging, delivering or filing any Form 3, 4 or 5.",
    "The undersigned hereby ratifies and confirms all that said {aifs} and agents shall do or cause "
    "to be done by virtue hereof.",
    "This Power of Attorney may be filed with the SEC as a confirming statement of the authority "
    "granted herein.",
)


def _powers(b: _Builder, rng: random.Random, st: _Style, g: dict) -> None:
    nums = rng.choice(_NUMBERING)
    indent = rng.choice(("", "", "    ", "\t"))
    b.t(indent + nums[0] + "execute for and on behalf of the undersigned, in the "
        + st.poss("undersigned") + " capacity as an officer, director and/or stockholder of ")
    if g.get("company_defined"):
        b.t("the Company")
    elif rng.random() < 0.15:
        b.t("any entity affiliated with ")
        b.e(g["companies"][0], "ORG")
        b.t(f" (each, a {st.q('Company')})")
        g["company_defined"] = True
    else:
        _company_def(b, rng, st, g["companies"][0], g)
        g["company_defined"] = True
    b.t(f", {g['forms_text']} and amendments thereto in accordance with Section 16(a) of the "
        "Securities Exchange Act of 1934, as amended, and the rules thereunder;\n\n")
    b.t(indent + nums[1] + "do and perform any and all acts for and on behalf of the undersigned which "
        "may be necessary or desirable to complete and execute any such Form 3, 4 or 5 and timely "
        "file such form with the United States Securities and Exchange Commission (the "
        + st.q("SEC") + ") and any stock exchange or similar authority; and\n\n")
    if rng.random() < 0.35:
        b.t(indent + rng.choice((
            "prepare and submit a Form ID, together with any Passphrase Update Request and other "
            "attachments, so that the undersigned may file reports through the EDGAR Filer Management "
            "system of the Electronic Data Gathering, Analysis, and Retrieval program;\n\n",
            "obtain access codes (including the CIK, CCC and Passphrase) under Regulation S-T and the "
            "EDGAR Filer Manual, Volume II;\n\n",
            "file reports required by the Investment Company Act of 1940, the Securities Act of 1933 or "
            "the Business Corporations Act (Ontario) where the Company is a reporting issuer;\n\n",
        )))
    b.t(indent + nums[2] + "take any other action of any type whatsoever in connection with the "
        f"foregoing which, in the opinion of such {st.aif}, may be of benefit to, in the best "
        "interest of, or legally required by, the undersigned.\n\n")


def _duration(b: _Builder, rng: random.Random, st: _Style, g: dict) -> None:
    r = rng.random()
    if r < 0.55:
        b.t(f"This Power of Attorney shall remain in full force and effect until the undersigned is no "
            f"longer required to file {g['forms_text']} with respect to the {st.poss('undersigned')} "
            "holdings of and transactions in securities issued by the Company, unless earlier revoked "
            f"by the undersigned in a signed writing delivered to the foregoing {st.aifs}.\n\n")
    elif r < 0.7:
        b.t("This Power of Attorney shall expire on ")
        b.e(_date_short(rng, g["executed_on"] + timedelta(days=rng.randrange(300, 2000))), "DATE")
        b.t(", unless earlier revoked by the undersigned in writing.\n\n")
    elif r < 0.8:
        b.t("This Power of Attorney shall be effective as of the date written below and, unless sooner "
            "revoked, shall terminate upon the fifth (5th) anniversary of such date.\n\n")
    else:
        b.t("This Power of Attorney revokes and supersedes the power of attorney granted by the "
            "undersigned dated ")
        b.e(_date_short(rng, g["executed_on"] - timedelta(days=rng.randrange(200, 3000))), "DATE")
        b.t(f", and shall remain in effect until revoked in a signed writing delivered to the {st.aifs}.\n\n")


_N = object()  # where the name goes in a signature layout


def _emit(b: _Builder, parts: list[object], name: str) -> None:
    for part in parts:
        if part is _N:
            b.e(name, "PERSON")
        else:
            b.t(str(part))


def _sign_person(b: _Builder, rng: random.Random, name: str, with_title: bool) -> None:
    r = rng.randrange(9)
    rule = "-" * rng.randrange(12, 40)
    layouts: dict[int, list[object]] = {
        0: ["/s/ ", _N, "\n"],
        1: ["/s/ ", _N, "\n", _N, "\n"],
        2: ["By: /s/ ", _N, f"\n{rule}\n", _N, "\n"],
        3: ["Signature: /s/ ", _N, "\n", None, _N, "\n"],
        4: ["/s/ ", _N, f"\n{rule}\nSignature\n\n", _N, f"\n{rule}\nPrint Name\n"],
        5: ["By:/s/", _N, "\n"],
        6: [f"{rule}\n", _N, "\n"],
        7: ["/s/", _N, "\nName: ", _N, "\n"],
    }
    if r == 3:
        layouts[3][3] = "\n" + rng.choice(("Print Name: ", "Printed Name: ", "Name: "))
        layouts[3][2] = ""
    if r in layouts:
        _emit(b, layouts[r], name)
    elif r == 8 and rng.random() < 0.5:  # a signature block flattened onto one line (HTML tables)
        lead = rng.choice(("By: /s/ ", "/s/ ", "Signature: /s/ "))
        _emit(b, [lead, _N, rng.choice((f" {rule} ", " ", "  ")), _N, "\n"], name)
    else:
        _emit(b, ["By: ", _N, "\n"], name)
    if with_title:
        b.t(f"Title: {rng.choice(TITLES)}\n")


def _sign_fund(b: _Builder, rng: random.Random, fund: str, person: str) -> None:
    b.e(fund, "ORG")
    b.t("\n")
    if rng.random() < 0.5:
        b.t("By: ")
        b.e(_fund(rng).replace("Fund", "GP").replace("Ventures", "Management"), "ORG")
        b.t(", its general partner\n")
    b.t("By: /s/ ")
    b.e(person, "PERSON")
    b.t("\nName: ")
    b.e(person, "PERSON")
    b.t(f"\nTitle: {rng.choice(TITLES)}\n\n")


def _witness_and_sign(b: _Builder, rng: random.Random, st: _Style, g: dict) -> None:
    d: date = g["executed_on"]
    mode = g["date_mode"]
    who = "each of the undersigned has" if len(g["grantors"]) > 1 else "the undersigned has"
    if mode == "witness":
        pre, ent, post = _date_words(rng, d)
        b.t(f"IN WITNESS WHEREOF, {who} caused this Power of Attorney to be executed as of {pre}")
        b.e(ent, "DATE")
        b.t(post + ".\n\n")
    elif mode == "below":
        b.t(f"IN WITNESS WHEREOF, {who} caused this Power of Attorney to be executed as of the date "
            f"{rng.choice(('written below', 'set forth below'))}.\n\n")
    elif mode == "above":
        b.t(f"IN WITNESS WHEREOF, {who} executed this Power of Attorney as of the date first "
            f"{rng.choice(('written above', 'set forth above'))}.\n\n")
    elif mode == "executed-at":
        b.t(f"Executed at {rng.choice(('Wilmington, Delaware', 'San Mateo, California', 'New York, New York'))} on ")
        b.e(_date_short(rng, d), "DATE")
        b.t(".\n\n")
    if rng.random() < 0.2:
        b.t("[Signature Page Follows]\n\n")
    if mode in ("below", "dated") and rng.random() < 0.5:
        b.t(rng.choice(("Date: ", "Dated: ", "Dated as of ")))
        b.e(_date_short(rng, d), "DATE")
        b.t("\n\n")
        g["date_done"] = True
    for grantor in g["grantors"]:
        if grantor in g.get("fund_signers", {}):
            _sign_fund(b, rng, grantor, g["fund_signers"][grantor])
        else:
            _sign_person(b, rng, grantor, rng.random() < 0.15)
            if rng.random() < 0.12:
                _address(b, rng)
        b.t("\n")
    if mode in ("below", "dated") and not g.get("date_done"):
        b.t(rng.choice(("Date: ", "Dated: ", "Date signed: ")))
        b.e(_date_short(rng, d), "DATE")
        b.t("\n")


def _address(b: _Builder, rng: random.Random) -> None:
    """An address or a witness under the signature: text that must not become a grantor."""
    r = rng.random()
    if r < 0.5:
        b.t(f"Address: {rng.choice(STREETS)}\n")
        city = rng.choice(CITIES)
        b.t(f"{city}\n" if rng.random() < 0.4 else f"{city}, CA 9{rng.randrange(1000, 9999)}\n")
    elif r < 0.8:
        b.t("Witness: /s/ ")
        b.e(_person(rng), "PERSON")
        b.t("\n")
    else:
        b.t(f"{rng.choice(TITLES)}\n{rng.choice(CITIES)}\n")


def _notary(b: _Builder, rng: random.Random, g: dict) -> None:
    b.t("\nSubscribed and sworn to before me this ")
    d = g["executed_on"]
    b.e(f"{_ordinal(d.day)} day of {MONTHS[d.month - 1]}, {d.year}", "DATE")
    b.t(".\n\n/s/ ")
    b.e(_person(rng), "PERSON")
    b.t("\nNotary Public\nMy commission expires: ")
    b.e(_date_short(rng, d + timedelta(days=rng.randrange(400, 1500))), "DATE")
    b.t("\n")


def _wrap(text: str, width: int) -> str:
    """Replace spaces by newlines so no line exceeds ``width`` (length-preserving)."""
    chars = list(text)
    line_start = 0
    last_space = -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            line_start, last_space = i + 1, -1
            continue
        if ch == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


_STYLES = ("default", "default", "default", "i-name", "reporting-person", "schedule", "confirming",
           "multi")


def generate_one(rng: random.Random) -> SyntheticPoa:
    """One synthetic power of attorney."""
    st = _Style(rng)
    style = rng.choice(_STYLES)
    n_att = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
    people: list[str] = []
    while len(people) < n_att + 3:
        p = _person(rng)
        if p not in people:
            people.append(p)
    forms_text, forms = _forms(rng)
    g: dict = {
        "style": style,
        "attorneys": people[:n_att],
        "grantors": [people[n_att]],
        "companies": [_company(rng)],
        "executed_on": _date(rng),
        "forms_text": forms_text,
        "date_mode": rng.choice(("witness", "witness", "witness", "below", "above", "dated", "executed-at")),
    }
    if style == "multi":
        extra = [people[n_att + 1]]
        if rng.random() < 0.5:
            fund = _fund(rng)
            g["fund_signers"] = {fund: people[n_att + 2]}
            extra.append(fund)
        g["grantors"] = g["grantors"] + extra
    b = _Builder()
    if rng.random() < 0.4:
        b.t(rng.choice(("Exhibit 24\n\n", "EXHIBIT 24\n", "Exhibit 24.1\n\n")))
    if g["date_mode"] == "above":
        b.t(rng.choice(("POWER OF ATTORNEY\n\n", "LIMITED POWER OF ATTORNEY\n\n")))
        pre, ent, post = _date_words(rng, g["executed_on"])
        b.e(ent, "DATE")
        b.t("\n\n")
    else:
        b.t(rng.choice(("POWER OF ATTORNEY", "LIMITED POWER OF ATTORNEY",
                        "LIMITED POWER OF ATTORNEY FOR SECTION 16 REPORTING OBLIGATIONS",
                        "Power of Attorney", "CONFIRMING STATEMENT", "SPECIAL POWER OF ATTORNEY",
                        "POWER OF ATTORNEY\n(For Executing Form ID and Forms 3, 4 and 5)")) + "\n\n")
    _opening(b, rng, st, g)
    if style != "confirming":
        _powers(b, rng, st, g)
    for para in rng.sample(_BOILERPLATE, rng.randrange(0, 4)):
        b.t(para.format(aif=st.aif, aifs=st.aifs) + "\n\n")
    _duration(b, rng, st, g)
    _witness_and_sign(b, rng, st, g)
    if rng.random() < 0.08:
        _notary(b, rng, g)
    if "schedule" in g:
        b.t(f"\n{g['schedule']}\n")
        if rng.random() < 0.6:
            b.t(f"Individuals Appointed as {st.aif.title()}\n")
        sep = "\n" if rng.random() < 0.8 else rng.choice(("  ", "; ", " "))
        for name in g["attorneys"]:
            b.e(name, "PERSON")
            b.t(sep)
        b.t("\n")
    text = b.text()
    if st.curly:
        text = text.replace("'s ", "\u2019s ")
    if rng.random() < 0.55:
        text = _wrap(text, rng.randrange(55, 100))
    return SyntheticPoa(
        text=text,
        entities=tuple(b.ents),
        grantors=tuple(g["grantors"]),
        attorneys=tuple(g["attorneys"]),
        companies=tuple(g["companies"]),
        executed_on=g["executed_on"],
        forms=forms,
        style=style,
    )


def generate(n: int, *, seed: int = 0) -> list[SyntheticPoa]:
    """``n`` synthetic powers of attorney; the same ``seed`` gives the same documents."""
    rng = random.Random(seed)
    return [generate_one(rng) for _ in range(n)]
