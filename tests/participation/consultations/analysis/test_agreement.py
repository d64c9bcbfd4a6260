"""Our opinion groups against Pol.is's own, on real conversations (tests/data/polis, CC BY 4.0)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from participation.consultations.analysis import agreement, clustering
from participation.consultations.services import polis_import

DATA = Path(__file__).resolve().parents[3] / "data" / "polis"

# The threshold for vTaiwan. We measure 0.83 (bench/results/polis.md); the method before we followed Pol.is's
# (missing votes as 0, mean over all cells, 3 votes to be placed, a cost per extra group) scored 0.33. An
# exact copy is not to be had: Pol.is's assignment comes from incremental k-means over 100 base clusters,
# carried from one update of the conversation to the next, ours from one run over the final votes. 0.75 is
# "strong agreement" on the usual reading of ARI and leaves room for seed-level differences, while any
# return to the old handling of missing votes or of moderated-out statements drops below it (0.64 to 0.749).
VTAIWAN_ARI = 0.75


def ours(folder: Path) -> tuple[polis_import.Export, clustering.Clustering]:
    export = polis_import.read_export(folder)
    hidden = {c.id for c in export.comments if c.hidden}
    return export, clustering.cluster([v for v in export.votes if v[1] not in hidden], masked=len(hidden))


def test_adjusted_rand_index_known_values():
    assert agreement.adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    # The textbook example (Hubert & Arabie's formula; scikit-learn's documentation gives the same value).
    assert agreement.adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.242424, abs=1e-6)
    assert agreement.adjusted_rand_index([0, 0, 1, 2], [0, 1, 2, 3]) == 0.0
    found = agreement.compare({1: 0, 2: 0, 3: 1, 9: 1}, {1: 5, 2: 5, 3: 7, 4: 7})
    assert (found.both, found.ours, found.theirs, found.ari) == (3, [2, 1], [2, 1], 1.0)


def test_vtaiwan_groups_agree_with_polis():
    export, found = ours(DATA / "vtaiwan.uberx")
    result = agreement.compare(found.assignment, export.polis_groups)
    # Pol.is places 1,219 participants (7 votes or more); we place the same people but one.
    assert len(export.polis_groups) == 1219
    assert result.both >= 1200
    assert len(result.ours) == len(result.theirs) == 2
    assert result.ari >= VTAIWAN_ARI


def test_london_places_the_same_participants_as_polis():
    # 24 participants: too few for a figure on the groups themselves (see bench/results/polis.md), but who is
    # placed follows Pol.is's 7-vote rule exactly.
    export, found = ours(DATA / "london.youth.policing")
    assert set(found.assignment) == set(export.polis_groups)


def test_groups_are_the_same_for_the_same_votes_in_any_order():
    export = polis_import.read_export(DATA / "vtaiwan.uberx")
    shuffled = list(export.votes)
    random.Random(3).shuffle(shuffled)
    first, again = clustering.cluster(export.votes), clustering.cluster(shuffled)
    assert first.assignment == again.assignment
    assert [(g.size, g.representative) for g in first.groups] == [(g.size, g.representative) for g in again.groups]
