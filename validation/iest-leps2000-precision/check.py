"""IEST LEPS2000 application note, Table 1: scraping-depth error of a 10 um stroke on five anode
formulations, against the virtual scraper's ``leps2000`` preset on the dry default anode.

The virtual scraper takes 1,000 first strokes (10 um target) from the dry coating of
``scenarios/anode-medium.toml`` and the mean error, the largest deviation and the coefficient of variation
of the removed depth are set beside each formulation's row. The preset's error statistics were set from
this table (docs/theory/measurement.md, section 3), so this row checks that the virtual instrument still does what
the table says, not the drying model.

Criteria: the mean error lies within the range of the five formulations' mean errors; no deviation exceeds
the largest printed bound (+-2.0 um); the COV is below the largest printed COV (4.1 %).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import dryingsim
from dryingsim.plotting.canvas import new_figure
from dryingsim.validation import Check

HERE = Path(__file__).parent
SCENARIO = HERE.parents[1] / "scenarios" / "anode-medium.toml"
STROKES = 1000


def check(workers: int | None = None) -> Check:
    with (HERE / "table1.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(line for line in stream if not line.startswith("#")))
    coating = dryingsim.simulate(dryingsim.load_scenario(SCENARIO))
    first = dryingsim.scrape(coating, "leps2000", replicates=STROKES, seed=20261124, step="10 um").isel(layer=0)
    error = first["depth_error"].values * 1e6
    removed = (first["actual_bottom_depth"] - first["actual_top_depth"]).values * 1e6
    virtual = {"mean": float(error.mean()), "max": float(np.abs(error).max()),
               "cov": float(100 * removed.std() / removed.mean())}
    means = [float(r["mean_scraping_error_um"]) for r in rows]
    bound = max(float(r["max_abs_depth_deviation_um"]) for r in rows)
    cov = max(float(r["cov_percent"]) for r in rows)
    table = [[r["formulation"], r["target_depth_um"], f"< {r['max_abs_depth_deviation_um']}",
              r["mean_scraping_error_um"], r["cov_percent"]] for r in rows]
    table.append(["virtual leps2000 (1,000 strokes)", "10.0", f"{virtual['max']:.2f}", f"{virtual['mean']:+.2f}",
                  f"{virtual['cov']:.2f}"])
    criteria = [
        (f"mean error {virtual['mean']:+.2f} um within the formulations' {min(means)} to {max(means)} um",
         min(means) <= virtual["mean"] <= max(means)),
        (f"largest deviation {virtual['max']:.2f} um within +-{bound} um", virtual["max"] <= bound),
        (f"COV {virtual['cov']:.2f} % below {cov} %", virtual["cov"] < cov),
    ]
    fig, ax = new_figure((6, 4))
    ax.hist(error, bins=40, color="C0", alpha=0.7, label="virtual strokes")
    for m in means:
        ax.axvline(m, color="C3", lw=1)
    ax.axvline(means[0], color="C3", lw=1, label="measured mean errors (5 formulations)")
    ax.set(xlabel="depth error of a 10 um stroke [um]", ylabel="strokes", title="LEPS2000: virtual vs IEST Table 1")
    ax.legend(fontsize="small")
    return Check(
        name=HERE.name,
        compared="error statistics of a 10 um stroke: measured (5 formulations) / virtual scraper",
        columns=["formulation", "target [um]", "max |deviation| [um]", "mean error [um]", "COV [%]"],
        rows=table, criteria=criteria,
        agreement=f"virtual mean {virtual['mean']:+.2f} um, max {virtual['max']:.2f} um, COV {virtual['cov']:.2f} %",
        notes="The formulations, thicknesses and drying of the five anodes are not disclosed; the virtual strokes "
              "are taken from the dry default anode. The preset was set from this table: a consistency check.",
        figure=fig,
    )
