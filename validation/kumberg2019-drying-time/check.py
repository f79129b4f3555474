"""Kumberg et al. (2019), Table 2: drying time against drying rate of an aqueous graphite anode (43 wt%
solids, 2.5 mAh/cm2), as the authors computed it for drying controlled by the gas side.

NOT a measurement, and read through a secondary source (see source.toml): the table is the water load
divided by the rate (rate x time is ~98 g/m2 in every row). The check therefore asks one question of the
model: with the same formulation (the default anode, ``scenarios/anode-medium.toml``, is the KIT
formulation 93/1.4/1.87/3.73 of the paper), 43 wt% solids and the water load the table implies, does the
film dry in the gas-side time, or does its falling-rate stage (pore emptying, eqs. 4.x) lengthen it?

The table is the gas-side limit: a film cannot dry faster than its water load allows at the imposed rate,
and a falling-rate stage can only add time. Criteria: the model never dries more than 2 % sooner than the
table (the water load is the median of the rows' rate x time, which scatter by +-1 % as the times are
rounded to whole seconds); at the slow rates of 0.75 and 1.5 g/m2/s, where the gas
side controls, it agrees within 2 %. How much the falling-rate stage adds at the fast rates is reported,
not judged (the paper's own measurements, its Fig. 3, were not readable). The 0.01 g/m2/s row, a 2.7 h
drying, is left out: it says nothing the others do not.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import dryingsim
from dryingsim.plotting.canvas import new_figure
from dryingsim.scenario.edit import Parameter, ScenarioEditor
from dryingsim.validation import Check

HERE = Path(__file__).parent
SCENARIO = HERE.parents[1] / "scenarios" / "anode-medium.toml"
SOLIDS = 0.43
"""Slurry solids content [-], as stated for Table 2 (via the secondary source)."""
SLOW_RATES = 1.5e-3
"""At and below this rate [kg m-2 s-1] the gas side controls and the model must agree within GAS_SIDE."""
GAS_SIDE = 0.02
SLOWEST = 0.5e-3
"""Rates below this [kg m-2 s-1] are left out (the 0.01 g/m2/s row)."""


def check(workers: int | None = None) -> Check:
    with (HERE / "table2.csv").open(encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(line for line in stream if not line.startswith("#"))
                if float(r["drying_rate_g_m2_s"]) * 1e-3 >= SLOWEST]
    rate = np.array([float(r["drying_rate_g_m2_s"]) for r in rows]) * 1e-3
    table_time = np.array([float(r["drying_time_s"]) for r in rows])
    water = float(np.median(rate * table_time))  # kg m-2, the load the table implies
    solids = water * SOLIDS / (1.0 - SOLIDS)
    editor = ScenarioEditor.from_file(SCENARIO, [Parameter("loading", "layers[0].areal_loading", "kg/m^2"),
                                                 Parameter("solids", "layers[0].solids_content", "1"),
                                                 Parameter("rate", "drying.rate", "kg/m^2/s")])
    results = dryingsim.simulate_many([editor.scenario([solids, SOLIDS, r], f"kumberg-{r * 1e3:g}") for r in rate],
                                      workers=workers)
    model = np.array([float(r.attrs["metric_drying_time_s"]) for r in results])
    ratio = model / table_time
    slow = rate <= SLOW_RATES
    fig, ax = new_figure((6, 4.5))
    ax.loglog(rate * 1e3, table_time, "o", color="C3", label="Kumberg et al. 2019, Table 2 (gas-side calculation)")
    ax.loglog(rate * 1e3, model, "s-", color="C0", label="dryingsim (default anode, 43 wt% solids)")
    ax.set(xlabel="drying rate [g m-2 s-1]", ylabel="drying time [s]", title="drying time against rate")
    ax.legend(fontsize="small")
    return Check(
        name=HERE.name,
        compared="drying time [s]: table (gas-side calculation) / model",
        columns=["rate [g/m2/s]", "table [s]", "model [s]", "model / table"],
        rows=[[f"{r * 1e3:g}", f"{t:g}", f"{m:.1f}", f"{q:.3f}"]
              for r, t, m, q in zip(rate, table_time, model, ratio, strict=True)],
        criteria=[(f"never more than {GAS_SIDE:.0%} sooner than the gas-side limit (lowest ratio {ratio.min():.3f})",
                   bool(np.all(ratio >= 1.0 - GAS_SIDE))),
                  (f"within {GAS_SIDE:.0%} at {', '.join(f'{r * 1e3:g}' for r in rate[slow])} g/m2/s (ratios "
                   + ", ".join(f"{q:.3f}" for q in ratio[slow]) + ")",
                   bool(np.all(np.abs(ratio[slow] - 1.0) <= GAS_SIDE)))],
        agreement=f"model/table {ratio[0]:.3f} at {rate[0] * 1e3:g} g/m2/s, {ratio[-1]:.2f} at {rate[-1] * 1e3:g} "
                  "g/m2/s (falling-rate stage)",
        notes=(f"The water load, {water * 1e3:.1f} g/m2, is the median of rate x time over the table's rows (the "
               "calculation behind the table), and the dry mass follows from 43 wt% solids; the paper's own "
               "loading and the measured drying times (its Fig. 3, no numbers taken) were not readable. "
               "The secondary source was not checked against the original."),
        figure=fig,
    )
