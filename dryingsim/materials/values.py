"""A number with its SI unit and where it comes from: the only way a material value enters dryingsim.

Also the look-up of a library entry by the key a scenario gives, which names the scenario field
when the key is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from dryingsim.errors import ScenarioError

T = TypeVar("T")


@dataclass(frozen=True)
class Value:
    """A material value in SI units with its source.

    ``source`` cites the publication (authors, year, journal, table/figure) or says
    ``"assumed: <why>"``; a number read off a figure says so.
    """

    value: float
    unit: str
    source: str

    def __float__(self) -> float:
        return float(self.value)


def look_up(library: Mapping[str, T], name: str, field: str) -> T:
    """The entry of ``library`` a scenario names by ``name``.

    Raises
    ------
    ScenarioError
        ``name`` is not a key of ``library``; the message names ``field`` (the dotted path of the
        scenario field) and lists the keys.
    """
    try:
        return library[name]
    except (KeyError, TypeError):
        raise ScenarioError(field, name, allowed="one of: " + ", ".join(sorted(library))) from None
