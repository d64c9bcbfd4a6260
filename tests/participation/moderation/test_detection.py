"""The automatic rules on a labelled sample in Dutch and English: every text says which rule should find it
(or none); the precision and recall over the sample are printed with -s and must stay at 1.0 here."""

from __future__ import annotations

import random
import re

import pytest

from participation.moderation import detection
from participation.moderation.detection import bsn_valid, iban_valid

# (text, the rules that should hit: a set of rule names)
SAMPLE = [
    # Dutch phone numbers
    ("Bel me op 06-12345678 als je vragen hebt.", {"personal_data:phone"}),
    ("Mijn nummer is 0612345678", {"personal_data:phone"}),
    ("Call +31 6 12345678 after five.", {"personal_data:phone"}),
    ("Bereikbaar via 010-1234567 op werkdagen", {"personal_data:phone"}),
    ("Of 020 123 4567, het kantoor.", {"personal_data:phone"}),
    ("Ring 0031 20 1234567 from abroad", {"personal_data:phone"}),
    ("Er staan 2500 bomen in het park en 120 bankjes.", set()),
    ("The bus line 12 leaves every 15 minutes from 8:00.", set()),
    ("Het plan kost 1.234.567 euro.", set()),
    ("Postcode 1234 AB, huisnummer 12.", set()),
    # e-mail addresses
    ("Mail me: jan.jansen@example.nl", {"personal_data:email"}),
    ("write to someone+parks@mail.example.com please", {"personal_data:email"}),
    ("We @gemeente zijn het eens met dit plan.", set()),
    ("Bekijk www.example.nl voor het plan", set()),
    # IBANs (with valid and invalid check digits)
    ("Stort het op NL91ABNA0417164300 graag", {"personal_data:iban"}),
    ("IBAN: NL91 ABNA 0417 1643 00", {"personal_data:iban"}),
    ("German account DE89370400440532013000 is mine", {"personal_data:iban"}),
    ("NL92ABNA0417164300 is een fout nummer", set()),
    ("The code NL12ABCD is a street sign", set()),
    # BSNs (eleven test)
    ("Mijn BSN is 111222333", {"personal_data:bsn"}),
    ("BSN 123.456.782, voor de zekerheid", {"personal_data:bsn"}),
    ("My citizen number 111 222 333", {"personal_data:bsn"}),
    ("Het ordernummer is 123456789", set()),
    ("Het ordernummer 123456780 klopt niet", set()),
    # link spam
    ("Goedkope pillen http://a.example http://b.example http://c.example www.d.example", {"links:too_many"}),
    ("Zie https://www.gemeente.example/plan voor de tekening", set()),
]


def hits_of(text: str, *, new_account: bool = False) -> set[str]:
    return {hit.rule for hit in detection.personal_data(text) + detection.links(text, new_account=new_account)}


@pytest.mark.parametrize(("text", "expected"), SAMPLE)
def test_each_labelled_text(text, expected):
    assert hits_of(text) == expected


def test_precision_and_recall_over_the_sample(capsys):
    true_positive = false_positive = false_negative = 0
    for text, expected in SAMPLE:
        found = hits_of(text)
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"sample of {len(SAMPLE)}: precision {precision:.2f}, recall {recall:.2f}")
    assert (precision, recall) == (1.0, 1.0)


def test_the_check_digits():
    assert iban_valid("NL91ABNA0417164300") and iban_valid("nl91 abna 0417 1643 00")
    assert not iban_valid("NL91ABNA0417164301")
    assert bsn_valid("111222333") and bsn_valid("123456782")
    assert not bsn_valid("123456789") and not bsn_valid("000000000")


def test_what_matched_is_recorded_masked():
    [hit] = detection.personal_data("Mijn BSN is 111222333")
    assert hit.matched == "11…33"


LIST = detection.compile_word_list(detection.parse_word_list("# scheldwoorden\nkut\noplicht*\nidiot\nrot op\n"))


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Wat een kut plan", True),
        ("KUT!", True),
        ("Die oplichters van de gemeente", True),
        ("Oplichter", True),
        ("You idiot", True),
        ("Rot  op met je plan", True),
        # The Scunthorpe problem: innocent words that merely contain an entry.
        ("Kutsch is een achternaam", False),
        ("De kuttekening", False),
        ("Ik ben kuthond", False),
        ("An idiotic idea", False),
        ("idiots", False),
        ("De rotonde op de hoek", False),
        ("Het verlichten van de straat", False),
        ("Scunthorpe United", False),
    ],
)
def test_word_lists_match_whole_words_only(text, hit):
    assert bool(detection.words(text, LIST, language="nl")) is hit


def test_links_from_a_new_account():
    assert hits_of("Zie https://example.nl", new_account=True) == {"links:new_account"}
    assert hits_of("Zie het plan", new_account=True) == set()


