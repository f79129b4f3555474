"""The sweep store: one zarr store holding every point of a sweep, written as points finish.

Dimensions: ``point`` (coordinates: the parameter values, SI), and with the optional outputs
``relative_depth`` and ``component`` (the dry profile) or ``output_time``, ``xi`` and ``component``
(full fields at ``output_times`` evenly spaced fractions of each run's end time, interpolated
linearly between the stored time levels). Grid designs also carry ``grid_index`` so that
:func:`dryingsim.sweeps.analysis.to_grid` can give the grid's own dimensions.

One writer: a sweep holds the store's lock (:func:`store_lock`) from before it opens the store until it
ends, so two sweeps never compute the same points or overwrite each other's chunks.

Crash safety: the store is created with every point ``pending`` before any compute; a finished run's
values are written first and its ``status`` last, and zarr writes each chunk atomically (a temporary
file renamed into place), so a point is either complete and marked, or recomputed on resume. Missing
values (pending or failed points, an undefined ratio) are written as the netCDF fill value, never NaN.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import xarray as xr

from dryingsim._version import __version__
from dryingsim.errors import DryingsimError, SweepError
from dryingsim.results.metrics import ACTIVE_ROLES, metric_units
from dryingsim.scenario import Scenario, scenario_to_toml
from dryingsim.sweeps.design import grid_shape
from dryingsim.sweeps.spec import Sweep

PENDING, DONE, FAILED = 0, 1, 2
FILL_VALUE = 9.969209968386869e36
"""netCDF's default fill value for doubles: how a missing value is written."""
POINT_CHUNK = 64


def _fill(dtype: np.dtype) -> float | int:
    """What a value not (yet) computed holds: the fill value (floats), 0 (counts; see ``status``)."""
    return FILL_VALUE if dtype.kind == "f" else 0


def _attrs(units: str, long_name: str, **extra: object) -> dict[str, object]:
    return {"units": units, "long_name": long_name, **extra}


class Layout:
    """What the store keeps of each point: names, dimensions and units, from the sweep and its base scenario."""

    def __init__(self, sweep: Sweep, base: Scenario, components: Sequence[str], roles: Sequence[str]) -> None:
        self.keep = sweep.keep
        self.cells = base.numerics.cells
        self.output_times = base.numerics.output_times
        self.components = tuple(components)
        active = [c for c, r in zip(components, roles, strict=True) if r in ACTIVE_ROLES]
        self.metrics = metric_units(active)
        varied = {p.path for p in sweep.parameters}
        if {"profile", "fields"} & set(self.keep) and varied & {"numerics.cells", "numerics.output_times"}:
            raise SweepError("keep", list(self.keep), "metrics only when numerics.cells or output_times vary",
                             reason="profiles and fields of different sizes do not share one array")

    def record(self, result: xr.Dataset) -> dict[str, np.ndarray]:
        """The values of one finished run that the store keeps (small: this is what workers send back)."""
        out = {name: np.float64(result.attrs[name]) for name in self.metrics}
        out["time_steps"] = np.int64(result.attrs["time_steps"])
        if "profile" in self.keep:
            out["dry_mass_fraction"] = result["dry_mass_fraction"].values
            out["dry_porosity"] = result["dry_porosity"].values
        if "fields" in self.keep:
            times = np.linspace(0.0, float(result["time"][-1]), self.output_times)
            fields = result[["volume_fraction", "solvent_volume_fraction", "thickness"]].interp(time=times)
            out["time"] = times
            out["volume_fraction"] = fields["volume_fraction"].values
            out["solvent_volume_fraction"] = fields["solvent_volume_fraction"].values
            out["thickness"] = fields["thickness"].values
        return out

    def variables(self) -> dict[str, tuple[tuple[str, ...], np.dtype, dict]]:
        """Every stored variable: dimensions after ``point``, dtype and attributes."""
        out: dict[str, tuple[tuple[str, ...], np.dtype, dict]] = {
            name: ((), np.dtype(float), _attrs(units, f"migration metric {name.removeprefix('metric_')}",
                                            comment="see dryingsim.metrics"))
            for name, units in self.metrics.items()}
        out["time_steps"] = ((), np.dtype(np.int64), _attrs("1", "accepted time steps"))
        if "profile" in self.keep:
            out["dry_mass_fraction"] = (("relative_depth", "component"), np.dtype(float),
                                        _attrs("percent", "dry-basis mass fraction in the dry coating"))
            out["dry_porosity"] = (("relative_depth",), np.dtype(float), _attrs("1", "porosity of the dry coating"))
        if "fields" in self.keep:
            out["time"] = (("output_time",), np.dtype(float), _attrs("s", "time since coating"))
            out["volume_fraction"] = (("output_time", "xi", "component"), np.dtype(float),
                                      _attrs("1", "volume fraction of the component"))
            out["solvent_volume_fraction"] = (("output_time", "xi"), np.dtype(float),
                                              _attrs("1", "volume fraction of solvent"))
            out["thickness"] = (("output_time",), np.dtype(float), _attrs("m", "film thickness H"))
        return out

    def sizes(self) -> dict[str, int]:
        return {"relative_depth": self.cells, "component": len(self.components), "output_time": self.output_times,
                "xi": self.cells}


