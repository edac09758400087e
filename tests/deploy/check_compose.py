#!/usr/bin/env python3
"""Checks that the demo's files fit together, without a Docker engine.

deploy/docker-compose.yml, deploy/Dockerfile, the two worker configs (deploy/worker.properties, the
demo's, on Kafka; deploy/worker-embedded.properties, the image's default, on the embedded log),
deploy/hadoop.env, deploy/connectors/*.json and the .dockerignore files name each other's hosts,
ports, paths and volumes; this test reads them all and reports every mismatch: a depends_on naming
no service, an undeclared volume, a bind mount or env file that does not exist, a connector writing
where the worker has no writable volume, a Kafka or WebHDFS address no service answers on, a port
the worker listens on but the service does not publish, an image default that needs Kafka or
keeps its state outside the image's volume, a build context that would carry build/ or .git with
either builder, a builder stage that does not build with scripts/build.sh from an empty build/,
a datanode that WebHDFS would redirect to by a name the worker cannot resolve, a worker that does
not wait for HDFS, a connector file demo.sh could not read without python3.

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

# Where the image's CMD reads the worker config; the image's default is COPYed there and
# docker-compose.yml mounts the demo's Kafka config over it.
IMAGE_CONFIG = "/etc/sluice/worker.properties"
# Where the image installs the bundled plugins (cmake --install --prefix /usr).
BUNDLED_PLUGINS = "/usr/lib/sluice/plugins"
# The image's build context is the repository root. The classic builder (and docker-compose v1)
# reads only the root .dockerignore; BuildKit reads only <Dockerfile>.dockerignore.
DOCKERIGNORE_FILES = (".dockerignore", "deploy/Dockerfile.dockerignore")
# A host build tree (its CMakeCache.txt names another source folder) and Git history.
MUST_NOT_BE_SENT = ("build", "build/CMakeCache.txt", ".git", ".git/HEAD")


def dockerignore_patterns(text):
    """The patterns of a .dockerignore file, in order (comments and blank lines dropped)."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _glob_regex(pattern):
    """A .dockerignore pattern as a regex, by Docker's rules: `*` and `?` stay within a path
    element, `**` spans any number of them, [...] is a character class."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
                out += "(?:.*/)?"
            else:
                out += ".*"
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[" and "]" in pattern[i + 1:]:
            end = pattern.index("]", i + 1)
            body = pattern[i + 1:end]
            out += "[" + ("^" + body[1:] if body.startswith("^") else body) + "]"
            i = end
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out)


def dockerignore_excludes(patterns, path):
    """Whether Docker leaves `path` (relative to the context) out: the last pattern matching the
    path or one of its parent folders decides, and a pattern starting with ! lets it in again."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = posixpath.normpath(pattern.lstrip("!").strip()).lstrip("/")
        regex = _glob_regex(pattern)
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            excluded = not negate
    return excluded


def dockerfile_stages(text):
    """The Dockerfile's stages, each as a list of (instruction, arguments), continuations joined."""
    stages = []
    for line in re.sub(r"\\\n", " ", text).splitlines():
        words = line.split(None, 1)
        if not words or words[0].startswith("#"):
            continue
        if words[0].upper() == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((words[0].upper(), words[1] if len(words) > 1 else ""))
    return stages


