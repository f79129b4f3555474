"""Errors dryingsim raises on purpose, each saying what is wrong and what would be right."""

from __future__ import annotations


class DryingsimError(Exception):
    """Base class: every error dryingsim raises deliberately. The CLI prints these without a traceback."""


class InputError(DryingsimError, ValueError):
    """An input value is missing, misspelled, of the wrong unit or outside its allowed range.

    The message always names the field (or file, line and column), the value given and what is allowed.
    """

    WHAT = "input"

    def __init__(self, field: str, value: object, allowed: str, *, reason: str = "") -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(f"{self.WHAT} '{field}': got {value!r}{detail}; allowed: {allowed}")


class ScenarioError(InputError):
    """A scenario field is missing, misspelled, of the wrong unit or outside its allowed range."""

    WHAT = "scenario field"


class SweepError(InputError):
    """A field of a sweep file is missing, misspelled or outside its allowed values."""

    WHAT = "sweep field"


class SolverError(DryingsimError, RuntimeError):
    """The time integration could not continue; the message gives the simulated time and the reason."""

    def __init__(self, time: float, reason: str) -> None:
        self.time = time
        self.reason = reason
        super().__init__(f"solver failed at t = {time:.6g} s: {reason}")
