#!/usr/bin/env python3
"""Runs deploy/demo.sh, unchanged, against a real local worker instead of the demo's containers.

What replaces the containers:
  sluice      build/bin/sluice on deploy/worker.properties, with what names the container replaced
              (listeners on free loopback ports, plugin.path, state files; no bootstrap.servers,
              so the topics live in the embedded log instead of Kafka)
  log-gen.    deploy/log-generator.sh, writing into a temporary folder
  connectors  deploy/connectors/*.json, copied with the container paths replaced by local ones and
              hdfs.url by file://<temporary folder>: HDFS cannot run here, and the hdfs-sink writes
              the same tree into a local folder (DeployConfigs.* runs it against the WebHDFS test
              server); demo.sh reads the copies through CONNECTORS_DIR
  compose     compose_stand_in.py, first on PATH as `docker` (and as `docker-compose` in the run
              without python3), answers demo.sh's `compose exec` calls from the local worker,
              files and tree
  WebHDFS     a LISTSTATUS responder over the same local tree, for the curl demo.sh makes

demo.sh runs three times:
  1. started before the worker: it must wait for /health, create the three connectors (201) and
     show the topic's first records, the file sink's last lines and the committed HDFS files, all
     checked against the access log the generator wrote;
  2. with a key added to each connector file: each POST gets 409, and demo.sh must PUT the file's
     config (200); the worker's configs must then be the files' configs;
  3. like 2, with no python3 on PATH and only `docker-compose`: the config goes through demo.sh's
     sed fallback, and demo.sh picks Compose v1.
Any failing run of demo.sh, and any call the stand-in refuses, fails the test.

Usage: demo_script_test.py <sluice source dir> <sluice build dir>. Exits 77 (skipped) where bash
or curl is missing.
"""
import configparser
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONNECTORS = ("file-source", "file-sink", "hdfs-sink")
NAMES = {"file-source": "weblogs-source", "file-sink": "weblogs-file-sink",
         "hdfs-sink": "weblogs-hdfs-sink"}
# A committed file of the 10-minute layout: <topic>+<partition>+<first offset>+<last offset>.txt.
COMMITTED = (r"/sluice/topics/weblogs/dt=\d{4}-\d{2}-\d{2}/hm=\d{2}[0-5]0/"
             r"weblogs\+0\+(\d{10})\+\d{10}\.txt")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_properties(path):
    parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str
    parser.read_string("[worker]\n" + Path(path).read_text())
    return dict(parser["worker"])


def http_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def sections(output):
    """demo.sh's output as {header line: [lines under it]}, split at the "== " headers."""
    result, current = {}, None
    for line in output.splitlines():
        if line.startswith("== "):
            current = line
            result[current] = []
        elif current is not None:
            result[current].append(line)
    return result


def section(parts, pattern):
    """(match, lines) of the one section whose header matches `pattern`."""
    found = [(re.fullmatch(pattern, h), lines) for h, lines in parts.items()
             if re.fullmatch(pattern, h)]
    check(len(found) == 1, f"demo.sh printed {len(found)} sections matching {pattern!r}: "
                           f"{list(parts)}")
    return found[0]


