"""Kumberg et al. (2019), Table 3: sodium (a marker of Na-CMC) by EDS on the top surface and on the bottom
surface (after peeling from the foil) of aqueous graphite anodes dried at 0.75 and at 6 g/m2/s.

Read through a secondary source (see source.toml). EDS gives atomic % of Na near each surface, not binder
wt % through the depth, so only the ratio top / bottom is compared: with the model's CMC wt % over the top
and the bottom 10 % of the dry thickness (the binder metrics' windows, docs/theory/model.md, section 10) of the
default anode (``scenarios/anode-medium.toml``, the paper's formulation 93/1.4/1.87/3.73) dried at the two
rates. The windows are thicker than the EDS depth of a few um: a like-for-like comparison is not possible.

The CMC gel concentration of the materials library is calibrated on the 6 g/m2/s sample (the one binder
calibration of dryingsim, scenarios/README.md); the 0.75 g/m2/s sample is a prediction.

Criteria: the CMC top/bottom ratio rises with the drying rate, as the measured Na ratio does
(0.26/0.29 = 0.90 at 0.75 g/m2/s, 0.39/0.19 = 2.05 at 6 g/m2/s); it lies in 0.8-1.25 at 0.75 g/m2/s
(uniform within the EDS scatter) and in 1.5-2.6 at 6 g/m2/s.
"""

from __future__ import annotations

import csv
from pathlib import Path

import dryingsim
from dryingsim.plotting.canvas import new_figure
from dryingsim.results.metrics import EDGE_FRACTION, binder_wt_pct, dry_thickness
from dryingsim.scenario.edit import Parameter, ScenarioEditor
from dryingsim.validation import Check

HERE = Path(__file__).parent
SCENARIO = HERE.parents[1] / "scenarios" / "anode-medium.toml"


def check(workers: int | None = None) -> Check:
    with (HERE / "table3.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(line for line in stream if not line.startswith("#")))
    measured = {}
    for r in rows:
        measured.setdefault(float(r["drying_rate_g_m2_s"]), {})[r["surface"]] = float(r["na_edx_at_percent"])
    rates = sorted(measured)
    editor = ScenarioEditor.from_file(SCENARIO, [Parameter("rate", "drying.rate", "kg/m^2/s")])
    results = dryingsim.simulate_many([editor.scenario([rate * 1e-3], f"kumberg-{rate:g}") for rate in rates],
                                      workers=workers)
    model = {}
    for rate, result in zip(rates, results, strict=True):
        thickness = dry_thickness(result)
        top = binder_wt_pct(result, 0.0, EDGE_FRACTION * thickness, ["cmc"])
        bottom = binder_wt_pct(result, (1 - EDGE_FRACTION) * thickness, thickness, ["cmc"])
        model[rate] = (top, bottom)
    measured_ratio = {rate: measured[rate]["top"] / measured[rate]["bottom"] for rate in rates}
    model_ratio = {rate: top / bottom for rate, (top, bottom) in model.items()}
    fig, ax = new_figure((5.5, 4))
    ax.plot(rates, [measured_ratio[r] for r in rates], "o-", color="C3", label="Na EDS top/bottom (measured)")
    ax.plot(rates, [model_ratio[r] for r in rates], "s-", color="C0", label="CMC top/bottom 10 % (model)")
    ax.set(xlabel="drying rate [g m-2 s-1]", ylabel="top / bottom", xscale="log", title="CMC at the surfaces")
    ax.legend(fontsize="small")
    rising = model_ratio[rates[-1]] > model_ratio[rates[0]]
    return Check(
        name=HERE.name,
        compared="top/bottom ratio of CMC: Na EDS at the surfaces (measured) / CMC wt % in the top and bottom "
                 "10 % (model)",
        columns=["rate [g/m2/s]", "Na top / bottom [at%]", "ratio measured", "CMC top / bottom [wt%] (model)",
                 "ratio model"],
        rows=[[f"{rate:g}", f"{measured[rate]['top']} / {measured[rate]['bottom']}", f"{measured_ratio[rate]:.2f}",
               f"{model[rate][0]:.2f} / {model[rate][1]:.2f}", f"{model_ratio[rate]:.2f}"] for rate in rates],
        criteria=[(f"the model's ratio rises with the rate ({model_ratio[rates[0]]:.2f} -> "
                   f"{model_ratio[rates[-1]]:.2f}; measured {measured_ratio[rates[0]]:.2f} -> "
                   f"{measured_ratio[rates[-1]]:.2f})", rising),
                  (f"0.8-1.25 at {rates[0]:g} g/m2/s (prediction): {model_ratio[rates[0]]:.2f}",
                   0.8 <= model_ratio[rates[0]] <= 1.25),
                  (f"1.5-2.6 at {rates[-1]:g} g/m2/s (calibrated): {model_ratio[rates[-1]]:.2f}",
                   1.5 <= model_ratio[rates[-1]] <= 2.6)],
        agreement=f"ratio at {rates[0]:g} / {rates[-1]:g} g/m2/s: measured {measured_ratio[rates[0]]:.2f} / "
                  f"{measured_ratio[rates[-1]]:.2f}, model {model_ratio[rates[0]]:.2f} / {model_ratio[rates[-1]]:.2f}",
        notes="Solids content, thickness and film temperature of these two samples are not given by the secondary "
              "source; the default anode (45 wt% solids, 10 mg/cm2, 25 degC) stands in. EDS probes a few um, the "
              "model's windows are 10 % of the thickness. The CMC gel concentration (materials library) was "
              "fitted once on the 6 g/m2/s ratio; the 0.75 g/m2/s ratio is a prediction.",
        figure=fig,
    )
