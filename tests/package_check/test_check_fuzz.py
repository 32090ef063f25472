"""Damaged packages never make `check` crash: random byte flips, truncations and junk, with fixed seeds.

Every mutation must give a report (findings, or a clean bill when the damage missed anything
that matters), never an exception; a sample also goes through the console script.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from check_packages import CMI5, SCORM12, SCORM2004, TINCAN, examples, package
from support.projects import MODULETOOL

from moduletool.package_check import Standard, ZipLimits, check_package_files, check_zip

SEEDS = range(12)
SMALL_LIMITS = ZipLimits(max_entries=50, max_total_size=1024 * 1024, max_document_size=64 * 1024)


def mutations(data: bytes, rng: random.Random, count: int) -> list[bytes]:
    """Byte flips, truncations, insertions and chunk swaps of `data`."""
    found = []
    for _ in range(count):
        kind = rng.randrange(4)
        mutated = bytearray(data)
        if kind == 0:
            for _ in range(rng.randint(1, 8)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        elif kind == 1:
            mutated = mutated[: rng.randrange(len(mutated))]
        elif kind == 2:
            at = rng.randrange(len(mutated))
            mutated[at:at] = rng.randbytes(rng.randint(1, 64))
        else:
            a, b = sorted(rng.sample(range(len(mutated)), 2))
            mutated = mutated[:a] + mutated[b:] + mutated[a:b]
        found.append(bytes(mutated))
    return found


@pytest.fixture(scope="module")
def valid_zips() -> dict[str, bytes]:
    return {**examples(), "ours-12": package(SCORM12), "ours-2004": package(SCORM2004),
            "ours-cmi5": package(CMI5, "cmi5.xml"), "ours-tincan": package(TINCAN, "tincan.xml")}


@pytest.mark.parametrize("seed", SEEDS)
def test_damaged_zips_never_raise(valid_zips: dict[str, bytes], seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    path = tmp_path / "damaged.zip"
    for name, data in sorted(valid_zips.items()):
        for mutated in mutations(data, rng, 20):
            path.write_bytes(mutated)
            report = check_zip(path, "damaged.zip", limits=SMALL_LIMITS)
            assert report.summary()
            for diagnostic in report.diagnostics:
                assert diagnostic.location.path.startswith("damaged.zip"), name


@pytest.mark.parametrize("seed", SEEDS)
def test_damaged_documents_never_raise(seed: int) -> None:
    """Mutations inside the XML (not the zip) reach the parser and every rule."""
    rng = random.Random(seed)
    for name, text in (("imsmanifest.xml", SCORM12), ("imsmanifest.xml", SCORM2004), ("cmi5.xml", CMI5),
                       ("tincan.xml", TINCAN)):
        for mutated in mutations(text.encode(), rng, 40):
            files = {name: mutated, "index.html": b"x", "au/index.html": b"x", "media/photo.jpg": b"x"}
            check_package_files(files, "p.zip", None)
            for standard in Standard:
                check_package_files(files, "p.zip", standard)


def test_random_bytes_and_damaged_zips_through_the_command_line(valid_zips: dict[str, bytes], tmp_path: Path) -> None:
    rng = random.Random(2024)
    (tmp_path / "random.zip").write_bytes(rng.randbytes(5000))
    for index, mutated in enumerate(mutations(valid_zips["scorm12"], rng, 30)):
        (tmp_path / f"damaged-{index:02}.zip").write_bytes(mutated)
    result = subprocess.run([str(MODULETOOL), "check", str(tmp_path)], check=False, capture_output=True,
                            text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode in (0, 1)
    assert len(result.stdout.splitlines()) == 31
