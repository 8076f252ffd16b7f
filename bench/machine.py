"""What the benchmarks print about the machine, and a server process's CPU time and memory from /proc."""
from __future__ import annotations

import os
import platform
from datetime import date
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def machine_line() -> str:
    """Date, machine, cores, Python and the load average now: the context every recorded figure needs."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{date.today()} machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}; load average {load}")


class Process:
    """A running process's CPU seconds since this object was made, and its resident memory."""

    def __init__(self, pid: int):
        self.pid = pid
        self.start = self._cpu()

    def _cpu(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime

    def cpu_seconds(self) -> float:
        return self._cpu() - self.start

    def rss_mb(self) -> float:
        for row in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) / 1024
        return 0.0
