#!/usr/bin/env python3
"""End to end on the embedded log: access-log lines through file-source -> topic -> file-sink.

Each round runs, one after the other on the same input file:
  cat        `cat in.log > out.log`: the machine's limit for reading and writing the bytes once;
  kcat -P    librdkafka's producer alone, into its in-process mock cluster
             (`kcat -P -b dummy -X test.mock.num.brokers=1 -t bench -l in.log`);
  Sluice     a fresh worker per converter (StringConverter, JsonConverter with its envelopes):
             the sink connector is created and RUNNING first, then the clock starts and the source
             connector is created; the clock stops when the output file holds every byte of the
             input. The output is then compared with the input, byte for byte.
Every figure is the median over the rounds; ratios are taken within a round, then their median.

    bench/run-e2e.sh [--lines 1000000] [--runs 3]
"""

import argparse
import filecmp
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accesslog  # noqa: E402
import benchlib  # noqa: E402
from benchlib import fmt, log, median  # noqa: E402

CONVERTERS = {
    "string": "org.apache.kafka.connect.storage.StringConverter",
    "json": "org.apache.kafka.connect.json.JsonConverter",
}
# The file sink writes its buffer out when it is full (1 MiB) or at an offset flush; a short
# flush interval bounds how long the last lines wait, which the measured time includes.
OFFSET_FLUSH_INTERVAL_MS = 100


def run_cat(input_path, workdir):
    out_path = os.path.join(workdir, "cat.out")
    with open(out_path, "wb") as out:
        m = benchlib.run_measured(["cat", input_path], stdout=out)
    if m.returncode != 0 or os.path.getsize(out_path) != os.path.getsize(input_path):
        benchlib.die("cat failed (exit %d)" % m.returncode)
    os.unlink(out_path)
    return {"wall_s": m.wall_s, "cpu_s": m.cpu_s, "peak_rss_kb": m.max_rss_kb}


def kcat_command(input_path, extra=()):
    return [benchlib.require_tool("kcat", "kcat"), "-P", "-b", "dummy", "-X",
            "test.mock.num.brokers=1", "-t", "bench", *extra, "-l", input_path]


def run_kcat(input_path, workdir):
    err_path = os.path.join(workdir, "kcat.err")
    with open(err_path, "wb") as err:
        m = benchlib.run_measured(kcat_command(input_path), stderr=err)
    with open(err_path, errors="replace") as f:
        errors = [line for line in f if "MOCK" not in line and line.strip()]
    if m.returncode != 0 or errors:
        benchlib.die("kcat -P failed (exit %d): %s" % (m.returncode, "".join(errors[:5])))
    return {"wall_s": m.wall_s, "cpu_s": m.cpu_s, "peak_rss_kb": m.max_rss_kb}


def verify_kcat_delivers_all(input_path, lines):
    """kcat reports each delivery at verbosity 3; every line must be acknowledged."""
    proc = subprocess.Popen(kcat_command(input_path, ["-v", "-v", "-v"]), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, errors="replace")
    delivered = sum(1 for line in proc.stderr if "Message delivered" in line)
    proc.wait()
    if proc.returncode != 0 or delivered != lines:
        benchlib.die("kcat -P delivered %d of %d lines (exit %d)" % (delivered, lines, proc.returncode))
    return delivered


