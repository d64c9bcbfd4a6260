"""The consultations' `samenspraak` subcommands: `import-polis FOLDER`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from rich.progress import Progress, TaskID

from participation.consultations.analysis import opinion_groups
from participation.consultations.services import polis_import
from participation.errors import Invalid


def import_polis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="a folder with summary.csv, comments.csv and votes.csv/participants-votes.csv")


async def import_polis(args: argparse.Namespace) -> int:
    """Import a Pol.is open-data export folder as a closed consultation, with a progress bar; computes its groups."""
    try:
        export = polis_import.read_export(Path(args.folder))
    except Invalid as exc:
        for message in exc.fields.values():
            print(f"Not imported: {message}", file=sys.stderr)
        return 2
    with Progress(transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total or 1)
            bar.update(tasks[what], completed=done, total=total or 1)

        now = datetime.now(UTC)
        imported = await polis_import.import_export(export, now=now, progress=progress)
        if imported.created:
            progress("opinion groups", 0, 1)
            await opinion_groups.compute(imported.question_id, now=now)
            progress("opinion groups", 1, 1)
    if not imported.created:
        print(f"Already imported as consultation {imported.consultation_id}: nothing changed.")
        return 0
    print(
        f"Imported {export.topic!r} as consultation {imported.consultation_id}: {imported.statements} statements "
        f"({imported.hidden} hidden), {imported.votes} votes by {imported.participants} participants."
    )
    return 0
