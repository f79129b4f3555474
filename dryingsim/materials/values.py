"""A number with its SI unit and where it comes from: the only way a material value enters dryingsim."""

from __future__ import annotations

from dataclasses import dataclass


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
