#!/usr/bin/env python3
"""What a Sluice worker costs when it does nothing: start-up, memory and CPU at rest, memory with
100 idle connectors, and the latency of creating and deleting a connector through REST.

Each round uses fresh workers on the embedded log (StringConverter):
  ready      exec -> first `GET /` answered 200, polled every millisecond; `--starts` workers;
  idle       a worker with no connector, after 5 s of settling: CPU seconds over `--idle` seconds
             (utime + stime of every thread), and its RSS sampled every second;
  100 idle   the same worker with 50 FileStreamSource connectors (each on an empty file and its
             own topic) and 50 FileStreamSink connectors (each on one of those topics): RSS and
             CPU over `--idle-connectors` seconds once all are RUNNING;
  REST       `POST /connectors` and `DELETE /connectors/<name>` of a FileStreamSource connector,
             `--rest` times each, round-trip from a keep-alive-less HTTP client.
Every figure is the median over the rounds of each round's median (or its total, for CPU).

    bench/run-worker-costs.sh [--runs 3] [--idle 60] [--starts 10]
"""

import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import fmt, log, median  # noqa: E402

SETTINGS = {
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.storage.StringConverter",
}


def measure_ready(workdir, starts):
    times = []
    for i in range(starts):
        worker = benchlib.Worker(os.path.join(workdir, "start%d" % i), SETTINGS).start()
        try:
            times.append(worker.wait_ready())
        finally:
            worker.stop()
        shutil.rmtree(os.path.join(workdir, "start%d" % i), ignore_errors=True)
    return sorted(times)


def idle_window(worker, seconds):
    """(CPU seconds, RSS kB samples, threads) over `seconds` of doing nothing."""
    samples = []
    cpu_before = worker.cpu_seconds()
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        samples.append(worker.memory_kb()["VmRSS"])
        time.sleep(min(1.0, max(0.0, seconds - (time.monotonic() - start))))
    cpu = worker.cpu_seconds() - cpu_before
    samples.append(worker.memory_kb()["VmRSS"])
    return cpu, samples, benchlib.proc_threads(worker.pid), benchlib.proc_smaps_rollup_kb(worker.pid)


def create_idle_connectors(worker, workdir, pairs):
    inputs = os.path.join(workdir, "idle-inputs")
    os.makedirs(inputs)
    names = []
    for i in range(pairs):
        path = os.path.join(inputs, "in-%03d.log" % i)
        open(path, "wb").close()
        worker.create_connector("idle-source-%03d" % i, {
            "connector.class": "FileStreamSource", "file": path, "topic": "idle-%03d" % i})
        worker.create_connector("idle-sink-%03d" % i, {
            "connector.class": "FileStreamSink", "topics": "idle-%03d" % i,
            "file": os.path.join(inputs, "out-%03d.log" % i)})
        names += ["idle-source-%03d" % i, "idle-sink-%03d" % i]
    for name in names:
        worker.wait_running(name, timeout_s=60)
    return names


def measure_rest(worker, workdir, count):
    path = os.path.join(workdir, "rest-input.log")
    open(path, "wb").close()
    creates, deletes = [], []
    for i in range(count):
        name = "rest-%03d" % i
        config = {"connector.class": "FileStreamSource", "file": path, "topic": "rest"}
        start = time.monotonic()
        worker.create_connector(name, config)
        creates.append(time.monotonic() - start)
        worker.wait_running(name)
        start = time.monotonic()
        worker.rest("DELETE", "/connectors/" + name)
        deletes.append(time.monotonic() - start)
    return sorted(creates), sorted(deletes)


