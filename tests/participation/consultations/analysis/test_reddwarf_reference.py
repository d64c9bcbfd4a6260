"""Our opinion groups against red-dwarf's (a Python reimplementation of Pol.is's pipeline: PCA with sparsity-aware
scaling, 7 votes to be placed, k-means with k by silhouette) on the same final votes of the real conversations in
tests/data/polis (CC BY 4.0). A second reference beside Pol.is's own assignment (test_agreement.py): red-dwarf
starts from the final votes as we do, so where Pol.is's history (base clusters carried from update to update)
explains part of the gap to Pol.is, it explains none of the gap to red-dwarf.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from participation.consultations.analysis import agreement, clustering
from participation.consultations.services import polis_import

DATA = Path(__file__).resolve().parents[3] / "data" / "polis"
VALUES = {"agree": 1, "disagree": -1, "pass": 0}

# Thresholds, measured with red-dwarf 0.4.0 (bench/results/polis.md; the same for every random_state tried):
# - vTaiwan (1,218 placed): ARI 1.000, 2 groups on both sides, the very same people. Two implementations of one
#   method on the same votes; 0.95 leaves room for a few people on the border between the groups changing side
#   with a library's numerics, while any real departure from the method fails (our method before we followed
#   Pol.is's scored 0.33 against Pol.is itself).
VTAIWAN_ARI = 0.95
# - London (24 placed): ARI 0.922; red-dwarf finds 3 groups (9/9/6), we find 4 (9/9/3/3): its 6 are our two 3s.
#   The projections agree (correlation > 0.999 on both axes); red-dwarf's one k-means run at k = 4 lands in a
#   worse local optimum (9/8/5/2), so its silhouette picks 3. Our 4 groups score the higher silhouette in
#   red-dwarf's own projection, which the test checks too. 0.85 still fails any split that moves a person out
#   of the two large groups (one such move drops the figure to about 0.8).
LONDON_ARI = 0.85

# pandas 3 deprecates a call red-dwarf makes; pydantic warns about a field red-dwarf declares. Not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning")


def reddwarf_run(export: polis_import.Export, hidden: list[int]):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from reddwarf.implementations import polis as reddwarf

        return reddwarf.run_pipeline(
            votes=[
                {"participant_id": p, "statement_id": s, "vote": VALUES[v], "modified": 0} for p, s, v in export.votes
            ],
            mod_out_statement_ids=hidden,
            random_state=0,
        )


def both(name: str):
    export = polis_import.read_export(DATA / name)
    hidden = sorted(c.id for c in export.comments if c.hidden)
    ours = clustering.cluster([v for v in export.votes if v[1] not in set(hidden)], masked=len(hidden))
    theirs = reddwarf_run(export, hidden)
    placed = theirs.participants_df["cluster_id"].dropna()
    assignment = {int(p): int(g) for p, g in placed.items()}
    return ours, theirs, assignment


def test_vtaiwan_groups_are_red_dwarfs():
    ours, _run, theirs = both("vtaiwan.uberx")
    assert set(ours.assignment) == set(theirs)
    result = agreement.compare(ours.assignment, theirs)
    assert len(result.ours) == len(result.theirs) == 2
    assert result.ari >= VTAIWAN_ARI


def test_london_groups_agree_with_red_dwarf_and_fit_its_map_at_least_as_well():
    ours, run, theirs = both("london.youth.policing")
    # Both place exactly those with 7 votes or more.
    assert set(ours.assignment) == set(theirs)
    result = agreement.compare(ours.assignment, theirs)
    assert result.ari >= LONDON_ARI
    assert abs(len(result.ours) - len(result.theirs)) <= 1
    # Where we differ, ours is the better clustering by the method's own yardstick, in red-dwarf's projection.
    people = sorted(theirs)
    points = run.participants_df.loc[people, ["x", "y"]].to_numpy(dtype=float)
    mine = clustering.silhouette(points, np.array([ours.assignment[p] for p in people]))
    its = clustering.silhouette(points, np.array([theirs[p] for p in people]))
    assert mine >= its
