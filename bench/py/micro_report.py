#!/usr/bin/env python3
"""The table of bench/run-micro.sh: one row per benchmark, the median of its repetitions.

Rates are per CPU second of the benchmark's thread (Google Benchmark's default), which a busy,
shared machine disturbs less than wall time; the wall-time column is there to show when waiting
(I/O, other threads) matters.

    python3 bench/py/micro_report.py results/micro-*.json
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def rate(value, unit):
    for factor, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= factor:
            return "%.2f %s%s/s" % (value / factor, prefix, unit)
    return "%.0f %s/s" % (value, unit)


_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def duration(value, unit):
    ns = value * _NS[unit]
    for factor, name in ((1e9, "s"), (1e6, "ms"), (1e3, "µs")):
        if ns >= factor:
            return "%.3g %s" % (ns / factor, name)
    return "%.3g ns" % ns


def main():
    rows = []
    repetitions = set()
    for path in sys.argv[1:]:
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("aggregate_name") != "median":
                continue
            name = b["run_name"]
            repetitions.add(b.get("repetitions"))
            unit = b.get("time_unit", "ns")
            items = b.get("items_per_second")
            bytes_ = b.get("bytes_per_second")
            rows.append([os.path.basename(path)[6:-5], name,
                         duration(b["cpu_time"], unit), duration(b["real_time"], unit),
                         rate(items, "items") if items else "",
                         rate(bytes_, "B") if bytes_ else ""])
    table = benchlib.markdown_table(
        ["binary", "benchmark", "CPU time", "wall time", "items/s", "bytes/s"], rows)
    print("Micro-benchmarks, median of %s repetitions, rates per CPU second of the benchmark's "
          "thread (per wall second for */real_time), load average at the end %s\n" % (
        "/".join(str(r) for r in sorted(repetitions, key=str)), open("/proc/loadavg").read().split()[0]))
    print(table)
    benchlib.save_results("micro", {"table": table, "rows": rows})


if __name__ == "__main__":
    main()