def run_round(workdir, args):
    ready = measure_ready(workdir, args.starts)
    worker = benchlib.Worker(os.path.join(workdir, "idle"), SETTINGS).start()
    try:
        worker.wait_ready()
        time.sleep(5)
        idle_cpu, idle_rss, idle_threads, idle_smaps = idle_window(worker, args.idle)
        rest_create, rest_delete = measure_rest(worker, workdir, args.rest)
        create_idle_connectors(worker, workdir, 50)
        time.sleep(5)
        busy_cpu, busy_rss, busy_threads, busy_smaps = idle_window(worker, args.idle_connectors)
    finally:
        worker.stop()
    return {
        "ready_ms": [t * 1000 for t in ready],
        "ready_median_ms": median(ready) * 1000,
        "idle_cpu_s": idle_cpu, "idle_cpu_percent": idle_cpu / args.idle * 100,
        "idle_rss_kb": idle_rss, "idle_rss_median_kb": median(idle_rss),
        "idle_rss_max_kb": max(idle_rss), "idle_threads": idle_threads,
        "idle_anonymous_kb": idle_smaps.get("Anonymous"), "idle_pss_kb": idle_smaps.get("Pss"),
        "connectors100_cpu_percent": busy_cpu / args.idle_connectors * 100,
        "connectors100_rss_kb": busy_rss, "connectors100_rss_median_kb": median(busy_rss),
        "connectors100_rss_max_kb": max(busy_rss), "connectors100_threads": busy_threads,
        "connectors100_anonymous_kb": busy_smaps.get("Anonymous"),
        "connectors100_pss_kb": busy_smaps.get("Pss"),
        "rest_create_ms": [t * 1000 for t in rest_create],
        "rest_create_median_ms": median(rest_create) * 1000,
        "rest_create_p90_ms": benchlib.percentile(rest_create, 0.9) * 1000,
        "rest_delete_ms": [t * 1000 for t in rest_delete],
        "rest_delete_median_ms": median(rest_delete) * 1000,
        "rest_delete_p90_ms": benchlib.percentile(rest_delete, 0.9) * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle measurement")
    parser.add_argument("--idle-connectors", type=float, default=30.0,
                        help="seconds of measurement with 100 idle connectors")
    parser.add_argument("--starts", type=int, default=10, help="starts timed per round")
    parser.add_argument("--rest", type=int, default=20, help="creates and deletes timed per round")
    args = parser.parse_args()

    workdir = benchlib.make_workdir("worker-costs")
    rounds = []
    for r in range(args.runs):
        rounds.append(run_round(os.path.join(workdir, "round%d" % r), args))
        m = rounds[-1]
        log("round %d: ready %.1f ms, idle %.2f%% CPU %.1f MB, 100 connectors %.1f MB, "
            "create %.1f ms, delete %.1f ms" % (
                r + 1, m["ready_median_ms"], m["idle_cpu_percent"], m["idle_rss_median_kb"] / 1024,
                m["connectors100_rss_median_kb"] / 1024, m["rest_create_median_ms"],
                m["rest_delete_median_ms"]))
        shutil.rmtree(os.path.join(workdir, "round%d" % r), ignore_errors=True)

    def med(key):
        return median([r[key] for r in rounds])

    rows = [
        ["exec to REST ready", "%s ms" % fmt(med("ready_median_ms"), 1), "100 ms",
         "median of %d starts a round" % args.starts],
        ["idle RSS", "%s MB" % fmt(med("idle_rss_median_kb") / 1024, 1), "20 MB",
         "max %s MB; %s MB anonymous, the rest shared library pages (PSS %s MB); %d threads" % (
             fmt(med("idle_rss_max_kb") / 1024, 1), fmt(med("idle_anonymous_kb") / 1024, 1),
             fmt(med("idle_pss_kb") / 1024, 1), med("idle_threads"))],
        ["idle CPU", "%s %%" % fmt(med("idle_cpu_percent"), 3), "0.5 %",
         "over %.0f s" % args.idle],
        ["RSS, 100 idle connectors", "%s MB" % fmt(med("connectors100_rss_median_kb") / 1024, 1),
         "64 MB", "50 sources + 50 sinks; %s MB anonymous; %d threads" % (
             fmt(med("connectors100_anonymous_kb") / 1024, 1), med("connectors100_threads"))],
        ["CPU, 100 idle connectors", "%s %%" % fmt(med("connectors100_cpu_percent"), 3), "",
         "over %.0f s" % args.idle_connectors],
        ["REST create (POST /connectors)", "%s ms" % fmt(med("rest_create_median_ms"), 1), "",
         "p90 %s ms" % fmt(med("rest_create_p90_ms"), 1)],
        ["REST delete (DELETE /connectors/x)", "%s ms" % fmt(med("rest_delete_median_ms"), 1), "",
         "p90 %s ms" % fmt(med("rest_delete_p90_ms"), 1)],
    ]
    table = benchlib.markdown_table(["", "measured", "target", "notes"], rows)
    print("Worker costs, median of %d rounds\n" % args.runs)
    print(table)
    path = benchlib.save_results("worker-costs", {"runs": args.runs, "rounds": rounds,
                                                  "table": table})
    log("raw results: %s" % path)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