@contextmanager
def store_lock(store: Path, sweep_name: str) -> Iterator[None]:
    """Hold the store's lock while a sweep writes it: a second sweep on the same store is refused, naming
    the one that runs.

    The lock is an advisory ``flock`` on ``<store>.lock`` beside the store, holding who took it. The kernel
    releases it when the process ends, however it ends, so a killed sweep never leaves a stale lock (on
    network file systems ``flock`` works where the mount supports it, as NFS v4 does).

    Raises
    ------
    SweepError : another process holds the lock
    """
    store = Path(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    lock = store.with_name(store.name + ".lock")
    while True:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(descriptor, 4096).decode("utf-8", "replace").strip() or "another sweep"
            os.close(descriptor)
            raise SweepError("store", str(store), "a store no other sweep is writing (wait for it, or stop it)",
                             reason=f"in use by {holder}") from None
        try:  # the holder before us removes the file as it lets go: lock the file that is there now
            if os.stat(lock).st_ino == os.fstat(descriptor).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(descriptor)
    holder = (f"sweep '{sweep_name}' (process {os.getpid()} on {socket.gethostname()}, started "
              f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')})")
    os.ftruncate(descriptor, 0)
    os.write(descriptor, holder.encode("utf-8"))
    try:
        yield
    finally:
        os.unlink(lock)
        os.close(descriptor)


def create_store(sweep: Sweep, points: np.ndarray, layout: Layout, base: Scenario, sources: str) -> None:
    """Write the empty store: every point pending, coordinates and provenance."""
    count = len(points)
    sizes = layout.sizes()
    data = {}
    encoding: dict[str, dict] = {}
    for name, (dims, dtype, attrs) in layout.variables().items():
        shape = (count,) + tuple(sizes[d] for d in dims)
        data[name] = (("point",) + dims, np.full(shape, _fill(dtype), dtype=dtype), attrs)
        chunk = 1 if "output_time" in dims else POINT_CHUNK
        encoding[name] = {"chunks": (min(chunk, count),) + shape[1:]}
        if dtype.kind == "f":
            encoding[name]["_FillValue"] = FILL_VALUE
    data["status"] = ("point", np.full(count, PENDING, dtype=np.int8),
                      _attrs("1", "state of the point", flag_values=np.array([PENDING, DONE, FAILED], dtype=np.int8),
                             flag_meanings="pending done failed"))
    data["error"] = ("point", np.full(count, "", dtype=object), {"long_name": "why the point failed ('' if not)"})
    for name in ("status", "error"):
        encoding[name] = {"chunks": (min(POINT_CHUNK, count),)}
    coords: dict[str, object] = {"point": ("point", np.arange(count), {"long_name": "index of the sweep point"})}
    for j, p in enumerate(sweep.parameters):
        coords[p.name] = ("point", points[:, j], _attrs(p.units, p.path, comment=f"scale: {p.scale}"))
    if sweep.design == "grid":
        index = np.array(np.unravel_index(np.arange(count), grid_shape(sweep))).T
        coords["grid_index"] = (("point", "parameter"), index,
                                {"long_name": "index of the point along each parameter of the grid"})
    coords["parameter"] = ("parameter", [p.name for p in sweep.parameters])
    if "profile" in layout.keep:
        coords["relative_depth"] = ("relative_depth", (np.arange(layout.cells) + 0.5) / layout.cells,
                                    _attrs("1", "depth below the dry surface / dry thickness"))
    if {"profile", "fields"} & set(layout.keep):
        coords["component"] = ("component", np.array(layout.components, dtype=str))
    if "fields" in layout.keep:
        coords["xi"] = ("xi", (np.arange(layout.cells) + 0.5) / layout.cells,
                        _attrs("1", "Landau coordinate z/H (0 at the foil, 1 at the surface)"))
    attrs = {"title": f"dryingsim sweep: {sweep.name}", "Conventions": "CF-1.8", "dryingsim_version": __version__,
             "sweep_name": sweep.name, "sweep_description": sweep.description, "sweep_file": sweep.source,
             "design": sweep.design, "samples": sweep.samples, "seed": sweep.seed,
             "keep": json.dumps(list(layout.keep)),
             "engine": sweep.engine, "base_scenario": scenario_to_toml(base), "material_sources": sources,
             "parameters": json.dumps([{"name": p.name, "path": p.path, "units": p.units, "scale": p.scale,
                                        "values": list(p.values), "bounds": list(p.bounds)} for p in sweep.parameters])}
    xr.Dataset(data, coords=coords, attrs=attrs).to_zarr(sweep.store, mode="w-", encoding=encoding, zarr_format=2)


def open_status(sweep: Sweep, points: np.ndarray, base: Scenario) -> np.ndarray | None:
    """The status of every point of an existing store (None if there is none); the store must be this sweep's."""
    if not Path(sweep.store).exists():
        return None
    try:
        stored = xr.open_zarr(sweep.store)
    except Exception as exc:  # zarr raises many kinds on a foreign or damaged directory
        raise SweepError("store", str(sweep.store), "a sweep store written by dryingsim, or a new path",
                         reason=str(exc)) from exc
    same = (stored.attrs.get("base_scenario") == scenario_to_toml(base)
            and stored.attrs.get("keep") == json.dumps(list(sweep.keep))
            and stored.sizes.get("point") == len(points)
            and all(p.name in stored.coords and np.array_equal(stored[p.name].values, points[:, j])
                    for j, p in enumerate(sweep.parameters)))
    if not same:
        raise SweepError("store", str(sweep.store), "the store of this same sweep (to resume it), or a new path",
                         reason="it holds another sweep: other base scenario, parameters, points or outputs")
    return stored["status"].values.copy()


def write_points(sweep: Sweep, layout: Layout, indices: Sequence[int],
                 outcomes: Sequence[dict[str, np.ndarray] | DryingsimError | str]) -> None:
    """Write finished points (their values, then their status) in runs of consecutive indices."""
    order = np.argsort(indices)
    indices = np.asarray(indices)[order]
    outcomes = [outcomes[i] for i in order]
    sizes = layout.sizes()
    variables = layout.variables()
    starts = np.flatnonzero(np.diff(indices, prepend=-2) != 1)
    for a, b in zip(starts, list(starts[1:]) + [len(indices)], strict=True):
        run = outcomes[a:b]
        region = {"point": slice(int(indices[a]), int(indices[b - 1]) + 1)}
        values = {}
        for name, (dims, dtype, _) in variables.items():
            shape = tuple(sizes[d] for d in dims)
            values[name] = (("point",) + dims, np.stack([
                np.asarray(o[name], dtype=dtype) if isinstance(o, dict) else np.full(shape, _fill(dtype), dtype=dtype)
                for o in run]))
        xr.Dataset(values).to_zarr(sweep.store, region=region, mode="r+")
        status = np.array([DONE if isinstance(o, dict) else FAILED for o in run], dtype=np.int8)
        errors = np.array(["" if isinstance(o, dict) else str(o) for o in run], dtype=object)
        xr.Dataset({"status": ("point", status), "error": ("point", errors)}).to_zarr(
            sweep.store, region=region, mode="r+")
