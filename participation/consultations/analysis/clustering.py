"""Opinion groups, Pol.is style: participants who vote on statements alike, and what divides and unites them.

Pure numpy over plain values (no database). The participant x statement matrix holds agree = 1,
disagree = -1, pass or unseen = 0; it is centred, projected on its first two principal components (each
participant scaled up by how few statements they saw, as Pol.is does, so sparse voters are not all pulled
to the middle), and clustered with k-means for k = 2..5, keeping the k with the best silhouette (each extra
group must raise it by EXTRA_GROUP_COST, and no group may be tiny). Seeding is fixed, and rows and columns
are sorted, so the same votes always give the same groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

VALUES = {"agree": 1, "disagree": -1, "pass": 0}
MIN_VOTES = 3
MIN_PARTICIPANTS = 4
K_RANGE = (2, 5)
# A group has at least 2 people and this share of the participants.
MIN_GROUP_SHARE = 0.05
EXTRA_GROUP_COST = 0.02
REPRESENTATIVE_MAX = 5
LIST_MAX = 5
SILHOUETTE_SAMPLE = 2000
SEED = 20240601


@dataclass
class Group:
    size: int
    # Statement ids where this group's agreement differs most from everyone else's, strongest first.
    representative: list[int]
    # "agree" or "disagree" per representative statement: which way this group leans compared to the rest.
    directions: dict[int, str] = field(default_factory=dict)
    # The group's agree rate per statement (agrees / votes seen, smoothed).
    agree_rates: dict[int, float] = field(default_factory=dict)


@dataclass
class Clustering:
    groups: list[Group]
    # participant id -> group index, for every clustered participant.
    assignment: dict[int, int]
    # Statements whose agreement differs most between the groups, and those every group agrees on.
    divide: list[int]
    unite: list[int]
    participants: int


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 100) -> tuple[np.ndarray, float]:
    # k-means++ seeding, then Lloyd iterations.
    n = len(points)
    centres = [points[rng.integers(n)]]
    for _ in range(1, k):
        distance = np.min(((points[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(axis=2), axis=1)
        total = distance.sum()
        index = rng.choice(n, p=distance / total) if total > 0 else rng.integers(n)
        centres.append(points[index])
    centre = np.array(centres, dtype=float)
    labels = np.zeros(n, dtype=int)
    for _ in range(iterations):
        distance = ((points[:, None, :] - centre[None, :, :]) ** 2).sum(axis=2)
        new_labels = distance.argmin(axis=1)
        for j in range(k):
            members = points[new_labels == j]
            if len(members):
                centre[j] = members.mean(axis=0)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
    distance = ((points[:, None, :] - centre[None, :, :]) ** 2).sum(axis=2)
    labels = distance.argmin(axis=1)
    return labels, float(distance[np.arange(n), labels].sum())


def _best_kmeans(points: np.ndarray, k: int, seed: int, tries: int = 5) -> tuple[np.ndarray, float]:
    rng = np.random.default_rng(seed + k)
    best: tuple[np.ndarray, float] | None = None
    for _ in range(tries):
        labels, inertia = _kmeans(points, k, rng)
        if best is None or inertia < best[1] - 1e-12:
            best = (labels, inertia)
    assert best is not None
    return best


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """The mean silhouette coefficient (-1..1): how much closer points are to their own group than to the next."""
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return -1.0
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    scores = np.zeros(len(points))
    for i in range(len(points)):
        own = labels == labels[i]
        if own.sum() <= 1:
            continue
        a = distance[i, own].sum() / (own.sum() - 1)
        b = min(distance[i, labels == c].mean() for c in clusters if c != labels[i])
        scores[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float(scores.mean())


def project(matrix: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Participants on the first two principal components of the centred vote matrix."""
    centred = matrix - matrix.mean(axis=0)
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    dims = min(2, len(s))
    # Fix the sign of each component (SVD may flip it): its largest loading is positive.
    for d in range(dims):
        if vt[d, np.argmax(np.abs(vt[d]))] < 0:
            u[:, d], vt[d] = -u[:, d], -vt[d]
    coords = u[:, :dims] * s[:dims]
    if dims < 2:
        coords = np.hstack([coords, np.zeros((len(coords), 2 - dims))])
    scale = np.sqrt(matrix.shape[1] / np.maximum(seen.sum(axis=1), 1))
    return coords * scale[:, None]


