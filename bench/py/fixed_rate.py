#!/usr/bin/env python3
"""The Kafka path at a fixed rate: file -> Kafka topic -> file, for Sluice and for rsyslog.

Both run against librdkafka's in-process Kafka cluster, started for each run in a process of its
own (bench/helpers/mock_kafka_cluster_main.cc, `sluice-mock-kafka`) with one 1-partition topic:
  Sluice   a worker with bootstrap.servers set: FileStreamSource -> topic -> FileStreamSink,
           StringConverter;
  rsyslog  one rsyslogd: imfile -> omkafka -> topic -> imkafka -> omfile (Debian's rsyslog-kafka).
The mock cluster keeps only about 5 MB per partition, so a consumer that falls behind by more
than that loses lines: the rate is fixed (20000 lines/s for 30 s by default) instead of maximal.

After a warm-up line went all the way through (the consumer group has joined), stamped lines are
appended on schedule (ratefeed.py) while a watcher process tails the output and measures each
line's latency from append to output. The system's CPU seconds are counted from the first append
until every line arrived (or the drain timeout passed). Rounds alternate the systems; every figure
is the median over the rounds, and the CPU ratio is taken within each round.

    bench/run-fixed-rate.sh [--rate 20000] [--seconds 30] [--runs 3] [--only sluice|rsyslog]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import ratefeed  # noqa: E402
from benchlib import fmt, log, median  # noqa: E402

TOPIC = "bench"
# The file sink writes its buffer (1 MiB) out when it is full or at an offset flush; this bounds
# how long a line can wait in it. Kafka Connect's default is 60000.
OFFSET_FLUSH_INTERVAL_MS = 1000


class MockCluster:
    """sluice-mock-kafka in the background; stops when stopped, or when this script dies."""

    def __init__(self, workdir):
        binary = os.path.join(benchlib.bench_build_dir(), "bin", "sluice-mock-kafka")
        if not os.access(binary, os.X_OK):
            benchlib.die("%s is missing: bench/run-fixed-rate.sh builds it" % binary)
        self._err = open(os.path.join(workdir, "mock-kafka.log"), "wb")
        # Its standard input is a pipe that only this process holds: if we die, it exits.
        self.proc = subprocess.Popen([binary, "--topic", TOPIC + ":1"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._err)
        line = self.proc.stdout.readline().decode().strip()
        if not line:
            benchlib.die("sluice-mock-kafka did not start; see %s" % self._err.name)
        self.bootstrap = line

    def cpu_seconds(self):
        return benchlib.proc_cpu_seconds(self.proc.pid)

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._err.close()


class SluiceSystem:
    name = "Sluice"

    def __init__(self, workdir, bootstrap, input_path, output_path, fetch_wait_ms=None):
        settings = {
            "bootstrap.servers": bootstrap,
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.storage.StringConverter",
            "offset.flush.interval.ms": str(OFFSET_FLUSH_INTERVAL_MS),
        }
        if fetch_wait_ms is not None:
            settings["consumer.fetch.wait.max.ms"] = str(fetch_wait_ms)
        self.worker = benchlib.Worker(workdir, settings)
        self.input_path = input_path
        self.output_path = output_path
        self.log_path = self.worker.log_path

    def start(self):
        self.worker.start()
        self.worker.wait_ready()
        self.worker.create_connector("bench-sink", {
            "connector.class": "FileStreamSink", "file": self.output_path, "topics": TOPIC})
        self.worker.create_connector("bench-source", {
            "connector.class": "FileStreamSource", "file": self.input_path, "topic": TOPIC})
        self.worker.wait_running("bench-sink")
        self.worker.wait_running("bench-source")

    @property
    def pid(self):
        return self.worker.pid

    def alive(self):
        return self.worker.proc is not None and self.worker.proc.poll() is None

    def stop(self):
        self.worker.stop()


class RsyslogSystem:
    name = "rsyslog"

    def __init__(self, workdir, bootstrap, input_path, output_path, fetch_wait_ms=None):
        self.binary = benchlib.require_tool("rsyslogd", "rsyslog and rsyslog-kafka")
        modules = "/usr/lib/x86_64-linux-gnu/rsyslog"
        for module in ("imfile.so", "omkafka.so", "imkafka.so"):
            if not os.path.exists(os.path.join(modules, module)):
                benchlib.die("rsyslog has no %s: install Debian's rsyslog-kafka" % module)
        self.workdir = workdir
        os.makedirs(os.path.join(workdir, "spool"))
        self.config_path = os.path.join(workdir, "rsyslog.conf")
        self.log_path = os.path.join(workdir, "rsyslog.log")
        # One rsyslogd does both halves, as one Sluice worker does. imfile follows the file with
        # inotify; omkafka and imkafka keep librdkafka's defaults (acks=all, linger 5 ms), as
        # Sluice's Kafka transport does; omfile writes each batch out at its end.
        with open(self.config_path, "w") as f:
            f.write("""global(workDirectory="{spool}" maxMessageSize="64k")
