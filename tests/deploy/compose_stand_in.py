#!/usr/bin/env python3
"""Stands in for `docker compose` and `docker-compose` when demo_script_test.py runs deploy/demo.sh
on a local worker instead of the demo's containers.

demo.sh reaches into three containers with `compose exec -T <service> <command>`. Each command
demo.sh uses is answered from what replaces that container in the test, so that demo.sh shows the
data the local worker really moved:

  sluice    test -s / wc -l / tail -n on the file sink's output: run on the local file that the
            container path maps to
  kafka     kafka-console-consumer.sh: the topic read back with sluicectl from the worker's
            embedded log, printed as the console consumer prints it
  namenode  hdfs dfs -ls -R / -cat: the local tree that the test's hdfs-sink writes (hdfs.url
            file://<root>), listed as `hdfs dfs` lists it

Anything else (another subcommand, another service or command, exec without -T, a path outside
the mapped folders) is refused with exit code 2 and recorded, and the test fails on it.

Usage: compose_stand_in.py docker|docker-compose <arguments...>; the environment variable
SLUICE_COMPOSE_STAND_IN names a JSON file:
  {"log": <file to append one JSON line per call to>,
   "paths": {<container folder>: <local folder>, ...},
   "hdfs_root": <local folder holding HDFS's />,
   "sluicectl": <path>, "grpc": <host:port>, "bootstrap_servers": <Kafka address in the demo>}
"""
import argparse
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

CONSOLE_CONSUMER = "/opt/kafka/bin/kafka-console-consumer.sh"


class Refused(Exception):
    """A call the demo's containers would not answer as demo.sh expects."""


class StandIn:
    def __init__(self, config):
        self.config = config
        self.paths = {PurePosixPath(k): Path(v) for k, v in config["paths"].items()}
        self.hdfs_root = Path(config["hdfs_root"])

    def local_path(self, container_path):
        path = PurePosixPath(container_path)
        for folder, local in self.paths.items():
            if path == folder or folder in path.parents:
                return local / path.relative_to(folder)
        folders = sorted(map(str, self.paths))
        raise Refused(f"{container_path} is in none of the mapped folders {folders}")

    def hdfs_path(self, hdfs_path):
        path = PurePosixPath(hdfs_path)
        if not path.is_absolute() or ".." in path.parts:
            raise Refused(f"HDFS path {hdfs_path} is not absolute")
        return self.hdfs_root / path.relative_to("/")

    # --- the services ------------------------------------------------------------------------

    def sluice(self, command):
        allowed = {("test", "-s"): 3, ("wc", "-l"): 3, ("tail", "-n"): 4}
        if tuple(command[:2]) not in allowed or len(command) != allowed[tuple(command[:2])]:
            raise Refused(f"sluice: unexpected command {command}")
        local = [*command[:-1], str(self.local_path(command[-1]))]
        return subprocess.run(local).returncode

    def kafka(self, command):
        if not command or command[0] != CONSOLE_CONSUMER:
            raise Refused(f"kafka: unexpected command {command}")
        parser = argparse.ArgumentParser(prog=CONSOLE_CONSUMER, add_help=False)
        parser.add_argument("--bootstrap-server", required=True)
        parser.add_argument("--topic", required=True)
        parser.add_argument("--from-beginning", action="store_true")
        parser.add_argument("--max-messages", type=int)
        parser.add_argument("--timeout-ms", type=int)
        try:
            args = parser.parse_args(command[1:])
        except SystemExit:
            raise Refused(f"kafka: {CONSOLE_CONSUMER} does not take {command[1:]}")
        if args.bootstrap_server != self.config["bootstrap_servers"]:
            raise Refused(f"kafka: --bootstrap-server {args.bootstrap_server}, but Kafka is at "
                          f"{self.config['bootstrap_servers']} inside the demo's network")
        consume = [self.config["sluicectl"], "--server", self.config["grpc"], "topics", "consume"]
        if args.from_beginning:
            consume.append("--from-beginning")
        if args.max_messages is not None:
            consume += ["--max", str(args.max_messages)]
        result = subprocess.run([*consume, args.topic], capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            return result.returncode
        sys.stdout.write(result.stdout)
        # The console consumer's last word, on stderr as it prints it.
        print(f"Processed a total of {len(result.stdout.splitlines())} messages", file=sys.stderr)
        return 0

    def namenode(self, command):
        if command[:2] != ["hdfs", "dfs"] or len(command) < 4:
            raise Refused(f"namenode: unexpected command {command}")
        if command[2:4] == ["-ls", "-R"] and len(command) == 5:
            return self.hdfs_ls_recursive(command[4])
        if command[2] == "-cat" and len(command) == 4:
            local = self.hdfs_path(command[3])
            if not local.is_file():
                print(f"cat: `{command[3]}': No such file or directory", file=sys.stderr)
                return 1
            try:
                sys.stdout.buffer.write(local.read_bytes())
                sys.stdout.flush()
            except BrokenPipeError:
                # demo.sh reads only the first lines (`| head`); the real cat fails the same way.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return 1
            return 0
        raise Refused(f"namenode: unexpected command {command}")

    def hdfs_ls_recursive(self, hdfs_path):
        root = self.hdfs_path(hdfs_path)
        if not root.exists():
            print(f"ls: `{hdfs_path}': No such file or directory", file=sys.stderr)
            return 1

        def entry(local, shown):
            info = local.stat()
            is_dir = stat.S_ISDIR(info.st_mode)
            when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(info.st_mtime))
            # `hdfs dfs -ls`: permissions, replication (- for folders), owner, group, size, time.
            print(f"{'drwxr-xr-x' if is_dir else '-rw-r--r--'}   {'-' if is_dir else '1'} "
                  f"hadoop supergroup {0 if is_dir else info.st_size:>10} {when} {shown}")

        def walk(local, shown):
            for child in sorted(local.iterdir(), key=lambda p: p.name):
                child_shown = f"{shown.rstrip('/')}/{child.name}"
                entry(child, child_shown)
                if child.is_dir():
                    walk(child, child_shown)

        if root.is_dir():
            walk(root, hdfs_path)
        else:
            entry(root, hdfs_path)
        return 0

    # --- compose -----------------------------------------------------------------------------

    def compose(self, args):
        if args == ["version"]:
            print("Docker Compose version v2 (Sluice demo test stand-in)")
            return 0
        if len(args) < 3 or args[0] != "exec":
            raise Refused(f"unexpected compose call {args}")
        if args[1] != "-T":
            # demo.sh captures what exec prints: a pseudo-terminal would add carriage returns.
            raise Refused(f"exec without -T: {args}")
        service, command = args[2], args[3:]
        handlers = {"sluice": self.sluice, "kafka": self.kafka, "namenode": self.namenode}
        handler = handlers.get(service)
        if handler is None:
            raise Refused(f"exec in service {service}, which demo.sh has no reason to use")
        return handler(command)


def main():
    program, args = sys.argv[1], sys.argv[2:]
    config = json.loads(Path(os.environ["SLUICE_COMPOSE_STAND_IN"]).read_text())
    record = {"program": program, "args": args}
    try:
        if program == "docker":
            if not args or args[0] != "compose":
                raise Refused(f"docker {' '.join(args)}: only `docker compose` is expected")
            args = args[1:]
        status = StandIn(config).compose(args)
    except Refused as refusal:
        record["refused"] = str(refusal)
        print(f"compose stand-in: {refusal}", file=sys.stderr)
        status = 2
    record["status"] = status
    with open(config["log"], "a") as log:
        log.write(json.dumps(record) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
