"""The package's layout holds: imports flow one way down the data-flow layers, state in numerics/ is typed,
and every engine is named in its registry only (CONTRIBUTING.md).

The layers, in the order data moves: errors and inputs; closures, materials and scenario; model; numerics;
engines; results; simulation and measurement; calibration and sweeps; plotting; validation; the command
line. A module may import its own package and the layers above it, never a layer below or a sibling
layer's package (materials knows no scenario).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dryingsim.engines import ENGINES

PACKAGE = Path(__file__).resolve().parents[2] / "dryingsim"
LAYERS = (
    ("dryingsim._version", "dryingsim.errors"),
    ("dryingsim.inputs", "dryingsim.progress", "dryingsim.outputs"),
    ("dryingsim.closures", "dryingsim.materials", "dryingsim.scenario"),
    ("dryingsim.model",),
    ("dryingsim.numerics",),
    ("dryingsim.engines",),
    ("dryingsim.results",),
    ("dryingsim.simulation", "dryingsim.measurement"),
    ("dryingsim.calibration", "dryingsim.sweeps"),
    ("dryingsim.plotting",),
    ("dryingsim.validation",),
    ("dryingsim",),
    ("dryingsim.cli",),
)
"""Layers in data-flow order; imports point only to earlier layers (or within one package). The package
itself (its lazy public names, the Python API) sits under the command line, a thin layer over it."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The dryingsim modules a file imports (at its top level only, or anywhere, lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dryingsim"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("dryingsim"))
    return found


def _layer(module: str) -> tuple[int, str]:
    """(layer index, package) of a dryingsim module: the longest package name that holds it."""
    for package in sorted((p for layer in LAYERS for p in layer), key=len, reverse=True):
        if module == package or module.startswith(package + "."):
            return next(rank for rank, layer in enumerate(LAYERS) if package in layer), package
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and to CONTRIBUTING.md")


def test_every_import_points_to_an_earlier_layer_or_its_own_package():
    """No arrow runs back up the layers: e.g. materials never imports scenario, results never engines,
    numerics never engines (lazy imports inside functions count too)."""
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        if name == "dryingsim":  # the package's lazy public names (PEP 562)
            continue
        rank, package = _layer(name)
        for imported in _imports(path):
            if imported not in modules:
                continue  # a name imported from a module, not a module
            other_rank, other_package = _layer(imported)
            if other_package != package and other_rank >= rank:
                wrong.append(f"{name} -> {imported}")
    assert not wrong, wrong


def test_the_import_graph_has_no_circle():
    """Top-level imports between dryingsim modules form no cycle."""
    modules = _modules()
    graph = {name: {m for m in _imports(path, top_level_only=True) if m in modules and m != name}
             for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


@pytest.mark.parametrize("package", ["results", "sweeps", "calibration", "measurement", "plotting"])
def test_consumers_of_results_use_the_engine_registry_not_its_internals(package):
    """results/, sweeps/ and the other consumers reach an engine only through dryingsim.engines (the
    registry), never a backend module."""
    modules = _modules()
    for path in (PACKAGE / package).rglob("*.py"):
        internal = {m for m in _imports(path) if m.startswith("dryingsim.engines.") and m in modules}
        assert not internal, (path.name, internal)


def test_numerics_state_is_typed_not_string_keyed():
    """numerics/ passes state as frozen dataclasses: no dict with string keys, no subscript by a string."""
    for path in (PACKAGE / "numerics").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                assert not keys, (path.name, node.lineno)
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                assert not isinstance(node.slice.value, str), (path.name, node.lineno)


def test_engine_names_are_written_in_the_registry_only():
    """An engine's name appears as a string literal only in dryingsim/engines/__init__.py; everything else
    (command line, simulate_many, sweep files) reads the registry."""
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "engines" / "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in ENGINES, (path.relative_to(PACKAGE), node.lineno, node.value)


def test_preset_names_are_written_in_their_instrument_modules_only():
    """A scraper preset or TGA method name appears as a string literal only in its instrument's module (the
    registry): help texts, defaults and checks read :data:`dryingsim.measurement.INSTRUMENTS`."""
    from dryingsim.measurement import INSTRUMENTS, preset_names

    names = {name for instrument in INSTRUMENTS.values() for name in preset_names(instrument)}
    registries = {PACKAGE / "measurement" / f"{module}.py" for module in ("scraper", "tga", "instrument")}
    for path in set(PACKAGE.rglob("*.py")) - registries:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in names, (path.relative_to(PACKAGE), node.lineno, node.value)