module(load="imfile" mode="inotify")
module(load="omkafka")
module(load="imkafka")
template(name="payload" type="string" string="%rawmsg%")
template(name="line" type="string" string="%rawmsg%\\n")
ruleset(name="to_kafka") {{
  action(type="omkafka" broker=["{bootstrap}"] topic="{topic}" template="payload")
}}
ruleset(name="to_file") {{
  action(type="omfile" file="{output}" template="line")
}}
input(type="imfile" file="{input}" tag="bench" ruleset="to_kafka")
input(type="imkafka" topic="{topic}" broker="{bootstrap}" consumergroup="rsyslog-bench"
      ruleset="to_file"{consumer_params})
""".format(spool=os.path.join(workdir, "spool"), bootstrap=bootstrap, topic=TOPIC,
           output=output_path, input=input_path,
           consumer_params="" if fetch_wait_ms is None
           else ' confParam=["fetch.wait.max.ms=%d"]' % fetch_wait_ms))
        self.proc = None

    def start(self):
        check = subprocess.run([self.binary, "-N1", "-f", self.config_path], capture_output=True,
                               text=True)
        if check.returncode != 0:
            benchlib.die("rsyslogd rejects %s: %s" % (self.config_path, check.stderr.strip()))
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "-n", "-f", self.config_path, "-i", os.path.join(self.workdir, "pid")],
            stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def warm_up(system, appender, output_path, timeout_s=60.0):
    """Appends a line until one arrives: the consumer group has joined and the path works."""
    deadline = time.monotonic() + timeout_s
    n = 0
    while time.monotonic() < deadline:
        tag = "warmup=%d" % n
        appender.append_raw(appender.warm_up_line(tag))
        for _ in range(100):
            if os.path.exists(output_path):
                with open(output_path, "rb") as f:
                    if tag.encode() in f.read():
                        return time.monotonic()
            if not system.alive():
                benchlib.die("%s exited; see %s" % (system.name, system.log_path))
            time.sleep(0.02)
        n += 1
    benchlib.die("%s delivered no warm-up line within %.0f s; see %s"
                 % (system.name, timeout_s, system.log_path))


def run_one(kind, workdir, rate, seconds, drain_s, perf_dir=None, fetch_wait_ms=None):
    os.makedirs(workdir)
    input_path = os.path.join(workdir, "in.log")
    output_path = os.path.join(workdir, "out.log")
    open(input_path, "wb").close()
    cluster = MockCluster(workdir)
    system_cls = SluiceSystem if kind == "sluice" else RsyslogSystem
    system = system_cls(workdir, cluster.bootstrap, input_path, output_path, fetch_wait_ms)
    try:
        system.start()
        base_ns = time.monotonic_ns()
        appender = ratefeed.Appender(input_path, base_ns)
        warm_up(system, appender, output_path)
        time.sleep(0.5)  # let the warm-up's batches settle before counting

        expected = int(rate * seconds)
        deadline = time.monotonic() + seconds + drain_s
        watcher = subprocess.Popen(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "ratefeed.py"),
             "watch", output_path, str(base_ns), str(expected), str(deadline)],
            stdout=subprocess.PIPE)
        cpu_before = benchlib.proc_cpu_seconds(system.pid)
        threads_before = benchlib.thread_cpu_seconds(system.pid)
        mock_cpu_before = cluster.cpu_seconds()
        perf = None
        if perf_dir:
            perf = subprocess.Popen(
                ["perf", "record", "-q", "-e", "cpu-clock", "-g", "-p", str(system.pid), "-o",
                 os.path.join(perf_dir, "%s.perf.data" % kind)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.monotonic()
        sent, worst_lag = appender.run(rate, seconds)
        append_s = time.monotonic() - start
        out, _ = watcher.communicate()
        end = time.monotonic()
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait()
        cpu = benchlib.proc_cpu_seconds(system.pid) - cpu_before
        threads_after = benchlib.thread_cpu_seconds(system.pid)
        thread_cpu = {name: round(threads_after[name] - threads_before.get(name, 0.0), 2)
                      for name in threads_after}
        mock_cpu = cluster.cpu_seconds() - mock_cpu_before
        rss_kb = benchlib.proc_memory_kb(system.pid)["VmHWM"]
        summary = json.loads(out)
    finally:
        system.stop()
        cluster.stop()
    if worst_lag > 0.05:
        log("warning: the appender fell %.0f ms behind its schedule (machine busy)" % (worst_lag * 1000))
    return {
        "sent": sent, "delivered": summary["delivered"], "duplicates": summary["duplicates"],
        "append_s": append_s, "window_s": end - start, "cpu_s": cpu,
        "cpu_s_per_million": cpu / max(summary["delivered"], 1) * 1e6,
        "mock_cluster_cpu_s": mock_cpu, "peak_rss_kb": rss_kb,
        "p50_ms": summary["p50_ms"], "p90_ms": summary["p90_ms"], "p99_ms": summary["p99_ms"],
        "p999_ms": summary["p999_ms"], "max_ms": summary["max_ms"],
        "appender_worst_lag_ms": worst_lag * 1000,
        "cpu_s_by_thread": thread_cpu,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=20000, help="lines per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drain", type=float, default=15.0,
                        help="seconds to wait for the last lines after the appending ends")
    parser.add_argument("--only", choices=["sluice", "rsyslog"])
    parser.add_argument("--fetch-wait-ms", type=int,
                        help="the consumers' fetch.wait.max.ms, for both systems (librdkafka's "
                             "default, 500, when unset): the mock cluster holds a fetch that finds "
                             "no new record for this long even if one arrives meanwhile")
    parser.add_argument("--perf", metavar="DIR",
                        help="also record each system with perf (cpu-clock, call graphs) into DIR")
    args = parser.parse_args()
    if args.perf:
        os.makedirs(args.perf, exist_ok=True)

    kinds = [args.only] if args.only else ["sluice", "rsyslog"]
    workdir = benchlib.make_workdir("fixed-rate")
    rounds = []
    for r in range(args.runs):
        result = {}
        # Alternate the order, so that neither always runs on a machine warmed by the other.
        for kind in (kinds if r % 2 == 0 else list(reversed(kinds))):
            run_dir = os.path.join(workdir, "round%d-%s" % (r, kind))
            result[kind] = run_one(kind, run_dir, args.rate, args.seconds, args.drain, args.perf,
                                   args.fetch_wait_ms)
            shutil.rmtree(run_dir, ignore_errors=True)
            m = result[kind]
            log("round %d %s: %d/%d delivered, %.2f CPU s per million lines, p50 %.1f ms, "
                "p99 %.1f ms" % (r + 1, kind, m["delivered"], m["sent"], m["cpu_s_per_million"],
                                 m["p50_ms"] or -1, m["p99_ms"] or -1))
            busiest = sorted(m["cpu_s_by_thread"].items(), key=lambda kv: -kv[1])[:6]
            log("  CPU s by thread: " + ", ".join("%s %.2f" % kv for kv in busiest))
        if len(kinds) == 2:
            result["cpu_ratio"] = (result["sluice"]["cpu_s_per_million"]
                                   / result["rsyslog"]["cpu_s_per_million"])
        rounds.append(result)

    rows = []
    for kind in kinds:
        def med(key):
            return median([r[kind][key] for r in rounds if r[kind][key] is not None])
        rows.append([
            "Sluice" if kind == "sluice" else "rsyslog",
            "%s / %d" % (fmt(med("delivered"), 0), int(args.rate * args.seconds)),
            fmt(med("cpu_s_per_million"), 2), fmt(med("p50_ms"), 1), fmt(med("p99_ms"), 1),
            fmt(med("max_ms"), 1), fmt(med("peak_rss_kb") / 1024, 1),
            fmt(median([r["cpu_ratio"] for r in rounds]), 2) if kind == "sluice" and len(kinds) == 2 else ""])
    table = benchlib.markdown_table(
        ["", "lines delivered", "CPU s / M lines", "p50 ms", "p99 ms", "max ms", "peak RSS MB",
         "CPU x rsyslog"], rows)
    fetch_wait = ("librdkafka's default fetch.wait.max.ms" if args.fetch_wait_ms is None
                  else "fetch.wait.max.ms=%d" % args.fetch_wait_ms)
    print("Fixed rate through librdkafka's mock cluster: %d lines/s for %.0f s, %s, median of %d "
          "rounds\n" % (args.rate, args.seconds, fetch_wait, args.runs))
    print(table)
    # A run with another fetch wait keeps its own results file: the two answer different questions.
    name = ("fixed-rate" if args.fetch_wait_ms is None
            else "fixed-rate-fetch-wait-%d" % args.fetch_wait_ms)
    path = benchlib.save_results(name, {
        "rate": args.rate, "seconds": args.seconds, "runs": args.runs,
        "fetch_wait_ms": args.fetch_wait_ms, "rounds": rounds,
        "offset_flush_interval_ms": OFFSET_FLUSH_INTERVAL_MS, "table": table})
    log("raw results: %s" % path)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
