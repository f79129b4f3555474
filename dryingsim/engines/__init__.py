"""Engines: each marches a :class:`~dryingsim.engines.problem.DryingProblem` in time."""

from __future__ import annotations

from dryingsim.engines.fast_engine import run_batch, run_fast
from dryingsim.engines.fipy_engine import run_fipy
from dryingsim.engines.marcher import Progress
from dryingsim.engines.problem import DryingProblem, Member
from dryingsim.engines.record import RunRecord
from dryingsim.errors import ScenarioError

ENGINES = {"fipy": run_fipy, "fast": run_fast}


def run_engine(problem: DryingProblem, engine: str = "fast", progress: Progress | None = None,
               until: float = float("inf")) -> RunRecord:
    """Run ``problem`` with the named engine until dry, or until time ``until`` [s]."""
    if engine not in ENGINES:
        raise ScenarioError("engine", engine, f"one of: {', '.join(sorted(ENGINES))}")
    return ENGINES[engine](problem, progress, until)


__all__ = ["ENGINES", "DryingProblem", "Member", "RunRecord", "run_batch", "run_engine"]
