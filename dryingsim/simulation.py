"""The whole pipeline in two short functions: scenario(s) -> problem -> engine -> result Dataset(s)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial

import xarray as xr

from dryingsim.engines import DEFAULT_ENGINE, get_engine, run_batch
from dryingsim.errors import DryingsimError
from dryingsim.inputs.arguments import check_count
from dryingsim.model import DryingProblem, Member
from dryingsim.numerics.record import RunRecord
from dryingsim.progress import progress_bar
from dryingsim.results.dataset import build_result
from dryingsim.results.metrics import metrics, metrics_as_attrs
from dryingsim.scenario import Scenario

BATCH_SIZE = 64
"""Scenarios advanced together by :func:`simulate_many`. Measured on the default scenario (100 cells, one
core): 32, 64, 128 and 256 per batch reach 3.2, 3.9, 4.3 and 4.2 scenarios/s, with peak RSS 0.29, 0.41,
0.65 and 1.13 GiB (the records of every step); a batch's records become result Datasets, and are freed,
before the next batch starts."""


ROUTINE_CELLS = 400
"""Grids finer than this need an explicit choice on the command line (``dryingsim run --force``): the
shipped scenarios' metrics are grid-converged to about 1 % at the default 100 cells."""
COST_EXPONENT = 0.85
"""Run time grows about as cells**0.85 (more, smaller steps and larger solves): measured on the default
scenario, one core, 4.6 / 8.7 / 15.8 / 32.8 s at 100 / 200 / 400 / 800 cells."""


def relative_run_time(cells: int) -> float:
    """Run time of a ``cells`` grid over that of the default 100 cells (:data:`COST_EXPONENT`)."""
    return (cells / 100) ** COST_EXPONENT


def _result(problem: DryingProblem, record: RunRecord, engine: str) -> xr.Dataset:
    result = build_result(problem, record, engine)
    result.attrs.update(metrics_as_attrs(metrics(result)))
    return result


@contextmanager
def _progress_bar(show: bool, description: str) -> Iterator[Callable[[float], None] | None]:
    """A bar fed with the share of the solvent evaporated, or nothing."""
    with progress_bar(show, total=100, desc=description, unit="% solvent",
                      bar_format="{l_bar}{bar}| {elapsed}") as bar:
        if bar is None:
            yield None
            return

        def report(fraction: float) -> None:
            bar.update(round(100 * min(fraction, 1.0), 1) - bar.n)

        yield report


def simulate(scenario: Scenario, engine: str = DEFAULT_ENGINE, progress: bool = False) -> xr.Dataset:
    """Simulate the drying of ``scenario`` and return the result Dataset.

    Every input check (field ranges, materials, packing) runs before any compute. The result
    carries the scenario, the package version, the material sources and the migration metrics
    (``metric_*`` attributes; see :func:`dryingsim.metrics`). ``engine`` names an entry of
    :data:`dryingsim.engines.ENGINES`.

    Raises
    ------
    ScenarioError : bad input, naming the field, the value and the allowed range
    SolverError : the time integration failed; says at what time and why
    """
    get_engine(engine)
    problem = DryingProblem.from_members([Member.from_scenario(scenario)])
    with _progress_bar(progress, scenario.name) as report:
        (record,) = run_batch(problem, engine, report)
    if isinstance(record, DryingsimError):
        raise record
    return _result(problem, record, engine)


def simulate_many(scenarios: Sequence[Scenario], engine: str = DEFAULT_ENGINE, progress: bool = False,
                  batch_size: int = BATCH_SIZE, workers: int | None = 1) -> list[xr.Dataset | DryingsimError]:
    """Simulate many scenarios; a batched engine advances them together as arrays, in batches.

    Scenarios may differ in any number; those of one structure (cells, particle classes,
    dissolved species) share batches of up to ``batch_size``. Each scenario gives the same result
    as :func:`simulate` with the same engine. The list follows ``scenarios``: a result Dataset, or
    the error of a scenario that is invalid (:class:`ScenarioError`) or whose integration failed
    (:class:`SolverError`); one failure never stops the others. ``workers`` > 1 (``None``: one per
    core) shares the scenarios among that many local processes (interleaved, so that costly neighbours spread); for
    many more scenarios, or a cluster, use a sweep (docs/user-guide/sweeps.md).
    """
    get_engine(engine)
    check_count(batch_size, "batch_size")
    check_count(workers, "workers", none=True)
    workers = max(1, os.cpu_count() or 1) if workers is None else workers
    if workers > 1 and len(scenarios) > 1:
        return _shared(scenarios, engine, batch_size, min(workers, len(scenarios)))
    outcomes: list[xr.Dataset | DryingsimError | None] = [None] * len(scenarios)
    groups: dict[tuple, list[tuple[int, Member]]] = {}
    for index, scenario in enumerate(scenarios):
        try:
            member = Member.from_scenario(scenario)
        except DryingsimError as error:
            outcomes[index] = error
            continue
        groups.setdefault(member.structure, []).append((index, member))
    batches = [group[start:start + batch_size] for group in groups.values()
               for start in range(0, len(group), batch_size)]
    with _progress_bar(progress, f"{len(scenarios)} scenarios") as report:
        for number, batch in enumerate(batches):
            def batch_report(fraction: float, done: int = number) -> None:
                report((done + fraction) / len(batches))

            problem = DryingProblem.from_members([member for _, member in batch])
            records = _run(problem, engine, batch_report if report else None)
            for row, (index, _) in enumerate(batch):
                record, records[row] = records[row], None  # free each record once it is a result
                try:
                    outcomes[index] = record if isinstance(record, DryingsimError) \
                        else _result(problem.take([row]), record, engine)
                except DryingsimError as error:
                    outcomes[index] = error
    return outcomes


def _shared(scenarios: Sequence[Scenario], engine: str, batch_size: int,
            workers: int) -> list[xr.Dataset | DryingsimError]:
    """:func:`simulate_many` in ``workers`` processes, scenario i in process i % workers."""
    # fork where the platform has it: spawned workers re-import the caller's script, which then needs an
    # ``if __name__ == "__main__"`` guard that a process engineer's short script rarely has
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    outcomes: list = [None] * len(scenarios)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        shares = pool.map(partial(simulate_many, engine=engine, batch_size=batch_size),
                          [scenarios[w::workers] for w in range(workers)])
        for w, share in enumerate(shares):
            outcomes[w::workers] = share
    return outcomes


def _run(problem: DryingProblem, engine: str, report: Callable[[float], None] | None) -> list:
    """Records (or errors) of a batch: in one march with a batched engine, else scenario by scenario."""
    if get_engine(engine).batched:
        return run_batch(problem, engine, report)
    return [outcome for row in range(len(problem.members)) for outcome in run_batch(problem.take([row]), engine)]
