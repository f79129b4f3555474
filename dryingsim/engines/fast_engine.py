"""Fast engine: the FiPy engine's march and discrete equations, each linear step a banded LAPACK solve.

Same problem, same sweeps, step control and stage events (:mod:`dryingsim.engines.marcher`); only the
linear algebra differs (:mod:`dryingsim.engines.banded`), so the two engines agree to the tolerance of
the nonlinear sweeps. It runs a batch of scenarios as one set of arrays (:func:`run_batch`).
"""

from __future__ import annotations

import numpy as np

from dryingsim.engines.banded import solve_transport
from dryingsim.engines.marcher import Marcher, Progress
from dryingsim.engines.problem import DryingProblem
from dryingsim.engines.record import RunRecord
from dryingsim.errors import SolverError


def run_batch(problem: DryingProblem, progress: Progress | None = None,
              until: float = np.inf) -> list[RunRecord | SolverError]:
    """Run every scenario of a batch until dry (or ``until``): its record, or the error that stopped it."""
    return Marcher(problem, solve_transport, progress, until).run()


def run_fast(problem: DryingProblem, progress: Progress | None = None, until: float = np.inf) -> RunRecord:
    """Run a one-scenario problem with the fast engine until dry (or until time ``until``)."""
    (outcome,) = run_batch(problem, progress, until)
    if isinstance(outcome, SolverError):
        raise outcome
    return outcome
