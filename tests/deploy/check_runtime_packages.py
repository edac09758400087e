#!/usr/bin/env python3
"""Checks that the runtime stage of deploy/Dockerfile installs every shared library that the built
sluice, sluicectl and bundled plugins load.

Each library `ldd` resolves is traced to its Debian package with `dpkg -S`; that package must be
one the runtime stage installs, a dependency of one (`apt-cache depends --recurse`), or part of
every Debian image (Essential or Priority: required). Each package the stage names must exist.

Usage: check_runtime_packages.py <deploy/Dockerfile> <build dir>. Exits 77 (skipped) where dpkg,
apt-cache or ldd are missing, i.e. not on Debian.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def runtime_stage_packages(dockerfile: Path):
    """The packages named by `apt-get install` in the last stage of the Dockerfile."""
    text = dockerfile.read_text().replace("\\\n", " ")
    last_stage = re.split(r"^FROM\s", text, flags=re.M)[-1]
    packages = set()
    for command in re.findall(r"apt-get install ([^&\n]*)", last_stage):
        packages.update(w for w in command.split() if not w.startswith("-"))
    return packages


def binaries(build_dir: Path):
    found = [build_dir / "bin" / name for name in ("sluice", "sluicectl")]
    found = [b for b in found if b.is_file()]
    found += sorted((build_dir / "plugins").glob("*.so"))
    return found


def needed_libraries(binary: Path):
    """Resolved paths of the shared libraries `binary` loads; raises on one not found."""
    libraries = set()
    for line in run("ldd", str(binary)).splitlines():
        if "not found" in line:
            raise RuntimeError(f"{binary}: {line.strip()}")
        match = re.search(r"=>\s+(/\S+)", line)
        if match:
            libraries.add(match.group(1))
    return libraries


def owning_packages(libraries):
    """{library: package} for the libraries dpkg knows, in one dpkg call. Each library is looked
    up under its real path too, and under /usr/lib for /lib (Debian 12 merged them)."""
    candidates = {}
    for library in libraries:
        for path in (library, os.path.realpath(library)):
            candidates.setdefault(path, library)
            if path.startswith("/lib/"):
                candidates.setdefault("/usr" + path, library)
    # dpkg -S fails when any path is unknown, and still prints the ones it knows.
    result = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
    owners = {}
    for line in result.stdout.splitlines():
        packages, _, path = line.partition(": ")
        if path in candidates:
            owners[candidates[path]] = packages.split(",")[0].split(":")[0].strip()
    return owners


def unknown_packages(packages):
    """The packages apt has no installation candidate for, in one apt-cache call."""
    output = run("apt-cache", "policy", *packages)
    known = set()
    for block in re.split(r"^(?=\S)", output, flags=re.M):
        header = block.split(":", 1)[0].strip()
        if header and "Candidate: (none)" not in block:
            known.add(header)
    return [p for p in packages if p not in known]


def dependency_closure(packages):
    output = run("apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                 "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *packages)
    return {line.split(":")[0] for line in output.splitlines() if line and not line[0].isspace()}


def base_image_packages():
    output = run("dpkg-query", "-W", "-f", "${Package} ${Essential} ${Priority}\n")
    base = set()
    for line in output.splitlines():
        name, essential, priority = (line.split() + ["", ""])[:3]
        if essential == "yes" or priority == "required":
            base.add(name)
    return base


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    for tool in ("dpkg", "dpkg-query", "apt-cache", "ldd"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (not a Debian system)")
            return 77
    dockerfile, build_dir = Path(sys.argv[1]), Path(sys.argv[2])
    listed = runtime_stage_packages(dockerfile)
    if not listed:
        print(f"FAIL: no `apt-get install` in the last stage of {dockerfile}")
        return 1

    errors = [f"the Dockerfile installs {package}, which apt does not know"
              for package in unknown_packages(sorted(listed))]
    available = dependency_closure(sorted(listed)) | base_image_packages()

    targets = binaries(build_dir)
    if not targets:
        print(f"FAIL: nothing built in {build_dir}/bin or {build_dir}/plugins")
        return 1
    needs = {}
    for binary in targets:
        try:
            for library in needed_libraries(binary):
                needs.setdefault(library, []).append(binary.name)
        except RuntimeError as e:
            errors.append(str(e))
    owners = owning_packages(sorted(needs))
    for library, users in sorted(needs.items()):
        package = owners.get(library)
        if package is None:
            errors.append(f"{library} (needed by {', '.join(users)}) belongs to no Debian package")
        elif package not in available:
            errors.append(f"{library} (needed by {', '.join(users)}) comes from package {package}: "
                          "add it to the runtime stage's apt-get install in deploy/Dockerfile")
    for e in errors:
        print("FAIL:", e)
    if not errors:
        names = ", ".join(b.name for b in targets)
        print(f"the runtime stage provides every library of {names}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
