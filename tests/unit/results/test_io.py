"""netCDF storage of results: faithful round trip, refusal of non-finite data, atomic writes."""

from __future__ import annotations

import os

import numpy as np
import pytest
import xarray as xr

from dryingsim.errors import DryingsimError
from dryingsim.results.io import load_result, save_result


def test_round_trip_is_identical(synthetic_result, tmp_path):
    """load_result(save_result(ds)) is identical to ds, with the same dtype for every variable."""
    ds = synthetic_result()
    loaded = load_result(save_result(ds, tmp_path / "result.nc"))
    assert loaded.identical(ds)
    assert {name: v.dtype for name, v in loaded.variables.items()} == {
        name: v.dtype for name, v in ds.variables.items()
    }
    assert loaded["stage"].dtype == np.int8
    assert loaded["component_role"].dtype.kind == "U"


def test_loaded_attributes_are_python_scalars(synthetic_result, tmp_path):
    """Global attributes come back as the Python types written (int, float, str)."""
    ds = synthetic_result()
    loaded = load_result(save_result(ds, tmp_path / "result.nc"))
    assert {key: type(value) for key, value in loaded.attrs.items()} == {
        key: type(value) for key, value in ds.attrs.items()
    }


def test_loaded_result_is_in_memory_without_encoding(synthetic_result, tmp_path):
    """The loaded Dataset holds numpy arrays (file closed) and no on-disk encoding."""
    path = save_result(synthetic_result(), tmp_path / "result.nc")
    loaded = load_result(path)
    save_result(synthetic_result(n_time=3), path)  # replace the file under the loaded Dataset
    assert all(isinstance(v.data, np.ndarray) for v in loaded.variables.values())
    assert loaded.encoding == {}
    assert all(v.encoding == {} for v in loaded.variables.values())
    assert loaded.sizes["time"] == 11


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_non_finite_data_is_refused_naming_the_variable(synthetic_result, tmp_path, bad):
    """A data variable holding NaN or inf is not written; the error names the variable."""
    ds = synthetic_result()
    rate = ds["drying_rate"].copy()
    rate[3] = bad
    path = tmp_path / "result.nc"
    with pytest.raises(DryingsimError, match="'drying_rate'"):
        save_result(ds.assign(drying_rate=rate), path)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(synthetic_result, tmp_path, monkeypatch):
    """A write that fails midway leaves the previous result untouched and no temporary file."""
    path = save_result(synthetic_result(), tmp_path / "result.nc")
    before = path.read_bytes()

    def crash(self, target, **kwargs):
        with open(target, "wb") as handle:
            handle.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", crash)
    with pytest.raises(OSError, match="disk full"):
        save_result(synthetic_result(n_time=3), path)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_saved_file_has_the_usual_permissions(synthetic_result, tmp_path):
    """The result file gets the permissions of any new file (umask), not a private temp-file mode."""
    umask = os.umask(0)
    os.umask(umask)
    path = save_result(synthetic_result(), tmp_path / "result.nc")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
