"""Rewriters (anything that rephrases a draft, such as a language model) and their fact check.

A rewriter only rephrases: whatever it returns is checked against the recorded facts and the
original draft, and a rewrite that brings in a name, number or proper noun from nowhere is
rejected with the offending words. With no rewriter configured, templates alone are used.

```toml
[composer]
rewriter = "openai"                      # any OpenAI-compatible chat endpoint
base_url = "http://127.0.0.1:8080/v1"
model = "llama-3.1-8b-instruct"
api_key_env = "AFTERVIEW_REWRITER_KEY"   # the key is read from this variable, never stored
timeout = 60
```
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from typing import Callable, Protocol, runtime_checkable

from afterview.composer.draft import Draft
from afterview.domain.model import Facts
from afterview.errors import ConfigError, DeliveryError, InvalidInput


@runtime_checkable
class Rewriter(Protocol):
    """Rephrases a draft's body following the user's instructions; returns the new body."""

    def rewrite(self, draft: Draft, instructions: str) -> str: ...


# name -> factory(section of config.toml) -> Rewriter; plugins may add their own.
REWRITERS: dict[str, Callable[[dict], Rewriter]] = {}


def register_rewriter(name: str, factory: Callable[[dict], Rewriter]) -> None:
    REWRITERS[name] = factory


def rewriter_from_config(section: dict, source: str = "config.toml") -> Rewriter | None:
    """The rewriter named by `[composer] rewriter`, or None when none is configured."""
    name = section.get("rewriter")
    if not name:
        return None
    factory = REWRITERS.get(name)
    if factory is None:
        known = ", ".join(sorted(REWRITERS)) or "none"
        raise ConfigError(f"{source}: [composer] unknown rewriter {name!r} (known: {known})")
    try:
        return factory(section)
    except ConfigError as err:  # a factory says "[composer] ...": the file is named here
        if str(err).startswith("[composer]"):
            raise ConfigError(f"{source}: {err}") from None
        raise


# A "Subject: ..." line a model puts before the body it was asked for (as a mail would start).
_SUBJECT_LINE = re.compile(r"\A\s*subject[ \t]*:[^\n]*(?:\n|\Z)", re.IGNORECASE)


def apply_rewrite(rewriter: Rewriter, draft: Draft, instructions: str, facts: Facts) -> str:
    """The rewritten body, if it passes the fact check; InvalidInput naming what it invented.

    A rewrite changes the body only: a `Subject:` line the rewriter writes before the body is
    left out (the draft keeps its subject), rather than sent as the body's first line."""
    text = rewriter.rewrite(draft, instructions)
    if isinstance(text, str):
        text = _SUBJECT_LINE.sub("", text, count=1)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("the rewriter returned nothing: the draft is unchanged")
    invented = fact_check(draft, text, facts)
    if invented:
        raise InvalidInput(
            "rewrite rejected: it adds details that are not in your notes: " + ", ".join(invented)
        )
    return text.strip()


# -- the fact check ----------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019.&-]*[A-Za-z]|[A-Za-z]|\d[\d.,:/%-]*\d|\d")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$|^\s*$|\n\s*$")
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion percent dozen twice half first second third fourth fifth "
    "tenth".split()
)
# Words that are capitalised for grammar, not because they name something.
_ALWAYS_OK = frozenset({"i", "i'm", "i've", "i'd", "i'll", "ok"})


def fact_check(original: Draft, rewritten: str, facts: Facts) -> list[str]:
    """The names, numbers and proper nouns of `rewritten` found neither in the facts nor in
    the original draft, in order of first appearance (empty: the rewrite may be used)."""
    allowed = _vocabulary(_fact_texts(facts) + [original.subject, original.body])
    common = _common_words()
    offending: list[str] = []
    for match in _TOKEN.finditer(rewritten):
        token = _clean(match.group())
        if not token or token.lower() in allowed or token.lower() in _ALWAYS_OK:
            continue
        if _suspicious(token, rewritten, match.start(), common):
            if token not in offending:
                offending.append(token)
    return offending


