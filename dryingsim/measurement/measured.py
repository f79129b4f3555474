"""Measured binder profiles: the CSV format, its metadata file, and a strict reader.

CSV (one row per scraped layer, depths from the coating surface; ``#`` lines are comments)::

    top_depth_um,bottom_depth_um,binder_wt_percent,binder_wt_percent_std
    0,10,6.9,0.3
    10,20,5.8,0.3

``binder_wt_percent_std`` (one standard deviation of the measurement) is optional. Layers are
ordered from the surface down and do not overlap; gaps are allowed.

Metadata: a TOML file next to the CSV with the same stem (``profile.csv`` -> ``profile.toml``)::

    sample = "anode A, 80 degC dryer"          # required
    scraper = "leps2000"                        # required: preset or scraper TOML (relative path)
    formulation = "graphite/CB/CMC/SBR 93/1.4/1.87/3.73 wt%"
    drying = "1.5 g/m2/s, 25 degC"
    tga_method = "nitrogen-anode"               # optional: TGA method or method TOML
    source = "lab notebook 2026-11, run 42"     # where the numbers come from

    [conditions]                                # optional: how this sample differs from the scenario
    "drying.rate" = "3 g/m^2/s"                 # dotted scenario paths, values with units

``[conditions]`` lets one scenario file serve profiles dried differently: :func:`dryingsim.calibrate`
applies each profile's conditions to the scenario before comparing (the addressing of sweep files).

Every problem is reported with the file, line and column.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import tomli_w
import xarray as xr

from dryingsim.errors import InputError
from dryingsim.inputs.presets import read_table
from dryingsim.inputs.toml import read_toml
from dryingsim.measurement.instrument import AUTO
from dryingsim.measurement.scraper import SCRAPER, ScraperProtocol, load_protocol, scrape
from dryingsim.measurement.tga import tga

REQUIRED_COLUMNS = ("top_depth_um", "bottom_depth_um", "binder_wt_percent")
OPTIONAL_COLUMNS = ("binder_wt_percent_std",)
METADATA_TEXT = ("sample", "scraper", "formulation", "drying", "tga_method", "source", "notes")
METADATA_REQUIRED = ("sample", "scraper")


def read_measured(csv_path: str | Path, metadata_path: str | Path | None = None) -> xr.Dataset:
    """Read a measured binder profile and its metadata.

    Parameters
    ----------
    csv_path : the CSV file (format in the module docstring)
    metadata_path : its TOML metadata; default: the CSV path with suffix ``.toml``

    Returns
    -------
    xarray.Dataset
        Dim ``layer``: ``top_depth``, ``bottom_depth`` [m], ``binder_mass_fraction`` and
        ``binder_mass_fraction_std`` [%] (0 where not given); the metadata as attributes, a relative
        ``scraper`` or ``tga_method`` file resolved against the metadata file's folder; ``conditions``
        as JSON text.

    Raises
    ------
    InputError : missing or malformed file, with file, line and column
    """
    csv_path = Path(csv_path)
    metadata_path = csv_path.with_suffix(".toml") if metadata_path is None else Path(metadata_path)
    rows = _read_rows(csv_path)
    if not metadata_path.is_file():
        raise InputError(str(metadata_path), "missing", "a TOML metadata file next to the CSV (same stem) "
                         "with at least: " + ", ".join(METADATA_REQUIRED))
    raw = read_toml(metadata_path)
    metadata = read_table(raw, str(metadata_path), {}, text=METADATA_TEXT, required=METADATA_REQUIRED,
                          nested=("conditions",))
    if "conditions" in raw:
        conditions = raw["conditions"]
        if not isinstance(conditions, dict) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                                       for v in conditions.values()):
            raise InputError(f"{metadata_path}.conditions", conditions,
                             'a table of dotted scenario paths and values, e.g. "drying.rate" = "3 g/m^2/s"')
        metadata["conditions"] = json.dumps(conditions)
    for key in ("scraper", "tga_method"):
        if key in metadata and metadata[key].endswith(".toml"):
            metadata[key] = str(metadata_path.parent / metadata[key])
    top, bottom, value, std = (np.array(column) for column in zip(*rows, strict=True))
    _check_resolvable(top * 1e-6, bottom * 1e-6, load_protocol(metadata["scraper"]), csv_path)
    return measured_profile(top * 1e-6, bottom * 1e-6, value, std, {"csv_file": str(csv_path), **metadata})


def measured_profile(top: np.ndarray, bottom: np.ndarray, binder: np.ndarray, std: np.ndarray,
                     metadata: dict[str, str]) -> xr.Dataset:
    """A measured profile as :func:`read_measured` gives it, from layer depths [m], binder wt % and its
    standard deviation [%] and the metadata (``sample`` names it)."""
    return xr.Dataset(
        data_vars={
            "top_depth": ("layer", top, {"units": "m", "long_name": "measured layer top depth"}),
            "bottom_depth": ("layer", bottom, {"units": "m", "long_name": "measured layer bottom depth"}),
            "binder_mass_fraction": ("layer", binder, {"units": "percent", "long_name": "measured binder mass "
                                                       "fraction"}),
            "binder_mass_fraction_std": ("layer", std, {"units": "percent", "long_name": "standard deviation "
                                                        "of the measured binder mass fraction"}),
        },
        coords={"layer": ("layer", np.arange(1, len(top) + 1), {"long_name": "measured layer number"})},
        attrs={"title": f"measured binder profile: {metadata['sample']}", **metadata},
    )


def write_measured(measured: xr.Dataset, csv_path: str | Path) -> Path:
    """Write a measured profile as its CSV and metadata TOML (same stem), which :func:`read_measured`
    reads back; returns the TOML path."""
    csv_path = Path(csv_path)
    rows = [",".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))]
    rows += [f"{top * 1e6:.3f},{bottom * 1e6:.3f},{value:.4f},{std:.4f}" for top, bottom, value, std in zip(
        measured["top_depth"].values, measured["bottom_depth"].values, measured["binder_mass_fraction"].values,
        measured["binder_mass_fraction_std"].values, strict=True)]
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    metadata: dict[str, object] = {key: measured.attrs[key] for key in METADATA_TEXT if key in measured.attrs}
    if "conditions" in measured.attrs:
        metadata["conditions"] = json.loads(measured.attrs["conditions"])
    toml_path = csv_path.with_suffix(".toml")
    toml_path.write_text(tomli_w.dumps(metadata), encoding="utf-8")
    return toml_path


def _check_resolvable(top: np.ndarray, bottom: np.ndarray, protocol: ScraperProtocol, path: Path) -> None:
    """Every layer is at least as thick as the scraper can cut and read (its command resolution, or its
    gauge's noise where finer): a thinner one is a unit slip (depths in mm under ``_um`` headers), not a
    measurement."""
    finest = max(protocol.resolution, protocol.gauge_noise)
    thin = np.flatnonzero(bottom - top < finest)
    if thin.size:
        k = int(thin[0])
        hint = " (are the depths in mm? the columns are in um)" if bottom.max() < 1e-6 else ""
        raise InputError(f"{path} layer {k + 1}", f"{top[k] * 1e6:g}-{bottom[k] * 1e6:g} um",
                         f"layers at least {finest * 1e6:g} um thick, what scraper {protocol.name} can cut and "
                         "read", reason=f"{(bottom[k] - top[k]) * 1e6:.3g} um thick{hint}")


def _read_rows(path: Path) -> list[tuple[float, float, float, float]]:
    """The data rows as (top, bottom, binder, std); checks header, numbers, ranges and order."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), "unreadable", "a readable CSV file", reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "not UTF-8", "a UTF-8 text file (save the CSV as UTF-8)",
                         reason=f"byte {exc.start} is not UTF-8") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise InputError(str(path), "empty", "a header line and at least one data row")
    header_line, header_text = lines[0]
    header = [name.strip() for name in next(csv.reader([header_text]))]
    for i, name in enumerate(header, start=1):
        if name not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) or header.count(name) > 1:
            raise InputError(f"{path} line {header_line}, column {i}", name,
                             "columns " + ", ".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)) + " (once each)",
                             reason=_separator_hint(header_text))
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise InputError(f"{path} line {header_line}", ",".join(header), "a header with " + ", ".join(REQUIRED_COLUMNS),
                         reason="missing column " + ", ".join(missing))
    if len(lines) == 1:
        raise InputError(str(path), "no data rows", "at least one data row after the header")
    rows = []
    for line_number, line in lines[1:]:
        cells = [cell.strip() for cell in next(csv.reader([line]))]
        where = f"{path} line {line_number}"
        if len(cells) != len(header):
            hint = _separator_hint(line)
            raise InputError(where, line, f"{len(header)} comma-separated values",
                             reason=f"found {len(cells)}" + (f"; {hint}" if hint else ""))
        values = {name: _number(cell, f"{where}, column {i} ({name})")
                  for i, (name, cell) in enumerate(zip(header, cells, strict=True), start=1)}
        rows.append(_checked_row(values, where, header, rows))
    return rows


