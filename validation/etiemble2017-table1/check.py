"""Etiemble et al. (2017), Table 1: NMC and LFP settling slopes of cathodes A-K, with one shared set of
physical parameters.

Every sample is ``scenarios/cathode-nmc.toml`` (NMP, 65 wt% solids, 0.25 Pa s liquid, no yield stress,
0.5 g/m2/s at 25 degC: the shared parameters; none of these is reported by the paper) with the sample's
composition (NMC, LFP, PVdF, CB wt%, Table 1) and its dry mass per area, derived from Table 1 as
(1 - porosity) x micrometer thickness x solids density (library densities). The dry coating is then
calendered, uniformly, to the sample's porosity (as-received samples were roll-pressed, D, H and K
super-calendered), and the slope of each active material's volume fraction (%) against height above the
foil (um) is fitted over the central 80 % of the thickness (a sample the model dries denser than
measured is compared uncalendered), as Table 1's 'Slope' (bulk, linear fit;
negative: denser near the collector).

Criteria (issue 8): NMC slopes negative and within a factor 2 of the measured ones for the pure NMC
samples A-D; NMC slopes of the LFP-rich blends F-I (50-75 % of the active material LFP) smaller in magnitude
than those of the pure NMC samples; LFP slopes near 0: within 0.05 %/um of the measured ones for E-K.
"""

from __future__ import annotations

import copy
import csv
import sys
from pathlib import Path

import numpy as np

import dryingsim
from dryingsim.materials import CARBON_BLACK, LFP, NMC, PVDF
from dryingsim.plotting.canvas import new_figure
from dryingsim.results.metrics import settling_gradient
from dryingsim.scenario import scenario_from_dict, scenario_to_toml
from dryingsim.validation import Check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parent
BASE = HERE.parents[1] / "scenarios" / "cathode-nmc.toml"
FACTOR = 2.0
"""Pure NMC samples: the model's slope within this factor of the measured one (issue 8)."""
LFP_TOLERANCE = 0.05
"""LFP: the model's slope within this of the measured one [% um-1], half the ~0.1 % um-1 of the pure NMC
samples (the measured LFP slopes are 0.00-0.06)."""
DENSITY = {"nmc": NMC.density.value, "lfp": LFP.density.value, "pvdf": PVDF.density.value,
           "cb": CARBON_BLACK.density.value}


def samples() -> list[dict[str, str]]:
    """Table 1 rows (comment lines skipped)."""
    with (HERE / "table1.csv").open(encoding="utf-8") as stream:
        return list(csv.DictReader(line for line in stream if not line.startswith("#")))


def scenario(row: dict[str, str], base: dict) -> dryingsim.Scenario:
    """The shared base with the sample's composition (components of zero share left out) and dry mass
    per area."""
    weights = {key: float(row[f"{key}_wt_percent"]) / 100.0 for key in DENSITY}
    solids_density = 1.0 / sum(w / DENSITY[k] for k, w in weights.items())
    loading = (1.0 - float(row["porosity_vol_percent"]) / 100.0) * float(row["thickness_micrometer_um"]) * 1e-6 \
        * solids_density
    data = copy.deepcopy(base)
    layer = data["layers"][0]
    by_name = {"nmc": layer["components"][0], "lfp": {"name": "lfp", "material": "lfp"},  # LFP: library sizes
               "pvdf": layer["components"][1], "cb": layer["components"][2]}
    layer["components"] = [{**by_name[k], "mass_fraction": w} for k, w in weights.items() if w > 0]
    layer["areal_loading"] = f"{loading} kg/m^2"
    data["name"] = f"etiemble-{row['sample']}"
    return scenario_from_dict(data)


