"""Measuring a command and its process tree: wall time, CPU time, peak memory; and the zip-only floor.

Memory is sampled from /proc every 50 ms over the command and all its descendants (the build's
worker processes included): the peak of the summed resident set sizes (RSS, which counts pages
the workers share with their parent once per process, so it overstates) and of the summed
proportional set sizes (PSS, shared pages split between their users: the memory really used).
The same samples add up how long the processes waited for a core (/proc/PID/schedstat): on a
machine shared with other work, that is the time the figures lost to it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from moduletool.packaging.zipfile_writer import fixed_timestamp


@dataclass
class Run:
    """What one command cost."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    peak_pss_mb: float
    waiting_s: float
    """Time the command's processes were ready to run but had no free core (other work on the machine)."""
    returncode: int
    stderr: str


def _children(pid: int) -> list[int]:
    """The child processes of `pid` (started by any of its threads)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def _run_delay_ns(pid: int) -> int:
    """Nanoseconds `pid` has spent waiting on a run queue (the second field of /proc/PID/schedstat)."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as handle:
            return int(handle.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Peak summed RSS and PSS of a process and its descendants, sampled until `stop()`."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.run_delay: dict[int, int] = {}
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            tree, pending = [], [self.pid]
            while pending:
                pid = pending.pop()
                tree.append(pid)
                pending.extend(_children(pid))
            totals = [_memory_kb(pid) for pid in tree]
            for pid in tree:
                self.run_delay[pid] = max(self.run_delay.get(pid, 0), _run_delay_ns(pid))
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in totals))
            self.peak_pss = max(self.peak_pss, sum(pss for _, pss in totals))
            self._stopped.wait(self.interval)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` in `cwd` (with environment `env`) and measure it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    waiting = sum(sampler.run_delay.values()) / 1e9
    return Run(wall, cpu, sampler.peak_rss / 1024, sampler.peak_pss / 1024, waiting, process.returncode, stderr)


def zip_floor(packages: list[Path], source_root: Path, floor_root: Path) -> tuple[float, float, bool]:
    """Seconds (wall, CPU) the standard library takes to write the final files of `packages` into the same zips.

    Each package's entries are read first, untimed; then `zipfile` writes them with the same
    compression (stored or deflate level 9), timestamp and permissions, to a temp file that is
    fsynced and renamed, as every moduletool write is. Also says whether every zip came out
    byte-identical to the build's, which shows the two wrote the same thing.
    """
    wall = cpu = 0.0
    identical = True
    stamp = fixed_timestamp()
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            entries = [(info.filename, info.compress_type, archive.read(info)) for info in archive.infolist()]
        target = floor_root / package.relative_to(source_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".part")
        start, start_cpu = time.perf_counter(), time.process_time()
        with open(temp, "wb") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                for name, method, data in entries:
                    info = zipfile.ZipInfo(name, date_time=stamp)
                    info.compress_type, info.create_system = method, 3
                    info.external_attr = (0o100644 & 0xFFFF) << 16
                    archive.writestr(info, data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        identical = identical and target.read_bytes() == package.read_bytes()
    return wall, cpu, identical
