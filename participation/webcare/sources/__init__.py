"""One client per network behind one small interface (base.Network): a new network is one new module here."""

from __future__ import annotations

from participation.webcare.sources import mastodon, rss
from participation.webcare.sources.base import Network

NETWORKS: dict[str, Network] = {"mastodon": mastodon.NETWORK, "rss": rss.NETWORK}


def network(kind: str) -> Network:
    return NETWORKS[kind]
