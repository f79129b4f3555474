"""Tables people write (TOML): only known keys (the closest one suggested), every required key present."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from dryingsim.errors import InputError, ScenarioError


class _Missing:
    """Stands for the value of a required key that is absent."""

    def __repr__(self) -> str:
        return "nothing"


MISSING = _Missing()
"""The value an error names for a required key that is absent."""


def check_table(data: Any, path: str, required: Sequence[str], allowed: Sequence[str],
                error: type[InputError] = ScenarioError) -> None:
    """``data`` must be a table with only ``allowed`` keys (closest one suggested) and all ``required``."""
    if not isinstance(data, dict):
        raise error(path or "<scenario>", data, f"a table with keys {', '.join(allowed)}")
    for key, value in data.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            reason = f"unknown key; did you mean '{close[0]}'?" if close else "unknown key"
            raise error(join_path(path, key), value, f"keys {', '.join(allowed)}", reason=reason)
    for key in required:
        if key not in data:
            allowed_text = f"required keys {', '.join(required)}"
            raise error(join_path(path, key), MISSING, allowed_text, reason="required key is missing")


def join_path(path: str, key: str) -> str:
    """Dotted path of ``key`` inside the table at ``path`` (``""`` is the top level)."""
    return f"{path}.{key}" if path else key
