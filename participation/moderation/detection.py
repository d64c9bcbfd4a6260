"""Automatic rules over a text, pure: personal data (Dutch phone numbers, e-mail addresses, IBANs with their
mod-97 check digits, BSNs with the eleven test), word lists matched as whole words, and link spam.

Each finder returns hits: which rule, and what matched (personal data masked, so the queue does not spread
what the rule protects). Nothing here touches the database or the clock: the screening (screening.py) adds the
stored word lists and the flood rule, which need them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# More links than this in one text is link spam; an account younger than a day may post none.
LINKS_MAX = 3


@dataclass(frozen=True)
class Hit:
    rule: str
    matched: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "matched": self.matched}


def mask(value: str) -> str:
    """The first two and last two characters, the rest as dots: enough for a moderator to see what it is."""
    kept = value.strip()
    if len(kept) <= 4:
        return "…"
    return kept[:2] + "…" + kept[-2:]


# Dutch numbers: a mobile 06 and eight digits, or an area code and subscriber number (ten digits from the 0),
# written with or without +31 / 0031, spaces, dashes, dots or "(0)". Not inside a longer run of digits.
# A separator is a space, dot, hyphen or en dash, or the ")" closing an area code written in brackets: (06) 1234.
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[\s.\-–]?(?:\(0\)[\s.\-–]?)?|0)[1-9](?:(?:[\s.\-–]|\)\s?)?\d){8}(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
# An IBAN: country, check digits, then letters and digits in groups of four (with or without spaces, also
# between the country and the check digits: "NL 91 ABNA ...").
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[ ]?\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])"
)
# Nine digits, together or grouped 3-3-3 / 4-2-3 with dots or spaces (the ways a BSN is written).
_BSN = re.compile(r"(?<![\d.-])(?:\d{9}|\d{3}[. ]\d{3}[. ]\d{3}|\d{4}[. ]\d{2}[. ]\d{3})(?![\d]|[.-]\d)")
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
# What every kind of personal data above needs at the least (see _maybe_personal): nine digits (a phone number or
# a BSN has nine), an "@" (an e-mail address), or two letters, two digits and two groups of four (an IBAN's start).
# Both patterns start with a digit, so the regular expression engine skips to the digits of a text rather than
# trying every position; the nine-digit look fails at the first non-digit it needs.
_NINE_DIGITS = re.compile(r"\d(?:\D*\d){8}")
_IBAN_AFTER_COUNTRY = re.compile(r"\d{2}(?:[ ]?[A-Za-z0-9]{4}){2}")


def iban_valid(candidate: str) -> bool:
    """ISO 13616: the first four characters moved to the end, letters as 10-35, the number mod 97 is 1."""
    text = candidate.replace(" ", "").upper()
    if not 15 <= len(text) <= 34 or not text[:2].isalpha() or not text[2:4].isdigit():
        return False
    rearranged = text[4:] + text[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def bsn_valid(candidate: str) -> bool:
    """The eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not 0)."""
    digits = [int(c) for c in candidate if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=False)) - digits[8]
    return total % 11 == 0 and total != 0


def personal_data(text: str) -> list[Hit]:
    if not _maybe_personal(text):
        return []
    return _personal_data(text)


def _country(letters: str) -> bool:
    return len(letters) == 2 and letters.isascii() and letters.isalpha()


def _maybe_personal(text: str) -> bool:
    """Whether the full look (`_personal_data`) could find anything: a text without nine digits, an "@" or an
    IBAN's start is looked at once, not four times (most answers: "over 20 jaar", "(deelnemer 12)"). What it
    asks is `@|[A-Za-z]{2}[ ]?\\d{2}(?:[ ]?[A-Za-z0-9]{4}){2}|(?:\\d\\D*){9}` found anywhere, without the engine
    trying that at every letter of the text (which took four times as long as the rest)."""
    if "@" in text or _NINE_DIGITS.search(text):
        return True
    # Fewer than nine digits, so at most eight places where two of them start an IBAN's tail: at each, the
    # country's two letters before it, or before the space before it.
    found = _IBAN_AFTER_COUNTRY.search(text)
    while found is not None:
        at = found.start()
        if _country(text[at - 2 : at] if at >= 2 else "") or (
            at >= 3 and text[at - 1] == " " and _country(text[at - 3 : at - 1])
        ):
            return True
        found = _IBAN_AFTER_COUNTRY.search(text, at + 1)
    return False


def _personal_data(text: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(rule: str, match: re.Match[str]) -> None:
        taken.append(match.span())
        hits.append(Hit(rule, mask(match.group())))

    for match in _EMAIL.finditer(text):
        add("personal_data:email", match)
    for match in _IBAN.finditer(text):
        if iban_valid(match.group()):
            add("personal_data:iban", match)
    free = [m for m in _PHONE.finditer(text) if not _inside(m.span(), taken)]
    for match in free:
        add("personal_data:phone", match)
    for match in _BSN.finditer(text):
        if not _inside(match.span(), taken) and bsn_valid(match.group()):
            add("personal_data:bsn", match)
    return hits


def _inside(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in taken)


@dataclass(frozen=True)
class WordEntry:
    """One entry of a word list: a word or phrase, matched as whole words; `*` at its end also matches its
    inflections and compounds after it (`oplicht*`: oplichter, oplichters), at its start compounds before it."""

    text: str

    def pattern(self) -> str:
        body = self.text.strip("*").strip()
        words = [re.escape(word) for word in body.split()]
        core = r"\s+".join(words)
        before = r"\w*" if self.text.startswith("*") else ""
        after = r"\w*" if self.text.endswith("*") else ""
        return rf"(?<!\w){before}{core}{after}(?!\w)"


def parse_word_list(text: str) -> list[WordEntry]:
    """One entry a line; empty lines and lines starting with # are left out."""
    entries = []
    for line in text.splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#") and line.strip("*").strip():
            entries.append(WordEntry(line))
    return entries


def compile_word_list(entries: Iterable[WordEntry]) -> re.Pattern[str] | None:
    patterns = [entry.pattern() for entry in entries]
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def words(text: str, pattern: re.Pattern[str] | None, *, language: str) -> list[Hit]:
    if pattern is None:
        return []
    return [Hit(f"words:{language}", match.group()) for match in pattern.finditer(text)]


def links(text: str, *, new_account: bool) -> list[Hit]:
    found = _LINK.findall(text)
    if len(found) > LINKS_MAX:
        return [Hit("links:too_many", f"{len(found)} links")]
    if found and new_account:
        return [Hit("links:new_account", found[0][:100])]
    return []
