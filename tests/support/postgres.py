"""A throwaway PostgreSQL cluster for the test session (Debian's server binaries, trust auth, loopback)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bindir: Path
    directory: Path
    port: int
    as_postgres: bool

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self.as_postgres:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in command)]
        subprocess.run(command, check=True, capture_output=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.directory / "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def start() -> Cluster:
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb) not found: install the postgresql package")
    as_postgres = os.geteuid() == 0
    directory = Path(tempfile.mkdtemp(prefix="samenspraak-pg-"))
    if as_postgres:
        uid = pwd.getpwnam("postgres").pw_uid
        os.chown(directory, uid, -1)
    cluster = Cluster(bindir=bindir, directory=directory, port=free_port(), as_postgres=as_postgres)
    data = directory / "data"
    cluster._run(bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = (
        f"-p {cluster.port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    cluster._run(bindir / "pg_ctl", "-D", data, "-l", directory / "log", "-o", options, "-w", "start")
    return cluster