def check(workers: int | None = None) -> Check:
    rows = samples()
    base = tomllib.loads(scenario_to_toml(dryingsim.load_scenario(BASE)))
    results = dryingsim.simulate_many([scenario(row, base) for row in rows], workers=workers)
    table, measured, model, porosity = [], {}, {}, {}
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, Exception):
            raise result
        target = float(row["porosity_vol_percent"]) / 100.0
        dry = float(1.0 - result["dry_volume_fraction"].sum("component").mean())
        # a coating the model dries denser than the measured electrode cannot be calendered to it
        coating = dryingsim.calender(result, porosity=target) if target < dry else result
        name = row["sample"]
        porosity[name] = (dry, target)
        for active in ("nmc", "lfp"):
            if float(row[f"{active}_wt_percent"]) > 0:
                measured[name, active] = float(row[f"{active}_slope_pct_per_um"])
                model[name, active] = settling_gradient(coating, active)
        table.append([name, row["nmc_lfp_ratio"], row["compaction"],
                      f"{100 * dry:.0f} / {100 * target:.0f}" + ("" if target < dry else " (not calendered)"),
                      *(f"{measured[name, a]:+.2f} / {model[name, a]:+.3f}" if (name, a) in model else "-"
                        for a in ("nmc", "lfp"))])
    pure = list("ABCD")
    ratio = {s: model[s, "nmc"] / measured[s, "nmc"] for s in pure}
    pure_magnitude = np.mean([abs(model[s, "nmc"]) for s in pure])
    criteria = [
        (f"pure NMC A-D: slopes negative and within a factor {FACTOR:g} of the measured (model/measured "
         + ", ".join(f"{s} {ratio[s]:.2f}" for s in pure) + ")",
         all(model[s, "nmc"] < 0 and 1 / FACTOR <= ratio[s] <= FACTOR for s in pure)),
        (f"LFP-rich blends F-I: |NMC slope| below that of the pure NMC samples (mean {pure_magnitude:.3f} %/um): "
         + ", ".join(f"{s} {abs(model[s, 'nmc']):.3f}" for s in "FGHI"),
         all(abs(model[s, "nmc"]) < pure_magnitude for s in "FGHI")),
        (f"LFP E-K: near 0, within {LFP_TOLERANCE} %/um of the measured slopes (0.00-0.06): "
         + ", ".join(f"{s} {model[s, 'lfp'] - measured[s, 'lfp']:+.3f}" for s in "EFGHIJK"),
         all(abs(model[s, "lfp"] - measured[s, "lfp"]) <= LFP_TOLERANCE for s in "EFGHIJK")),
    ]
    return Check(
        name=HERE.name,
        compared="NMC and LFP volume-fraction slopes in the bulk [%/um], measured (X-ray tomography) / model "
                 "(calendered to the measured porosity where it dries more porous)",
        columns=["sample", "NMC/LFP", "compaction", "porosity model dry / measured [%]", "NMC slope measured / model",
                 "LFP slope measured / model"],
        rows=table,
        criteria=criteria,
        agreement=f"NMC A-D model/measured {min(ratio.values()):.2f}-{max(ratio.values()):.2f}; "
                  f"LFP-rich blends |NMC| {min(abs(model[s, 'nmc']) for s in 'FGHI'):.3f}-"
                  f"{max(abs(model[s, 'nmc']) for s in 'FGHI'):.3f} vs pure {pure_magnitude:.3f} %/um; "
                  f"LFP model - measured {min(model[s, 'lfp'] - measured[s, 'lfp'] for s in 'EFGHIJK'):+.3f} to "
                  f"{max(model[s, 'lfp'] - measured[s, 'lfp'] for s in 'EFGHIJK'):+.3f} %/um",
        notes=_notes(porosity),
        figure=_figure(measured, model),
    )


def _notes(porosity: dict) -> str:
    denser = [name for name, (dry, target) in porosity.items() if target >= dry]
    return ((f"The model dries samples {', '.join(denser)} denser than the measured (already roll-pressed) "
             "electrodes, so those are compared uncalendered: the model's packing (max_packing 0.60 plus the "
             "binder in the pores) leaves less pore space than these pilot-line coatings have. " if denser else "")
            + "Sample E (75/25) is the one miss: its LFP slope is +0.13 %/um against +0.06 measured (and its NMC "
              "slope 1.5 times the measured): in the model the settling NMC lifts the LFP twice as strongly as "
              "measured; a gel of LFP, carbon black and PVdF (a yield stress, paper Sec. 1 and 4) would hold "
              "both back, and the shared set has no yield stress. Other misses and what they may come from: "
              "the slurry solids content, the drying rate and temperature, "
            "the coating method and the slurry rheology of these pilot-line electrodes are not reported (see "
            "source.toml, not_reported); the shared values are those of scenarios/cathode-nmc.toml, whose "
            "liquid viscosity (0.25 Pa s) was chosen so that sample B's slope is matched: sample B is a "
            "calibration, the other ten samples are predictions. LFP slurries form a gel at rest and are "
            "coated with more solvent (Sec. 1 of the paper, no number): the shared set gives every sample "
            "the NMC slurry's solids content and no yield stress.")


def _figure(measured: dict, model: dict):
    fig, ax = new_figure((6.5, 5))
    for active, marker in (("nmc", "o"), ("lfp", "s")):
        keys = [k for k in measured if k[1] == active]
        ax.plot([measured[k] for k in keys], [model[k] for k in keys], marker, label=active.upper())
        for k in keys:
            ax.annotate(k[0], (measured[k], model[k]), textcoords="offset points", xytext=(4, 4), fontsize=8)
    limits = np.array([-0.15, 0.08])
    ax.plot(limits, limits, color="0.5", lw=1, label="model = measured")
    settling = np.array([limits[0], 0.0])
    ax.fill_between(settling, settling * FACTOR, settling / FACTOR, color="0.9",
                    label=f"within a factor {FACTOR:g} (NMC)")
    ax.set(xlabel="measured slope [vol% / um] (Etiemble et al. 2017, Table 1)", ylabel="model slope [vol% / um]",
           title="settling slopes, samples A-K")
    ax.legend(fontsize="small")
    return fig
