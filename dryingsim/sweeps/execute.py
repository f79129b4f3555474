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

import difflib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dryingsim.errors import DryingsimError, SweepError
from dryingsim.inputs.arguments import check_count
from dryingsim.model import Member
from dryingsim.progress import progress_bar
from dryingsim.scenario import Scenario
from dryingsim.scenario.edit import ScenarioEditor
from dryingsim.simulation import simulate_many
from dryingsim.sweeps.design import design_points
from dryingsim.sweeps.spec import Sweep, load_sweep
from dryingsim.sweeps.store import PENDING, Layout, create_store, open_status, store_lock, write_points

CLUSTERS = ("local", "slurm", "pbs")
SUBMIT_COMMANDS = {"slurm": "sbatch", "pbs": "qsub"}
START_TIMEOUT = 600.0
"""Seconds a batch cluster may take until its first worker joins (``[cluster] start_timeout`` changes it)."""
CONNECT_TIMEOUT = "30s"
"""How long joining a running scheduler (``--scheduler``) may take."""
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

    check_cluster(cluster, scheduler, workers, options)
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SweepError("--scheduler", scheduler, "the address of a running dask scheduler, e.g. "
                             "tcp://host:8786", reason=str(exc)) from None
        with client:
            yield client
        return
    if cluster == "local":
        with tempfile.TemporaryDirectory(prefix="dryingsim-dask-") as scratch, \
                LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                             dashboard_address=None, local_directory=scratch) as local, Client(local) as client:
            yield client
        return
    with _batch_client(cluster, dict(options or {}), workers) as client:
        yield client


def check_cluster(cluster: str = "local", scheduler: str | None = None, workers: int | None = None,
                  options: dict | None = None) -> None:
    """What :func:`sweep_client` needs, checked before a store is made: a known cluster, a worker count, and
    for a batch cluster its submit command on PATH and the ``cores`` and ``memory`` of a job (from
    ``[cluster]`` or dask's ``jobqueue.<cluster>`` configuration)."""
    import dask

    if cluster not in CLUSTERS:
        raise SweepError("--cluster", cluster, f"one of: {', '.join(CLUSTERS)}")
    check_count(workers, "--workers", none=True)
    if scheduler is not None or cluster == "local":
        return
    submit = SUBMIT_COMMANDS[cluster]
    if shutil.which(submit) is None:
        raise SweepError("--cluster", cluster, f"a machine where '{submit}' runs (a {cluster} login node), or "
                         "--cluster local", reason=f"'{submit}' is not on PATH")
    for key in ("cores", "memory"):
        if key not in (options or {}) and dask.config.get(f"jobqueue.{cluster}.{key}", default=None) is None:
            raise SweepError(f"cluster.{key}", "missing", f"[cluster] {key} = ... in the sweep file, or "
                             f"jobqueue.{cluster}.{key} in dask's configuration",
                             reason=f"dask-jobqueue needs the {key} of each job")


@contextmanager
def _batch_client(cluster: str, options: dict, workers: int | None) -> Iterator[object]:
    """A client on dask-jobqueue worker jobs, failing fast with the reason instead of waiting forever.

    After ``scale``: a refused submission
    (``sbatch`` exits non-zero, e.g. more memory than a node has) is an error naming the scheduler's own
    message, and no worker within ``[cluster] start_timeout`` (default :data:`START_TIMEOUT`; raise it for a
    busy queue) is an error naming the jobs' state.
    """
    import dask_jobqueue
    from distributed import Client

    submit = SUBMIT_COMMANDS[cluster]
    jobs = workers or int(options.pop("jobs", 1))
    timeout = float(options.pop("start_timeout", START_TIMEOUT))
    kind = dask_jobqueue.SLURMCluster if cluster == "slurm" else dask_jobqueue.PBSCluster
    try:
        batch = kind(**options)
    except (TypeError, ValueError) as exc:
        raise SweepError("cluster", options, f"options dask-jobqueue's {kind.__name__} takes",
                         reason=str(exc)) from None
    client = Client(batch)
    try:
        with _submission_errors() as refused:
            batch.scale(jobs=jobs)
            _first_worker(client, batch, refused, timeout, submit)
    except BaseException:
        client.close()
        _abandon(batch)
        raise
    try:
        yield client
    finally:
        client.close()
        batch.close()


