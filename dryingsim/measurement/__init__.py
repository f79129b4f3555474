"""Virtual measurement of a dried coating, like for like with the lab (docs/theory/measurement.md, sections 2-5).

    profile = dryingsim.calender(result, porosity="30 %")              # optional
    layers = dryingsim.scrape(profile, "leps2000", replicates=100, seed=1, step="10 um")
    virtual = dryingsim.tga(layers, "auto", seed=2)                    # binder wt % as a lab reads it
    comparison = dryingsim.compare(result, "measured.csv", seed=3)     # residuals, chi2, 95 % band

Modules in data-flow order: :mod:`~.profile` (the dry coating as mass per area against depth),
:mod:`~.calender`, :mod:`~.scraper`, :mod:`~.tga`, :mod:`~.measured` (the CSV format), :mod:`~.compare`.
Every instrument follows the contract of :mod:`~.instrument`; :data:`INSTRUMENTS` holds them by TOML table,
and :func:`preset_names` gives the names each takes (for help texts).
"""

from dryingsim.measurement.calender import calender
from dryingsim.measurement.compare import compare
from dryingsim.measurement.instrument import Instrument, load_settings, preset_names
from dryingsim.measurement.measured import measured_profile, read_measured, virtual_lab_measurement, write_measured
from dryingsim.measurement.profile import dry_profile, make_profile
from dryingsim.measurement.scraper import SCRAPER, ScraperProtocol, load_protocol, scrape
from dryingsim.measurement.tga import TGA, TGAMethod, load_method, tga

INSTRUMENTS: dict[str, Instrument] = {instrument.table: instrument for instrument in (SCRAPER, TGA)}
"""Every virtual instrument by the TOML table of its user presets."""

__all__ = [
    "INSTRUMENTS", "SCRAPER", "TGA", "Instrument", "ScraperProtocol", "TGAMethod", "calender", "compare",
    "dry_profile", "load_method", "load_protocol", "load_settings", "make_profile", "measured_profile",
    "preset_names", "read_measured", "scrape", "tga", "virtual_lab_measurement", "write_measured",
]
