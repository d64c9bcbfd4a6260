"""Answering from several processes at once on one database, each with its own event loop and writer."""

from __future__ import annotations

import asyncio
import multiprocessing
from typing import Any

from tortoise import Tortoise

from participation import db
from participation.accounts.models import User
from participation.consultations.services import responding
from participation.consultations.storage import answer_batches
from tests.support.consultations import NOW

# (user id, answers) for every submission one process makes, all at once.
Plan = list[tuple[int, dict[str, object]]]


async def _answer(database_url: str, consultation_id: int, plan: Plan, start: Any) -> list[bool]:
    await Tortoise.init(config=db.tortoise_config(database_url))
    try:
        users = {u.id: u for u in await User.filter(id__in=sorted({uid for uid, _ in plan}))}
        writer = answer_batches.writer()
        async with writer.held():
            # Validated and queued in every process before any is stored: then all batches begin together.
            tasks = [
                asyncio.ensure_future(
                    responding.put_my_response(consultation_id, user=users[uid], answers=answers, now=NOW)
                )
                for uid, answers in plan
            ]
            while writer.waiting < len(plan):
                await asyncio.sleep(0.001)
            await asyncio.to_thread(start.wait)
        outcomes = await asyncio.gather(*tasks)
        return [o.created for o in outcomes]
    finally:
        await Tortoise.close_connections()


def _process(database_url: str, consultation_id: int, plan: Plan, start: Any, results: Any) -> None:
    try:
        results.put(asyncio.run(_answer(database_url, consultation_id, plan, start)))
    except BaseException as exc:
        results.put(repr(exc))
        raise


def answer_in_processes(database_url: str, consultation_id: int, plans: list[Plan]) -> list[list[bool]]:
    """Run each plan in its own (spawned) process, all starting together; the `created` flags of each."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(plans))
    results = context.SimpleQueue()
    processes = [
        context.Process(target=_process, args=(database_url, consultation_id, plan, start, results)) for plan in plans
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    found = [results.get() for _ in processes]
    failures = [f for f in found if isinstance(f, str)]
    assert not failures, failures
    return found
