"""What every Sluice benchmark script shares: where the binaries are, a worker under test and its
REST API, measuring commands and processes, medians and percentiles, and the results table.

Figures come from the kernel, not from the programs measured: CPU seconds are utime + stime
(/proc/<pid>/stat, or wait4's rusage for commands that exit), memory is VmRSS / VmHWM
(/proc/<pid>/status) or ru_maxrss.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(BENCH_DIR)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def die(message):
    sys.exit("bench: " + message)


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- binaries -----------------------------------------------------------------------------------

def sluice_build_dir():
    """The build holding bin/sluice and plugins/ (SLUICE_BUILD, default <repo>/build)."""
    return os.path.abspath(os.environ.get("SLUICE_BUILD", os.path.join(REPO_DIR, "build")))


def bench_build_dir():
    """The Release build of bench/'s own programs (SLUICE_BENCH_BUILD, default <repo>/build-bench)."""
    return os.path.abspath(os.environ.get("SLUICE_BENCH_BUILD", os.path.join(REPO_DIR, "build-bench")))


def sluice_binary():
    path = os.path.join(sluice_build_dir(), "bin", "sluice")
    if not os.access(path, os.X_OK):
        die("no worker at %s: build it first (cmake --preset default && cmake --build build), or "
            "point SLUICE_BUILD at a build that has bin/sluice and plugins/" % path)
    plugins = os.path.join(sluice_build_dir(), "plugins")
    for plugin in ("file-source.so", "file-sink.so"):
        if not os.path.exists(os.path.join(plugins, plugin)):
            die("no %s in %s: build the file-source and file-sink targets" % (plugin, plugins))
    global _stale_warned
    if not _stale_warned:
        _stale_warned = True
        stale = newest_source_after(os.path.getmtime(path))
        if stale:
            log("warning: %s is older than %s; the figures are for the older build" % (path, stale))
    return path


_stale_warned = False


def newest_source_after(mtime):
    """A source file of the worker or the file plugins changed after `mtime`, or None."""
    for top in ("runtime", "plugins/file-source", "plugins/file-sink", "api"):
        for root, _, files in os.walk(os.path.join(REPO_DIR, top)):
            for name in files:
                if name.endswith((".cc", ".h")):
                    path = os.path.join(root, name)
                    if os.path.getmtime(path) > mtime:
                        return os.path.relpath(path, REPO_DIR)
    return None


def require_tool(name, package):
    path = shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        die("%s is not installed (Debian package %s)" % (name, package))
    return path


# --- measuring ----------------------------------------------------------------------------------

class Measured:
    """What one finished command cost."""

    def __init__(self, wall_s, cpu_s, max_rss_kb, returncode):
        self.wall_s = wall_s
        self.cpu_s = cpu_s
        self.max_rss_kb = max_rss_kb
        self.returncode = returncode


def run_measured(argv, stdout=None, stderr=None):
    """Runs a command to its end: wall time from exec to exit and CPU seconds from wait4, peak
    RSS from GNU time (`stdout`/`stderr`: open files, or None to inherit).

    The peak RSS cannot come from this process's wait4: exec records the pre-exec image's peak
    (this Python process, even with vfork) as the child's. GNU time's own child starts from a
    small image, so the %M it reports is the command's.
    """
    gnu_time = require_tool("/usr/bin/time", "time")
    with tempfile.NamedTemporaryFile(prefix="sluice-bench-rss-", mode="r") as rss:
        actions = []
        if stdout is not None:
            actions.append((os.POSIX_SPAWN_DUP2, stdout.fileno(), 1))
        if stderr is not None:
            actions.append((os.POSIX_SPAWN_DUP2, stderr.fileno(), 2))
        command = [gnu_time, "-f", "%M", "-o", rss.name] + list(argv)
        start = time.monotonic()
        pid = os.posix_spawn(gnu_time, command, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.monotonic() - start
        code = os.waitstatus_to_exitcode(status)
        text = rss.read().strip().splitlines()
    try:
        max_rss_kb = int(text[-1])
    except (IndexError, ValueError):
        die("cannot run %s: %s" % (argv[0], " ".join(text) or "GNU time reported nothing"))
    return Measured(wall, usage.ru_utime + usage.ru_stime, max_rss_kb, code)


def proc_cpu_seconds(pid):
    """utime + stime of a running process, all its threads, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the ")" closing the command name: state is field 3, utime 14 and stime 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def thread_cpu_seconds(pid):
    """{thread name: utime + stime in seconds} of a running process; threads of the same name
    (several task threads, say) are added up."""
    out = {}
    task_dir = "/proc/%d/task" % pid
    for tid in os.listdir(task_dir):
        try:
            with open(os.path.join(task_dir, tid, "stat")) as f:
                text = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return out


def proc_memory_kb(pid):
    """{"VmRSS": kB, "VmHWM": kB, ...} of a running process."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Vm"):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
    return out


def proc_smaps_rollup_kb(pid):
    """{"Rss": kB, "Pss": kB, "Anonymous": kB, ...}: how much of the RSS is the process's own
    (anonymous) memory and how much is shared library pages."""
    out = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                out[parts[0].rstrip(":")] = int(parts[1])
    return out