def _suspicious(token: str, text: str, start: int, common: Callable[[str], bool]) -> bool:
    """A number, a number word, or a capitalised word that is not a plain sentence opener."""
    if token[0].isdigit():
        return True
    lower = token.lower()
    if lower in _NUMBER_WORDS:
        return True
    if not token[0].isupper():
        return False
    if any(ch.isupper() for ch in token[1:]):  # acronyms and CamelCase are names
        return True
    opener = bool(_SENTENCE_END.search(text[:start]))
    return not (opener and common(lower))


def _clean(token: str) -> str:
    token = token.strip(".,-&'\u2019")
    for suffix in ("'s", "\u2019s"):
        if token.endswith(suffix):
            token = token[: -len(suffix)]
    return token


def _vocabulary(texts: list[str]) -> set[str]:
    vocabulary: set[str] = set()
    for text in texts:
        for match in _TOKEN.finditer(text or ""):
            token = _clean(match.group())
            if token:
                vocabulary.add(token.lower())
                vocabulary.update(part.lower() for part in re.split(r"[-.&/]", token) if part)
    return vocabulary


# Technical fields: a time zone like Europe/Berlin says nothing about an office in Berlin.
_NOT_PROSE = frozenset(
    {"timezone", "emails", "email", "linkedin_url", "link", "call_link", "external_uid",
     "message_id", "in_reply_to", "references", "attachments", "header_message_id",
     "action_key", "account", "last_error", "to_address", "from_address", "website", "country"}
)


def _fact_texts(facts: Facts) -> list[str]:
    """Every prose string recorded in the facts (names, roles, topics, news), dates as text."""
    texts: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif is_dataclass(value) and not isinstance(value, type):
            for f in fields(value):
                if f.name not in _NOT_PROSE:
                    walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif hasattr(value, "strftime"):
            texts.append(f"{value.day} {value:%B %A %Y}")

    walk(facts)
    return texts


def _common_words() -> Callable[[str], bool]:
    """Whether a lower-case word is ordinary English (so that a sentence may start with it)."""
    try:
        from spellchecker import SpellChecker

        checker = SpellChecker(language="en", distance=1)
        frequency = checker.word_frequency
        return lambda word: word in frequency
    except Exception:  # no dictionary: treat every capitalised opener as ordinary
        return lambda word: True


# -- an OpenAI-compatible provider ------------------------------------------------------------

_PROMPT = (
    "Rewrite the message below following the instructions. Keep every fact exactly as it is; "
    "do not add names, numbers, dates, places or claims that are not in the message. Keep the "
    "greeting and the signature. Answer with the message body only."
)


class OpenAICompatible:
    """A chat-completions endpoint (OpenAI, a local llama.cpp or vLLM server) over urllib."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    @classmethod
    def from_config(cls, section: dict) -> "OpenAICompatible":
        import os

        base_url, model = section.get("base_url"), section.get("model")
        if not base_url or not model:
            raise ConfigError("[composer] rewriter = \"openai\" needs base_url and model")
        key_env = section.get("api_key_env", "")
        api_key = os.environ.get(key_env, "") if key_env else ""
        if key_env and not api_key:
            raise ConfigError(f"[composer] api_key_env: ${key_env} is not set")
        return cls(base_url, model, api_key, float(section.get("timeout", 60)))

    def rewrite(self, draft: Draft, instructions: str) -> str:
        import json
        import urllib.error
        import urllib.request

        payload = {
            "model": self.model,
            "temperature": 0.3,
            "messages": [
                {"role": "system", "content": _PROMPT},
                {"role": "user", "content": f"Instructions: {instructions}\n\nMessage:\n{draft.body}"},
            ],
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(
            self.base_url + "/chat/completions", json.dumps(payload).encode(), headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
            return answer["choices"][0]["message"]["content"]
        except urllib.error.HTTPError as err:
            raise DeliveryError(f"rewriter at {self.base_url}: HTTP {err.code} {err.reason}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise DeliveryError(f"rewriter at {self.base_url}: {reason}", temporary=True) from None
        except (ValueError, KeyError, IndexError, TypeError):
            raise DeliveryError(f"rewriter at {self.base_url}: unexpected answer") from None


register_rewriter("openai", OpenAICompatible.from_config)
