"""netCDF storage of result Datasets: ``load_result(save_result(ds, path))`` is identical to ``ds``.

Files are written with the netCDF4 engine to a temporary file beside the target and renamed into
place, so an interrupted write never leaves a half-written result under the target name.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import xarray as xr

from dryingsim.errors import DryingsimError, InputError

ENGINE = "netcdf4"
COMPRESSION = {"zlib": True, "complevel": 4}


def save_result(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write a result Dataset to a netCDF4 file, atomically.

    Parameters
    ----------
    ds : the result Dataset
    path : target file; replaced if it exists

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    DryingsimError
        If a numeric variable holds NaN or inf (the message names it); nothing is written.
    OSError
        If the file cannot be written.
    """
    check_finite(ds)
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")  # created with the umask
    try:
        ds.to_netcdf(temporary, engine=ENGINE, encoding=_compression(ds))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def load_result(path: str | os.PathLike[str]) -> xr.Dataset:
    """Read a result file written by :func:`save_result`, fully into memory; the file is closed.

    Times are not decoded (``time`` stays in seconds), on-disk encodings are dropped, string
    variables come back as ``str`` arrays and numeric attributes as Python scalars.

    Parameters
    ----------
    path : the netCDF file

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    InputError : the file is missing, unreadable or not netCDF (a scenario TOML given by mistake, say)
    """
    if not Path(path).is_file():
        raise InputError(str(path), "missing" if not Path(path).exists() else "a folder",
                         "a result file written by dryingsim (netCDF, .nc)")
    try:
        with xr.open_dataset(path, engine=ENGINE, decode_times=False, decode_timedelta=False) as stored:
            ds = stored.load()
    except (OSError, ValueError) as exc:  # netCDF4 reports a foreign file as OSError "NetCDF: HDF error"
        raise InputError(str(path), "not a netCDF file", "a result file written by dryingsim (netCDF, .nc)",
                         reason=str(exc)) from None
    ds = ds.assign_coords({name: _restore_strings(ds[name].variable) for name in ds.coords})
    ds = ds.assign({name: _restore_strings(ds[name].variable) for name in ds.data_vars})
    for variable in ds.variables.values():
        variable.encoding = {}
        variable.attrs = _python_attrs(variable.attrs)
    ds.encoding = {}
    ds.attrs = _python_attrs(ds.attrs)
    return ds


def check_finite(ds: xr.Dataset) -> None:
    """Raise :class:`DryingsimError` naming the first numeric variable that holds NaN or inf."""
    for name, variable in ds.variables.items():
        if variable.dtype.kind in "fc" and not np.all(np.isfinite(variable.values)):
            count = int(np.count_nonzero(~np.isfinite(variable.values)))
            raise DryingsimError(
                f"result variable '{name}' holds {count} NaN or infinite value(s); refusing to save an invalid result"
            )


def _compression(ds: xr.Dataset) -> dict[str, dict[str, object]]:
    """zlib compression for every numeric data variable."""
    return {name: dict(COMPRESSION) for name, var in ds.data_vars.items() if var.dtype.kind in "biufc"}


def _restore_strings(variable: xr.Variable) -> xr.Variable:
    """Object arrays of strings (netCDF NC_STRING) as fixed-width ``str`` arrays."""
    if variable.dtype.kind == "O":
        return variable.astype(str)
    return variable


def _python_attrs(attrs: dict[str, object]) -> dict[str, object]:
    """Attributes with numpy scalars turned into Python scalars (netCDF returns numpy types)."""
    return {key: value.item() if isinstance(value, np.generic) else value for key, value in attrs.items()}