def proc_threads(pid):
    return len(os.listdir("/proc/%d/task" % pid))


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-fraction * len(sorted_values) // 1)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a worker under test ------------------------------------------------------------------------

class Worker:
    """A `sluice standalone` process in its own folder, with its own REST and gRPC ports."""

    def __init__(self, workdir, settings=None):
        self.workdir = workdir
        self.binary = sluice_binary()
        self.port = free_port()
        self.grpc_port = free_port()
        os.makedirs(workdir, exist_ok=True)
        props = {
            "listeners": "http://127.0.0.1:%d" % self.port,
            "grpc.listeners": "127.0.0.1:%d" % self.grpc_port,
            "log.dirs": os.path.join(workdir, "sluice-data"),
            "offset.storage.file.filename": os.path.join(workdir, "connect.offsets"),
            "plugin.path": os.path.join(sluice_build_dir(), "plugins"),
        }
        props.update(settings or {})
        self.config_path = os.path.join(workdir, "worker.properties")
        with open(self.config_path, "w") as f:
            for key, value in props.items():
                f.write("%s=%s\n" % (key, value))
        self.log_path = os.path.join(workdir, "worker.log")
        self.proc = None
        self.exec_time = None

    @property
    def pid(self):
        return self.proc.pid

    def start(self):
        """Starts the worker; returns at once (see wait_ready)."""
        self._log = open(self.log_path, "wb")
        self.exec_time = time.monotonic()
        self.proc = subprocess.Popen([self.binary, "standalone", self.config_path],
                                     stdout=self._log, stderr=subprocess.STDOUT, cwd=self.workdir)
        return self

    def wait_ready(self, timeout_s=30.0, poll_interval_s=0.001):
        """Seconds from exec until GET / answered 200; polls every `poll_interval_s`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                die("the worker exited with %d before its REST API answered; see %s"
                    % (self.proc.returncode, self.log_path))
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    ready = time.monotonic()
                    conn.close()
                    return ready - self.exec_time
                conn.close()
            except OSError:
                pass
            time.sleep(poll_interval_s)
        self.stop()
        die("the worker's REST API did not answer within %.0f s; see %s" % (timeout_s, self.log_path))

    def rest(self, method, path, body=None, expect=(200, 201, 204)):
        """(status, parsed JSON or None). Dies on a status outside `expect`."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        payload = json.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if payload else {}
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        if expect and response.status not in expect:
            die("%s %s answered %d: %s (worker log: %s)"
                % (method, path, response.status, data.decode(errors="replace"), self.log_path))
        return response.status, (json.loads(data) if data else None)

    def create_connector(self, name, config):
        self.rest("POST", "/connectors", {"name": name, "config": config})

    def wait_running(self, name, timeout_s=30.0):
        """Waits until the connector and all its tasks are RUNNING."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            status, body = self.rest("GET", "/connectors/%s/status" % name, expect=None)
            if status == 200:
                states = [body["connector"]["state"]] + [t["state"] for t in body.get("tasks", [])]
                if "FAILED" in states:
                    die("connector %s failed: %s" % (name, json.dumps(body)))
                if body.get("tasks") and all(s == "RUNNING" for s in states):
                    return
            time.sleep(0.01)
        die("connector %s is not RUNNING after %.0f s; see %s" % (name, timeout_s, self.log_path))

    def cpu_seconds(self):
        return proc_cpu_seconds(self.pid)

    def memory_kb(self):
        return proc_memory_kb(self.pid)

    def stop(self, timeout_s=30.0):
        """SIGTERM, then waits; SIGKILL after `timeout_s`. Returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            log("warning: the worker did not stop within %.0f s; killing it" % timeout_s)
            self.proc.kill()
            self.proc.wait()
        self._log.close()
        return self.proc.returncode


# --- output -------------------------------------------------------------------------------------

def machine_description():
    """nproc, memory and CPU model, as the README states them."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    mem = free[1].split()[1] if len(free) > 1 else "?"
    return "%d cores (nproc), %s RAM (free -h), CPU: %s, kernel %s" % (
        os.cpu_count(), mem, cpu, os.uname().release)


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)


def save_results(name, payload):
    """Writes bench/results/<name>.json (or under SLUICE_BENCH_RESULTS) and returns its path."""
    folder = os.environ.get("SLUICE_BENCH_RESULTS", os.path.join(BENCH_DIR, "results"))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".json")
    binary = os.path.join(sluice_build_dir(), "bin", "sluice")
    payload = dict(payload, machine=machine_description(),
                   date=time.strftime("%Y-%m-%d %H:%M:%S %z"),
                   load_average=open("/proc/loadavg").read().split()[:3],
                   sluice_binary=binary,
                   sluice_binary_built=time.strftime(
                       "%Y-%m-%d %H:%M:%S %z", time.localtime(os.path.getmtime(binary)))
                   if os.path.exists(binary) else None)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1, sort_keys=True)
        f.write("\n")
    return path


def fmt(value, digits=2):
    if isinstance(value, float):
        if value != value:  # NaN
            return "n/a"
        return "%.*f" % (digits, value)
    return str(value)


def make_workdir(name):
    """A fresh folder under SLUICE_BENCH_TMP (default /tmp) for one script's files."""
    base = os.environ.get("SLUICE_BENCH_TMP", "/tmp")
    path = os.path.join(base, "sluice-bench-" + name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path
