#!/usr/bin/env python3
"""A connector's whole lifecycle driven from another language against a running worker: first
through the REST API with Python's standard library, then through sluicectl over gRPC.

Usage: lifecycle_test.py <build dir>. Exits non-zero on the first mismatch."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BUILD = sys.argv[1]
failures = 0
passes = 0


def free_ports(count):
    # All sockets stay bound until every port is known, so no port is handed out twice.
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def check(label, actual, expected):
    global failures, passes
    if actual == expected:
        passes += 1
        print(f"ok   {label}")
    else:
        failures += 1
        print(f"FAIL {label}: expected {expected!r}, got {actual!r}")


def request(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode() or "null")
    except (urllib.error.URLError, ConnectionError):
        return 0, None  # not listening (yet)


def wait_for(predicate, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def task_states(port, name):
    status, body = request(port, "GET", f"/connectors/{name}/status")
    return [t["state"] for t in body["tasks"]] if status == 200 else []


def main():
    work = tempfile.mkdtemp(prefix="sluice-lifecycle-")
    port, grpc_port = free_ports(2)
    with open(os.path.join(work, "worker.properties"), "w") as f:
        f.write(f"listeners=http://127.0.0.1:{port}\ngrpc.listeners=127.0.0.1:{grpc_port}\n"
                f"log.dirs={work}/data\noffset.storage.file.filename={work}/offsets\n"
                f"offset.flush.interval.ms=200\n"
                "value.converter=org.apache.kafka.connect.storage.StringConverter\n")
    log = open(os.path.join(work, "worker.log"), "w")
    worker = subprocess.Popen([f"{BUILD}/bin/sluice", "standalone", f"{work}/worker.properties"],
                              stdout=log, stderr=log, cwd=work)
    try:
        assert wait_for(lambda: request(port, "GET", "/")[0] == 200), "worker did not start"
        source = {"connector.class": "FileStreamSource", "file": f"{work}/in.txt", "topic": "t"}
        sink = {"connector.class": "FileStreamSink", "file": f"{work}/out.txt", "topics": "t"}
        with open(f"{work}/in.txt", "w") as f:
            f.write("one\ntwo\n")

        # --- REST, from Python ---
        status, body = request(port, "POST", "/connectors", {"name": "src", "config": source})
        check("create source", (status, body["name"], body["type"]), (201, "src", "source"))
        check("create again", request(port, "POST", "/connectors",
                                      {"name": "src", "config": source})[0], 409)
        check("put sink", request(port, "PUT", "/connectors/sink/config", sink)[0], 201)
        check("list", request(port, "GET", "/connectors")[1], ["sink", "src"])
        check("running", wait_for(lambda: task_states(port, "src") == ["RUNNING"]), True)
        check("data flows", wait_for(lambda: os.path.exists(f"{work}/out.txt") and
                                     open(f"{work}/out.txt").read() == "one\ntwo\n"), True)
        check("config", request(port, "GET", "/connectors/src/config")[1]["topic"], "t")
        check("tasks", request(port, "GET", "/connectors/src/tasks")[1][0]["id"],
              {"connector": "src", "task": 0})
        check("pause", request(port, "PUT", "/connectors/src/pause")[0], 202)
        check("paused", wait_for(lambda: task_states(port, "src") == ["PAUSED"]), True)
        check("resume", request(port, "PUT", "/connectors/src/resume")[0], 202)
        check("resumed", wait_for(lambda: task_states(port, "src") == ["RUNNING"]), True)
        check("restart", request(port, "POST", "/connectors/src/restart")[0], 204)
        status, body = request(port, "POST", "/connectors/src/restart?includeTasks=true")
        check("restart with tasks", status, 202)
        check("task restart", request(port, "POST", "/connectors/src/tasks/0/restart")[0], 204)
        check("patch", request(port, "PATCH", "/connectors/src/config", {"batch.size": "10"})[1]
              ["config"]["batch.size"], "10")
        check("stop", request(port, "PUT", "/connectors/src/stop")[0], 204)
        status, body = request(port, "GET", "/connectors/src/offsets")
        check("offsets", body["offsets"][0]["offset"]["position"], 8)
        check("alter offsets", request(port, "PATCH", "/connectors/src/offsets", {"offsets": [
            {"partition": {"filename": f"{work}/in.txt"}, "offset": {"position": 4}}]})[0], 200)
        check("resume from stop", request(port, "PUT", "/connectors/src/resume")[0], 202)
        check("replays from the altered offset", wait_for(
            lambda: open(f"{work}/out.txt").read() == "one\ntwo\ntwo\n"), True)
        check("delete", request(port, "DELETE", "/connectors/src")[0], 204)
        check("gone", request(port, "GET", "/connectors/src")[0], 404)
        check("bad json", request(port, "POST", "/connectors", None)[0] // 100, 4)

        # --- the same lifecycle through sluicectl (gRPC) ---
        ctl = [f"{BUILD}/bin/sluicectl", "--server", f"127.0.0.1:{grpc_port}"]
        with open(f"{work}/src2.properties", "w") as f:
            f.write("name=src2\nconnector.class=FileStreamSource\n"
                    f"file={work}/in.txt\ntopic=t2\n")

        def run(*args):
            r = subprocess.run(ctl + list(args), capture_output=True, text=True, timeout=60)
            return r.returncode, r.stdout, r.stderr

        check("sluicectl create", run("create", f"{work}/src2.properties")[0], 0)
        check("sluicectl list", "src2" in run("list")[1], True)
        check("sluicectl status", wait_for(lambda: "RUNNING" in run("status", "src2")[1]), True)
        code, out, _ = run("-o", "json", "describe", "src2")
        check("sluicectl describe json", (code, json.loads(out)["name"]), (0, "src2"))
        check("sluicectl pause", run("pause", "src2")[0], 0)
        check("sluicectl resume", run("resume", "src2")[0], 0)
        check("sluicectl restart", run("restart", "src2", "--include-tasks")[0], 0)
        check("sluicectl stop", run("stop", "src2")[0], 0)
        check("sluicectl offsets", "position" in run("offsets", "get", "src2")[1], True)
        check("sluicectl topics", "t2" in run("topics", "list")[1], True)
        check("sluicectl delete", run("delete", "src2")[0], 0)
        check("sluicectl missing is an error", run("status", "src2")[0], 1)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            check("graceful exit", worker.wait(timeout=30), 0)
        except subprocess.TimeoutExpired:
            worker.kill()
            check("graceful exit", "timeout", 0)
        log.close()
        if failures:
            print(open(os.path.join(work, "worker.log")).read()[-4000:])
        shutil.rmtree(work, ignore_errors=True)
    print(f"lifecycle: {passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