class ListStatusHandler(BaseHTTPRequestHandler):
    """WebHDFS's LISTSTATUS over the local tree the hdfs-sink writes; nothing else."""
    root = None
    requests = []

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        type(self).requests.append(self.path)
        prefix = "/webhdfs/v1"
        if not url.path.startswith(prefix + "/") or query.get("op") != ["LISTSTATUS"]:
            return self.reply(400, {"RemoteException": {
                "exception": "IllegalArgumentException", "message": f"not served: {self.path}"}})
        hdfs_path = urllib.parse.unquote(url.path[len(prefix):])
        local = self.root / hdfs_path.lstrip("/")
        if ".." in Path(hdfs_path).parts or not local.is_dir():
            return self.reply(404, {"RemoteException": {
                "exception": "FileNotFoundException",
                "message": f"File {hdfs_path} does not exist."}})
        statuses = []
        for child in sorted(local.iterdir()):
            info, is_dir = child.stat(), child.is_dir()
            statuses.append({
                "pathSuffix": child.name, "type": "DIRECTORY" if is_dir else "FILE",
                "length": 0 if is_dir else info.st_size, "owner": "hadoop",
                "group": "supergroup", "permission": "755" if is_dir else "644",
                "modificationTime": int(info.st_mtime * 1000), "replication": 0 if is_dir else 1})
        self.reply(200, {"FileStatuses": {"FileStatus": statuses}})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class DemoTest:
    def __init__(self, source_dir, build_dir, work):
        self.source_dir, self.build_dir, self.work = source_dir, build_dir, work
        self.deploy_dir = source_dir / "deploy"
        self.sluice = build_dir / "bin" / "sluice"
        self.sluicectl = build_dir / "bin" / "sluicectl"
        self.rest_port, self.grpc_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rest_port}"
        self.access_log = work / "web" / "access.log"
        self.out_dir = work / "out"
        self.hdfs_root = work / "hdfs"
        self.connectors_dir = work / "connectors"
        self.stand_in_log = work / "compose-calls.jsonl"
        self.worker = self.generator = self.webhdfs = None
        self.worker_log = work / "worker.log"
        self.last_output = ""

    # --- what replaces the containers --------------------------------------------------------

    def write_worker_config(self):
        demo = read_properties(self.deploy_dir / "worker.properties")
        check("bootstrap.servers" in demo, "deploy/worker.properties has no bootstrap.servers")
        self.kafka_address = demo["bootstrap.servers"]
        container_keys = {"listeners", "grpc.listeners", "bootstrap.servers", "plugin.path",
                          "offset.storage.file.filename", "config.storage.file.filename",
                          "log.dirs"}
        config = {k: v for k, v in demo.items() if k not in container_keys}
        state = self.work / "state"
        state.mkdir()
        config.update({
            "listeners": self.url,
            "grpc.listeners": f"127.0.0.1:{self.grpc_port}",
            "plugin.path": str(self.build_dir / "plugins"),
            "log.dirs": str(state / "data"),
            "offset.storage.file.filename": str(state / "connect.offsets"),
        })
        self.worker_config = self.work / "worker.properties"
        self.worker_config.write_text("".join(f"{k}={v}\n" for k, v in config.items()))

    def write_connectors(self, extra=None):
        """The demo's connector files with local paths (and `extra` keys), in their layout."""
        self.connectors_dir.mkdir(exist_ok=True)
        # The image makes /data/out for the file sink, which does not create folders.
        self.out_dir.mkdir(exist_ok=True)
        self.configs = {}
        for connector in CONNECTORS:
            body = json.loads((self.deploy_dir / "connectors" / f"{connector}.json").read_text())
            check(body["name"] == NAMES[connector], f"{connector}.json names {body['name']}")
            config = body["config"]
            if connector == "file-source":
                check(config["file"] == "/var/log/web/access.log", f"source file {config['file']}")
                config["file"] = str(self.access_log)
            elif connector == "file-sink":
                self.sink_file = config["file"]
                check(self.sink_file == "/data/out/weblogs.txt", f"sink file {self.sink_file}")
                config["file"] = str(self.out_dir / "weblogs.txt")
            else:
                check(config["hdfs.url"] == "webhdfs://namenode:9870",
                      f"hdfs.url {config['hdfs.url']}")
                config["hdfs.url"] = self.hdfs_root.as_uri()
            config.update(extra or {})
            self.configs[body["name"]] = config
            # json.dumps(indent=2) is the layout of deploy/connectors/ (check_compose.py holds
            # them to it), which demo.sh's sed fallback reads.
            text = json.dumps(body, indent=2) + "\n"
            (self.connectors_dir / f"{connector}.json").write_text(text)

    def write_stand_in(self):
        stand_in = Path(__file__).resolve().parent / "compose_stand_in.py"
        self.stand_in_config = self.work / "compose-stand-in.json"
        self.stand_in_config.write_text(json.dumps({
            "log": str(self.stand_in_log),
            "paths": {"/data/out": str(self.out_dir)},
            "hdfs_root": str(self.hdfs_root),
            "sluicectl": str(self.sluicectl),
            "grpc": f"127.0.0.1:{self.grpc_port}",
            "bootstrap_servers": self.kafka_address,
        }))
        for program in ("docker", "docker-compose"):
            folder = self.work / ("bin" if program == "docker" else "bin-without-python")
            folder.mkdir(exist_ok=True)
            wrapper = folder / program
            # An absolute interpreter: the third run has no python3 on PATH.
            wrapper.write_text("#!/bin/sh\nexec " + " ".join(
                shlex.quote(str(p)) for p in (sys.executable, stand_in, program)) + ' "$@"\n')
            wrapper.chmod(0o755)
        # Every program on PATH but python3 (and the real docker): demo.sh must not find python3.
        restricted = self.work / "bin-without-python"
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if not folder or not Path(folder).is_dir():
                continue
            for program in Path(folder).iterdir():
                name = program.name
                if (name.startswith("python") or name in ("docker", "docker-compose")
                        or (restricted / name).exists() or not os.access(program, os.X_OK)
                        or program.is_dir()):
                    continue
                (restricted / name).symlink_to(program)
        self.paths = {
            "docker": f"{self.work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "docker-compose": str(restricted),
        }
        check(shutil.which("python3", path=self.paths["docker-compose"]) is None,
              "python3 is still on the restricted PATH")
        check(shutil.which("docker", path=self.paths["docker-compose"]) is None,
              "docker is still on the restricted PATH")
        stand_in_docker = str(self.work / "bin" / "docker")
        check(shutil.which("docker", path=self.paths["docker"]) == stand_in_docker,
              "the stand-in is not the first docker on PATH")

    def start_generator(self):
        self.access_log.parent.mkdir()
        # 50 lines a second: the hdfs-sink's flush.size of 100 is reached within seconds.
        self.generator = subprocess.Popen(
            ["bash", str(self.deploy_dir / "log-generator.sh"), str(self.access_log)],
            env={**os.environ, "LINES_PER_SECOND": "50"}, stdout=subprocess.DEVNULL,
            start_new_session=True)

    def start_webhdfs(self):
        ListStatusHandler.root = self.hdfs_root
        self.webhdfs = ThreadingHTTPServer(("127.0.0.1", 0), ListStatusHandler)
        threading.Thread(target=self.webhdfs.serve_forever, daemon=True).start()

    def start_worker(self):
        (self.work / "state").mkdir(exist_ok=True)
        self.worker = subprocess.Popen(
            [str(self.sluice), "standalone", str(self.worker_config)], cwd=self.work / "state",
            stdout=self.worker_log.open("w"), stderr=subprocess.STDOUT)

    # --- demo.sh -----------------------------------------------------------------------------

    def demo_env(self, compose):
        return {**os.environ, "PATH": self.paths[compose], "SLUICE_URL": self.url,
                "WEBHDFS_URL": f"http://127.0.0.1:{self.webhdfs.server_address[1]}",
                "CONNECTORS_DIR": str(self.connectors_dir),
                "SLUICE_COMPOSE_STAND_IN": str(self.stand_in_config)}

    def start_demo(self, compose, run):
        self.demo_out = self.work / f"demo-{run}.out"
        self.demo_err = self.work / f"demo-{run}.err"
        self.stand_in_log.write_text("")
        return subprocess.Popen([str(self.deploy_dir / "demo.sh")], env=self.demo_env(compose),
                                stdout=self.demo_out.open("w"), stderr=self.demo_err.open("w"))

    def finish_demo(self, demo, timeout):
        try:
            status = demo.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            demo.kill()
            demo.wait()
            status = "timed out"
        self.last_output = (f"--- demo.sh stdout\n{self.demo_out.read_text()}"
                            f"--- demo.sh stderr\n{self.demo_err.read_text()}"
                            f"--- compose calls\n{self.stand_in_log.read_text()}")
        check(status == 0, f"demo.sh exited with {status}")
        calls = [json.loads(line) for line in self.stand_in_log.read_text().splitlines()]
        refused = [c for c in calls if "refused" in c]
        check(not refused, f"the compose stand-in refused {refused}")
        return self.demo_out.read_text(), calls

    # --- the runs ----------------------------------------------------------------------------

    def first_run(self):
        demo = self.start_demo("docker", "1")
        # demo.sh starts before the worker: it must be waiting on /health, not failing.
        waiting = f"== waiting for the worker at {self.url}/health"
        deadline = time.monotonic() + 20
        while waiting not in self.demo_out.read_text() and time.monotonic() < deadline:
            check(demo.poll() is None, f"demo.sh exited with {demo.poll()} before the worker ran:\n"
                                       f"{self.demo_out.read_text()}{self.demo_err.read_text()}")
            time.sleep(0.2)
        check(waiting in self.demo_out.read_text(), "demo.sh did not start waiting for the worker")
        time.sleep(2)
        check(demo.poll() is None, "demo.sh did not wait for the worker")
        check("== creating" not in self.demo_out.read_text(), "demo.sh went on without a worker")
        self.start_worker()
        output, calls = self.finish_demo(demo, timeout=240)

        parts = sections(output)
        _, root = section(parts, re.escape(waiting))
        check(any(line.startswith("{") and '"version"' in line for line in root),
              f"no GET / answer after the health wait: {root}")
        _, created = section(parts, "== creating the connectors")
        check(created == [f"created {NAMES[c]}" for c in CONNECTORS],
              f"first run, expected three connectors created, got {created}")
        for name in NAMES.values():
            status = http_json(f"{self.url}/connectors/{name}/status")
            states = [status["connector"]["state"]] + [t["state"] for t in status["tasks"]]
            check(states[1:] and set(states) == {"RUNNING"}, f"{name}: {status}")

        access = self.access_log.read_text().splitlines()
        _, kafka = section(parts, r"== Kafka: the first 5 records of topic weblogs .*")
        check(kafka == access[:5], f"the topic's first records {kafka} are not the access log's "
                                   f"first lines {access[:5]}")
        consumer = [c["args"] for c in calls if "kafka" in c["args"]]
        check(len(consumer) == 1 and "--from-beginning" in consumer[0], f"consumer call {consumer}")

        match, tail = section(
            parts, rf"== file sink: the last 5 of the (\d+) lines in {re.escape(self.sink_file)}")
        counted = int(match.group(1))
        check(counted >= 5 and len(tail) == 5, f"file sink: {counted} lines, shown {tail}")
        # The sink holds the access log's lines in order; it may have grown between wc and tail.
        starts = [i for i in range(len(access) - 4) if access[i:i + 5] == tail]
        check(starts and starts[0] >= counted - 5,
              f"the file sink's last lines {tail} are not the access log's lines after line "
              f"{counted - 5}")

        _, listing = section(parts, r"== HDFS: hdfs dfs -ls -R /sluice/topics .*")
        files = [line.split()[-1] for line in listing if line.startswith("-")]
        committed = [f for f in files if re.fullmatch(COMMITTED, f)]
        check(committed, f"no committed file of the 10-minute layout in the listing: {listing}")
        _, statuses = section(parts, "== HDFS: WebHDFS LISTSTATUS of /sluice/topics/weblogs")
        listed = json.loads("".join(statuses))["FileStatuses"]["FileStatus"]
        days = [s["pathSuffix"] for s in listed]
        check(days and all(re.fullmatch(r"dt=\d{4}-\d{2}-\d{2}", d) for d in days),
              f"LISTSTATUS of weblogs: {days}")
        check(any("user.name=hadoop" in r for r in ListStatusHandler.requests),
              f"WebHDFS requests {ListStatusHandler.requests}")
        # demo.sh shows the first committed file it lists. The topic holds the access log's
        # lines in order from offset 0, so the file begins with the line at its first offset.
        match, head = section(parts, rf"== HDFS: the first 3 lines of ({COMMITTED})")
        check(match.group(1) == committed[0], f"demo.sh showed {match.group(1)}, not the first "
                                              f"committed file {committed[0]}")
        start = int(match.group(2))
        check(head == access[start:start + 3],
              f"{match.group(1)} begins {head}, not {access[start:start + 3]}")
        print(f"run 1: waited for /health, created 3 connectors; {counted} lines in the file sink, "
              f"{len(committed)} committed files in HDFS")

    def update_run(self, compose, run, extra):
        self.write_connectors(extra)
        output, calls = self.finish_demo(self.start_demo(compose, run), timeout=180)
        _, lines = section(sections(output), "== creating the connectors")
        check(lines == [f"updated {NAMES[c]}" for c in CONNECTORS],
              f"run {run}: expected three connectors updated, got {lines}")
        for name, config in self.configs.items():
            actual = http_json(f"{self.url}/connectors/{name}/config")
            check(actual == {**config, "name": name},
                  f"run {run}: {name}'s config is {actual}, not the file's {config}")
        programs = {c["program"] for c in calls}
        check(programs == {compose}, f"run {run}: demo.sh called {programs}, expected {compose}")
        print(f"run {run} ({compose}): 409 -> PUT -> 200 for the three connectors; "
              f"the worker has the files' configs {sorted(extra)}")

    def stop(self):
        """Stops what the test started (once); the worker's exit status, "killed" if SIGTERM did
        not stop it within 30 s."""
        status = None
        if self.worker is not None:
            if self.worker.poll() is None:
                self.worker.send_signal(signal.SIGTERM)
                try:
                    self.worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.worker.kill()
                    self.worker.wait()
                    status = "killed"
            status = status or self.worker.returncode
            self.worker = None
        if self.generator is not None:
            # The generator's bash and its sleep: the process group it was started in.
            os.killpg(self.generator.pid, signal.SIGTERM)
            self.generator.wait()
            self.generator = None
        if self.webhdfs is not None:
            self.webhdfs.shutdown()
            self.webhdfs.server_close()
            self.webhdfs = None
        return status

    def run(self):
        self.write_worker_config()
        self.write_connectors()
        self.write_stand_in()
        self.start_webhdfs()
        self.start_generator()
        self.first_run()
        self.update_run("docker", "2", {"errors.log.enable": "true"})
        self.update_run("docker-compose", "3",
                        {"errors.log.enable": "true", "errors.log.include.messages": "true"})
        status = self.stop()
        check(status == 0, f"the worker exited with {status} on SIGTERM")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    for tool in ("bash", "curl"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed")
            return 77
    source_dir, build_dir = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory(prefix="sluice-demo-test.") as work:
        test = DemoTest(source_dir, build_dir, Path(work))
        try:
            plugins = [build_dir / "plugins" / f"{c}.so" for c in CONNECTORS]
            for binary in (test.sluice, test.sluicectl, *plugins):
                check(binary.is_file(), f"{binary} is not built")
            test.run()
        except Exception as failure:  # a Failure, or anything unexpected: show what ran
            test.stop()
            print(test.last_output)
            if test.worker_log.exists():
                print("--- worker log (last 40 lines)")
                print("\n".join(test.worker_log.read_text().splitlines()[-40:]))
            print(f"FAIL: {failure}")
            return 1
        finally:
            test.stop()
    print("deploy/demo.sh waits for the worker, creates the connectors, updates them on a second "
          "run (with and without python3) and shows the data in all three places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