def _separator_hint(line: str) -> str:
    """Why a line may not split into its columns: a ';' or tab separated file (decimal commas), as a
    spreadsheet in many locales writes it."""
    for separator, name in ((";", "';'"), ("\t", "tab")):
        if separator in line and "," not in line.replace(separator, ""):
            return (f"the file looks {name}-separated; dryingsim reads comma-separated values with decimal "
                    "points (save the CSV with ',' between values and '.' in numbers)")
    return ""


def _number(cell: str, field: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise InputError(field, cell, "a number") from None
    if not math.isfinite(value):
        raise InputError(field, cell, "a finite number")
    return value


def _checked_row(values: dict[str, float], where: str, header: list[str],
                 previous: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    """Ranges and order of one row; the column number in messages is the header's."""
    def column(name: str) -> str:
        return f"{where}, column {header.index(name) + 1} ({name})"

    top, bottom = values["top_depth_um"], values["bottom_depth_um"]
    binder, std = values["binder_wt_percent"], values.get("binder_wt_percent_std", 0.0)
    if top < 0:
        raise InputError(column("top_depth_um"), top, "a depth >= 0 um")
    if bottom <= top:
        raise InputError(column("bottom_depth_um"), bottom, f"a depth below the layer top ({top:g} um)")
    if previous and top < previous[-1][1]:
        raise InputError(column("top_depth_um"), top, f"at least the previous layer's bottom ({previous[-1][1]:g} um)",
                         reason="layers must go down from the surface without overlapping")
    if not 0 <= binder <= 100:
        raise InputError(column("binder_wt_percent"), binder, "[0, 100] %")
    if std < 0:
        raise InputError(column("binder_wt_percent_std"), std, "a standard deviation >= 0 %")
    return top, bottom, binder, std


def virtual_lab_measurement(prediction: xr.Dataset, scraper: str = SCRAPER.default_base, tga_method: str = AUTO,
                            step: str = "10 um", seed: int | None = None,
                            sample: str = "virtual lab measurement") -> xr.Dataset:
    """One virtual lab measurement of a predicted coating (scraper + TGA, one replicate), as a measured
    profile in the form :func:`read_measured` gives: reported depths, TGA binder wt %, no stated standard
    deviation. For synthetic tests of comparison and fitting, where the truth is known."""
    scrape_seed, tga_seed = np.random.SeedSequence(seed).spawn(2)
    layers = tga(scrape(prediction, scraper, replicates=1, seed=np.random.default_rng(scrape_seed), step=step),
                 tga_method, seed=np.random.default_rng(tga_seed), keep_thermograms=False).isel(replicate=0)
    return measured_profile(layers["reported_top_depth"].values, layers["reported_bottom_depth"].values,
                            layers["tga_binder_mass_fraction"].values, np.zeros(layers.sizes["layer"]),
                            {"sample": sample, "scraper": scraper, "tga_method": tga_method,
                             "source": f"dryingsim virtual lab measurement, seed {seed}"})
