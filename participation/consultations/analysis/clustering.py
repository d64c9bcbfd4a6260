"""Opinion groups, Pol.is style: participants who vote on statements alike, and what divides and unites them.

Pure numpy over plain values (no database). It follows Pol.is's published method (Small et al., 2021; the
polismath code, and red-dwarf's reimplementation of it): the participant x statement matrix holds agree = 1,
disagree = -1, pass = 0; a missing vote is imputed with the statement's mean vote; statements moderation took
out count as columns of zeros (as Pol.is masks them); the first two principal components are found on
everyone's votes, and each participant's projection is scaled up by sqrt(statements / statements voted on)
(sparsity-aware scaling, so sparse voters are not all pulled to the middle). Only participants with at least
MIN_VOTES votes (Pol.is: 7, or every statement when there are fewer) are placed; k-means in the PCA space for
k = 2..5 keeps the k with the best silhouette. Seeding is fixed, and rows and columns are sorted, so the same
votes always give the same groups. bench/polis_agreement.py compares the result with Pol.is's own groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

VALUES = {"agree": 1, "disagree": -1, "pass": 0}
MIN_VOTES = 7
MIN_PARTICIPANTS = 4
K_RANGE = (2, 5)
# A group has at least 2 people.
MIN_GROUP = 2
REPRESENTATIVE_MAX = 5
LIST_MAX = 5
SILHOUETTE_SAMPLE = 2000
KMEANS_TRIES = 5
POWER_ITERATIONS = 100
CONVERGED = 1e-6
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
    # Per representative statement: the share of the group's votes on it that go its direction, and the same
    # share among everyone else's votes (plain shares, 0..1): "80 % of the group agrees, 25 % of the others".
    shares: dict[int, tuple[float, float]] = field(default_factory=dict)


@dataclass
class Clustering:
    groups: list[Group]
    # participant id -> group index, for every clustered participant.
    assignment: dict[int, int]
    # Statements whose agreement differs most between the groups, and those every group agrees on.
    divide: list[int]
    unite: list[int]
    participants: int
    # participant id -> (x, y) in the PCA space (scaled as for clustering), for the map of the groups.
    points: dict[int, tuple[float, float]] = field(default_factory=dict)


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 100) -> tuple[np.ndarray, float]:
    # k-means++ seeding, then Lloyd iterations.
    n = len(points)
    centre = np.empty((k, points.shape[1]))
    centre[0] = points[rng.integers(n)]
    distance = ((points - centre[0]) ** 2).sum(axis=1)
    for j in range(1, k):
        total = distance.sum()
        index = rng.choice(n, p=distance / total) if total > 0 else rng.integers(n)
        centre[j] = points[index]
        distance = np.minimum(distance, ((points - centre[j]) ** 2).sum(axis=1))
    labels = np.full(n, -1)
    for _ in range(iterations):
        distances = ((points[:, None, :] - centre[None, :, :]) ** 2).sum(axis=2)
        new_labels = distances.argmin(axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        counts = np.bincount(labels, minlength=k)
        sums = np.zeros_like(centre)
        np.add.at(sums, labels, points)
        filled = counts > 0
        centre[filled] = sums[filled] / counts[filled, None]
    distances = ((points[:, None, :] - centre[None, :, :]) ** 2).sum(axis=2)
    labels = distances.argmin(axis=1)
    return labels, float(distances[np.arange(n), labels].sum())


def _best_kmeans(points: np.ndarray, k: int, seed: int, tries: int = KMEANS_TRIES) -> tuple[np.ndarray, float]:
    rng = np.random.default_rng(seed + k)
    best: tuple[np.ndarray, float] | None = None
    for _ in range(tries):
        labels, inertia = _kmeans(points, k, rng)
        if best is None or inertia < best[1] - 1e-12:
            best = (labels, inertia)
    assert best is not None
    return best


def distances(points: np.ndarray) -> np.ndarray:
    squared = (points**2).sum(axis=1)
    return np.sqrt(np.maximum(squared[:, None] + squared[None, :] - 2 * points @ points.T, 0.0))


def silhouette(points: np.ndarray, labels: np.ndarray, *, distance: np.ndarray | None = None) -> float:
    """The mean silhouette coefficient (-1..1): how much closer points are to their own group than to the next.
    `distance`: the points' distance matrix, when it is at hand already."""
    clusters, index = np.unique(labels, return_inverse=True)
    if len(clusters) < 2:
        return -1.0
    if distance is None:
        distance = distances(points)
    members = np.zeros((len(points), len(clusters)))
    members[np.arange(len(points)), index] = 1.0
    counts = members.sum(axis=0)
    # Each point's summed distance to every group; its own group's mean leaves itself out.
    sums = distance @ members
    own = counts[index] - 1
    a = np.where(own > 0, sums[np.arange(len(points)), index] / np.maximum(own, 1), 0.0)
    means = sums / counts[None, :]
    means[np.arange(len(points)), index] = np.inf
    b = means.min(axis=1)
    scores = np.where((own > 0) & (np.maximum(a, b) > 0), (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(scores.mean())


def _components(centred: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """The first `dims` principal axes (rows) of a centred matrix, by block power iteration (as Pol.is does):
    a few matrix products instead of a full SVD, so a 2,000 x 900 matrix takes milliseconds."""
    columns = centred.shape[1]
    if columns <= 3 * dims:
        return np.linalg.svd(centred, full_matrices=False)[2][:dims]
    rng = np.random.default_rng(seed)
    block = dims + 4
    basis = np.linalg.qr(rng.standard_normal((columns, block)))[0]
    for _ in range(POWER_ITERATIONS):
        previous = basis[:, :dims]
        basis = np.linalg.qr(centred.T @ (centred @ basis))[0]
        # Converged once the leading axes stop turning.
        if np.linalg.norm(previous - basis[:, :dims] @ (basis[:, :dims].T @ previous)) < CONVERGED:
            break
    # Rayleigh-Ritz: the exact axes within the subspace found, largest first.
    small = centred @ basis
    _u, _s, vt = np.linalg.svd(small, full_matrices=False)
    return (basis @ vt.T).T[:dims]


def project(matrix: np.ndarray, seen: np.ndarray, *, masked: int = 0, seed: int = SEED) -> np.ndarray:
    """Participants on the first two principal components: missing votes imputed with the statement's mean,
    projections scaled by sqrt(statements / statements voted on); `masked` statements count as zero columns."""
    counts = seen.sum(axis=0)
    means = np.where(counts > 0, (matrix * seen).sum(axis=0) / np.maximum(counts, 1), 0.0)
    imputed = np.where(seen, matrix, means)
    centred = imputed - imputed.mean(axis=0)
    dims = min(2, *centred.shape)
    axes = _components(centred, dims, seed) if dims else np.zeros((0, matrix.shape[1]))
    # Fix the sign of each component (it is arbitrary): its largest loading is positive.
    for d in range(dims):
        if axes[d, np.argmax(np.abs(axes[d]))] < 0:
            axes[d] = -axes[d]
    coords = centred @ axes.T
    if dims < 2:
        coords = np.hstack([coords, np.zeros((len(coords), 2 - dims))])
    scale = np.sqrt((matrix.shape[1] + masked) / np.maximum(seen.sum(axis=1) + masked, 1))
    return coords * scale[:, None]


def _rates(agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Smoothed (Laplace) rates, so a statement seen by one person does not count as 100 %.
    return (agree + 1) / (seen + 2), (disagree + 1) / (seen + 2)


def cluster(
    votes: Iterable[tuple[int, int, str]], *, seed: int = SEED, min_votes: int = MIN_VOTES, masked: int = 0
) -> Clustering:
    """Cluster participants by their votes: (participant id, statement id, "agree" | "disagree" | "pass").
    `masked`: how many statements moderation took out (Pol.is keeps them as columns of zeros)."""
    rows = list(votes)
    empty = Clustering(groups=[], assignment={}, divide=[], unite=[], participants=0)
    if not rows:
        return empty
    who, what, how = zip(*rows, strict=True)
    people, items, given = np.array(who, dtype=np.int64), np.array(what, dtype=np.int64), np.array(how)
    if not np.isin(given, list(VALUES)).all():
        raise ValueError(f"a vote is one of {sorted(VALUES)}")
    values = (given == "agree").astype(np.float64) - (given == "disagree")
    participants, row = np.unique(people, return_inverse=True)
    statements, column = np.unique(items, return_inverse=True)
    if len(statements) < 2:
        return empty
    matrix = np.zeros((len(participants), len(statements)))
    seen = np.zeros(matrix.shape, dtype=bool)
    # One vote per (participant, statement): the stored votes are unique per pair.
    matrix[row, column] = values
    seen[row, column] = True
    points = project(matrix, seen, masked=masked, seed=seed)
    keep = seen.sum(axis=1) >= min(min_votes, len(statements))
    if keep.sum() < MIN_PARTICIPANTS:
        return empty
    matrix, seen, points = matrix[keep], seen[keep], points[keep]
    kept = participants[keep].tolist()
    sample = np.arange(len(points))
    if len(points) > SILHOUETTE_SAMPLE:
        sample = np.sort(np.random.default_rng(seed).choice(len(points), SILHOUETTE_SAMPLE, replace=False))
    sampled = distances(points[sample])
    best: tuple[float, np.ndarray] | None = None
    for k in range(K_RANGE[0], min(K_RANGE[1], len(kept) // MIN_GROUP) + 1):
        labels, _inertia = _best_kmeans(points, k, seed)
        if np.bincount(labels, minlength=k).min() < MIN_GROUP:
            continue
        score = silhouette(points[sample], labels[sample], distance=sampled)
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return empty
    labels = _relabel(best[1])
    found = _describe(labels, kept, statements.tolist(), matrix, seen)
    found.points = {p: (float(x), float(y)) for p, (x, y) in zip(kept, points, strict=True)}
    return found


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
        directions = {statements[j]: "agree" if agree_ratio[j] >= disagree_ratio[j] else "disagree" for j in chosen}
        seen_in, seen_out = seen[inside].sum(0), seen[~inside].sum(0)

        def share(votes: np.ndarray, seen_by: np.ndarray, j: int) -> float:
            return round(float(votes[:, j].sum() / seen_by[j]), 4) if seen_by[j] else 0.0

        shares = {}
        for j in chosen:
            way = agrees if directions[statements[j]] == "agree" else disagrees
            shares[statements[j]] = (share(way[inside], seen_in, j), share(way[~inside], seen_out, j))
        groups.append(
            Group(
                size=int(inside.sum()),
                representative=[statements[j] for j in chosen],
                directions=directions,
                agree_rates={statements[j]: round(float(a_in[j]), 4) for j in range(len(statements))},
                shares=shares,
            )
        )
    spread = agree_by_group.max(axis=0) - agree_by_group.min(axis=0)
    divide = [statements[j] for j in np.argsort(-spread, kind="stable") if spread[j] >= 0.3][:LIST_MAX]
    floor = agree_by_group.min(axis=0)
    unite = [statements[j] for j in np.argsort(-floor, kind="stable") if floor[j] >= 0.6][:LIST_MAX]
    assignment = {p: int(g) for p, g in zip(participants, labels, strict=True)}
    return Clustering(groups=groups, assignment=assignment, divide=divide, unite=unite, participants=len(participants))
