"""Command line: ``dryingsim run | scrape | compare | sweep | calibrate | predict | validate``.

- ``dryingsim run SCENARIO.toml -o result.nc [--plot fig.png]``
- ``dryingsim scrape result.nc --protocol leps2000 --step 10um -o layers.csv [--replicates N]``
- ``dryingsim compare result.nc measured.csv [--plot overlay.png]``
- ``dryingsim sweep SWEEP.toml [--cluster local|slurm|pbs | --scheduler ADDRESS] [--workers N] [--plot fig.png]``
- ``dryingsim calibrate SCENARIO.toml measured.csv [measured.csv ...] --fit PATH[=LOW..HIGH] -o fitted.toml``
- ``dryingsim predict fitted.toml --set PATH=VALUE [-o prediction.nc] [--plot band.png]``
- ``dryingsim validate [-o report-folder]``

A thin layer over the Python API (:func:`dryingsim.load_scenario`, :func:`dryingsim.simulate`,
:func:`dryingsim.scrape`, :func:`dryingsim.tga`, :func:`dryingsim.compare`). The package is imported
inside the command, so ``dryingsim --help`` stays fast. No traceback reaches the user: deliberate errors
(:class:`dryingsim.errors.DryingsimError`) and file errors exit 2 with one line on stderr, Ctrl-C
exits 130, anything else exits 3 and asks for a bug report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from dryingsim.engines import DEFAULT_ENGINE, ENGINES, engine_help

if TYPE_CHECKING:
    import xarray as xr

    from dryingsim.results.metrics import Metrics

EXIT_OK = 0
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3
EXIT_INCOMPLETE = 4
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
        4 a sweep left points pending (run it again to resume), 130 interrupted.
    """
    try:
        args = build_parser().parse_args(argv)
        return args.command(args)
    except SystemExit as exc:  # argparse: --help, --version
        return EXIT_OK if exc.code is None else exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        if _is_user_error(exc) and isinstance(exc.__cause__, KeyboardInterrupt):  # a fit says where it stood
            print(f"interrupted: {exc}", file=sys.stderr)
            return EXIT_INTERRUPTED
        if _is_user_error(exc):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USER_ERROR
        print(f"internal error: {type(exc).__name__}: {exc} (please report)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


class UsageError(Exception):
    """A command line argparse refuses: printed as one line naming the argument, exit 2."""


class _RegistryHelp(argparse.HelpFormatter):
    """Help texts with ``{presets:<instrument>}`` and ``{default:<instrument>}`` filled from the instrument registry
    (:data:`dryingsim.measurement.INSTRUMENTS`), imported only when help is shown: the instruments load numpy
    and xarray, and a plain command line must start fast."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if "{presets:" in text or "{default:" in text:
            from dryingsim.measurement import INSTRUMENTS, preset_names

            for table, instrument in INSTRUMENTS.items():
                text = text.replace(f"{{presets:{table}}}", ", ".join(preset_names(instrument)))
                text = text.replace(f"{{default:{table}}}", preset_names(instrument)[0])
        return text


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (``error: dryingsim run: argument -o: ...``), not the usage."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _RegistryHelp)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _integer(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer >= ``minimum``, refused with the value and the range otherwise."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"got {text!r}; allowed: an integer >= {minimum}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"got {value}; allowed: an integer >= {minimum}")
        return value

    parse.__name__ = f"integer >= {minimum}"
    return parse


COUNT = _integer(1)
SEED = _integer(0)
FORCE_HELP = "replace output files that exist (never the command's inputs)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand stores its handler as ``command``."""
    parser = _Parser(
        prog="dryingsim", description="Through-thickness simulation of battery-electrode drying."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="simulate one scenario and save the result")
    run.add_argument("scenario", type=Path, metavar="SCENARIO.toml", help="scenario file")
    run.add_argument("-o", "--output", type=Path, required=True, metavar="RESULT.nc", help="netCDF file to write")
    run.add_argument("--plot", type=Path, metavar="FIG.png", help="also write the overview figure")
    run.add_argument("--engine", default=DEFAULT_ENGINE, choices=tuple(ENGINES),
                     help=f"{engine_help()} (default: %(default)s)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--force", action="store_true", help=FORCE_HELP)
    run.set_defaults(command=run_command)

    scrape = commands.add_parser("scrape", help="scrape a result's dry coating virtually and read binder by TGA")
    scrape.add_argument("result", type=Path, metavar="RESULT.nc", help="result file of 'dryingsim run'")
    layering = scrape.add_mutually_exclusive_group()
    layering.add_argument("--step", metavar="LENGTH", help="layer thickness, e.g. 10um (default: the protocol's)")
    layering.add_argument("--cuts", metavar="LIST", help="cut depths, e.g. 5um,15um,30um")
    _add_measurement_options(scrape, default_replicates=1, scraping=True)
    scrape.add_argument("--calender", metavar="KEY=VALUE",
                        help="calender first: thickness=70um, density=1.6g/cm^3 or porosity=30%%")
    scrape.add_argument("-o", "--output", type=Path, required=True, metavar="LAYERS.csv",
                        help="layers in the measured-profile CSV format (with a .toml metadata file), or .nc "
                             "for every variable")
    scrape.add_argument("--plot", type=Path, metavar="FIG.png", help="also draw the scraper depth errors")
    scrape.add_argument("--thermograms", type=Path, metavar="FIG.png", help="also draw thermograms of 3 layers")
    scrape.add_argument("--force", action="store_true", help=FORCE_HELP)
    scrape.set_defaults(command=scrape_command)

    compare = commands.add_parser("compare", help="compare a result with a measured binder profile")
    compare.add_argument("result", type=Path, metavar="RESULT.nc", help="result file of 'dryingsim run'")
    compare.add_argument("measured", type=Path, metavar="MEASURED.csv", help="measured profile (and its .toml)")
    compare.add_argument("--metadata", type=Path, metavar="META.toml", help="metadata file (default: CSV stem)")
    _add_measurement_options(compare, default_replicates=200, scraping=False)
    compare.add_argument("--plot", type=Path, metavar="FIG.png", help="also draw the overlay")
    compare.add_argument("--force", action="store_true", help=FORCE_HELP)
    compare.set_defaults(command=compare_command)

    sweep = commands.add_parser("sweep", help="run (or resume) a parameter sweep on dask")
    sweep.add_argument("sweep", type=Path, metavar="SWEEP.toml", help="sweep file")
    where = sweep.add_mutually_exclusive_group()
    where.add_argument("--cluster", default="local", choices=("local", "slurm", "pbs"),
                       help="local: worker processes on this machine; slurm/pbs: dask-jobqueue jobs from the "
                            "sweep file's [cluster] table or dask's config (default: %(default)s)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="join a running dask scheduler, e.g. tcp://host:8786")
    sweep.add_argument("--workers", type=COUNT, help="local worker processes (default: the cores) or batch jobs")
    sweep.add_argument("--plot", type=Path, metavar="FIG.png",
                       help="also draw the sweep's [report] output: a response map, or the Sobol indices")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument("--force", action="store_true", help=FORCE_HELP)
    sweep.set_defaults(command=sweep_command)

    calibrate = commands.add_parser("calibrate", help="fit scenario fields to measured binder profiles")
    calibrate.add_argument("scenario", type=Path, metavar="SCENARIO.toml", help="scenario of the slurry")
    calibrate.add_argument("measured", type=Path, nargs="+", metavar="MEASURED.csv",
                           help="measured profiles (each with its .toml; its [conditions] say how it was dried)")
    calibrate.add_argument("--fit", action="append", required=True, metavar="PATH[=LOW..HIGH]",
                           help="a field to fit and its bounds, e.g. physics.binder_diffusivity=1e-11..1e-9 m^2/s "
                                "(a physics path alone searches its default range); repeat for more")
    calibrate.add_argument("-o", "--output", type=Path, required=True, metavar="FITTED.toml",
                           help="fitted scenario to write (its uncertainty goes to FITTED.fit.toml)")
    calibrate.add_argument("--plot", type=Path, metavar="FIG.png", help="also draw the fit, a panel per profile")
    calibrate.add_argument("--journal", type=Path, metavar="FILE",
                           help="record of every model run, to resume an interrupted fit "
                                "(default: FITTED.journal.jsonl)")
    calibrate.add_argument("--replicates", type=COUNT, default=100,
                           help="virtual measurements per comparison (default: %(default)s)")
    calibrate.add_argument("--seed", type=SEED, default=0, help="random seed (default: %(default)s)")
    calibrate.add_argument("--workers", type=COUNT, help="local processes sharing the model runs (default: the cores)")
    calibrate.add_argument("--force", action="store_true", help=FORCE_HELP)
    calibrate.set_defaults(command=calibrate_command)

    predict = commands.add_parser("predict", help="predict a fitted scenario under changes, with its uncertainty band")
    predict.add_argument("fitted", type=Path, metavar="FITTED.toml", help="scenario written by 'dryingsim calibrate'")
    predict.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", dest="changes",
                         help='a change, e.g. drying.rate="3 g/m^2/s"; repeat for more')
    predict.add_argument("--samples", type=COUNT, default=64,
                         help="draws of the fitted parameters (default: %(default)s)")
    predict.add_argument("--seed", type=SEED, default=0, help="random seed (default: %(default)s)")
    predict.add_argument("--workers", type=COUNT, help="local processes sharing the runs (default: the cores)")
    predict.add_argument("-o", "--output", type=Path, metavar="PREDICTION.nc", help="also write the draws and band")
    predict.add_argument("--plot", type=Path, metavar="FIG.png", help="also draw the profile with its band")
    predict.add_argument("--force", action="store_true", help=FORCE_HELP)
    predict.set_defaults(command=predict_command)

    validate = commands.add_parser("validate", help="rerun the model on every published dataset and write a report")
    validate.add_argument("--suite", type=Path, default=Path("validation"), metavar="FOLDER",
                          help="folder of validation datasets (default: %(default)s, the repository's)")
    validate.add_argument("-o", "--output", type=Path, default=Path("validation-report"), metavar="FOLDER",
                          help="where report.md and its figures go (default: %(default)s)")
    validate.add_argument("--only", action="append", default=[], metavar="DATASET", help="run only this dataset")
    validate.add_argument("--update-readme", action="store_true",
                          help="also write the summary table into the suite's README.md")
    validate.add_argument("--workers", type=COUNT, help="local processes sharing the runs (default: the cores)")
    validate.add_argument("--force", action="store_true", help=FORCE_HELP)
    validate.set_defaults(command=validate_command)
    return parser


def _add_measurement_options(parser: argparse.ArgumentParser, default_replicates: int, scraping: bool) -> None:
    """Options shared by ``scrape`` (``scraping``: the defaults are the instruments') and ``compare`` (the
    defaults are the measured metadata's)."""
    where = "default: {default:scraper}" if scraping else "default: the measured metadata's"
    parser.add_argument("--protocol", default=None, metavar="PRESET|FILE.toml",
                        help=f"scraper preset ({{presets:scraper}}) or TOML file ({where})")
    parser.add_argument("--tga-method", default=None, metavar="METHOD|FILE.toml",
                        help="TGA method ({presets:tga}) or TOML file (default: "
                             + ("{default:tga})" if scraping else "the measured metadata's, else {default:tga})"))
    parser.add_argument("--replicates", type=COUNT, default=default_replicates,
                        help="Monte Carlo repetitions (default: %(default)s)")
    parser.add_argument("--seed", type=SEED, default=0, help="random seed (default: %(default)s)")


def run_command(args: argparse.Namespace) -> int:
    """``dryingsim run``: load, simulate, save, print the summary, plot if asked."""
    import dryingsim
    from dryingsim.outputs import Output, check_outputs, figure_output
    from dryingsim.results.io import save_result
    from dryingsim.results.metrics import metrics, metrics_as_attrs

    check_outputs([Output(args.output, "-o", (".nc",)), *figure_output(args.plot)], [args.scenario], args.force)
    scenario = dryingsim.load_scenario(args.scenario)
    _check_grid(scenario.numerics.cells, args.force)
    result = dryingsim.simulate(scenario, engine=args.engine, progress=not args.quiet)
    values = metrics(result)
    save_result(result.assign_attrs(metrics_as_attrs(values)), args.output)
    temperature = result["film_temperature"].values - 273.15
    print(summary_table(values, result.attrs.get("stage_switch_time", -1.0), (temperature.min(), temperature.max())))
    if "zone_name" in result:
        print(dryingsim.dryer_report(result))
    print(f"result written to {args.output}")
    _draw("plot_result", args.plot, result)
    return EXIT_OK


def sweep_command(args: argparse.Namespace) -> int:
    """``dryingsim sweep``: run or resume the sweep, print what it did (and the Sobol indices), plot if asked."""
    import xarray as xr

    from dryingsim.outputs import check_outputs, figure_output
    from dryingsim.sweeps import load_sweep, run_sweep, sensitivity

    sweep = load_sweep(args.sweep)
    check_outputs(figure_output(args.plot), [args.sweep, sweep.base, sweep.store], args.force)
    summary = run_sweep(sweep, progress=not args.quiet, cluster=args.cluster, scheduler=args.scheduler,
                        workers=args.workers)
    print(summary)
    result = xr.open_zarr(summary.store)
    output = sweep.report.get("output", "metric_binder_top_bottom_ratio")
    if sweep.design == "sobol" and summary.pending == 0:
        indices = sensitivity(result, output, seed=sweep.seed)
        used, total = indices.attrs["samples_used"], indices.attrs["samples"]
        print(f"Sobol indices of {output} ({used} of {total} base samples):")
        for name in indices["parameter"].values:
            row = indices.sel(parameter=name)
            print(f"  {name:<24} S1 = {float(row.S1):6.3f} +- {float(row.S1_conf):.3f}   "
                  f"ST = {float(row.ST):6.3f} +- {float(row.ST_conf):.3f}")
        _draw("plot_sensitivity", args.plot, indices)
    elif sweep.design != "sobol":
        names = [p.name for p in sweep.parameters]
        _draw("plot_response_map", args.plot, result, output, sweep.report.get("x", names[0]),
              sweep.report.get("y", names[min(1, len(names) - 1)]), sweep.report.get("threshold"))
    if summary.pending:
        print(f"{summary.pending} points are still pending (their workers died): run the same command again "
              "to compute them", file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_OK


def calibrate_command(args: argparse.Namespace) -> int:
    """``dryingsim calibrate``: fit, print the table, write the fitted scenario (+ uncertainty), plot if asked."""
    import dryingsim
    from dryingsim.calibration.fit import bounds_from_options, uncertainty_path
    from dryingsim.outputs import Output, check_outputs, figure_output

    journal = args.journal or args.output.with_name(args.output.stem + ".journal.jsonl")
    check_outputs([Output(args.output, "-o", (".toml",), sidecars=(uncertainty_path(args.output),)),
                   *figure_output(args.plot), Output(journal, "--journal", (journal.suffix.lower(),), resumes=True)],
                  [args.scenario, *args.measured, *(p.with_suffix(".toml") for p in args.measured)], args.force)
    bounds = bounds_from_options(args.fit)
    scenario = dryingsim.load_scenario(args.scenario)
    measured = [dryingsim.read_measured(path) for path in args.measured]
    fit = dryingsim.calibrate(scenario, measured, bounds, replicates=args.replicates, seed=args.seed,
                              journal=journal, workers=args.workers)
    print(fit.table())
    uncertainty = fit.write_scenario(args.output)
    print(f"fitted scenario written to {args.output}, its uncertainty to {uncertainty} (journal: {journal})")
    _draw("plot_fit", args.plot, fit)
    return EXIT_OK


def predict_command(args: argparse.Namespace) -> int:
    """``dryingsim predict``: sample the fit's uncertainty under the changes; print the metrics with their band."""
    import dryingsim
    from dryingsim.calibration.fit import uncertainty_path
    from dryingsim.errors import InputError
    from dryingsim.outputs import Output, check_outputs, figure_output

    outputs = [] if args.output is None else [Output(args.output, "-o", (".nc",))]
    check_outputs([*outputs, *figure_output(args.plot)], [args.fitted, uncertainty_path(args.fitted)], args.force)
    changes = {}
    for change in args.changes:
        path, equals, value = (part.strip() for part in change.partition("="))
        if not equals or not path or not value:
            raise InputError("--set", change, 'PATH=VALUE, e.g. drying.rate="3 g/m^2/s"')
        changes[path] = value
    prediction = dryingsim.predict(args.fitted, changes, samples=args.samples, seed=args.seed,
                                   workers=args.workers)
    print(prediction_table(prediction))
    if args.output is not None:
        dryingsim.save_result(prediction, args.output)
        print(f"prediction written to {args.output}")
    _draw("plot_prediction", args.plot, prediction)
    return EXIT_OK


def validate_command(args: argparse.Namespace) -> int:
    """``dryingsim validate``: run the suite, write the report, print the table; 4 if a dataset could not run."""
    from dryingsim.outputs import Output, check_outputs
    from dryingsim.validation import datasets, run_suite, summary_table, update_readme, write_report

    names = [folder.name for folder in datasets(args.suite) if not args.only or folder.name in args.only]
    args.output.mkdir(parents=True, exist_ok=True)
    check_outputs([Output(args.output / "report.md", "-o", (".md",)),
                   *(Output(args.output / f"{name}.png", "-o", (".png",)) for name in names)],
                  [args.suite / "README.md"], args.force)
    checks = run_suite(args.suite, workers=args.workers, only=args.only)
    report = write_report(checks, args.output)
    print(summary_table(checks))
    print(f"report written to {report}")
    if args.update_readme:
        update_readme(checks, args.suite / "README.md")
        print(f"table written to {args.suite / 'README.md'}")
    broken = [c.name for c in checks if c.error]
    if broken:
        print(f"could not run: {', '.join(broken)} (see the report)", file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_OK


def prediction_table(prediction: xr.Dataset) -> str:
    """Each metric of the best fit with its band over the draws, then the binder profile's band at the ends."""
    lines = [f"{'metric':<44} {'best fit':>11} {'95 % band':>25}  units"]
    for name in prediction.data_vars:
        if name.startswith("metric_") and prediction[name].dims == ("sample",):
            row = prediction[name]
            lines.append(f"{name[7:]:<44} {float(row.sel(sample=0)):>11.4g} {float(prediction[name + '_low']):>11.4g}"
                         f" .. {float(prediction[name + '_high']):<11.4g}  {row.attrs.get('units', '')}")
    low, high = prediction["binder_mass_fraction_low"], prediction["binder_mass_fraction_high"]
    lines.append(f"binder at the surface {float(low[0]):.3g}-{float(high[0]):.3g} %, at the foil "
                 f"{float(low[-1]):.3g}-{float(high[-1]):.3g} % ({prediction.attrs['draws']} draws, "
                 f"{prediction.attrs['draws_failed']} failed)")
    return "\n".join(lines)


def scrape_command(args: argparse.Namespace) -> int:
    """``dryingsim scrape``: scrape (seed) + TGA (seed + 1) a result, print the layer table, write layers."""
    import dryingsim
    from dryingsim.measurement import SCRAPER, TGA, preset_names
    from dryingsim.measurement.scraper import load_protocol
    from dryingsim.outputs import Output, check_outputs, figure_output

    layers_file = Output(args.output, "-o", (".csv", ".nc"),
                         sidecars=(args.output.with_suffix(".toml"),) if args.output.suffix.lower() == ".csv" else ())
    check_outputs([layers_file, *figure_output(args.plot), *figure_output(args.thermograms, "--thermograms")],
                  [args.result, *_setting_files(args.protocol, args.tga_method)], args.force)
    protocol_name, method = args.protocol or preset_names(SCRAPER)[0], args.tga_method or preset_names(TGA)[0]
    protocol = load_protocol(protocol_name, step=args.step, cuts=args.cuts.split(",") if args.cuts else None)
    coating = dryingsim.load_result(args.result)
    if args.calender:
        key, _, value = args.calender.partition("=")
        if key not in ("thickness", "density", "porosity"):
            from dryingsim.errors import InputError

            raise InputError("--calender", args.calender, "thickness=..., density=... or porosity=...")
        coating = dryingsim.calender(coating, **{key: value})
    layers = dryingsim.scrape(coating, protocol, replicates=args.replicates, seed=args.seed)
    virtual = dryingsim.tga(layers, method, seed=args.seed + 1)
    print(layers_table(virtual))
    if args.output.suffix.lower() == ".nc":
        dryingsim.save_result(virtual, args.output)
    else:
        _write_layers_csv(virtual, args.output, protocol.name if protocol_name in SCRAPER.presets
                          else str(Path(protocol_name).resolve()), args.tga_method)
    print(f"layers written to {args.output}")
    _draw("plot_depth_errors", args.plot, virtual)
    _draw("plot_thermograms", args.thermograms, virtual)
    return EXIT_OK


def compare_command(args: argparse.Namespace) -> int:
    """``dryingsim compare``: virtual measurement at the measured layers, residuals and fit statistics."""
    import dryingsim
    from dryingsim.outputs import check_outputs, figure_output

    metadata = args.metadata or args.measured.with_suffix(".toml")
    check_outputs(figure_output(args.plot), [args.result, args.measured, metadata,
                                             *_setting_files(args.protocol, args.tga_method)], args.force)
    measured = dryingsim.read_measured(args.measured, args.metadata)
    result = dryingsim.load_result(args.result)
    comparison = dryingsim.compare(result, measured, replicates=args.replicates, seed=args.seed,
                                   protocol=args.protocol, method=args.tga_method)
    print(comparison_table(comparison))
    _draw("plot_comparison", args.plot, comparison, result)
    return EXIT_OK


def layers_table(virtual: xr.Dataset) -> str:
    """Per layer: target and reported depths, powder mass, true and TGA binder wt % (mean +- sd)."""
    mg = 1e6
    sd = "sd" if virtual.sizes["replicate"] > 1 else "u"
    lines = [f"{'layer':>5}  {'target [um]':>13}  {'reported [um]':>13}  {'powder [mg]':>11}  "
             f"{'binder true [%]':>15}  {f'binder TGA [%] (+-{sd})':>22}  note"]
    for number in virtual["layer"].values:
        one = virtual.sel(layer=number)
        tga = one["tga_binder_mass_fraction"]
        many = virtual.sizes["replicate"] > 1
        spread = float(tga.std(ddof=1)) if many else float(one["tga_binder_uncertainty"].mean())
        note = "" if bool(one["enough_for_tga"].all()) else "below min TGA mass"
        lines.append(
            f"{int(number):>5}  {_span(one['target_top_depth'], one['target_bottom_depth'])}"
            f"  {_span(one['reported_top_depth'].mean(), one['reported_bottom_depth'].mean())}"
            f"  {float(one['powder_mass'].mean()) * mg:>11.1f}  {float(one['exact_binder_mass_fraction']):>15.3f}"
            f"  {float(tga.mean()):>13.3f} +- {spread:<5.3f}  {note}"
        )
    return "\n".join(lines)


def comparison_table(comparison: xr.Dataset) -> str:
    """Per measured layer: measured, predicted mean, band, residual; then RMSE, chi-square, band share."""
    lines = [f"{'layer':>5}  {'depth [um]':>13}  {'measured [%]':>14}  {'predicted [%]':>14}  "
             f"{'95 % band [%]':>15}  {'residual':>8}  inside"]
    for number in comparison["layer"].values:
        one = comparison.sel(layer=number)
        lines.append(
            f"{int(number):>5}  {_span(one['top_depth'], one['bottom_depth'])}"
            f"  {float(one['measured']):>7.3f} +- {float(one['measured_std']):<4.2f}"
            f"  {float(one['predicted_mean']):>7.3f} +- {float(one['predicted_std']):<4.2f}"
            f"  {float(one['predicted_low']):>6.3f}-{float(one['predicted_high']):<7.3f}"
            f"  {float(one['residual']):>+8.3f}  {'yes' if bool(one['inside_band']) else 'no'}"
        )
    a = comparison.attrs
    lines += [
        "",
        f"RMSE {a['rmse']:.4g} wt%   chi-square {a['chi_square']:.4g} ({a['points']} points, reduced "
        f"{a['reduced_chi_square']:.4g})   inside the 95 % band: {a['share_inside_band'] * 100:.0f} %",
    ]
    return "\n".join(lines)


def _span(top: object, bottom: object) -> str:
    """``"  10.0-20.0  "``: a depth range in um from two values in m."""
    return f"{float(top) * 1e6:>6.1f}-{float(bottom) * 1e6:<6.1f}"


def _write_layers_csv(virtual: xr.Dataset, path: Path, scraper: str, tga_method: str | None) -> None:
    """The layers in the measured-profile format (mean reported depths, TGA binder mean and spread),
    with the metadata file that lets ``dryingsim compare`` read them back."""
    from dryingsim.measurement import measured_profile, write_measured

    spread = (virtual["tga_binder_mass_fraction"].std("replicate", ddof=1) if virtual.sizes["replicate"] > 1
              else virtual["tga_binder_uncertainty"].isel(replicate=0))
    metadata = {
        "sample": f"virtual measurement of {virtual.attrs.get('scenario_name', 'a dryingsim result')}",
        "scraper": scraper,
        "source": f"dryingsim {virtual.attrs.get('dryingsim_version', '')} scrape, "
                  f"{virtual.sizes['replicate']} replicate(s), scraper seed {virtual.attrs.get('scraper_seed')}, "
                  f"TGA seed {virtual.attrs.get('tga_seed')}",
    }
    if tga_method is not None:
        metadata["tga_method"] = str(Path(tga_method).resolve()) if tga_method.endswith(".toml") else tga_method
    if "calendering" in virtual.attrs:
        metadata["notes"] = f"calendered before scraping: {virtual.attrs['calendering']}"
    write_measured(measured_profile(virtual["reported_top_depth"].mean("replicate").values,
                                    virtual["reported_bottom_depth"].mean("replicate").values,
                                    virtual["tga_binder_mass_fraction"].mean("replicate").values,
                                    spread.values, metadata), path)


def summary_table(values: Metrics, stage_switch_time: float, film_celsius: tuple[float, float]) -> str:
    """The short text summary of a run's metrics (see :func:`dryingsim.results.metrics.metrics`) and its
    film temperature range [degC]."""
    rows = [
        ("drying time", f"{values['drying_time_s']:.4g} s" if values["drying_time_s"] >= 0 else "not dry"),
        ("dry thickness", f"{values['dry_thickness_m'] * 1e6:.4g} um"),
        ("binder top/bottom ratio", f"{values['binder_top_bottom_ratio']:.4g}"),
        *(
            (f"settling gradient {name}", f"{slope:+.3g} %/um")
            for name, slope in values["settling_gradient_pct_per_um"].items()
        ),
        ("mass balance error", f"{values['mass_balance_error']:.2e}"),
        ("stage switch time", f"{stage_switch_time:.4g} s" if stage_switch_time >= 0 else "never"),
        ("film temperature", f"{film_celsius[0]:.1f}-{film_celsius[1]:.1f} degC"),
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


def _draw(function: str, path: Path | None, *data: object) -> None:
    """Draw ``dryingsim.plotting.<function>(*data)`` to ``path`` if one was asked for, and say so."""
    if path is None:
        return
    from dryingsim import plotting

    getattr(plotting, function)(*data, path=path)
    print(f"figure written to {path}")


def _check_grid(cells: int, force: bool) -> None:
    """A grid much finer than the converged default runs only with --force, and the user is told the cost."""
    from dryingsim.errors import ScenarioError
    from dryingsim.simulation import ROUTINE_CELLS, relative_run_time

    if cells > ROUTINE_CELLS and not force:
        raise ScenarioError("numerics.cells", cells, f"at most {ROUTINE_CELLS} cells, or --force to run the finer "
                            "grid", reason=f"expect about {relative_run_time(cells):.0f} times the run time of the "
                            "default 100 cells, to which the metrics are converged to about 1 %")


def _setting_files(*settings: str | None) -> list[Path]:
    """The files among instrument settings given as a preset name or a TOML file."""
    return [Path(s) for s in settings if s is not None and s.lower().endswith(".toml")]


if __name__ == "__main__":
    sys.exit(main())
