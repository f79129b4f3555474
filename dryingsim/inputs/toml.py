"""The one TOML reader of files people write (scenarios, sweeps, presets, metadata, fits, sources)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from dryingsim.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError


def read_toml(path: str | os.PathLike[str], error: type[InputError] = InputError,
              field: str | None = None) -> dict[str, Any]:
    """Parse a TOML file.

    Every way a file can be unreadable (missing, a folder, no permission, not UTF-8, a syntax error with its
    line and column) raises ``error`` naming ``field`` (default: the path) and the reason.
    """
    path = Path(path)
    name = str(path) if field is None else field
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise error(name, str(path), "a readable TOML file", reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise error(name, str(path), "a UTF-8 text file (save it as UTF-8)",
                    reason=f"byte {exc.start} is not UTF-8") from None
    return parse_toml(text, name, error)


def parse_toml(text: str, field: str, error: type[InputError] = InputError) -> dict[str, Any]:
    """Parse TOML text; a syntax error names ``field``, the line and the column."""
    try:
        return tomllib.loads(text)
    except TOMLDecodeError as exc:
        raise error(field, "TOML", "a valid TOML file", reason=str(exc)) from None
