"""Appending stamped lines at a fixed rate, and watching them arrive, for the latency benchmarks.

Each line is an access-log line (accesslog.py) whose request carries `s=<seq>&t=<us>`: its
sequence number and the time it was appended, in microseconds of CLOCK_MONOTONIC after a base
that the appender and the watcher share. The watcher tails the output file in another process,
so that parsing never delays an append, and computes append-to-output latency line by line.
"""

import array
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accesslog  # noqa: E402

_TAG = re.compile(rb"[?&]s=(\d+)&t=(\d+)")
_DISTINCT_LINES = 20000  # line bodies are reused cyclically; the stamps make every line unique
_MARK = "\x00"


class Appender:
    """Appends `rate` lines a second to a file, in one write(2) per millisecond tick."""

    def __init__(self, path, base_ns):
        self.path = path
        self.base_ns = base_ns
        log = accesslog.AccessLog()
        self._parts = [log.line(i, tag=_MARK).split(_MARK) for i in range(_DISTINCT_LINES)]

    def _line(self, seq, now_ns):
        before, after = self._parts[seq % _DISTINCT_LINES]
        return "%ss=%d&t=%d%s\n" % (before, seq, (now_ns - self.base_ns) // 1000, after)

    def warm_up_line(self, tag):
        before, after = self._parts[0]
        return (before + tag + after + "\n").encode()

    def append_raw(self, data):
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def run(self, rate, duration_s):
        """Appends rate * duration_s lines on schedule; returns (lines, seconds late at most)."""
        total = int(rate * duration_s)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        sent = 0
        worst_lag = 0.0
        start = time.monotonic()
        try:
            while sent < total:
                now = time.monotonic()
                due = min(total, int((now - start) * rate) + 1)
                if due > sent:
                    now_ns = time.monotonic_ns()
                    os.write(fd, "".join(self._line(s, now_ns) for s in range(sent, due)).encode())
                    worst_lag = max(worst_lag, now - (start + sent / rate))
                    sent = due
                # Sleep to the next millisecond tick.
                time.sleep(max(0.0, 0.001 - (time.monotonic() - now)))
        finally:
            os.close(fd)
        return sent, worst_lag


def watch(path, base_ns, expected, deadline_s, poll_s=0.0005):
    """Tails `path` until `expected` stamped lines arrived or `deadline_s` (monotonic) passed.

    Returns {"delivered", "duplicates", "latencies_us" (sorted), "last_arrival_s"}; lines without
    a stamp (warm-up lines) are skipped.
    """
    seen = bytearray(expected)
    latencies = array.array("q")
    delivered = duplicates = 0
    last_arrival = None
    while not os.path.exists(path):
        if time.monotonic() > deadline_s:
            return _summary(delivered, duplicates, latencies, last_arrival)
        time.sleep(poll_s)
    with open(path, "rb") as f:
        pending = b""
        while delivered < expected and time.monotonic() < deadline_s:
            data = f.read()
            if not data:
                time.sleep(poll_s)
                continue
            now_us = (time.monotonic_ns() - base_ns) // 1000
            pending += data
            lines = pending.split(b"\n")
            pending = lines.pop()
            for line in lines:
                m = _TAG.search(line)
                if not m:
                    continue
                seq = int(m.group(1))
                if seq >= expected:
                    continue
                if seen[seq]:
                    duplicates += 1
                    continue
                seen[seq] = 1
                delivered += 1
                latencies.append(now_us - int(m.group(2)))
            last_arrival = now_us / 1e6
    return _summary(delivered, duplicates, latencies, last_arrival)


def _summary(delivered, duplicates, latencies, last_arrival):
    return {"delivered": delivered, "duplicates": duplicates,
            "latencies_us": sorted(latencies), "last_arrival_s": last_arrival}


def main():
    """`ratefeed.py watch PATH BASE_NS EXPECTED DEADLINE_S`: the watcher as a process of its own;
    prints its summary as JSON (latency percentiles rather than every latency)."""
    if len(sys.argv) != 6 or sys.argv[1] != "watch":
        sys.exit("usage: ratefeed.py watch PATH BASE_NS EXPECTED DEADLINE_MONOTONIC_S")
    path, base_ns, expected, deadline = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    result = watch(path, base_ns, expected, deadline)
    lat = result.pop("latencies_us")

    def pct(fraction):
        if not lat:
            return None
        return lat[min(len(lat) - 1, max(0, int(-(-fraction * len(lat) // 1)) - 1))] / 1000.0

    result.update(p50_ms=pct(0.50), p90_ms=pct(0.90), p99_ms=pct(0.99), p999_ms=pct(0.999),
                  max_ms=(lat[-1] / 1000.0 if lat else None))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
