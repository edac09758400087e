#!/usr/bin/env python3
"""A profile of the end-to-end StringConverter run (file-source -> embedded topic -> file-sink).

The worker, the plugins and the settings are those of bench/run-e2e.sh; only the pipeline is
profiled (the sink connector is RUNNING before profiling starts, the source is created after).

  callgrind  valgrind --tool=callgrind on `--callgrind-lines` lines (default 100000): exact
             instruction counts by function, self and inclusive. Used because this machine's
             perf has no hardware counters (`perf stat -e instructions true` says
             "<not supported>"), and skipped when valgrind is missing.
  perf       `perf record -e cpu-clock` (a software timer, which works without hardware
             counters) on `--perf-lines` lines (default 1000000) at full speed: where the time
             goes, split by thread (the source task, the producer's sender, the sink task), plus
             each thread's CPU seconds from /proc. Skipped when perf cannot record.

The report goes to bench/results/profile-e2e.txt (and standard output); the raw data stays in
the work folder with --keep.

    bench/run-profile.sh [--callgrind-lines 100000] [--perf-lines 1000000] [--keep]
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accesslog  # noqa: E402
import benchlib  # noqa: E402
from benchlib import log  # noqa: E402

CONVERTERS = {
    "string": "org.apache.kafka.connect.storage.StringConverter",
    "json": "org.apache.kafka.connect.json.JsonConverter",
}
SETTINGS = {
    "key.converter": CONVERTERS["string"],
    "value.converter": CONVERTERS["string"],
    "offset.flush.interval.ms": "100",
}


class ProfiledWorker(benchlib.Worker):
    """A worker started under a wrapper command (valgrind), or plainly."""

    def __init__(self, workdir, wrapper=()):
        super().__init__(workdir, SETTINGS)
        self.wrapper = list(wrapper)

    def start(self):
        self._log = open(self.log_path, "wb")
        self.exec_time = time.monotonic()
        self.proc = subprocess.Popen(self.wrapper + [self.binary, "standalone", self.config_path],
                                     stdout=self._log, stderr=subprocess.STDOUT, cwd=self.workdir)
        return self


def _fold(name, head, replacement):
    """Replaces every `head...>` in `name`, where `head` ends in "<" and the rest is balanced,
    with `replacement`."""
    out, i = [], 0
    while True:
        j = name.find(head, i)
        if j < 0:
            return "".join(out) + name[i:]
        out.append(name[i:j] + replacement)
        depth, k = 1, j + len(head)
        while k < len(name) and depth:
            depth += {"<": 1, ">": -1}.get(name[k], 0)
            k += 1
        i = k


def _closing(text, i, open_char, close_char):
    """The index just after the bracket that closes the one at text[i]."""
    depth = 0
    for k in range(i, len(text)):
        depth += 1 if text[k] == open_char else -1 if text[k] == close_char else 0
        if depth == 0:
            return k + 1
    return len(text)


def shorten(name):
    """A C++ symbol made readable: nlohmann's and the standard library's long template names
    folded ("json", "ordered_json", "std::string"), a template's arguments cut to the first when
    it is a plain name, and every parameter list elided."""
    name = name.replace("nlohmann::json_abi_v3_11_2::", "nlohmann::")
    name = name.replace("std::__cxx11::basic_string<char, std::char_traits<char>, "
                        "std::allocator<char> >", "std::string")
    name = _fold(name, "nlohmann::basic_json<nlohmann::ordered_map,", "nlohmann::ordered_json")
    name = _fold(name, "nlohmann::basic_json<std::map,", "nlohmann::json")
    out, i = [], 0
    while i < len(name):
        c = name[i]
        prev = name[i - 1] if i else " "
        if c == "<" and (prev.isalnum() or prev == "_"):
            end = _closing(name, i, "<", ">")
            args = name[i + 1:end - 1]
            first = args.split(",")[0].strip()
            simple = first and all(ch.isalnum() or ch in "_:" for ch in first)
            out.append("<%s%s>" % (first if simple else "…", ", …" if simple and "," in args else ""))
            i = end
        elif c == "(" and (prev.isalnum() or prev in "_>"):
            i = _closing(name, i, "(", ")")
            out.append("()")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def thread_cpu(pid):
    """{tid: CPU seconds} of every thread of `pid`."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[int(tid)] = (int(fields[11]) + int(fields[12])) / benchlib.CLOCK_TICKS
        except OSError:
            pass
    return out


