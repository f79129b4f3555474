"""Command line: ``dryingsim run SCENARIO.toml -o result.nc [--plot fig.png]``.

A thin layer over the Python API (:func:`dryingsim.load_scenario`, :func:`dryingsim.simulate`,
:func:`dryingsim.results.io.save_result`). The package is imported inside the command, so
``dryingsim --help`` stays fast. No traceback reaches the user: deliberate errors
(:class:`dryingsim.errors.DryingsimError`) and file errors exit 2 with one line on stderr, Ctrl-C
exits 130, anything else exits 3 and asks for a bug report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dryingsim.results.metrics import Metrics

EXIT_OK = 0
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : arguments without the program name; ``None`` reads ``sys.argv``

    Returns
    -------
    int
        0 success, 2 user error (bad input, unreadable or unwritable file), 3 internal error,
        130 interrupted.
    """
    try:
        args = build_parser().parse_args(argv)
        return args.command(args)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return EXIT_OK if exc.code is None else exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        if _is_user_error(exc):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USER_ERROR
        print(f"internal error: {type(exc).__name__}: {exc} (please report)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand stores its handler as ``command``."""
    parser = argparse.ArgumentParser(
        prog="dryingsim", description="Through-thickness simulation of battery-electrode drying."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="simulate one scenario and save the result")
    run.add_argument("scenario", type=Path, metavar="SCENARIO.toml", help="scenario file")
    run.add_argument("-o", "--output", type=Path, required=True, metavar="RESULT.nc", help="netCDF file to write")
    run.add_argument("--plot", type=Path, metavar="FIG.png", help="also write the overview figure")
    run.add_argument("--engine", default="fipy", help="simulation engine (default: %(default)s)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(command=run_command)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """``dryingsim run``: load, simulate, save, print the summary, plot if asked."""
    import dryingsim
    from dryingsim.results.io import save_result
    from dryingsim.results.metrics import metrics, metrics_as_attrs

    _require_directory(args.output)
    if args.plot is not None:
        _require_directory(args.plot)
    scenario = dryingsim.load_scenario(args.scenario)
    result = dryingsim.simulate(scenario, engine=args.engine, progress=not args.quiet)
    values = metrics(result)
    save_result(result.assign_attrs(metrics_as_attrs(values)), args.output)
    print(summary_table(values, result.attrs.get("stage_switch_time", -1.0)))
    print(f"result written to {args.output}")
    if args.plot is not None:
        from dryingsim.plotting import plot_result

        plot_result(result, args.plot)
        print(f"figure written to {args.plot}")
    return EXIT_OK


def summary_table(values: Metrics, stage_switch_time: float) -> str:
    """The short text summary of a run's metrics (see :func:`dryingsim.results.metrics.metrics`)."""
    rows = [
        ("drying time", f"{values['drying_time_s']:.4g} s"),
        ("dry thickness", f"{values['dry_thickness_m'] * 1e6:.4g} um"),
        ("binder top/bottom ratio", f"{values['binder_top_bottom_ratio']:.4g}"),
        *(
            (f"settling gradient {name}", f"{slope:+.3g} %/um")
            for name, slope in values["settling_gradient_pct_per_um"].items()
        ),
        ("mass balance error", f"{values['mass_balance_error']:.2e}"),
        ("stage switch time", f"{stage_switch_time:.4g} s" if stage_switch_time >= 0 else "never"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def package_version() -> str:
    """Installed version of dryingsim, without importing the package."""
    try:
        return metadata.version("dryingsim")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _is_user_error(exc: Exception) -> bool:
    """True for file errors and deliberate dryingsim errors (checked without importing dryingsim)."""
    errors = sys.modules.get("dryingsim.errors")
    return isinstance(exc, OSError) or (errors is not None and isinstance(exc, errors.DryingsimError))


def _require_directory(path: Path) -> None:
    """Fail before the run, not after it, when an output file's directory does not exist."""
    from dryingsim.errors import DryingsimError

    if not path.parent.is_dir():
        raise DryingsimError(f"cannot write {path}: directory {path.parent} does not exist")


if __name__ == "__main__":
    sys.exit(main())
