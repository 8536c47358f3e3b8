"""People's names as a note uses them."""

from __future__ import annotations

_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "cpa", "pe", "esq"})


def first_name(name: str) -> str:
    """The name to greet someone by: "Tom Becker" -> "Tom".

    Also "Becker, Tom" (as address books and Outlook give names) -> "Tom", "Dr. Maria van der
    Berg" -> "Maria", and "Tom Becker, PhD" -> "Tom".
    """
    text = " ".join(name.split())
    if "," in text:
        before, after = (part.strip() for part in text.split(",", 1))
        after = after.split(",")[0].strip()  # "Becker, Tom, PhD"
        after_words = after.split()
        if before and after_words and after_words[0].rstrip(".").lower() not in _SUFFIXES:
            text = f"{after} {before}"  # "Last, First"
        elif before:
            text = before  # "First Last, PhD"
    parts = text.split()
    while len(parts) > 1 and parts[0].rstrip(".").lower() in _HONORIFICS:
        parts = parts[1:]
    return parts[0] if parts else name
