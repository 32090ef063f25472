"""The build benchmark: one command, figures in bench/results.json (see the README's Benchmark section).

    .venv/bin/python bench/run.py            # 40 modules × 5 languages × 5 formats (1000 packages)
    .venv/bin/python bench/run.py --quick    # a tiny catalog, to check that the benchmark still works

It makes a synthetic catalog in a temporary folder (bench/catalog.py), then measures, in one run:
a full build with the default `--jobs`; the zip-only floor (the standard library writing the same
final files into the same zips, no rendering); a no-op rebuild; a rebuild after editing one module;
and `moduletool i18n update` over the whole catalog.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog import FULL, MODULETOOL, QUICK, TARGET_LANGUAGES, CatalogSize, make_catalog, png_bytes
from measure import Run, measure, zip_floor

from moduletool.build_jobs import default_jobs

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results.json"
TARGETS = {"build_over_floor": 1.5, "noop_percent": 2.0, "one_module_percent": 5.0, "peak_rss_mb": 300.0,
           "i18n_update_s": 2.0}


def zips(root: Path) -> dict[Path, tuple[int, int]]:
    """Every zip under dist/, with its inode and modification time (both change when it is written again)."""
    found = {}
    for path in sorted((root / "dist").rglob("*.zip")):
        info = path.stat()
        found[path] = (info.st_ino, info.st_mtime_ns)
    return found


def rewritten(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> list[Path]:
    return [path for path, stamp in after.items() if before.get(path) != stamp]


def checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed ({run.returncode}):\n{run.stderr}")
    return run


def snapshot_tool(workdir: Path) -> dict[str, str]:
    """The environment that runs a copy of moduletool's source taken now.

    The build cache keys on the tool's own files, so an edit to the working tree during the run
    would (rightly) rebuild everything and make the rebuild figures meaningless.
    """
    target = workdir / "tool" / "moduletool"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "src" / "moduletool", target, ignore=ignore)
    shutil.rmtree(target / "templates", ignore_errors=True)
    shutil.copytree(REPO / "templates", target / "templates", ignore=ignore)
    return {**os.environ, "PYTHONPATH": str(target.parent)}


def edit_module(root: Path, module_id: str) -> None:
    """An author's edit: a new duration in module.yaml and a redrawn picture (nothing to translate)."""
    folder = root / "modules" / module_id
    text = (folder / "module.yaml").read_text(encoding="utf-8")
    (folder / "module.yaml").write_text(text.replace("duration: PT30M", "duration: PT35M"), encoding="utf-8")
    picture = folder / "media" / "figure-2.png"
    picture.write_bytes(png_bytes(random.Random(99), picture.stat().st_size))


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def run_benchmark(size: CatalogSize, workdir: Path, jobs: int | None, rounds: int) -> dict[str, Any]:
    """Every figure, each measured `rounds` times (the median is reported: the machine may be shared)."""
    root = workdir / "catalog"
    module_ids = make_catalog(root, size)
    env = snapshot_tool(workdir)
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure: it is recorded with them
    build = [str(MODULETOOL), "build", "--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    source_bytes = sum(path.stat().st_size for path in (root / "modules").rglob("*") if path.is_file())

    fulls, floors, ratios = [], [], []
    for round_number in range(rounds):  # the first from nothing, then with --force; each followed by its floor
        fulls.append(checked(measure(build + (["--force"] if round_number else []), root, env), "the full build"))
        built = zips(root)
        floors.append(zip_floor(list(built), root / "dist", workdir / "floor"))
        shutil.rmtree(workdir / "floor")
        ratios.append(fulls[-1].wall_s / floors[-1][0])
    full = sorted(fulls, key=lambda run: run.wall_s)[rounds // 2]
    floor_wall, floor_cpu, _ = sorted(floors)[rounds // 2]
    written = sum(path.stat().st_size for path in built)

    startup = median([checked(measure([str(MODULETOOL), "--version"], root, env), "--version").wall_s
                      for _ in range(rounds)])
    before_noop = zips(root)
    noops = [checked(measure(build, root, env), "the no-op rebuild").wall_s for _ in range(rounds)]
    after_noop = zips(root)
    edits, rebuilt_counts, only_edited = [], [], True
    for round_number in range(rounds):
        edited = module_ids[(len(module_ids) // 2 + round_number) % len(module_ids)]
        before_edit = zips(root)
        edit_module(root, edited)
        edits.append(checked(measure(build, root, env), "the rebuild after an edit").wall_s)
        rebuilt = rewritten(before_edit, zips(root))
        rebuilt_counts.append(len(rebuilt))
        only_edited = only_edited and all(path.relative_to(root / "dist").parts[0] == edited for path in rebuilt)
    update = checked(measure([str(MODULETOOL), "i18n", "update"], root, env), "i18n update")

    languages = 1 + len(TARGET_LANGUAGES)
    return {
        "command": "make bench  (.venv/bin/python bench/run.py" + (" --quick" if size is QUICK else "") + ")",
        "rounds": rounds,
        "machine": {"cores": default_jobs(), "python": platform.python_version(), "system": platform.platform(),
                    "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2)},
        "catalog": {"modules": len(module_ids), "languages": languages, "formats": 5, "packages": len(built),
                    "source_mb": round(source_bytes / 1e6, 1), "written_mb": round(written / 1e6, 1)},
        "full_build": {"wall_s": round(full.wall_s, 2), "cpu_s": round(full.cpu_s, 2),
                       "peak_rss_mb": round(max(run.peak_rss_mb for run in fulls), 1),
                       "peak_pss_mb": round(max(run.peak_pss_mb for run in fulls), 1),
                       "packages_per_s": round(len(built) / full.wall_s, 1),
                       "mb_written_per_s": round(written / 1e6 / full.wall_s, 1), "jobs": jobs or default_jobs(),
                       "waiting_for_a_core_s": round(full.waiting_s, 1),
                       "every_round_wall_s": [round(run.wall_s, 2) for run in fulls]},
        "floor": {"wall_s": round(floor_wall, 2), "cpu_s": round(floor_cpu, 2),
                  "identical_zips": all(identical for _, _, identical in floors),
                  "build_over_floor": round(median(ratios), 2),
                  "every_round_wall_s": [round(wall, 2) for wall, _, _ in floors]},
        "noop_rebuild": {"wall_s": round(median(noops), 2),
                         "percent_of_full": round(100 * median(noops) / full.wall_s, 1),
                         "packages_rewritten": len(rewritten(before_noop, after_noop)),
                         "of_which_startup_s": round(startup, 2)},
        "one_module_edit": {"wall_s": round(median(edits), 2),
                            "percent_of_full": round(100 * median(edits) / full.wall_s, 1),
                            "packages_rewritten": max(rebuilt_counts), "every_round_rewritten": rebuilt_counts,
                            "only_that_module": only_edited},
        "i18n_update": {"wall_s": round(update.wall_s, 2), "catalogs": len(module_ids) * (languages - 1)},
    }


def verdicts(results: dict[str, Any]) -> dict[str, dict[str, object]]:
    """Each target, the figure measured and whether it is met."""
    figures = {"build_over_floor": results["floor"]["build_over_floor"],
               "noop_percent": results["noop_rebuild"]["percent_of_full"],
               "one_module_percent": results["one_module_edit"]["percent_of_full"],
               "peak_rss_mb": results["full_build"]["peak_rss_mb"],
               "i18n_update_s": results["i18n_update"]["wall_s"]}
    return {name: {"target": TARGETS[name], "measured": figures[name], "met": figures[name] <= TARGETS[name]}
            for name in TARGETS}


def table(results: dict[str, Any]) -> str:
    full, floor = results["full_build"], results["floor"]
    noop, one, update = results["noop_rebuild"], results["one_module_edit"], results["i18n_update"]
    lines = [
        (f"{results['catalog']['packages']} packages, {results['catalog']['written_mb']} MB, "
         f"{results['machine']['cores']} cores"),
        (f"full build        {full['wall_s']:>8} s  cpu {full['cpu_s']} s  peak RSS {full['peak_rss_mb']} MB "
         f"(PSS {full['peak_pss_mb']} MB)  {full['packages_per_s']} packages/s  {full['mb_written_per_s']} MB/s  "
         f"waited {full['waiting_for_a_core_s']} s for a core"),
        f"zip-only floor    {floor['wall_s']:>8} s  build/floor {floor['build_over_floor']}",
        (f"no-op rebuild     {noop['wall_s']:>8} s  {noop['percent_of_full']} % of full "
         f"({noop['of_which_startup_s']} s starting Python and moduletool)"),
        (f"one-module edit   {one['wall_s']:>8} s  {one['percent_of_full']} % of full, "
         f"{one['packages_rewritten']} packages rebuilt"),
        f"i18n update       {update['wall_s']:>8} s",
    ]
    for name, verdict in results["targets"].items():
        lines.append(f"  {name:<20} {verdict['measured']:>8} (target ≤ {verdict['target']}) "
                     f"{'met' if verdict['met'] else 'MISSED'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tiny catalog (results not written unless --output)")
    parser.add_argument("--output", type=Path, help=f"where to write the figures (default: {RESULTS.name})")
    parser.add_argument("--jobs", type=int, help="passed to `moduletool build --jobs` (default: all cores)")
    parser.add_argument("--rounds", type=int, help="measure each figure this many times, report the median "
                                                   "(default: 3, --quick: 1)")
    arguments = parser.parse_args()
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    with tempfile.TemporaryDirectory(prefix="moduletool-bench-") as workdir:
        results = run_benchmark(QUICK if arguments.quick else FULL, Path(workdir), arguments.jobs,
                                arguments.rounds or (1 if arguments.quick else 3))
    results["targets"] = verdicts(results)
    output = arguments.output or (None if arguments.quick else RESULTS)
    if output is not None:
        output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