# Harder texts, labelled with what a person would say, whatever the rules do: the per-kind figures below count
# these too, so they say where the rules fall short (a number that looks like a phone or a BSN but is none;
# an address written out to dodge the rule).
HARD_SAMPLE = [
    ("Mijn nummer: 06–12345678", {"personal_data:phone"}),
    ("Call me at (06) 12345678", {"personal_data:phone"}),
    ("Tel: +31 (0)6 12 34 56 78", {"personal_data:phone"}),
    ("Het rekeningnummer is NL 91 ABNA 0417 1643 00", {"personal_data:iban"}),
    ("Mail to jan at example dot nl", {"personal_data:email"}),
    ("Ons factuurnummer is 0612345678, geen telefoon.", set()),
    ("Order 0201234567 has shipped", set()),
    ("In 2024 kwamen er 111222333 bezoekers", set()),
    ("Het artikel met ISBN 9789012345678", set()),
    ("Kenteken 12-345-67 staat op de foto", set()),
    ("Mail naar info@gemeente.amsterdam", {"personal_data:email"}),
    ("See http://a.example, http://b.example, http://c.example and http://d.example for spam", {"links:too_many"}),
    ("Drie links: https://a.example https://b.example https://c.example", set()),
]
# (text, whether the listed words should be found) with LIST: whole words, `oplicht*` with its inflections.
WORD_SAMPLE = [
    ("Wat een kut plan", True),
    ("KUT!", True),
    ("Die oplichters van de gemeente", True),
    ("Oplichterij is het", True),
    ("You idiot", True),
    ("Rot  op met je plan", True),
    ("Je bent een i d i o o t", True),
    ("Kutsch is een achternaam", False),
    ("De kuttekening", False),
    ("An idiotic idea", False),
    ("De rotonde op de hoek", False),
    ("Het verlichten van de straat", False),
    ("Scunthorpe United", False),
]
# (text, new account, expected): links from an account younger than a day.
NEW_ACCOUNT_SAMPLE = [
    ("Zie https://example.nl", True, {"links:new_account"}),
    ("Kijk op www.example.nl voor meer", True, {"links:new_account"}),
    ("Zie het plan op de site van de gemeente", True, set()),
    ("Zie https://example.nl", False, set()),
]


def per_kind() -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) per rule kind over every labelled sample."""
    counts: dict[str, list[int]] = {}

    def count(found: set[str], expected: set[str]) -> None:
        for rule in found | expected:
            tally = counts.setdefault(rule, [0, 0, 0])
            tally[0 if rule in found and rule in expected else 1 if rule in found else 2] += 1

    for text, expected in SAMPLE + HARD_SAMPLE:
        count(hits_of(text), expected)
    for text, new, expected in NEW_ACCOUNT_SAMPLE:
        count(hits_of(text, new_account=new), expected)
    for text, wanted in WORD_SAMPLE:
        count({"words:nl"} if detection.words(text, LIST, language="nl") else set(), {"words:nl"} if wanted else set())
    return {rule: (tp, fp, fn) for rule, (tp, fp, fn) in sorted(counts.items())}


def test_precision_and_recall_per_rule_kind(capsys):
    """Printed with -s (and copied into bench/results/moderation.md); held here so a change shows."""
    figures = per_kind()
    with capsys.disabled():
        print("\nrule kind            TP  FP  FN  precision  recall")
        for rule, (tp, fp, fn) in figures.items():
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"{rule:20} {tp:3} {fp:3} {fn:3}  {precision:9.2f}  {recall:6.2f}")
    assert figures == {
        "links:new_account": (2, 0, 0),
        "links:too_many": (2, 0, 0),
        "personal_data:bsn": (3, 1, 0),
        "personal_data:email": (3, 0, 1),
        "personal_data:iban": (4, 0, 0),
        "personal_data:phone": (9, 2, 0),
        "words:nl": (6, 0, 1),
    }


def test_the_quick_look_for_personal_data_never_hides_what_the_full_look_finds():
    # Every text of the sample, and texts at the quick look's edges: one digit, two far apart, only an "@".
    texts = [text for text, _ in SAMPLE] + [
        "Meer schaduw bij de speeltuin (deelnemer 3).",
        "0" + "x" * 5000 + "6",
        "iemand@",
        "NL91ABNA0417164300",
        "zes: ٠٦١٢٣٤٥٦٧٨",
        "bel 06 12 34 56 78 of (010) 123-4567, BSN 1112.22.333",
        "NL 91 ABNA 0417 1643 00 en nl91abna0417164300",
        "1" + "a" * 5000 + "2345678",
    ]
    # And random texts of the characters the rules look at: digits (also Arabic-Indic), letters, separators, "@".
    rng = random.Random(6)
    alphabet = "0123456789٠٦ NLnlABab+-.()–@x\n"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    texts += ["".join(rng.choice("0123456789 -.") for _ in range(rng.randint(8, 14))) for _ in range(2000)]
    for text in texts:
        assert detection.personal_data(text) == detection._personal_data(text), text
    assert detection.personal_data("Geen cijfers hier, behalve 1.") == []
    # The quick look leaves out texts with a few numbers, which the full look finds nothing in.
    for text in ["Meer schaduw bij de speeltuin, graag (deelnemer 12).", "over 20 jaar, 3 bomen en 45 banken"]:
        assert not detection._maybe_personal(text) and detection._personal_data(text) == []


def test_the_quick_look_asks_what_its_pattern_says():
    # _maybe_personal's docstring gives the pattern it stands for; on random texts of letters, digits (also
    # Arabic-Indic), spaces and "@", and at the edges of an IBAN's start, both say the same.
    pattern = re.compile(r"@|[A-Za-z]{2}[ ]?\d{2}(?:[ ]?[A-Za-z0-9]{4}){2}|(?:\d\D*){9}")
    rng = random.Random(7)
    texts = ["".join(rng.choice("0123456789٠٦ NLnlABé @x.") for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    texts += [
        "NL91ABNA",
        "NL 91ABNA0417",
        "NL 91 ABNA 0417",
        "N 91ABNA0417",
        "é91ABNA0417",
        "L91ABNA0417",
        "91ABNA0417",
        "xNL91 ABNA 0417",
        "1NL91ABNA0417",
        "NL91ABNA041",
        "12345678",
        "1a2b3c4d5e6f7g8h9",
    ]
    for text in texts:
        assert detection._maybe_personal(text) == (pattern.search(text) is not None), text