class Checker:
    def __init__(self, source_dir: Path):
        self.source_dir = source_dir
        self.deploy_dir = source_dir / "deploy"
        self.errors = []
        self.compose = yaml.safe_load((self.deploy_dir / "docker-compose.yml").read_text())
        self.services = self.compose.get("services") or {}
        self.worker = self._read_properties(self.deploy_dir / "worker.properties")
        self.dockerfile = (self.deploy_dir / "Dockerfile").read_text()
        self.stages = dockerfile_stages(self.dockerfile)
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

    def check_listeners(self, file, worker, published=None):
        """Listeners a container serves: on all interfaces, on the ports the image EXPOSEs and
        its HEALTHCHECK asks, and (`published`) the ports the compose service publishes."""
        for key in ("listeners", "grpc.listeners"):
            value = worker.get(key, "")
            # grpc.listeners is host:port, without a scheme.
            url = urlparse(value if "//" in value else "grpc://" + value)
            if url.hostname not in ("0.0.0.0", "::"):
                self.error(f"{file}: {key}={value} is unreachable from outside the "
                           "container; listen on 0.0.0.0")
            if published is not None and url.port not in published:
                self.error(f"{file}: {key} port {url.port} is not published by the "
                           f"sluice service (ports: {sorted(published)})")
        port = urlparse(worker.get("listeners", "")).port
        if f"127.0.0.1:{port}/health" not in self.dockerfile:
            self.error(f"Dockerfile: the HEALTHCHECK does not ask /health on port {port}, where "
                       f"{file} listens")
        for exposed in (port, urlparse("grpc://" + worker.get("grpc.listeners", "")).port):
            if not re.search(rf"^EXPOSE .*\b{exposed}\b", self.dockerfile, re.M):
                self.error(f"Dockerfile: port {exposed} ({file}) is not EXPOSEd")

    def check_worker_listeners(self):
        self.check_listeners("worker.properties", self.worker,
                             self.published_container_ports("sluice"))

    def check_kafka_address(self):
        servers = self.worker.get("bootstrap.servers", "")
        if not servers:
            self.error("worker.properties: no bootstrap.servers; the demo's worker runs on the "
                       "demo's Kafka")
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

    def check_connector_layout(self):
        """demo.sh, without python3, cuts the "config" object out of a connector file with sed:
        from the line with `"config": {` to the first line with a "}". That holds for a flat
        object of strings without braces, laid out as json.dumps(indent=2) writes it."""
        for path in sorted((self.deploy_dir / "connectors").glob("*.json")):
            text = path.read_text()
            body = json.loads(text)
            config = body.get("config") if isinstance(body, dict) else None
            if not isinstance(config, dict):
                continue  # check_connectors reports it
            for key, value in config.items():
                if not isinstance(value, str) or "{" in value or "}" in value:
                    self.error(f"connectors/{path.name}: {key}={value!r}: config values are "
                               "strings without braces (demo.sh's sed fallback)")
            if text != json.dumps(body, indent=2) + "\n":
                self.error(f"connectors/{path.name} is not laid out as json.dumps(indent=2) "
                           "writes it, which demo.sh's sed fallback relies on")

    # --- the image ---------------------------------------------------------------------------

    def instructions(self, stage, name):
        return [args for instruction, args in self.stages[stage] if instruction == name]

    def image_volumes(self):
        volumes = set()
        for args in self.instructions(-1, "VOLUME"):
            volumes.update(json.loads(args) if args.startswith("[") else args.split())
        return volumes

    def check_dockerignore(self):
        """Neither builder sends build/ or .git; both send what the Dockerfile COPYs."""
        copied = [source for args in self.instructions(0, "COPY") + self.instructions(-1, "COPY")
                  if not args.startswith("--from") for source in args.split()[:-1]]
        lists = {}
        for file in DOCKERIGNORE_FILES:
            path = self.source_dir / file
            if not path.is_file():
                self.error(f"{file} is missing; the build context would carry build/ and .git")
                continue
            lists[file] = patterns = dockerignore_patterns(path.read_text())
            for sent in MUST_NOT_BE_SENT:
                if not dockerignore_excludes(patterns, sent):
                    self.error(f"{file} does not leave out {sent}")
            for source in copied:
                if source != "." and dockerignore_excludes(patterns, source.rstrip("/")):
                    self.error(f"{file} leaves out {source}, which the Dockerfile COPYs")
        if len(lists) == 2 and len(set(map(tuple, lists.values()))) != 1:
            self.error(f"{' and '.join(DOCKERIGNORE_FILES)} list different patterns: the image "
                       "would depend on the builder")

    def check_builder_stage(self):
        """The builder stage builds with the project's scripts, from an empty build/."""
        runs = self.instructions(0, "RUN")
        text = " && ".join(runs)
        if "scripts/install-deps.sh" not in text:
            self.error("Dockerfile: the builder stage does not run scripts/install-deps.sh")
        for raw in ("cmake --build", "cmake --preset"):
            if raw in text:
                self.error(f"Dockerfile: the builder stage runs `{raw}`; scripts/build.sh does it")
        build = [r for r in runs if "scripts/build.sh" in r]
        if not build:
            self.error("Dockerfile: the builder stage does not build with scripts/build.sh")
            return
        run = build[0]
        clean = re.search(r"\brm -rf (\./)?build\b", run)
        if "--target sluice_installables" not in run:
            self.error("Dockerfile: scripts/build.sh does not build --target sluice_installables, "
                       "what cmake --install needs")
        if not clean or clean.start() > run.index("scripts/build.sh"):
            self.error("Dockerfile: a build/ that came with the context is not removed before "
                       "scripts/build.sh configures into it")
        if not re.search(r"cmake --install build\b", run[run.index("scripts/build.sh"):]):
            self.error("Dockerfile: nothing installs from build/ after scripts/build.sh")

    def check_image_config(self):
        """The image's default config runs a worker on its own: the embedded log, state in the
        image's volume, the listeners of the image; docker-compose.yml mounts the Kafka one."""
        copies = [args.split() for args in self.instructions(-1, "COPY")
                  if not args.startswith("--from") and args.split()[-1] == IMAGE_CONFIG]
        if len(copies) != 1 or len(copies[0]) != 2:
            self.error(f"Dockerfile: the runtime stage does not COPY one file to {IMAGE_CONFIG}")
            return
        source = copies[0][0]
        if not (self.source_dir / source).is_file():
            return  # check_image_sources reports it
        file = posixpath.relpath(source, "deploy")
        worker = self._read_properties(self.source_dir / source)
        if IMAGE_CONFIG not in " ".join(self.instructions(-1, "CMD")):
            self.error(f"Dockerfile: the CMD does not run the worker on {IMAGE_CONFIG}")
        if worker.get("bootstrap.servers"):
            self.error(f"{file}: the image's default names Kafka "
                       f"({worker['bootstrap.servers']}); a plain `docker run` has none")
        volumes = self.image_volumes()
        owned = re.findall(r"chown \S+ ([^&]*)", " ".join(self.instructions(-1, "RUN")))
        owned = set(" ".join(owned).split())
        for key in ("log.dirs", "offset.storage.file.filename", "config.storage.file.filename"):
            value = worker.get(key)
            if value is None and key == "config.storage.file.filename":
                continue  # beside the offsets file
            holder = [v for v in volumes if value and (value + "/").startswith(v.rstrip("/") + "/")]
            if value is None:
                self.error(f"{file}: {key} is unset; name a folder in a VOLUME of the image "
                           f"({sorted(volumes)}), where the state outlives the container")
            elif not holder:
                self.error(f"{file}: {key}={value} is not in a VOLUME of the image "
                           f"({sorted(volumes)}); the state would go with the container")
            elif holder[0] not in owned:
                self.error(f"Dockerfile: {holder[0]} (for {key}) is not given to the worker's user")
        self.check_listeners(file, worker)
        entries = [e.strip() for e in worker.get("plugin.path", "").split(",") if e.strip()]
        if BUNDLED_PLUGINS not in entries:
            self.error(f"{file}: plugin.path lacks the bundled plugins, {BUNDLED_PLUGINS}")
        for entry in entries:
            if entry != BUNDLED_PLUGINS and entry not in volumes:
                self.error(f"{file}: plugin.path entry {entry} is not a VOLUME of the image")
        # The demo replaces it with its Kafka config, at the same path.
        mount = self.mount_holding("sluice", IMAGE_CONFIG)
        if mount is None or mount[1] != IMAGE_CONFIG or \
                posixpath.normpath(mount[0]) != "worker.properties":
            self.error(f"sluice: docker-compose.yml does not mount ./worker.properties (the Kafka "
                       f"config) at {IMAGE_CONFIG}")
        command = self.services["sluice"].get("command")
        if command is not None and IMAGE_CONFIG not in " ".join(command):
            self.error(f"sluice: the command does not run the worker on {IMAGE_CONFIG}")

    # --- HDFS --------------------------------------------------------------------------------

    def hadoop_env(self):
        settings = {}
        for line in (self.deploy_dir / "hadoop.env").read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, _, value = line.partition("=")
                settings[key.strip()] = value.strip()
        return settings

    def check_hdfs(self):
        """WebHDFS redirects reach the datanode by a name the worker resolves, and the worker
        waits for a namenode that reports itself ready."""
        env = self.hadoop_env()
        for service in ("namenode", "datanode"):
            if "./hadoop.env" not in (self.services[service].get("env_file") or []) and \
                    "hadoop.env" not in (self.services[service].get("env_file") or []):
                self.error(f"{service}: does not read hadoop.env")
        datanode = self.services["datanode"].get("hostname")
        registered = env.get("HDFS-SITE.XML_dfs.datanode.hostname")
        if registered != datanode or datanode not in self.services:
            self.error(f"hadoop.env: dfs.datanode.hostname={registered}, but the namenode's "
                       f"WebHDFS redirects must name the datanode service ({datanode})")
        if env.get("HDFS-SITE.XML_dfs.client.use.datanode.hostname") != "true":
            self.error("hadoop.env: dfs.client.use.datanode.hostname is not true; `hdfs dfs` "
                       "in the namenode container would reach the datanode by address")
        test = (self.services["namenode"].get("healthcheck") or {}).get("test")
        if not test:
            self.error("namenode: no healthcheck, so nothing can wait for HDFS")
        depends = self.services["sluice"].get("depends_on") or {}
        condition = depends.get("namenode", {}).get("condition") if isinstance(depends, dict) \
            else None
        if condition != "service_healthy":
            self.error("sluice: does not wait for the namenode's health check "
                       "(depends_on: namenode: condition: service_healthy)")

    def run(self):
        for check in (self.check_services, self.check_image_sources, self.check_worker_listeners,
                      self.check_kafka_address, self.check_plugin_path, self.check_connectors,
                      self.check_connector_layout, self.check_dockerignore,
                      self.check_builder_stage, self.check_image_config, self.check_hdfs):
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
        print("the demo's compose file, Dockerfile, .dockerignore files, worker configs, "
              "hadoop.env and connectors fit together")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