def _rates(agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Smoothed (Laplace) rates, so a statement seen by one person does not count as 100 %.
    return (agree + 1) / (seen + 2), (disagree + 1) / (seen + 2)


def cluster(votes: Iterable[tuple[int, int, str]], *, seed: int = SEED, min_votes: int = MIN_VOTES) -> Clustering:
    """Cluster participants by their votes: (participant id, statement id, "agree" | "disagree" | "pass")."""
    cells: dict[tuple[int, int], int] = {}
    for participant, statement, vote in votes:
        cells[(participant, statement)] = VALUES[vote]
    participants = sorted({p for p, _ in cells})
    statements = sorted({s for _, s in cells})
    empty = Clustering(groups=[], assignment={}, divide=[], unite=[], participants=0)
    if not participants or len(statements) < 2:
        return empty
    row = {p: i for i, p in enumerate(participants)}
    column = {s: j for j, s in enumerate(statements)}
    matrix = np.zeros((len(participants), len(statements)), dtype=np.float32)
    seen = np.zeros(matrix.shape, dtype=bool)
    for (participant, statement), value in cells.items():
        matrix[row[participant], column[statement]] = value
        seen[row[participant], column[statement]] = True
    keep = seen.sum(axis=1) >= min(min_votes, len(statements))
    matrix, seen = matrix[keep], seen[keep]
    kept = [p for p, k in zip(participants, keep, strict=True) if k]
    if len(kept) < MIN_PARTICIPANTS:
        return empty
    points = project(matrix, seen)
    sample = np.arange(len(points))
    if len(points) > SILHOUETTE_SAMPLE:
        sample = np.sort(np.random.default_rng(seed).choice(len(points), SILHOUETTE_SAMPLE, replace=False))
    best: tuple[float, np.ndarray] | None = None
    smallest = max(2, int(np.ceil(MIN_GROUP_SHARE * len(kept))))
    for k in range(K_RANGE[0], min(K_RANGE[1], len(kept) // smallest) + 1):
        labels, _inertia = _best_kmeans(points, k, seed)
        if np.bincount(labels, minlength=k).min() < smallest:
            continue
        # Each extra group must earn its place: a small silhouette gain does not make more groups.
        score = silhouette(points[sample], labels[sample]) - EXTRA_GROUP_COST * (k - K_RANGE[0])
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return empty
    labels = _relabel(best[1])
    return _describe(labels, kept, statements, matrix, seen)


def _relabel(labels: np.ndarray) -> np.ndarray:
    # Largest group first (ties: first appearance), so group 0 is always the biggest.
    order = sorted(np.unique(labels), key=lambda c: (-int((labels == c).sum()), int(np.argmax(labels == c))))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[c] for c in labels])


def _describe(
    labels: np.ndarray, participants: list[int], statements: list[int], matrix: np.ndarray, seen: np.ndarray
) -> Clustering:
    agrees = matrix == 1
    disagrees = matrix == -1
    k = int(labels.max()) + 1
    groups: list[Group] = []
    agree_by_group = np.zeros((k, len(statements)))
    for g in range(k):
        inside = labels == g
        a_in, d_in = _rates(agrees[inside].sum(0), disagrees[inside].sum(0), seen[inside].sum(0))
        a_out, d_out = _rates(agrees[~inside].sum(0), disagrees[~inside].sum(0), seen[~inside].sum(0))
        agree_by_group[g] = a_in
        # Representativeness: how many times likelier this group is to agree (or disagree) than the rest.
        agree_ratio, disagree_ratio = a_in / a_out, d_in / d_out
        strength = np.maximum(agree_ratio, disagree_ratio)
        enough = seen[inside].sum(0) >= min(2, int(inside.sum()))
        candidates = [j for j in np.argsort(-strength, kind="stable") if enough[j] and strength[j] > 1.0]
        chosen = candidates[:REPRESENTATIVE_MAX]
        groups.append(
            Group(
                size=int(inside.sum()),
                representative=[statements[j] for j in chosen],
                directions={
                    statements[j]: "agree" if agree_ratio[j] >= disagree_ratio[j] else "disagree" for j in chosen
                },
                agree_rates={statements[j]: round(float(a_in[j]), 4) for j in range(len(statements))},
            )
        )
    spread = agree_by_group.max(axis=0) - agree_by_group.min(axis=0)
    divide = [statements[j] for j in np.argsort(-spread, kind="stable") if spread[j] >= 0.3][:LIST_MAX]
    floor = agree_by_group.min(axis=0)
    unite = [statements[j] for j in np.argsort(-floor, kind="stable") if floor[j] >= 0.6][:LIST_MAX]
    assignment = {p: int(g) for p, g in zip(participants, labels, strict=True)}
    return Clustering(groups=groups, assignment=assignment, divide=divide, unite=unite, participants=len(participants))
