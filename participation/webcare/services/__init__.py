"""Use cases of webcare: adding sources, polling them (one monitor at a time per source), storing posts into
conversations, the inbox's moves, notes, and replies delivered through an outbox with retries.

A source's token leaves these modules only towards its network client (sources/); errors stored or raised
never carry it. Callers use `services.<name>`: every use case is named here.
"""

from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.webcare.services.inbox import add_note, assign, set_status
from participation.webcare.services.ingestion import store_posts
from participation.webcare.services.outbox import deliver, deliver_due, mark_replied, queue_reply
from participation.webcare.services.polling import WORKER, Polled, poll_due, poll_source, release_lease, take_lease
from participation.webcare.services.sources import add_source, config_of, get_source, token_of

__all__ = [
    "WORKER",
    "Conflict",
    "Invalid",
    "NotAllowed",
    "NotFound",
    "Polled",
    "add_note",
    "add_source",
    "assign",
    "config_of",
    "deliver",
    "deliver_due",
    "get_source",
    "mark_replied",
    "poll_due",
    "poll_source",
    "queue_reply",
    "release_lease",
    "set_status",
    "store_posts",
    "take_lease",
    "token_of",
]
