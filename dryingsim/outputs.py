"""Files a command writes, checked before any compute: nothing a user types loses a file.

A command lists every file it will write (each with the suffixes its writer handles and the files written
beside it, such as a CSV's metadata TOML) and every file it reads. :func:`check_outputs` then, before
anything runs:

- refuses an output that is one of the command's inputs, or another of its outputs (``--force`` or not);
- refuses an output that exists, unless ``force`` (``--force`` on the command line);
- refuses a suffix the writer does not handle (``run -o S.toml`` would write netCDF into a ``.toml``);
- refuses a folder, a missing folder or one the process cannot write into (a probe file is created and
  removed), so a long run never ends by failing to save its result.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dryingsim.errors import InputError


class OutputError(InputError):
    """A file a command would write is an input, exists, has the wrong suffix or cannot be written."""

    WHAT = "output"


@dataclass(frozen=True)
class Output:
    """One file a command writes.

    path : where; option : how the user named it (``-o``, ``--plot``), for messages
    suffixes : the suffixes its writer handles (lower case, with the dot)
    sidecars : files written beside it (e.g. ``layers.toml`` beside ``layers.csv``)
    resumes : an existing file is continued, not replaced (a fit's journal), so it may exist
    """

    path: Path
    option: str
    suffixes: tuple[str, ...]
    sidecars: tuple[Path, ...] = field(default=())
    resumes: bool = False


def figure_suffixes() -> tuple[str, ...]:
    """The file suffixes matplotlib can write a figure as (``.png``, ``.pdf``, ``.svg``, ...)."""
    from matplotlib.figure import Figure

    return tuple(sorted("." + kind for kind in Figure().canvas.get_supported_filetypes()))


def figure_output(path: Path | None, option: str = "--plot") -> list[Output]:
    """A figure output (none if ``path`` is None)."""
    return [] if path is None else [Output(Path(path), option, figure_suffixes())]


def check_outputs(outputs: Sequence[Output], inputs: Sequence[Path | None] = (), force: bool = False) -> None:
    """Check every output (and its sidecars) against the rules of the module docstring.

    Raises
    ------
    OutputError : naming the option, the path and what would be allowed
    """
    read = [Path(p) for p in inputs if p is not None]
    seen: list[tuple[Path, str]] = []
    for output in outputs:
        suffix = output.path.suffix.lower()
        if suffix not in output.suffixes:
            raise OutputError(output.option, str(output.path), "a file name ending in " + ", ".join(output.suffixes),
                              reason=f"'{output.path.suffix}' is not a format this output is written in"
                              if output.path.suffix else "no suffix says its format")
        for path, what in ((output.path, "it"), *((s, f"its companion file {s}") for s in output.sidecars)):
            for other in read:
                if _same_file(path, other):
                    raise OutputError(output.option, str(output.path), "a path that is not an input of the command",
                                      reason=f"{what} would overwrite the input {other}")
            for other, option in seen:
                if _same_file(path, other):
                    raise OutputError(output.option, str(output.path), "a path of its own",
                                      reason=f"{what} would also be written by {option} ({other})")
            _check_writable(path, output, what, force or output.resumes)
            seen.append((path, output.option))


def _same_file(a: Path, b: Path) -> bool:
    """True if ``a`` and ``b`` name one file (through links or relative paths), existing or not."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _check_writable(path: Path, output: Output, what: str, force: bool) -> None:
    """The folder exists and takes a new file; the path is not a folder, nor an existing file without force."""
    folder = path.parent
    if path.is_dir():
        raise OutputError(output.option, str(output.path), "a file path, not a folder",
                          reason=f"{what} is an existing folder")
    if path.exists() and not force:
        raise OutputError(output.option, str(output.path), "a new file, or --force to replace it",
                          reason=f"{what} exists")
    if not folder.is_dir():
        raise OutputError(output.option, str(output.path), "a path in an existing folder",
                          reason=f"{folder} is a file, not a folder" if folder.exists()
                          else f"folder {folder} does not exist")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".dryingsim-write-check-"):
            pass
    except OSError as exc:
        raise OutputError(output.option, str(output.path), "a path in a folder this user can write into",
                          reason=f"{folder}: {exc.strerror or exc}") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(output.option, str(output.path), "a file this user can replace",
                          reason=f"{what} is read-only")