def _abandon(batch: object) -> None:
    """Cancel every job of a batch cluster none of whose workers joined, and close it.

    dask-jobqueue's ``Job.close`` cancels a job (scancel / qdel) but leaves its status 'running', and a job
    whose submission failed stays 'created'; ``SpecCluster.close`` asserts that every job is closed.
    """
    from distributed.core import Status

    for job in list(batch.workers.values()):  # type: ignore[attr-defined]
        if job.status == Status.running:
            batch.sync(job.close)  # type: ignore[attr-defined]
        job.status = Status.closed
    batch.close()  # type: ignore[attr-defined]


@contextmanager
def _submission_errors() -> Iterator[list[BaseException]]:
    """Collect the exceptions dask-jobqueue's event loop logs when a job submission fails (a tornado
    traceback on stderr otherwise), so that they become one clear error."""
    caught: list[BaseException] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.exc_info and record.exc_info[1] is not None:
                caught.append(record.exc_info[1])

    logger = logging.getLogger("tornado.application")  # dask gives it a stderr handler of its own
    handlers, propagate = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [Collect()], False
    try:
        yield caught
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def _first_worker(client: object, batch: object, refused: list[BaseException], timeout: float,
                  submit: str) -> None:
    """Wait until a worker job has joined; raise the submission's error, or time out naming the jobs."""
    end = time.monotonic() + timeout
    while not client.scheduler_info().get("workers"):  # type: ignore[attr-defined]
        if refused:
            detail = str(refused[0]).split("stderr:")[-1].strip() or str(refused[0])
            raise SweepError("--cluster", batch.__class__.__name__, f"jobs that '{submit}' accepts (check the "
                             "[cluster] table against the queue's limits)", reason=detail.splitlines()[0])
        if time.monotonic() > end:
            ids = [getattr(job, "job_id", None) for job in batch.workers.values()]  # type: ignore[attr-defined]
            raise SweepError("cluster.start_timeout", f"{timeout:g} s", "longer, for a busy queue (e.g. "
                             "start_timeout = \"2 h\")", reason=f"no worker job started; jobs {ids} "
                             "(see the scheduler's queue and the job logs)")
        time.sleep(0.2)


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
    if client is None:
        check_cluster(options=sweep.cluster, **cluster)  # type: ignore[arg-type]
    start = time.perf_counter()
    editor = point_editor(sweep)
    base = editor.base_scenario
    member = Member.from_scenario(base)
    f = member.formulation
    layout = Layout(sweep, base, f.components, f.component_roles)
    check_report(sweep, layout)
    points = design_points(sweep)
    with store_lock(sweep.store, sweep.name):
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


def check_report(sweep: Sweep, layout: Layout) -> None:
    """The ``[report]`` table names an output the store will hold and parameters of the sweep."""
    outputs = [*layout.metrics, "time_steps"]
    output = sweep.report.get("output", "metric_binder_top_bottom_ratio")
    if output not in outputs:
        close = difflib.get_close_matches(str(output), outputs, n=1)
        raise SweepError("report.output", output, "one of: " + ", ".join(outputs),
                         reason=f"did you mean '{close[0]}'?" if close else "not an output of this sweep")
    names = [p.name for p in sweep.parameters]
    for axis in ("x", "y"):
        if axis in sweep.report and sweep.report[axis] not in names:
            raise SweepError(f"report.{axis}", sweep.report[axis], "a parameter name: " + ", ".join(names))


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
    with progress_bar(progress, total=len(runnable), unit="point", desc="sweep") as bar:
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
