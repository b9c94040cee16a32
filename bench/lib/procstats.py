"""What the kernel says about a server process: CPU time, resident memory, peak memory."""
from __future__ import annotations

import os

_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of the whole process (all threads) so far, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _status_kib(pid: int, name: str) -> int | None:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return None


def rss_mib(pid: int) -> float | None:
    """Resident set size now (VmRSS), MiB."""
    kib = _status_kib(pid, "VmRSS")
    return kib / 1024 if kib is not None else None


def rss_parts_mib(pid: int) -> dict | None:
    """VmRSS split into anonymous memory (heap, stacks, written data) and file pages (the mapped
    binary and libraries, shared with the page cache), MiB."""
    anon, file = _status_kib(pid, "RssAnon"), _status_kib(pid, "RssFile")
    if anon is None or file is None:
        return None
    return {"anon": round(anon / 1024, 1), "file": round(file / 1024, 1)}


def peak_rss_mib(pid: int) -> float | None:
    """Peak resident set size (VmHWM) since start or since the last reset_peak_rss, MiB."""
    kib = _status_kib(pid, "VmHWM")
    return kib / 1024 if kib is not None else None


def reset_peak_rss(pid: int) -> bool:
    """Reset VmHWM to the current RSS (`echo 5 > /proc/PID/clear_refs`); False where the kernel refuses."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False
