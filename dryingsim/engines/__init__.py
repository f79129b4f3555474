"""Engines: each marches a :class:`~dryingsim.engines.problem.DryingProblem` in time."""

from __future__ import annotations

from dryingsim.engines.fipy_engine import Progress, run_fipy
from dryingsim.engines.problem import DryingProblem
from dryingsim.engines.record import RunRecord
from dryingsim.errors import ScenarioError

ENGINES = {"fipy": run_fipy}


def run_engine(problem: DryingProblem, engine: str = "fipy", progress: Progress | None = None,
               until: float = float("inf")) -> RunRecord:
    """Run ``problem`` with the named engine until dry, or until time ``until`` [s]."""
    if engine not in ENGINES:
        raise ScenarioError("engine", engine, f"one of: {', '.join(sorted(ENGINES))}")
    return ENGINES[engine](problem, progress, until)


__all__ = ["ENGINES", "DryingProblem", "RunRecord", "run_engine"]
