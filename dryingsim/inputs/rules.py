"""Rules of the numbers people write: a kind of unit and an allowed interval, checked with one message.

:class:`Rule` is the one description of a scalar field used by scenarios, sweeps, instrument presets and
measured metadata; :func:`check_value` raises the caller's error naming the field, the value and the
interval. :func:`check_choice`, :func:`check_integer` and :func:`check_text` are the small checks of
keys that take a name, a count or a text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral, Real

from dryingsim.errors import InputError, ScenarioError
from dryingsim.inputs.units import KINDS


@dataclass(frozen=True)
class Rule:
    """Kind and allowed interval of one scalar field.

    kind : a key of :data:`dryingsim.inputs.units.KINDS`, or ``"integer"`` (a count)
    low, high : interval ends in SI units; ``low_open`` / ``high_open`` exclude them
    optional : ``None`` is allowed (the field is unset)
    """

    kind: str
    low: float
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    optional: bool = False

    def allowed(self) -> str:
        """The interval as text, e.g. ``"(0, 0.005] m"`` or ``"integers in [10, 5000]"``."""
        left = "(" if self.low_open else "["
        right = ")" if self.high_open or self.high == math.inf else "]"
        interval = f"{left}{self.low:g}, {self.high:g}{right}"
        if self.kind == "integer":
            return f"integers in {interval}"
        unit = KINDS[self.kind].si_unit
        return f"{interval} {unit}" if unit else interval

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the interval (NaN never does)."""
        above = self.low < x if self.low_open else self.low <= x
        below = x < self.high if self.high_open else x <= self.high
        return above and below and not math.isinf(x)


def open_closed(kind: str, low: float, high: float) -> Rule:
    """Rule for the interval (low, high]."""
    return Rule(kind, low, high, low_open=True)


def positive(kind: str) -> Rule:
    """Rule for the interval (0, inf)."""
    return Rule(kind, 0.0, math.inf, low_open=True, high_open=True)


def check_value(value: object, field: str, rule: Rule, error: type[InputError] = ScenarioError) -> None:
    """One number: its type (int for counts, real otherwise) and its interval; ``error`` is raised if not."""
    if value is None and rule.optional:
        return
    wanted = Integral if rule.kind == "integer" else Real
    if isinstance(value, bool) or not isinstance(value, wanted):
        kind = "an integer" if rule.kind == "integer" else "a number"
        raise error(field, value, rule.allowed(), reason=f"not {kind}")
    if not rule.contains(value):
        unit = "" if rule.kind == "integer" else KINDS[rule.kind].si_unit
        raise error(field, value, rule.allowed(), reason=f"SI value in {unit}" if unit else "")


def check_choice(value: object, field: str, allowed: Sequence[str], error: type[InputError] = InputError) -> str:
    """``value`` must be one of ``allowed`` (names)."""
    if value not in allowed:
        raise error(field, value, f"one of: {', '.join(allowed)}")
    return str(value)


def check_integer(value: object, field: str, low: int, error: type[InputError] = InputError) -> int:
    """``value`` must be an integer >= ``low`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise error(field, value, f"an integer >= {low}")
    return value


def check_text(value: object, field: str, error: type[InputError] = InputError) -> str:
    """``value`` must be a text."""
    if not isinstance(value, str):
        raise error(field, value, "a text")
    return value
