"""Running a sweep on dask.distributed: a local cluster by default, Slurm or PBS through dask-jobqueue, or an
existing scheduler by address.

The points still pending in the store are cut into tasks of consecutive points; each task runs them with
:func:`dryingsim.simulate_many` on a worker and sends back only what the store keeps. Results are written
by this process as tasks finish. A point whose scenario is impossible is recorded as failed before any
compute; a solver failure is recorded with its message; a task lost with its worker is rerun on another
worker by dask (``distributed.scheduler.allowed-failures``), and one lost every time stays pending for the
next run.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dryingsim.engines import Member
from dryingsim.errors import DryingsimError, SweepError
from dryingsim.scenario import Scenario
from dryingsim.scenario.edit import ScenarioEditor
from dryingsim.simulation import simulate_many
from dryingsim.sweeps.design import design_points
from dryingsim.sweeps.spec import Sweep, load_sweep
from dryingsim.sweeps.store import PENDING, Layout, create_store, open_status, write_points

CLUSTERS = ("local", "slurm", "pbs")
TASKS_PER_WORKER = 4
"""Pending points are cut into about this many tasks per worker (for balance), of 1 to 64 points each."""


@dataclass(frozen=True)
class SweepSummary:
    """What one run of a sweep did."""

    store: Path
    points: int
    already_done: int
    computed: int
    failed: int
    pending: int
    seconds: float

    def __str__(self) -> str:
        rate = self.computed / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.store}: {self.points} points; {self.already_done} done before this run, {self.computed} "
                f"computed now ({self.failed} failed) in {self.seconds:.1f} s ({rate:.2f} points/s); "
                f"{self.pending} still pending")


def point_editor(sweep: Sweep) -> ScenarioEditor:
    """The editor that turns the sweep's points into scenarios (a bad path is a sweep error)."""
    return ScenarioEditor.from_file(sweep.base, sweep.parameters, error=SweepError)


def point_name(editor: ScenarioEditor, index: int) -> str:
    """A point's scenario name: ``<base name>#<index>``."""
    return f"{editor.base_scenario.name}#{index}"


def simulate_points(scenarios: Sequence[Scenario], layout: Layout, engine: str) -> list[dict | str]:
    """On a worker: run ``scenarios`` together and keep, for each, the store's values or its error text."""
    out: list[dict | str] = []
    for result in simulate_many(scenarios, engine=engine):
        if isinstance(result, DryingsimError):
            out.append(str(result))
            continue
        try:
            out.append(layout.record(result))
        except DryingsimError as error:
            out.append(str(error))
    return out


@contextmanager
def sweep_client(cluster: str = "local", scheduler: str | None = None, workers: int | None = None,
                 options: dict | None = None) -> Iterator[object]:
    """A dask client: joined to ``scheduler`` (an address), or on a new local, Slurm or PBS cluster.

    ``options`` (the sweep file's ``[cluster]``) go to dask-jobqueue; missing ones come from dask's
    configuration (``jobqueue.slurm.*``). ``workers``: local worker processes (default: the machine's
    cores), or batch jobs (default: ``options["jobs"]``, else 1).
    """
    from distributed import Client, LocalCluster

    if cluster not in CLUSTERS:
        raise SweepError("--cluster", cluster, f"one of: {', '.join(CLUSTERS)}")
    if workers is not None and workers < 1:
        raise SweepError("--workers", workers, "an integer >= 1")
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    if cluster == "local":
        with tempfile.TemporaryDirectory(prefix="dryingsim-dask-") as scratch, \
                LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                             dashboard_address=None, local_directory=scratch) as local, Client(local) as client:
            yield client
        return
    import dask_jobqueue

    options = dict(options or {})
    configured_jobs = int(options.pop("jobs", 1))
    jobs = workers or configured_jobs
    kind = dask_jobqueue.SLURMCluster if cluster == "slurm" else dask_jobqueue.PBSCluster
    with kind(**options) as batch, Client(batch) as client:
        batch.scale(jobs=jobs)
        yield client


