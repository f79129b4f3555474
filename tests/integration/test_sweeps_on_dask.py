"""Sweeps on real dask clusters (issue 6): a local cluster, a scheduler and workers started as separate
processes and joined by address, and Slurm jobs through dask-jobqueue. The sweeps run the sweep test
anode (tests/data/sweeps, 12 cells), about 2 s a point.

What each test checks is what a user relies on: a point of a sweep is bitwise the run of its scenario
alone; killing the sweep loses no finished point and the rerun computes only the missing ones; a dying
worker's points are rerun elsewhere; an impossible point is a recorded failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import dryingsim
from dryingsim.sweeps import load_sweep, run_sweep
from dryingsim.sweeps.design import design_points
from dryingsim.sweeps.execute import point_editor, point_name
from dryingsim.sweeps.store import DONE, FAILED

BASE = Path(__file__).parents[1] / "data" / "sweeps" / "sweep-anode.toml"
RATE_AND_THICKNESS = ('[[parameters]]\nname = "rate"\npath = "drying.rate"\nrange = ["0.5 g/m^2/s", "3 g/m^2/s"]\n'
                      '{rate}[[parameters]]\nname = "h"\npath = "layers[0].wet_thickness"\n'
                      'range = ["100 um", "200 um"]\n{thickness}')


def _write(folder: Path, design: str, body: str, extra: str = "") -> Path:
    path = folder / "sweep.toml"
    path.write_text(f'name = "dask-test"\nbase = "{BASE.as_posix()}"\ndesign = "{design}"\nstore = "out.zarr"\n'
                    f'keep = ["metrics", "profile"]\n{extra}\n{body}', encoding="utf-8")
    return path


def _grid(folder: Path, rates: int, thicknesses: int, extra: str = "") -> Path:
    return _write(folder, "grid", RATE_AND_THICKNESS.format(rate=f"steps = {rates}\n",
                                                           thickness=f"steps = {thicknesses}\n"), extra)


def _done(store: Path) -> np.ndarray:
    """Indices of the points the store marks done (none while it does not exist yet)."""
    if not (store / ".zmetadata").exists():
        return np.array([], dtype=int)
    with xr.open_zarr(store) as stored:
        return np.flatnonzero(stored["status"].values == DONE)


def _wait_for(condition, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


@pytest.mark.slow
def test_a_sweep_gives_bitwise_the_numbers_of_its_points_run_one_by_one(tmp_path):
    """40 Latin-hypercube points on a local cluster of 2 worker processes, batched by simulate_many: every
    metric, step count and dry profile equals dryingsim.simulate of that point's scenario, bit for bit,
    and the store opens with plain xarray.open_dataset and open_zarr."""
    path = _write(tmp_path, "latin_hypercube", RATE_AND_THICKNESS.format(rate="", thickness=""),
                  "samples = 40\nseed = 3")
    summary = run_sweep(path, workers=2)
    assert (summary.computed, summary.failed, summary.pending) == (40, 0, 0)
    stored = xr.open_dataset(summary.store, engine="zarr")
    assert xr.open_zarr(summary.store).sizes["point"] == 40
    sweep = load_sweep(path)
    factory, points = point_editor(sweep), design_points(sweep)
    for i in range(40):
        alone = dryingsim.simulate(factory.scenario(points[i], point_name(factory, i)))
        point = stored.isel(point=i)
        assert int(point["time_steps"]) == alone.attrs["time_steps"], i
        for name in (v for v in stored.data_vars if v.startswith("metric_")):
            assert float(point[name]) == alone.attrs[name], (i, name)
        np.testing.assert_array_equal(point["dry_mass_fraction"].values, alone["dry_mass_fraction"].values)


@pytest.mark.slow
def test_a_killed_sweep_resumes_with_only_the_missing_points(tmp_path):
    """SIGKILL 'dryingsim sweep' once some points are stored; the rerun finds them done, computes exactly the
    others, and the points finished before the kill keep their values (nothing lost, nothing twice)."""
    path = _grid(tmp_path, 8, 6, "points_per_task = 3")
    store = tmp_path / "out.zarr"
    process = subprocess.Popen([sys.executable, "-m", "dryingsim.cli", "sweep", str(path), "--workers", "2",
                                "--quiet"], start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: len(_done(store)) >= 6 or process.poll() is not None, 300, "6 finished points")
    finally:
        process.kill()  # SIGKILL: no clean-up runs
        process.wait()
        with contextlib.suppress(ProcessLookupError):  # its local workers, if they outlived it
            os.killpg(process.pid, signal.SIGKILL)
    finished = _done(store)
    assert 6 <= len(finished) < 48, "the sweep ended before it could be killed"
    with xr.open_zarr(store) as stored:
        before = stored.isel(point=finished).load()
    summary = run_sweep(path, workers=2)
    assert (summary.already_done, summary.computed, summary.pending) == (len(finished), 48 - len(finished), 0)
    with xr.open_zarr(store) as stored:
        assert (stored["status"].values == DONE).all()
        after = stored.isel(point=finished).load()
    xr.testing.assert_identical(before, after)


@pytest.fixture
def dask_processes(tmp_path):
    """A dask scheduler and two workers (no nanny: a killed worker stays dead), each its own process."""
    scheduler_file = tmp_path / "scheduler.json"
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", "0", "--dashboard-address", "127.0.0.1:0", "--scheduler-file",
                                   str(scheduler_file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        _wait_for(scheduler_file.exists, 60, "the scheduler file")
        time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        workers = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--host",
                                     "127.0.0.1", "--nthreads", "1", "--no-nanny", "--local-directory",
                                     str(tmp_path / f"worker{i}")], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) for i in range(2)]
        processes += workers
        yield address, workers
    finally:
        for process in reversed(processes):
            process.kill()
            process.wait()


@pytest.mark.slow
def test_a_sweep_joins_a_scheduler_and_survives_a_dying_worker(tmp_path, dask_processes):
    """A sweep joins separately started dask processes by address; one worker is SIGKILLed while it works,
    and the scheduler reruns its tasks on the other: every point ends done, none failed."""
    address, workers = dask_processes
    path = _grid(tmp_path, 8, 4, "points_per_task = 2")
    outcome: dict = {}
    thread = threading.Thread(target=lambda: outcome.update(summary=run_sweep(path, scheduler=address)))
    thread.start()
    _wait_for(lambda: len(_done(tmp_path / "out.zarr")) >= 4 or not thread.is_alive(), 300, "4 finished points")
    workers[0].kill()
    thread.join(timeout=600)
    summary = outcome["summary"]
    assert workers[0].poll() is not None and workers[1].poll() is None
    assert (summary.computed, summary.failed, summary.pending) == (32, 0, 0)
    with xr.open_zarr(tmp_path / "out.zarr") as stored:
        assert (stored["status"].values == DONE).all()


def test_an_impossible_point_is_recorded_and_the_others_finish(tmp_path):
    """A negative wet thickness is a failed point with the scenario's message (field, value, range); the
    other points of the table complete."""
    body = ('[[parameters]]\nname = "h"\npath = "layers[0].wet_thickness"\nvalues = ["150 um", "-10 um", "120 um"]\n'
            '[[parameters]]\nname = "rate"\npath = "drying.rate"\nvalues = ["1.5 g/m^2/s", "1.5 g/m^2/s", '
            '"2 g/m^2/s"]\n')
    summary = run_sweep(_write(tmp_path, "table", body), workers=1)
    assert (summary.computed, summary.failed, summary.pending) == (3, 1, 0)
    stored = xr.open_zarr(tmp_path / "out.zarr")
    assert list(stored["status"].values) == [DONE, FAILED, DONE]
    assert "layers[0].wet_thickness" in str(stored["error"].values[1]) and "-1e-05" in str(stored["error"].values[1])


def _slurm_ready() -> bool:
    if shutil.which("sbatch") is None:
        return False
    done = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, check=False)
    return done.returncode == 0 and "idle" in done.stdout


@pytest.mark.slow
def test_a_sweep_runs_on_slurm_jobs_through_dask_jobqueue(tmp_path):
    """--cluster slurm: dask-jobqueue submits worker jobs to a real Slurm controller (started by .ci/run),
    they compute the points, and the numbers are those of single runs. In CI a missing Slurm is a failure."""
    if not _slurm_ready():
        if os.environ.get("CI") == "true":
            pytest.fail("Slurm is not running: .ci/run must install and start munge, slurmctld and slurmd")
        pytest.skip("no running Slurm on this machine (sbatch/sinfo); CI starts one")
    logs = tmp_path / "slurm-logs"
    cluster = (f'[cluster]\nqueue = "debug"\ncores = 1\nprocesses = 1\nmemory = "500MB"\nwalltime = "00:10:00"\n'
               f'interface = "lo"\njobs = 2\nlocal_directory = "{tmp_path.as_posix()}"\n'
               f'log_directory = "{logs.as_posix()}"\nscheduler_options = {{ dashboard_address = "127.0.0.1:0" }}\n')
    path = _write(tmp_path, "grid", RATE_AND_THICKNESS.format(rate="steps = 3\n", thickness="steps = 2\n") + cluster)
    summary = run_sweep(path, cluster="slurm")
    assert (summary.computed, summary.failed, summary.pending) == (6, 0, 0)
    assert any(logs.glob("*.err")), "no Slurm job logs: the workers did not run as jobs"
    sweep = load_sweep(path)
    stored = xr.open_zarr(sweep.store)
    editor = point_editor(sweep)
    scenario = editor.scenario(design_points(sweep)[5], point_name(editor, 5))
    assert float(stored["metric_binder_top_bottom_ratio"][5]) == dryingsim.simulate(scenario).attrs[
        "metric_binder_top_bottom_ratio"]


def _sweep_process(path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dryingsim.cli", "sweep", str(path), "--workers", "1",
                             "--quiet"], start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.mark.slow
@pytest.mark.parametrize("apart", [False, True], ids=["started-together", "started-while-running"])
def test_two_sweeps_on_one_store_compute_each_point_once(tmp_path, apart):
    """Two 'dryingsim sweep' commands on one store, started together or the second while the first runs:
    exactly one computes (its lock on the store), the other exits 2 naming the running sweep, and every
    point is stored once, done. Before the lock both computed every point and their 64-point chunk writes
    could lose each other's points."""
    path = _grid(tmp_path, 6, 4)
    store = tmp_path / "out.zarr"
    first = _sweep_process(path)
    if apart:
        _wait_for(lambda: (tmp_path / "out.zarr.lock").exists() and (tmp_path / "out.zarr.lock").stat().st_size,
                  120, "the first sweep's lock")
    second = _sweep_process(path)
    outcomes = [p.communicate(timeout=600) for p in (first, second)]
    codes = sorted((p.returncode, out, err) for p, (out, err) in zip((first, second), outcomes, strict=True))
    (ran, ran_out, _), (refused, _, refused_err) = codes
    assert (ran, refused) == (0, 2), codes
    assert "24 computed now" in ran_out
    assert "in use by sweep 'dask-test'" in refused_err and refused_err.count("\n") == 1
    with xr.open_zarr(store) as stored:
        assert np.all(stored["status"].values == DONE)
    assert not (tmp_path / "out.zarr.lock").exists()