def run_sluice(input_path, workdir, converter, timeout_s):
    """One worker, one pipeline, one pass over the input."""
    os.makedirs(workdir)
    out_path = os.path.join(workdir, "out.log")
    worker = benchlib.Worker(workdir, {
        "key.converter": CONVERTERS[converter],
        "value.converter": CONVERTERS[converter],
        "offset.flush.interval.ms": str(OFFSET_FLUSH_INTERVAL_MS),
    }).start()
    try:
        worker.wait_ready()
        worker.create_connector("bench-sink", {
            "connector.class": "FileStreamSink", "file": out_path, "topics": "bench"})
        worker.wait_running("bench-sink")
        expected = os.path.getsize(input_path)
        cpu_before = worker.cpu_seconds()
        start = time.monotonic()
        worker.create_connector("bench-source", {
            "connector.class": "FileStreamSource", "file": input_path, "topic": "bench"})
        deadline = start + timeout_s
        while True:
            size = os.path.getsize(out_path) if os.path.exists(out_path) else 0
            if size >= expected:
                break
            if time.monotonic() > deadline:
                benchlib.die("Sluice (%s) wrote %d of %d bytes in %.0f s; see %s"
                             % (converter, size, expected, timeout_s, worker.log_path))
            if worker.proc.poll() is not None:
                benchlib.die("the worker exited; see %s" % worker.log_path)
            time.sleep(0.002)
        wall = time.monotonic() - start
        cpu = worker.cpu_seconds() - cpu_before
        memory = worker.memory_kb()
    finally:
        worker.stop()
    if not filecmp.cmp(input_path, out_path, shallow=False):
        benchlib.die("Sluice (%s): %s differs from the input" % (converter, out_path))
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_kb": memory["VmHWM"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1000000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per Sluice run")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    workdir = benchlib.make_workdir("e2e")
    input_path = os.path.join(workdir, "access.log")
    with open(input_path, "wb") as f:
        total_bytes = accesslog.write_lines(f, args.lines)
    log("input: %d lines, %d bytes, in %s" % (args.lines, total_bytes, input_path))
    benchlib.sluice_binary()
    delivered = verify_kcat_delivers_all(input_path, args.lines)
    log("kcat -P: all %d lines acknowledged by the mock cluster" % delivered)

    systems = ["cat", "kcat -P", "Sluice StringConverter", "Sluice JsonConverter"]
    rounds = []
    for r in range(args.runs):
        result = {
            "cat": run_cat(input_path, workdir),
            "kcat -P": run_kcat(input_path, workdir),
        }
        for converter, name in (("string", "Sluice StringConverter"),
                                ("json", "Sluice JsonConverter")):
            result[name] = run_sluice(input_path, os.path.join(workdir, "round%d-%s" % (r, converter)),
                                      converter, args.timeout)
            subprocess.run(["rm", "-rf", os.path.join(workdir, "round%d-%s" % (r, converter))])
        for m in result.values():
            m["lines_per_s"] = args.lines / m["wall_s"]
            m["mb_per_s"] = total_bytes / 1e6 / m["wall_s"]
        for name in systems[2:]:
            result[name]["vs_kcat"] = result[name]["lines_per_s"] / result["kcat -P"]["lines_per_s"]
            result[name]["vs_cat"] = result[name]["lines_per_s"] / result["cat"]["lines_per_s"]
        rounds.append(result)
        log("round %d: " % (r + 1) + ", ".join(
            "%s %.0f lines/s" % (name, result[name]["lines_per_s"]) for name in systems))

    def med(name, key):
        return median([r[name][key] for r in rounds if key in r[name]])

    rows = []
    for name in systems:
        rows.append([
            name, fmt(med(name, "lines_per_s"), 0), fmt(med(name, "mb_per_s"), 1),
            fmt(med(name, "cpu_s"), 2), fmt(med(name, "peak_rss_kb") / 1024, 1),
            fmt(med(name, "vs_kcat"), 2) if name.startswith("Sluice") else "",
            fmt(med(name, "vs_cat"), 3) if name.startswith("Sluice") else ""])
    table = benchlib.markdown_table(
        ["", "lines/s", "MB/s", "CPU s", "peak RSS MB", "x kcat -P", "x cat"], rows)
    print("End to end, %d lines (%.1f MB), median of %d rounds\n" % (
        args.lines, total_bytes / 1e6, args.runs))
    print(table)
    path = benchlib.save_results("e2e", {
        "lines": args.lines, "bytes": total_bytes, "runs": args.runs, "rounds": rounds,
        "offset_flush_interval_ms": OFFSET_FLUSH_INTERVAL_MS, "table": table})
    log("raw results: %s" % path)
    if not args.keep:
        subprocess.run(["rm", "-rf", workdir])


if __name__ == "__main__":
    main()
