"""Agreement with Pol.is: our opinion groups against Pol.is's own on real conversations.

    python bench/polis_agreement.py FOLDER [FOLDER ...]

Each FOLDER is a Pol.is open-data export whose participants-votes.csv has Pol.is's `group-id`. Reads it as
`samenspraak import-polis` would (nothing is stored), clusters the final votes on the statements moderation
kept, and prints per conversation the adjusted Rand index over the participants both place, and the group
count and sizes on each side, as a Markdown table for bench/results/polis.md. Never run by the tests.
"""

from __future__ import annotations

import sys
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
