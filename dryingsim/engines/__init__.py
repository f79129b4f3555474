"""Engines: the solver backends behind ONE registry, each solving the linear steps of the shared march.

An engine is how a :class:`~dryingsim.numerics.discretisation.Transport` step becomes numbers: the march,
the discrete equations and the physics are shared (:mod:`dryingsim.numerics`, :mod:`dryingsim.model`), so
engines agree to the tolerance of the nonlinear sweeps. :data:`ENGINES` is the one place an engine is
named: the command line, :func:`dryingsim.simulate_many` and sweep files read it. A new engine is one
entry (docs/theory/numerics.md; CONTRIBUTING.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dryingsim.errors import InputError, SolverError

if TYPE_CHECKING:  # the registry itself stays light: the command line reads it for its help
    from dryingsim.model.problem import DryingProblem
    from dryingsim.numerics.march import Progress, Solver
    from dryingsim.numerics.record import RunRecord


def _banded(cells: int) -> Solver:
    from dryingsim.engines.banded import solve_transport

    return solve_transport


def _fipy(cells: int) -> Solver:
    from dryingsim.engines.fipy import FipySolver  # FiPy is imported only when it is used

    return FipySolver(cells)


@dataclass(frozen=True)
class Engine:
    """A solver backend: its name, what it is, how it makes the linear solver of a grid, and whether it
    advances a batch of scenarios as one set of arrays (else one scenario at a time)."""

    name: str
    description: str
    solver: Callable[[int], Solver]
    batched: bool


ENGINES: dict[str, Engine] = {engine.name: engine for engine in (
    Engine("fast", "banded LAPACK solves of the shared march, batches as arrays", _banded, batched=True),
    Engine("fipy", "the FiPy reference: the same equations through FiPy's terms, ~100x slower", _fipy,
           batched=False),
)}
"""Every engine by name; the first is the default."""
DEFAULT_ENGINE = next(iter(ENGINES))


def get_engine(name: str) -> Engine:
    """The engine of that name, or an :class:`InputError` naming the engines there are."""
    if name not in ENGINES:
        raise InputError("engine", name, "one of: " + ", ".join(ENGINES))
    return ENGINES[name]


def engine_help() -> str:
    """One line per engine, for help texts."""
    return "; ".join(f"{e.name}: {e.description}" for e in ENGINES.values())


def run_batch(problem: DryingProblem, engine: str = DEFAULT_ENGINE, progress: Progress | None = None,
              until: float = float("inf")) -> list[RunRecord | SolverError]:
    """March every scenario of ``problem`` until dry (or until time ``until`` [s]): each gives its record
    or the error that stopped it (one scenario's failure never stops the others)."""
    from dryingsim.numerics.march import Marcher

    chosen = get_engine(engine)
    return Marcher(problem, chosen.solver(problem.scenario.numerics.cells), progress, until).run()


def run_engine(problem: DryingProblem, engine: str = DEFAULT_ENGINE, progress: Progress | None = None,
               until: float = float("inf")) -> RunRecord:
    """Run a one-scenario problem until dry (or until time ``until`` [s]); a failure raises its SolverError."""
    (outcome,) = run_batch(problem, engine, progress, until)
    if isinstance(outcome, SolverError):
        raise outcome
    return outcome


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "engine_help", "get_engine", "run_batch", "run_engine"]
