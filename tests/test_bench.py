"""The build benchmark still runs: `bench/run.py --quick` on a tiny catalog, its figures consistent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.projects import REPO


def test_the_quick_benchmark_runs_and_its_figures_hold_together(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--output", str(output)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(output.read_text(encoding="utf-8"))
    catalog = figures["catalog"]
    assert catalog["packages"] == catalog["modules"] * catalog["languages"] * catalog["formats"] == 75
    assert figures["floor"]["identical_zips"] is True
    assert figures["full_build"]["wall_s"] > 0 and figures["floor"]["wall_s"] > 0
    assert figures["full_build"]["peak_rss_mb"] > 20  # the sampler saw the build's processes
    assert figures["noop_rebuild"]["packages_rewritten"] == 0
    assert figures["noop_rebuild"]["of_which_startup_s"] > 0
    edit = figures["one_module_edit"]
    assert edit["packages_rewritten"] == catalog["languages"] * catalog["formats"]
    assert edit["only_that_module"] is True
    assert set(figures["targets"]) == {"build_over_floor", "noop_percent", "one_module_percent", "peak_rss_mb",
                                       "i18n_update_s"}
    assert "full build" in result.stdout
