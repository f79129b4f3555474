"""Sweep files: TOML naming a base scenario, the parameters to vary, the design and the store.

The format is described in ``docs/user-guide/sweeps.md``. Every key is checked (unknown keys are errors
that suggest the closest one), parameter paths must name a numeric field of the base scenario, and
values with units are converted once, here, by pint: a parameter's values are kept in SI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from dryingsim.engines import DEFAULT_ENGINE, ENGINES
from dryingsim.errors import SweepError
from dryingsim.inputs.rules import check_choice, check_integer, check_text
from dryingsim.inputs.tables import check_table
from dryingsim.inputs.toml import read_toml
from dryingsim.inputs.units import to_si
from dryingsim.scenario.edit import Parameter, parse_quantity

DESIGNS = ("grid", "latin_hypercube", "sobol", "table")
OUTPUTS = ("metrics", "profile", "fields")
CLUSTER_COUNTS = ("cores", "processes", "jobs")
CLUSTER_TEXTS = ("queue", "account", "memory", "walltime", "interface", "local_directory", "log_directory")
CLUSTER_LISTS = ("job_extra_directives", "job_script_prologue")
CLUSTER_KEYS = (*CLUSTER_COUNTS, *CLUSTER_TEXTS, *CLUSTER_LISTS, "scheduler_options", "start_timeout")
"""Keys of ``[cluster]``, passed to dask-jobqueue's SLURMCluster / PBSCluster (``jobs``: how many to start;
``start_timeout``: how long the first worker job may take to start, e.g. "2 h" for a busy queue)."""


@dataclass(frozen=True)
class Sweep:
    """A validated sweep file; paths are absolute."""

    name: str
    base: Path
    parameters: tuple[Parameter, ...]
    design: str
    store: Path
    samples: int = 0
    seed: int = 0
    keep: tuple[str, ...] = ("metrics",)
    engine: str = DEFAULT_ENGINE
    points_per_task: int = 0
    cluster: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    source: str = ""
    """The sweep file's text, stored with the results."""


def load_sweep(path: str | os.PathLike[str]) -> Sweep:
    """Read and check a sweep file; relative ``base`` and ``store`` are taken from the file's folder.

    Raises
    ------
    SweepError : a key is unknown or missing, or a value is outside what is allowed (field, value, range)
    ScenarioError : the base scenario file is invalid
    """
    path = Path(path)
    data = read_toml(path, SweepError, field="<file>")
    text = path.read_text(encoding="utf-8")
    keys = ("name", "description", "base", "design", "samples", "seed", "store", "keep", "engine",
            "points_per_task", "parameters", "cluster", "report")
    check_table(data, "", required=("name", "base", "design", "parameters", "store"), allowed=keys, error=SweepError)
    folder = path.parent
    design = _choice(data["design"], "design", DESIGNS)
    parameters = tuple(_parameter(p, f"parameters[{i}]", design) for i, p in enumerate(_list(data, "parameters")))
    _check_parameters(parameters, design)
    keep = tuple(_choice(k, f"keep[{i}]", OUTPUTS) for i, k in enumerate(data.get("keep", ["metrics"])))
    samples = _integer(data.get("samples", 0), "samples", 0)
    if design in ("latin_hypercube", "sobol") and samples < 1:
        raise SweepError("samples", data.get("samples"), f"an integer >= 1 for design '{design}'",
                         reason="the number of points (latin_hypercube) or of base samples (sobol)")
    cluster = _cluster(data.get("cluster", {}))
    report = data.get("report", {})
    check_table(report, "report", required=(), allowed=("output", "threshold", "x", "y"), error=SweepError)
    for key in ("output", "x", "y"):
        if key in report:
            _text(report[key], f"report.{key}")
    if "threshold" in report and (isinstance(report["threshold"], bool)
                                  or not isinstance(report["threshold"], (int, float))):
        raise SweepError("report.threshold", report["threshold"], "a number (in the output's units)")
    return Sweep(name=_text(data["name"], "name"), description=_text(data.get("description", ""), "description"),
                 base=(folder / _text(data["base"], "base")).resolve(), parameters=parameters, design=design,
                 store=(folder / _text(data["store"], "store")).resolve(), samples=samples,
                 seed=_integer(data.get("seed", 0), "seed", 0),
                 keep=("metrics",) + tuple(k for k in keep if k != "metrics"),
                 engine=_choice(data.get("engine", DEFAULT_ENGINE), "engine", tuple(ENGINES)),
                 points_per_task=_integer(data.get("points_per_task", 0), "points_per_task", 0),
                 cluster=dict(cluster), report=dict(report), source=text)


