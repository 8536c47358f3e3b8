"""The user's personal dictionary: words the spelling rule must accept.

This is the reviewer's one file read, called by the interfaces and services (never by
`review()`, which stays pure): `known_words += personal_words(paths().config)`.
"""

from __future__ import annotations

from pathlib import Path

from afterview.errors import ConfigError

FILE_NAME = "personal-dictionary.txt"


def personal_words(config_dir: Path | str) -> list[str]:
    """Words of personal-dictionary.txt in the config folder (one a line, # comments); [] when absent."""
    path = Path(config_dir) / FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
