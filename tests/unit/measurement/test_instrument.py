"""The instrument contract: the scraper and the TGA are entries of it, load user presets through one reader
and record their settings and seed the same way."""

from __future__ import annotations

import dataclasses
import json

import pytest

import dryingsim.measurement.instrument as contract
from dryingsim.errors import InputError
from dryingsim.measurement import (
    INSTRUMENTS,
    SCRAPER,
    TGA,
    Instrument,
    load_method,
    load_protocol,
    load_settings,
    preset_names,
    scrape,
    tga,
)

USER_PRESETS = {
    "scraper": '[scraper]\nbase = "manual-blade"\nnoise = "2 um"\ncuts = ["10 um", "30 um"]\n',
    "tga": '[tga]\nbase = "nitrogen-pvdf"\nsample_mass = "5 mg"\natmosphere = "air"\n',
}


def test_scraper_and_tga_are_entries_of_the_one_instrument_contract():
    """Each instrument is an Instrument: a frozen settings class whose numeric fields all have a rule, and
    presets of that class named by their key, each with its source (Standards: values carry their source)."""
    assert INSTRUMENTS == {"scraper": SCRAPER, "tga": TGA}
    for table, instrument in INSTRUMENTS.items():
        assert isinstance(instrument, Instrument) and instrument.table == table
        fields = {f.name for f in dataclasses.fields(instrument.settings_class)}
        assert {"name", "source"} <= fields
        assert set(instrument.rules) <= fields and set(instrument.nested) <= fields
        assert instrument.default_base in instrument.presets
        for name, preset in instrument.presets.items():
            assert isinstance(preset, instrument.settings_class) and preset.name == name
            assert len(preset.source) > 20, name
            with pytest.raises(dataclasses.FrozenInstanceError):
                preset.name = "changed"
            assert load_settings(instrument, name) is preset


def test_a_user_preset_of_each_instrument_loads_through_the_one_reader(tmp_path, monkeypatch):
    """A TOML user preset of the scraper and of the TGA goes through the same shared reader, and the
    instrument's own load function gives the same settings as the contract's load_settings."""
    tables = []
    reader = contract.preset_from_toml

    def spy(path, table, *args, **kwargs):
        tables.append(table)
        return reader(path, table, *args, **kwargs)

    monkeypatch.setattr(contract, "preset_from_toml", spy)
    paths = {}
    for table, text in USER_PRESETS.items():
        paths[table] = tmp_path / f"lab-{table}.toml"
        paths[table].write_text(text)
    protocol, method = load_protocol(paths["scraper"]), load_method(paths["tga"])
    assert tables == ["scraper", "tga"]
    assert protocol == load_settings(SCRAPER, paths["scraper"])
    assert method == load_settings(TGA, paths["tga"])
    assert protocol.name == "lab-scraper" and protocol.cuts == pytest.approx((10e-6, 30e-6))
    assert protocol.noise == pytest.approx(2e-6) and protocol.loop == "open"
    assert method.sample_mass == pytest.approx(5e-6) and method.atmosphere == "air"
    assert method.window_low == TGA.presets["nitrogen-pvdf"].window_low


def test_preset_names_are_what_the_load_functions_take():
    """preset_names lists the names for help texts: the presets, and "auto" first where the instrument
    picks one from the sample; an unknown name is refused listing them."""
    assert preset_names(SCRAPER) == ("leps2000", "manual-blade")
    assert preset_names(TGA) == ("auto", "nitrogen-anode", "nitrogen-pvdf")
    assert load_method("auto").name == "nitrogen-anode"
    for instrument in INSTRUMENTS.values():
        with pytest.raises(InputError, match=", ".join(preset_names(instrument))):
            load_settings(instrument, "no-such-preset")


def test_changes_are_read_like_a_user_preset_and_checked():
    """Fields changed on loading take SI numbers or text with units, are range-checked, and must be
    fields of the instrument."""
    assert load_settings(SCRAPER, "leps2000", step="5 um").step == pytest.approx(5e-6)
    assert load_settings(TGA, "nitrogen-anode", sample_mass=2e-6).sample_mass == 2e-6
    with pytest.raises(InputError, match="tga.sample_mass"):
        load_settings(TGA, "nitrogen-anode", sample_mass="2 g")
    with pytest.raises(InputError, match="tga.colour"):
        load_settings(TGA, "nitrogen-anode", colour="blue")


def test_every_instrument_records_its_settings_and_seed_under_its_table(uniform_anode):
    """The provenance attributes: the run's (carried from the profile), the measuring version, and per
    instrument its settings as JSON (``<table>_<kind>``) and its seed (``<table>_seed``)."""
    profile = uniform_anode.assign_attrs(scenario_name="constructed anode", engine="none")
    virtual = tga(scrape(profile, "leps2000", seed=3, step="25 um"), "nitrogen-anode", seed=4)
    assert virtual.attrs["scenario_name"] == "constructed anode" and virtual.attrs["engine"] == "none"
    assert "measurement_dryingsim_version" in virtual.attrs
    assert json.loads(virtual.attrs["scraper_protocol"])["name"] == "leps2000"
    assert json.loads(virtual.attrs["tga_method"])["name"] == "nitrogen-anode"
    assert (virtual.attrs["scraper_seed"], virtual.attrs["tga_seed"]) == ("3", "4")
