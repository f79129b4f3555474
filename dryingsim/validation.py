"""The validation suite: published measurements, the model run on each, and a report of the agreement.

Every dataset is a folder of ``validation/`` holding its data (CSV with units in the column names), its
source and conditions (``source.toml``: ``title``, ``source``, ``conditions``, ``notes``) and a
``check.py`` whose ``check(workers)`` runs the model on it and returns a :class:`Check`. :func:`run_suite`
runs every folder; :func:`write_report` writes a Markdown report with one figure per dataset, and
:func:`update_readme` puts the summary table into ``validation/README.md`` between two markers.
"""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from dryingsim._version import __version__
from dryingsim.errors import InputError
from dryingsim.inputs.toml import read_toml

TABLE_START = "<!-- validation table: written by dryingsim validate --update-readme -->"
TABLE_END = "<!-- end of validation table -->"


@dataclass
class Check:
    """What one dataset's check found.

    name : the dataset folder; title, source : from its ``source.toml``
    compared : what is compared with what, in a sentence
    columns, rows : the side-by-side table (cells as text)
    agreement : the agreement in one line; passed : whether every criterion held
    criteria : each criterion as (text, held)
    notes : what the data leave open and why a row may miss (e.g. a condition not reported)
    figure : the figure of the comparison, or None
    """

    name: str
    compared: str
    columns: list[str]
    rows: list[list[str]]
    criteria: list[tuple[str, bool]]
    agreement: str
    notes: str = ""
    figure: Figure | None = None
    title: str = ""
    source: str = ""
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and all(held for _, held in self.criteria)


def datasets(suite: str | Path) -> list[Path]:
    """The dataset folders of a suite (those with a ``check.py``), in name order."""
    suite = Path(suite)
    if not suite.is_dir():
        raise InputError("suite", str(suite), "a folder of validation datasets (the repository's validation/)")
    found = sorted(folder for folder in suite.iterdir() if (folder / "check.py").is_file())
    if not found:
        raise InputError("suite", str(suite), "a folder with at least one dataset folder holding a check.py")
    return found


def run_dataset(folder: Path, workers: int | None = None) -> Check:
    """Import ``<folder>/check.py`` and run its ``check(workers)``; a failure becomes a failed Check."""
    meta = read_toml(folder / "source.toml")
    try:
        spec = importlib.util.spec_from_file_location(f"dryingsim_validation_{folder.name.replace('-', '_')}",
                                                      folder / "check.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        result: Check = module.check(workers=workers)
    except Exception as exc:  # one broken dataset must not hide the others' results
        result = Check(folder.name, meta.get("title", ""), [], [], [], "not run",
                       error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    result.name, result.title, result.source = folder.name, meta["title"], meta["source"]
    return result


def run_suite(suite: str | Path, workers: int | None = None, only: Sequence[str] = ()) -> list[Check]:
    """Run every dataset of the suite (or those named in ``only``)."""
    folders = datasets(suite)
    unknown = set(only) - {f.name for f in folders}
    if unknown:
        raise InputError("--only", sorted(unknown), "dataset folders: " + ", ".join(f.name for f in folders))
    return [run_dataset(f, workers) for f in folders if not only or f.name in only]


def _row(cells: Sequence[str]) -> str:
    """A Markdown table row; a '|' inside a cell is escaped."""
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def summary_table(checks: Sequence[Check]) -> str:
    """The Markdown table of the suite: dataset, what is compared, the agreement, pass/fail."""
    lines = ["| dataset | compared | agreement | result |", "|---|---|---|---|"]
    for c in checks:
        verdict = "error" if c.error else "pass" if c.passed else "FAIL"
        lines.append(f"| [{c.name}]({c.name}/) | " + _row([c.compared, c.agreement, verdict])[2:])
    return "\n".join(lines)


def write_report(checks: Sequence[Check], folder: str | Path) -> Path:
    """``<folder>/report.md`` with the summary table, then per dataset its source, table, criteria, notes
    and figure (``<folder>/<dataset>.png``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts = [f"# dryingsim {__version__}: validation report", "", summary_table(checks), ""]
    for c in checks:
        parts += [f"## {c.name}: {c.title}", "", f"Source: {c.source}", "", f"Compared: {c.compared}", ""]
        if c.error:
            parts += ["The check failed to run:", "", "```", c.error.strip(), "```", ""]
            continue
        parts += [_row(c.columns), "|" + "---|" * len(c.columns)]
        parts += [_row(row) for row in c.rows]
        parts += ["", "Criteria:", ""] + [f"- {'pass' if held else 'FAIL'}: {text}" for text, held in c.criteria]
        if c.notes:
            parts += ["", c.notes.strip()]
        if c.figure is not None:
            c.figure.savefig(folder / f"{c.name}.png", dpi=120)
            parts += ["", f"![{c.name}]({c.name}.png)"]
        parts.append("")
    report = folder / "report.md"
    report.write_text("\n".join(parts), encoding="utf-8")
    return report


def update_readme(checks: Sequence[Check], readme: str | Path) -> None:
    """Replace the table between :data:`TABLE_START` and :data:`TABLE_END` in the suite's README."""
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    if TABLE_START not in text or TABLE_END not in text:
        raise InputError(str(readme), "no table markers", f"a README with the lines {TABLE_START} and {TABLE_END}")
    head, rest = text.split(TABLE_START, 1)
    tail = rest.split(TABLE_END, 1)[1]
    readme.write_text(f"{head}{TABLE_START}\n{summary_table(checks)}\n{TABLE_END}{tail}", encoding="utf-8")