def _cluster(data: Any) -> dict[str, Any]:
    """The ``[cluster]`` table, each value of the type dask-jobqueue takes; ``start_timeout`` in seconds."""
    check_table(data, "cluster", required=(), allowed=CLUSTER_KEYS, error=SweepError)
    cluster = dict(data)
    for key in CLUSTER_COUNTS:
        if key in cluster:
            _integer(cluster[key], f"cluster.{key}", 1)
    for key in CLUSTER_TEXTS:
        if key in cluster:
            _text(cluster[key], f"cluster.{key}")
    for key in CLUSTER_LISTS:
        if key in cluster and (not isinstance(cluster[key], list) or not all(isinstance(v, str) for v in cluster[key])):
            raise SweepError(f"cluster.{key}", cluster[key], "a list of texts")
    if "scheduler_options" in cluster and not isinstance(cluster["scheduler_options"], dict):
        raise SweepError("cluster.scheduler_options", cluster["scheduler_options"], "a table of dask scheduler options")
    if "start_timeout" in cluster:
        cluster["start_timeout"] = to_si(cluster["start_timeout"], "cluster.start_timeout", "time", SweepError)
        if not cluster["start_timeout"] > 0:
            raise SweepError("cluster.start_timeout", data["start_timeout"], "a time > 0 s, e.g. '2 h'")
    return cluster


def _parameter(data: Any, path: str, design: str) -> Parameter:
    """One ``[[parameters]]`` table: values or a range, in SI."""
    check_table(data, path, required=("name", "path"),
                allowed=("name", "path", "values", "range", "steps", "scale"), error=SweepError)
    name = _text(data["name"], f"{path}.name")
    if not name.isidentifier():
        raise SweepError(f"{path}.name", name, "a name made of letters, digits and _ (a coordinate name)")
    scale = _choice(data.get("scale", "linear"), f"{path}.scale", ("linear", "log"))
    if ("values" in data) == ("range" in data):
        raise SweepError(f"{path}.values", data.get("values"),
                         "exactly one of 'values' (a list) or 'range' ([low, high])")
    given = data["values"] if "values" in data else data["range"]
    key = "values" if "values" in data else "range"
    if not isinstance(given, list) or not given:
        raise SweepError(f"{path}.{key}", given, "a non-empty list of numbers or '<number> <unit>' texts")
    quantities = [parse_quantity(v, f"{path}.{key}[{i}]", SweepError) for i, v in enumerate(given)]
    units = {u for _, u in quantities}
    if len(units) > 1:
        raise SweepError(f"{path}.{key}", given, "values of one dimension", reason=f"units {sorted(units)}")
    values = tuple(v for v, _ in quantities)
    integer = all(isinstance(v, int) and not isinstance(v, bool) for v in given)
    if key == "values":
        if "steps" in data:
            raise SweepError(f"{path}.steps", data["steps"], "no 'steps' with explicit 'values'")
        if design in ("latin_hypercube", "sobol"):
            raise SweepError(f"{path}.values", given, f"a 'range' [low, high] for design '{design}'")
        return Parameter(name, _text(data["path"], f"{path}.path"), units.pop(), values=values, scale=scale,
                         integer=integer)
    if len(values) != 2 or not values[0] < values[1]:
        raise SweepError(f"{path}.range", given, "[low, high] with low < high")
    if scale == "log" and values[0] <= 0.0:
        raise SweepError(f"{path}.range", given, "a range above 0 for scale = 'log'")
    steps = 0
    if design == "grid":
        steps = _integer(data.get("steps"), f"{path}.steps", 2)
    elif "steps" in data:
        raise SweepError(f"{path}.steps", data["steps"], f"no 'steps' for design '{design}' (only for 'grid')")
    if design == "table":
        raise SweepError(f"{path}.range", given, "explicit 'values' for design 'table' (one per point)")
    return Parameter(name, _text(data["path"], f"{path}.path"), units.pop(), bounds=values, steps=steps,
                     scale=scale, integer=integer)


def _check_parameters(parameters: tuple[Parameter, ...], design: str) -> None:
    """At least one parameter, unique names and paths; a table's columns of equal length."""
    if not parameters:
        raise SweepError("parameters", [], "at least one [[parameters]] table")
    for attribute in ("name", "path"):
        seen = [getattr(p, attribute) for p in parameters]
        duplicated = sorted({s for s in seen if seen.count(s) > 1})
        if duplicated:
            raise SweepError(f"parameters[*].{attribute}", duplicated[0], f"each {attribute} once")
    if design == "table" and len({len(p.values) for p in parameters}) > 1:
        raise SweepError("parameters[*].values", [len(p.values) for p in parameters],
                         "lists of one length for design 'table' (one value per point)")


_choice = partial(check_choice, error=SweepError)
_integer = partial(check_integer, error=SweepError)
_text = partial(check_text, error=SweepError)


def _list(data: dict, key: str) -> list:
    if not isinstance(data[key], list):
        raise SweepError(key, data[key], "an array of tables [[...]]")
    return data[key]


__all__ = ["CLUSTER_KEYS", "DESIGNS", "OUTPUTS", "Parameter", "Sweep", "load_sweep"]
