"""Agreement with Pol.is: our opinion groups against Pol.is's own on real conversations.

    python bench/polis_agreement.py FOLDER [FOLDER ...]

Each FOLDER is a Pol.is open-data export whose participants-votes.csv has Pol.is's `group-id`. Reads it as
`samenspraak import-polis` would (nothing is stored), clusters the final votes on the statements moderation
kept, and prints per conversation the adjusted Rand index over the participants both place, and the group
count and sizes on each side, as a Markdown table for bench/results/polis.md; then the same against red-dwarf
(Pol.is's pipeline reimplemented in Python, in the test extra) on the same final votes. Never run by the tests.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from participation.consultations.analysis import agreement, clustering  # noqa: E402
from participation.consultations.services import polis_import  # noqa: E402


def ours_and_theirs(folder: Path) -> tuple[polis_import.Export, agreement.Agreement, clustering.Clustering]:
    export = polis_import.read_export(folder)
    hidden = {c.id for c in export.comments if c.hidden}
    found = clustering.cluster([v for v in export.votes if v[1] not in hidden], masked=len(hidden))
    return export, agreement.compare(found.assignment, export.polis_groups), found


def reddwarf_groups(export: polis_import.Export) -> dict[int, int]:
    """red-dwarf's groups (participant -> group) on the export's final votes, moderated-out statements zeroed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from reddwarf.implementations import polis as reddwarf

        values = {"agree": 1, "disagree": -1, "pass": 0}
        run = reddwarf.run_pipeline(
            votes=[
                {"participant_id": p, "statement_id": s, "vote": values[v], "modified": 0} for p, s, v in export.votes
            ],
            mod_out_statement_ids=sorted(c.id for c in export.comments if c.hidden),
            random_state=0,
        )
    return {int(p): int(g) for p, g in run.participants_df["cluster_id"].dropna().items()}


def main(folders: list[str]) -> int:
    print("| conversation | participants | placed by Pol.is / us / both | groups Pol.is | groups ours | ARI |")
    print("| --- | ---: | ---: | --- | --- | ---: |")
    for name in folders:
        folder = Path(name)
        export, agreed, found = ours_and_theirs(folder)
        if not export.polis_groups:
            print(f"| {folder.name} | {len(export.participants)} | no group-id in this export | | | |")
            continue
        print(
            f"| {folder.name} | {len(export.participants)} | {len(export.polis_groups)} / {len(found.assignment)} / "
            f"{agreed.both} | {len(agreed.theirs)}: {agreed.theirs} | {len(agreed.ours)}: {agreed.ours} "
            f"| {agreed.ari:.3f} |"
        )
    print()
    print("| conversation | placed by red-dwarf / us / both | groups red-dwarf | groups ours | ARI |")
    print("| --- | ---: | --- | --- | ---: |")
    for name in folders:
        folder = Path(name)
        export, _agreed, found = ours_and_theirs(folder)
        theirs = reddwarf_groups(export)
        agreed = agreement.compare(found.assignment, theirs)
        print(
            f"| {folder.name} | {len(theirs)} / {len(found.assignment)} / {agreed.both} | "
            f"{len(agreed.theirs)}: {agreed.theirs} | {len(agreed.ours)}: {agreed.ours} | {agreed.ari:.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