def run_sweep(sweep: Sweep | str | os.PathLike[str], client: object | None = None, progress: bool = False,
              **cluster: object) -> SweepSummary:
    """Run (or resume) a sweep: compute every point the store does not hold yet.

    ``client`` is a dask ``distributed.Client``; without one, :func:`sweep_client` makes one from
    ``cluster`` (``cluster=``, ``scheduler=``, ``workers=``) and the sweep file's ``[cluster]`` table.

    Raises
    ------
    SweepError, ScenarioError : the sweep file or its base scenario is invalid, or the store holds another sweep
    """
    sweep = sweep if isinstance(sweep, Sweep) else load_sweep(sweep)
    start = time.perf_counter()
    editor = point_editor(sweep)
    base = editor.base_scenario
    member = Member.from_scenario(base)
    f = member.formulation
    layout = Layout(sweep, base, f.components, f.component_roles)
    points = design_points(sweep)
    status = open_status(sweep, points, base)
    if status is None:
        create_store(sweep, points, layout, base, json.dumps(f.sources | member.conditions.sources, indent=1,
                                                              sort_keys=True))
        status = np.full(len(points), PENDING, dtype=np.int8)
    pending = np.flatnonzero(status == PENDING)
    already = len(points) - len(pending)
    scenarios = [editor.scenario_or_error(points[i], point_name(editor, int(i))) for i in pending]
    impossible = [(int(i), s) for i, s in zip(pending, scenarios, strict=True) if isinstance(s, DryingsimError)]
    if impossible:
        write_points(sweep, layout, [i for i, _ in impossible], [str(e) for _, e in impossible])
    runnable = [(int(i), s) for i, s in zip(pending, scenarios, strict=True) if not isinstance(s, DryingsimError)]
    failed = len(impossible)
    computed = len(impossible)
    if runnable:
        if client is None:
            with sweep_client(options=sweep.cluster, **cluster) as made:  # type: ignore[arg-type]
                done, failures = _compute(made, sweep, layout, runnable, progress)
        else:
            done, failures = _compute(client, sweep, layout, runnable, progress)
        computed += done
        failed += failures
    return SweepSummary(store=sweep.store, points=len(points), already_done=already, computed=computed,
                        failed=failed, pending=len(points) - already - computed,
                        seconds=time.perf_counter() - start)


def _tasks(runnable: list[tuple[int, Scenario]], size: int) -> list[list[tuple[int, Scenario]]]:
    return [runnable[a:a + size] for a in range(0, len(runnable), size)]


def _compute(client: object, sweep: Sweep, layout: Layout, runnable: list[tuple[int, Scenario]],
             progress: bool) -> tuple[int, int]:
    """Submit the tasks, write each as it finishes; returns (points computed, points failed)."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    workers = max(1, len(client.scheduler_info().get("workers", {})))  # type: ignore[attr-defined]
    size = sweep.points_per_task or int(np.clip(np.ceil(len(runnable) / (TASKS_PER_WORKER * workers)), 1, 64))
    tasks = _tasks(runnable, size)
    futures = {client.submit(simulate_points, [s for _, s in task], layout, sweep.engine,  # type: ignore[attr-defined]
                             key=f"dryingsim-points-{task[0][0]}-{task[-1][0]}-{os.getpid()}-{time.time_ns()}"):
               [i for i, _ in task] for task in tasks}
    computed = failed = 0
    with _bar(progress, len(runnable)) as bar:
        for future in as_completed(futures):
            indices = futures[future]
            if future.status == "error":
                error = future.exception()
                if isinstance(error, KilledWorker):  # lost with its workers every time: stays pending
                    continue
                outcomes: list = [f"internal error: {type(error).__name__}: {error}"] * len(indices)
            else:
                outcomes = future.result()
            write_points(sweep, layout, indices, outcomes)
            computed += len(indices)
            failed += sum(isinstance(o, str) for o in outcomes)
            if bar is not None:
                bar.set_postfix(failed=failed, refresh=False)
                bar.update(len(indices))
    return computed, failed


@contextmanager
def _bar(show: bool, total: int) -> Iterator[object | None]:
    """A tqdm bar: points done, failed, rate and time left."""
    if not show:
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="point", desc="sweep") as bar:
        yield bar