def run_pipeline(worker, input_path, out_path, timeout_s, before_sink=None, before_source=None):
    """`before_sink()`, the sink, `before_source()`, the source; returns the seconds until the
    output holds the whole input."""
    worker.wait_ready(timeout_s=120)
    if before_sink:
        before_sink()
    worker.create_connector("bench-sink", {
        "connector.class": "FileStreamSink", "file": out_path, "topics": "bench"})
    worker.wait_running("bench-sink", timeout_s=120)
    time.sleep(1)
    if before_source:
        before_source()
    start = time.monotonic()
    worker.create_connector("bench-source", {
        "connector.class": "FileStreamSource", "file": input_path, "topic": "bench"})
    expected = os.path.getsize(input_path)
    while (os.path.getsize(out_path) if os.path.exists(out_path) else 0) < expected:
        if time.monotonic() - start > timeout_s:
            benchlib.die("the pipeline did not finish within %.0f s; see %s"
                         % (timeout_s, worker.log_path))
        if worker.proc.poll() is not None:
            benchlib.die("the worker exited; see %s" % worker.log_path)
        time.sleep(0.01)
    return time.monotonic() - start


def perf_works():
    if not shutil.which("perf"):
        return False, "perf is not installed (Debian: linux-perf)"
    probe = subprocess.run(["perf", "record", "-e", "cpu-clock", "-o", "/dev/null", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return False, "perf cannot record here: " + probe.stderr.strip()[-300:]
    return True, ""


def hardware_counters():
    if not shutil.which("perf"):
        return "perf is not installed"
    probe = subprocess.run(["perf", "stat", "-e", "instructions", "true"], capture_output=True,
                           text=True)
    return "supported" if "<not supported>" not in probe.stderr and probe.returncode == 0 \
        else "not supported (perf stat -e instructions true: <not supported>)"


def profile_perf(workdir, input_path, lines):
    ok, why = perf_works()
    if not ok:
        return "perf: skipped: %s\n" % why
    out_path = os.path.join(workdir, "perf-out.log")
    data = os.path.join(workdir, "perf.data")
    worker = ProfiledWorker(os.path.join(workdir, "perf-worker")).start()
    state = {}

    def start_perf():
        state["cpu"] = thread_cpu(worker.pid)
        state["perf"] = subprocess.Popen(
            ["perf", "record", "-e", "cpu-clock", "-F", "999", "-p", str(worker.pid), "-o", data],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # perf attaches to every thread

    try:
        wall = run_pipeline(worker, input_path, out_path, 600, before_source=start_perf)
        after = thread_cpu(worker.pid)
        state["perf"].send_signal(signal.SIGINT)
        state["perf"].wait(60)
    finally:
        worker.stop()
    threads = sorted(((after[t] - state["cpu"].get(t, 0.0), t) for t in after), reverse=True)
    busy = [(cpu, tid) for cpu, tid in threads if cpu >= 0.01]
    total = sum(cpu for cpu, _ in busy)
    text = ["perf record -e cpu-clock, %d lines in %.2f s (%.0f lines/s), %.2f CPU s:" % (
        lines, wall, lines / wall, total)]
    text.append("  CPU seconds by thread (/proc/<pid>/task/<tid>/stat):")
    for cpu, tid in busy:
        text.append("    tid %-8d %6.2f s  %4.1f%% of the run's wall time" % (tid, cpu, cpu / wall * 100))

    def report(sort, limit):
        r = subprocess.run(["perf", "report", "-i", data, "--no-children", "-s", sort, "--stdio"],
                           capture_output=True, text=True, errors="replace")
        rows = [shorten(l.rstrip()) for l in r.stdout.splitlines()
                if l.strip() and not l.startswith("#")]
        return rows[:limit]

    text.append("\n  samples by thread and library (perf report -s pid,dso):")
    text += ["    " + l for l in report("pid,dso", 20)]
    text.append("\n  top functions, all threads (perf report -s dso,sym):")
    text += ["    " + l for l in report("dso,sym", 40)]
    text.append("\n  top functions by thread (perf report -s pid,sym):")
    text += ["    " + l for l in report("pid,sym", 50)]
    return "\n".join(text) + "\n"


def profile_callgrind(workdir, input_path, lines):
    if not shutil.which("valgrind"):
        return "callgrind: skipped: valgrind is not installed (Debian: valgrind)\n"
    out_path = os.path.join(workdir, "callgrind-out.log")
    data = os.path.join(workdir, "callgrind.out")
    worker = ProfiledWorker(os.path.join(workdir, "callgrind-worker"), [
        "valgrind", "--tool=callgrind", "--dump-instr=yes", "--callgrind-out-file=" + data]).start()

    # Counting starts before the sink task's thread exists: callgrind_annotate misattributes the
    # cost of calls that were already running when the counters were zeroed.
    def zero():
        subprocess.run(["callgrind_control", "-z", str(worker.pid)], capture_output=True, check=True)

    try:
        wall = run_pipeline(worker, input_path, out_path, 1800, before_sink=zero)
        subprocess.run(["callgrind_control", "-d", "pipeline", str(worker.pid)],
                       capture_output=True, check=True)
    finally:
        worker.stop(timeout_s=120)
    dumps = sorted(p for p in os.listdir(workdir) if p.startswith("callgrind.out."))
    if not dumps:
        benchlib.die("callgrind wrote no dump of the pipeline in %s" % workdir)
    dump = os.path.join(workdir, dumps[0])
    text = ["callgrind, %d lines (%.0f s under valgrind), instructions executed from the sink "
            "connector's creation until the output was complete:" % (lines, wall)]
    for inclusive in ("no", "yes"):
        r = subprocess.run(["callgrind_annotate", "--inclusive=" + inclusive, "--threshold=100",
                            dump], capture_output=True, text=True, errors="replace")
        rows = [shorten(l.rstrip()) for l in r.stdout.splitlines()
                if "(" in l and "%)" in l]
        total = next((l for l in rows if "PROGRAM TOTALS" in l), "")
        body = [l for l in rows if "PROGRAM TOTALS" not in l][:35]
        text.append("\n  %s (callgrind_annotate --inclusive=%s):" % (
            "inclusive cost" if inclusive == "yes" else "self cost", inclusive))
        text.append("    " + total.strip() + ", i.e. %.0f instructions per line" % (
            int(total.split()[0].replace(",", "")) / lines if total else float("nan")))
        text += ["    " + l for l in body]
    return "\n".join(text) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--callgrind-lines", type=int, default=100000)
    parser.add_argument("--perf-lines", type=int, default=1000000)
    parser.add_argument("--keep", action="store_true", help="keep the work folder and raw data")
    parser.add_argument("--converter", choices=sorted(CONVERTERS), default="string",
                        help="the key and value converter of the profiled pipeline")
    args = parser.parse_args()
    SETTINGS["key.converter"] = SETTINGS["value.converter"] = CONVERTERS[args.converter]

    workdir = benchlib.make_workdir("profile")
    sections = ["Profile of the end-to-end %s run (bench/run-profile.sh)"
                % SETTINGS["value.converter"].rsplit(".", 1)[-1],
                "machine: " + benchlib.machine_description(),
                "load average at start: " + open("/proc/loadavg").read().strip(),
                "hardware counters: " + hardware_counters(), ""]
    for lines, profiler in ((args.perf_lines, profile_perf),
                            (args.callgrind_lines, profile_callgrind)):
        if lines <= 0:
            continue
        input_path = os.path.join(workdir, "access-%d.log" % lines)
        if not os.path.exists(input_path):
            with open(input_path, "wb") as f:
                accesslog.write_lines(f, lines)
        log("profiling with %s on %d lines" % (profiler.__name__.split("_")[1], lines))
        sections.append(profiler(workdir, input_path, lines))
    report = "\n".join(sections)
    print(report)
    folder = os.environ.get("SLUICE_BENCH_RESULTS", os.path.join(benchlib.BENCH_DIR, "results"))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "profile-e2e.txt"), "w") as f:
        f.write(report)
    log("report: %s" % os.path.join(folder, "profile-e2e.txt"))
    if args.keep:
        log("raw data kept in %s (callgrind_annotate, kcachegrind, perf report -i)" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
