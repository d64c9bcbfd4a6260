"""Pure rules of webcare: what a source needs, which status follows which, back-off, and the classifier.

The classifier is small and explainable: word lists for Dutch and English, the words found are its explanation.
tests/participation/webcare/test_rules.py measures it on a labelled sample (tests/data/webcare_sample.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from participation.i18n import _, lazy
from participation.text import clean_line
from participation.webcare.models import KINDS

STATUS_LABELS = {
    "new": lazy("New"),
    "assigned": lazy("Assigned"),
    "replied": lazy("Replied"),
    "closed": lazy("Closed"),
    "no_reply_needed": lazy("No reply needed"),
}
SENTIMENT_LABELS = {"positive": lazy("Positive"), "neutral": lazy("Neutral"), "negative": lazy("Negative")}
CATEGORY_LABELS = {
    "question": lazy("Question"),
    "complaint": lazy("Complaint"),
    "compliment": lazy("Compliment"),
    "other": lazy("Other"),
}
REPLY_LABELS = {
    "awaiting_approval": lazy("Awaiting approval"),
    "returned": lazy("Sent back"),
    "queued": lazy("Queued"),
    "sent": lazy("Sent"),
    "failed": lazy("Failed"),
}

# Which status an official may set by hand, from which.
MOVES = {
    "closed": ("new", "assigned", "replied"),
    "no_reply_needed": ("new", "assigned"),
    "new": ("closed", "no_reply_needed"),
}
MAX_REPLY = 500


def mention_length(author: str) -> int:
    """What the mention put before a reply ("@lieke ") takes of the limit: Mastodon counts a mention of
    someone on another instance by its user name alone."""
    return len(author.split("@")[0]) + 2 if author else 0


def reply_limit(author: str, body: str = "") -> int:
    """The room for a reply's own text: the network's limit less the mention the client adds, unless the text
    mentions the author itself."""
    if not author or f"@{author}".lower() in body.lower():
        return MAX_REPLY
    return MAX_REPLY - mention_length(author)


# How long one monitor holds a source while it polls it; a dead worker's lease runs out after this.
LEASE = timedelta(minutes=2)
POLL_INTERVAL = timedelta(minutes=2)


def backoff(failures: int) -> timedelta:
    """After the n-th failure in a row: 5 s, 10 s, 20 s ... at most an hour (the first retry within 10 s)."""
    return timedelta(seconds=min(5 * 2 ** max(failures - 1, 0), 3600))


def _terms(values: list[str]) -> list[str]:
    found: list[str] = []
    for value in values:
        term = clean_line(value).strip().lstrip("#").strip()
        if term and term.lower() not in (t.lower() for t in found):
            found.append(term[:100])
    return found[:20]


@dataclass(frozen=True)
class SourceInput:
    kind: str
    name: str
    base_url: str
    access_token: str = ""
    hashtags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    account: str = ""


def source_errors(data: SourceInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = _("Choose Mastodon or RSS/Atom.")
    if not clean_line(data.name).strip():
        errors["name"] = _("Give the source a name.")
    elif len(data.name) > 200:
        errors["name"] = _("At most %(n)s characters.", n=200)
    parts = urlsplit(data.base_url.strip()) if len(data.base_url) <= 500 else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or " " in data.base_url.strip():
        errors["base_url"] = _("Give a web address starting with https://.")
    if data.kind == "mastodon":
        if not data.access_token.strip():
            errors["access_token"] = _("Give the access token of the account.")
        elif len(data.access_token) > 500 or not data.access_token.strip().isprintable():
            errors["access_token"] = _("This access token is not valid.")
        if not (_terms(list(data.hashtags)) or _terms(list(data.keywords)) or data.account.strip()):
            errors["hashtags"] = _("Give at least one hashtag, keyword or account to follow.")
    if len(data.account) > 200:
        errors["account"] = _("At most %(n)s characters.", n=200)
    return errors


def clean_source(data: SourceInput) -> dict:
    return {
        "kind": data.kind,
        "name": clean_line(data.name).strip(),
        "base_url": data.base_url.strip(),
        "access_token": data.access_token.strip() if data.kind == "mastodon" else "",
        "hashtags": [t.lower() for t in _terms(list(data.hashtags))],
        "keywords": _terms(list(data.keywords)),
        "account": clean_line(data.account).strip().lstrip("@"),
    }


def split_terms(text: str) -> list[str]:
    return [t for t in re.split(r"[,\s]+", text) if t]


# --- the classifier ----------------------------------------------------------------------------------------

QUESTION_WORDS = {
    # Dutch
    "hoe",
    "wanneer",
    "waarom",
    "waar",
    "wat",
    "wie",
    "welke",
    "hoelang",
    "kan",
    "kunnen",
    "mag",
    "moet",
    "weet",
    "vraag",
    "vraagje",
    # English
    "how",
    "when",
    "why",
    "where",
    "what",
    "who",
    "which",
    "can",
    "could",
    "does",
    "do",
    "is",
    "are",
    "will",
    "question",
    "anyone",
}
NEGATIVE_WORDS = {
    # Dutch
    "slecht",
    "klacht",
    "kapot",
    "vies",
    "boos",
    "schandalig",
    "belachelijk",
    "irritant",
    "gevaarlijk",
    "overlast",
    "stinkt",
    "lawaai",
    "nooit",
    "teleurgesteld",
    "teleurstellend",
    "waardeloos",
    "rommel",
    "troep",
    "onveilig",
    "jammer",
    "helaas",
    "balen",
    "zat",
    "weer",
    "vol",
    "kwijt",
    "stuk",
    "fout",
    "verschrikkelijk",
    "zonde",
    "te",
    # English
    "bad",
    "terrible",
    "awful",
    "broken",
    "dirty",
    "angry",
    "annoyed",
    "annoying",
    "dangerous",
    "disappointed",
    "disappointing",
    "worst",
    "useless",
    "unsafe",
    "noise",
    "never",
    "again",
    "complaint",
    "horrible",
    "ridiculous",
    "sadly",
    "unfortunately",
    "fed",
    "mess",
    "rubbish",
    "late",
}
POSITIVE_WORDS = {
    # Dutch
    "bedankt",
    "dank",
    "dankjewel",
    "dankje",
    "top",
    "geweldig",
    "mooi",
    "mooie",
    "prachtig",
    "fijn",
    "fijne",
    "blij",
    "goed",
    "super",
    "leuk",
    "leuke",
    "compliment",
    "complimenten",
    "knap",
    "netjes",
    "snel",
    "heerlijk",
    "tevreden",
    # English
    "thanks",
    "thank",
    "great",
    "love",
    "lovely",
    "beautiful",
    "nice",
    "happy",
    "good",
    "excellent",
    "amazing",
    "wonderful",
    "well",
    "kudos",
    "appreciate",
    "helpful",
    "quick",
    "fantastic",
    "brilliant",
}
COMPLIMENT_WORDS = {
    "bedankt",
    "dank",
    "dankjewel",
    "dankje",
    "compliment",
    "complimenten",
    "pluim",
    "thanks",
    "thank",
    "kudos",
    "appreciate",
    "well",
    "goed",
    "top",
    "geweldig",
    "great",
    "fantastic",
    "excellent",
    "netjes",
    "knap",
}
COMPLAINT_WORDS = NEGATIVE_WORDS - {"weer", "te", "vol", "again", "late", "never", "nooit", "zat", "fed"}
# "not good", "niet goed": a negation turns the next word around.
NEGATIONS = {"niet", "geen", "not", "no", "never", "nooit", "isn't", "don't", "doesn't", "won't"}

_WORD = re.compile(r"[a-zà-ÿ']+")


@dataclass(frozen=True)
class Classified:
    category: str
    sentiment: str
    explanation: str


def classify(text: str) -> Classified:
    """Question / complaint / compliment / other and a sentiment, with the words that decided it (its
    explanation: "kapot, gevaarlijk"; empty when no word did, as for a question known by its "?")."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    positive: list[str] = []
    negative: list[str] = []
    for i, word in enumerate(words):
        negated = i > 0 and words[i - 1] in NEGATIONS
        if word in POSITIVE_WORDS:
            (negative if negated else positive).append(("not " if negated else "") + word)
        elif word in NEGATIVE_WORDS and word not in ("te", "weer", "again", "vol", "zat"):
            (positive if negated else negative).append(("not " if negated else "") + word)
    # Weak words count only beside another negative one ("weer kapot", "broken again").
    if negative:
        negative += [w for w in words if w in ("te", "weer", "again", "vol", "zat")]
    score = len(positive) - len(negative)
    sentiment = "positive" if score > 0 else "negative" if score < 0 else "neutral"
    asks = "?" in text or (words[:1] and words[0] in QUESTION_WORDS and words[0] not in ("is", "are", "do"))
    complaint = [w for w in negative if w in COMPLAINT_WORDS]
    compliment = [w for w in positive if w in COMPLIMENT_WORDS]
    if complaint and (sentiment == "negative" or not asks):
        category, reason = "complaint", complaint
    elif compliment and sentiment == "positive" and not asks:
        category, reason = "compliment", compliment
    elif asks:
        category, reason = "question", ["?"] if "?" in text else words[:1]
    else:
        category, reason = "other", []
    # The words that decided it, each once: what an official reads beside the labels ("kapot, gevaarlijk").
    decided = dict.fromkeys(w for w in [*reason, *positive, *negative] if w != "?")
    return Classified(category, sentiment, ", ".join(decided)[:500])


# How explanations were written before they held the words alone: "complaint: kapot; sentiment -2 (kapot, weer)".
_EXPLAINED_BEFORE = re.compile(r"\w+: (.*); sentiment [+-]\d+ \((.*)\)", re.S)


def decisive_words(explanation: str) -> list[str]:
    """The words a stored explanation names, each once, in either way it was written."""
    before = _EXPLAINED_BEFORE.fullmatch(explanation)
    parts = before.groups() if before else (explanation,)
    words = (w.strip() for part in parts for w in part.split(","))
    return list(dict.fromkeys(w for w in words if w and w not in ("-", "?")))


def idempotency_key(reply_id: int, created_at: datetime) -> str:
    """Derived from the reply, so every attempt to deliver it carries the same key."""
    return f"samenspraak-reply-{reply_id}-{int(created_at.timestamp())}"
