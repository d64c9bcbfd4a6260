"""How far two assignments of participants to groups agree: the adjusted Rand index (Hubert & Arabie, 1985).

Used to compare our opinion groups with Pol.is's own (`group-id` in an export's participants-votes.csv), over
the participants both place. 1 is the same partition (whatever the group numbers), 0 what chance would give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


def _pairs(counts: np.ndarray) -> float:
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(first: list[int], second: list[int]) -> float:
    """ARI of two labelings of the same items, in the same order."""
    if len(first) != len(second):
        raise ValueError("both labelings must label the same items")
    n = len(first)
    if n < 2:
        return 1.0
    _a, rows = np.unique(np.asarray(first), return_inverse=True)
    _b, columns = np.unique(np.asarray(second), return_inverse=True)
    table = np.zeros((rows.max() + 1, columns.max() + 1), dtype=np.int64)
    np.add.at(table, (rows, columns), 1)
    index = _pairs(table)
    row_pairs, column_pairs = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    expected = row_pairs * column_pairs / (n * (n - 1) / 2)
    best = (row_pairs + column_pairs) / 2
    if best == expected:
        # Both put everyone in one group (or everyone alone): the same partition.
        return 1.0
    return (index - expected) / (best - expected)


@dataclass(frozen=True)
class Agreement:
    ari: float
    # Participants both place, and how many groups (and of what sizes, largest first) each finds among them.
    both: int
    ours: list[int]
    theirs: list[int]


def compare(ours: Mapping[int, int], theirs: Mapping[int, int]) -> Agreement:
    """Our assignment against another (participant -> group), over the participants both place."""
    both = sorted(set(ours) & set(theirs))
    a, b = [ours[p] for p in both], [theirs[p] for p in both]

    def sizes(labels: list[int]) -> list[int]:
        return sorted(np.bincount(np.unique(labels, return_inverse=True)[1]).tolist(), reverse=True) if labels else []

    return Agreement(ari=adjusted_rand_index(a, b), both=len(both), ours=sizes(a), theirs=sizes(b))
