"""The automatic rules on a labelled sample in Dutch and English: every text says which rule should find it
(or none); the precision and recall over the sample are printed with -s and must stay at 1.0 here."""

from __future__ import annotations

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
