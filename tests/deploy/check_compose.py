#!/usr/bin/env python3
"""Checks that the demo's files fit together, without a Docker engine.

deploy/docker-compose.yml, deploy/Dockerfile, deploy/worker.properties and deploy/connectors/*.json
name each other's hosts, ports, paths and volumes; this test reads them all and reports every
mismatch: a depends_on naming no service, an undeclared volume, a bind mount or env file that does
not exist, a connector writing where the worker has no writable volume, a Kafka or WebHDFS address
no service answers on, a port the worker listens on but the service does not publish.

Usage: check_compose.py <sluice source dir>. Exits 77 (skipped) when PyYAML is not installed.
"""
import configparser
import json
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

try:
    import yaml
except ImportError:
    print("SKIP: PyYAML is not installed (Debian: python3-yaml)")
    sys.exit(77)

EXPECTED_SERVICES = {"kafka", "namenode", "datanode", "log-generator", "sluice"}


class Checker:
    def __init__(self, source_dir: Path):
        self.source_dir = source_dir
        self.deploy_dir = source_dir / "deploy"
        self.errors = []
        self.compose = yaml.safe_load((self.deploy_dir / "docker-compose.yml").read_text())
        self.services = self.compose.get("services") or {}
        self.worker = self._read_properties(self.deploy_dir / "worker.properties")
        self.connectors = {
            p.name: json.loads(p.read_text())
            for p in sorted((self.deploy_dir / "connectors").glob("*.json"))
        }

    def error(self, message):
        self.errors.append(message)

    @staticmethod
    def _read_properties(path: Path):
        parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
        parser.optionxform = str  # keys are case-sensitive
        parser.read_string("[worker]\n" + path.read_text())
        return dict(parser["worker"])

    # --- compose structure -------------------------------------------------------------------

    def mounts(self, service):
        """(source, target, read_only) for each short-syntax volume entry of a service."""
        result = []
        for entry in self.services[service].get("volumes") or []:
            parts = entry.split(":")
            if len(parts) < 2:
                self.error(f"{service}: volume entry '{entry}' is not source:target[:mode]")
                continue
            result.append((parts[0], parts[1], len(parts) > 2 and "ro" in parts[2].split(",")))
        return result

    def published_container_ports(self, service):
        ports = set()
        for entry in self.services[service].get("ports") or []:
            ports.add(int(str(entry).split(":")[-1].split("/")[0]))
        return ports

    def check_services(self):
        missing = EXPECTED_SERVICES - set(self.services)
        if missing:
            self.error(f"docker-compose.yml lacks the services {sorted(missing)}")
        declared_volumes = set(self.compose.get("volumes") or {})
        for name, service in self.services.items():
            depends = service.get("depends_on") or []
            for other in depends if isinstance(depends, list) else depends.keys():
                if other not in self.services:
                    self.error(f"{name}: depends_on names '{other}', which is not a service")
            for env_file in service.get("env_file") or []:
                if not (self.deploy_dir / env_file).is_file():
                    self.error(f"{name}: env_file {env_file} does not exist")
            for source, _, _ in self.mounts(name):
                if source.startswith((".", "/")):
                    if source.startswith(".") and not (self.deploy_dir / source).exists():
                        self.error(f"{name}: bind mount source {source} does not exist")
                elif source not in declared_volumes:
                    self.error(f"{name}: volume '{source}' is not declared under volumes:")
            build = service.get("build")
            if build:
                context = self.deploy_dir / build.get("context", ".")
                dockerfile = context / build.get("dockerfile", "Dockerfile")
                if not dockerfile.is_file():
                    self.error(f"{name}: the build's Dockerfile {dockerfile} does not exist")

    def check_image_sources(self):
        """The Dockerfile's COPY sources exist in its build context, the repository root."""
        dockerfile = (self.deploy_dir / "Dockerfile").read_text()
        for line in dockerfile.splitlines():
            words = line.split()
            if not words or words[0] != "COPY" or any(w.startswith("--from") for w in words):
                continue
            for source in words[1:-1]:
                if not (self.source_dir / source).exists():
                    self.error(f"Dockerfile: COPY {source}: not in the build context")

    # --- the worker and its connectors -------------------------------------------------------

    def mount_holding(self, service, path):
        """The mount of `service` whose target holds `path`, or None."""
        best = None
        for mount in self.mounts(service):
            target = mount[1].rstrip("/")
            if path == target or path.startswith(target + "/"):
                if best is None or len(target) > len(best[1]):
                    best = mount
        return best

    def check_worker_listeners(self):
        published = self.published_container_ports("sluice")
        for key in ("listeners", "grpc.listeners"):
            value = self.worker.get(key, "")
            # grpc.listeners is host:port, without a scheme.
            url = urlparse(value if "//" in value else "grpc://" + value)
            if url.hostname not in ("0.0.0.0", "::"):
                self.error(f"worker.properties: {key}={value} is unreachable from outside the "
                           "container; listen on 0.0.0.0")
            if url.port not in published:
                self.error(f"worker.properties: {key} port {url.port} is not published by the "
                           f"sluice service (ports: {sorted(published)})")
        dockerfile = (self.deploy_dir / "Dockerfile").read_text()
        port = urlparse(self.worker.get("listeners", "")).port
        if f"127.0.0.1:{port}/health" not in dockerfile:
            self.error(f"Dockerfile: the HEALTHCHECK does not ask /health on port {port}")
        for exposed in (port, urlparse("grpc://" + self.worker.get("grpc.listeners", "")).port):
            if not re.search(rf"^EXPOSE .*\b{exposed}\b", dockerfile, re.M):
                self.error(f"Dockerfile: port {exposed} is not EXPOSEd")

    def check_kafka_address(self):
        servers = self.worker.get("bootstrap.servers", "")
        advertised = str(self.services["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"])
        for server in filter(None, servers.split(",")):
            host = server.split(":")[0]
            if host not in self.services:
                self.error(f"worker.properties: bootstrap.servers names '{host}', not a service")
            if f"//{server}" not in advertised:
                self.error(f"worker.properties: bootstrap.servers {server} is not among Kafka's "
                           f"advertised listeners ({advertised})")

    def check_plugin_path(self):
        for entry in self.worker.get("plugin.path", "").split(","):
            entry = entry.strip()
            if entry == "/usr/lib/sluice/plugins":
                continue  # where the image installs the bundled plugins (cmake --install /usr)
            if self.mount_holding("sluice", entry) is None:
                self.error(f"worker.properties: plugin.path entry {entry} is neither the bundled "
                           "plugins' folder nor a volume of the sluice service")

    def check_connectors(self):
        expected = {"file-source.json", "file-sink.json", "hdfs-sink.json"}
        if set(self.connectors) != expected:
            self.error(f"connectors/: expected {sorted(expected)}, found {sorted(self.connectors)}")
        for file, connector in self.connectors.items():
            if not isinstance(connector.get("name"), str) or not isinstance(
                    connector.get("config"), dict):
                self.error(f"connectors/{file}: not {{\"name\": ..., \"config\": {{...}}}}")
        source = self.connectors.get("file-source.json", {}).get("config", {})
        topic = source.get("topic")
        for file in ("file-sink.json", "hdfs-sink.json"):
            topics = self.connectors.get(file, {}).get("config", {}).get("topics")
            if topics != topic:
                self.error(f"connectors/{file}: topics={topics}, but the source writes {topic}")

        # The source tails what log-generator writes, through a volume both mount.
        log_file = source.get("file", "")
        worker_mount = self.mount_holding("sluice", log_file)
        generator_mount = self.mount_holding("log-generator", log_file)
        if worker_mount is None or generator_mount is None or worker_mount[0] != generator_mount[0]:
            self.error(f"connectors/file-source.json: {log_file} is not on a volume shared by "
                       "log-generator and sluice")
        if log_file not in " ".join(self.services["log-generator"].get("command") or []):
            self.error(f"log-generator does not write {log_file}")

        # The sink writes on a writable volume, into a folder the image's user owns.
        sink_file = self.connectors.get("file-sink.json", {}).get("config", {}).get("file", "")
        mount = self.mount_holding("sluice", sink_file)
        if mount is None or mount[2]:
            self.error(f"connectors/file-sink.json: {sink_file} is not on a writable volume")
        folder = posixpath.dirname(sink_file)
        if not re.search(rf"chown .*{re.escape(folder)}\b",
                         (self.deploy_dir / "Dockerfile").read_text()):
            self.error(f"Dockerfile: {folder} is not given to the worker's user")

        # The HDFS sink talks WebHDFS to the namenode's HTTP port.
        hdfs_url = urlparse(
            self.connectors.get("hdfs-sink.json", {}).get("config", {}).get("hdfs.url", ""))
        if hdfs_url.scheme != "webhdfs" or hdfs_url.hostname not in self.services:
            self.error(f"connectors/hdfs-sink.json: hdfs.url {hdfs_url.geturl()} is not "
                       "webhdfs://<a compose service>:<port>")
        elif hdfs_url.port not in self.published_container_ports(hdfs_url.hostname):
            self.error(f"connectors/hdfs-sink.json: {hdfs_url.hostname} does not publish "
                       f"port {hdfs_url.port}")
        if self.services.get("datanode", {}).get("hostname") != "datanode":
            self.error("datanode: set hostname: datanode; WebHDFS redirects writes to it by name")

    def run(self):
        for check in (self.check_services, self.check_image_sources, self.check_worker_listeners,
                      self.check_kafka_address, self.check_plugin_path, self.check_connectors):
            try:
                check()
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                self.error(f"{check.__name__}: a file lacks an expected entry: {e!r}")
        return self.errors


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    errors = Checker(Path(sys.argv[1])).run()
    for e in errors:
        print("FAIL:", e)
    if not errors:
        print("the demo's compose file, Dockerfile, worker config and connectors fit together")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
