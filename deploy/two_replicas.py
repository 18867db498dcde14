"""Two app replicas behind nginx on loopback, both writing into one PostgreSQL: a team deployment on one machine.

    .venv/bin/python deploy/two_replicas.py                 # throwaway PostgreSQL, demo loaded, nginx on :8443
    .venv/bin/python deploy/two_replicas.py --database postgresql+psycopg://user@host/db --port 8444 --replicas 3

Needs Debian's `nginx`, `postgresql` and `openssl` packages (scripts/bootstrap.sh installs them); runs as any
user: nginx gets its own prefix, configuration, logs, pid file and a self-signed certificate for 127.0.0.1 in a
temporary folder, and reads deploy/nginx/maturitymap.conf, the file a real deployment uses (docs/deployment.md).
Stops everything on Ctrl-C. benchmarks/load.py and tests/deployment/ use the functions below.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = ROOT / "deploy" / "nginx" / "maturitymap.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


# The browser that drives the app in the browser tests, the deployment test and the load benchmark: Debian's
# chromium (never `playwright install`), with the flags a headless run as root in a container needs.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(
    url: str,
    process: subprocess.Popen,
    seconds: float = 90,
    what: str = "streamlit",
    context: ssl.SSLContext | None = None,
) -> None:
    """Until `url`/_stcore/health answers 200 (the process must stay alive meanwhile); `context` for HTTPS."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url} within {seconds} s")


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """Terminate one process we started, then kill it if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- PostgreSQL: a throwaway cluster from Debian's packages ----------------------------------------------------------


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    """A PostgreSQL server on a Unix socket in its own folder, trusted local connections, fsync off.

    The one throwaway cluster of the project: the tests' server (tests/conftest.py), the one the fault tests stop
    and start (tests/faults/conftest.py), and the deployment's and the load benchmark's.
    """

    base: Path
    binaries: Path
    port: int
    max_connections: int

    @property
    def socket_dir(self) -> str:
        return str(self.base / "run")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(host=self.socket_dir, port=self.port, user="postgres", dbname="postgres") as admin:
            admin.autocommit = True
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *arguments: str) -> None:
        options = (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off "
            f"-c max_connections={self.max_connections}"
        )
        data, log = str(self.base / "data"), str(self.base / "log")
        command = [str(self.binaries / "pg_ctl"), "-D", data, "-o", options, "-l", log]
        subprocess.run(as_postgres([*command, *arguments]), check=True, capture_output=True)

    def start(self) -> None:
        """Start the server (again, after `halt`), and wait until it accepts connections."""
        self.pg_ctl("-w", "start")

    def halt(self) -> None:
        """Stop the server, keeping its data: connections held in a pool are cut."""
        self.pg_ctl("-m", "fast", "-w", "stop")

    def stop(self) -> None:
        """Stop the server for good and remove its folder."""
        command = [str(self.binaries / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate", "stop"]
        subprocess.run(as_postgres(command), capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


def postgres_binaries() -> Path | None:
    """The newest Debian PostgreSQL server binaries, if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def start_postgres(max_connections: int = 200, prefix: str = "maturitymap-pg-") -> Postgres:
    """A new cluster in a folder of its own under the system's temporary directory, started."""
    binaries = postgres_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL server binaries not found: install Debian's 'postgresql' (scripts/bootstrap.sh)")
    base = Path(tempfile.mkdtemp(prefix=prefix))  # not under a private temp folder: postgres reads it
    (base / "run").mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(base / "run", "postgres")
    base.chmod(0o755)
    initdb = [str(binaries / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "postgres", "--no-sync"]
    subprocess.run(as_postgres(initdb), check=True, capture_output=True)
    server = Postgres(base, binaries, free_port(), max_connections)
    server.start()
    return server


# --- the app: one `streamlit run` per replica ------------------------------------------------------------------------


def prepare_database(database_url: str, demo: bool = True) -> int | None:
    """Migrate the database to head once, before any replica starts; load the demo if asked and it is empty.

    Replicas would migrate on their first page too, but two doing it at the same moment could collide.
    """
    from assessment.workspace.core import Workspace
    from assessment.workspace.demo import load_demo_if_empty

    workspace = Workspace(database_url)
    try:
        return load_demo_if_empty(workspace) if demo else None
    finally:
        workspace.dispose()


def start_replica(database_url: str, port: int, cookie_secret: str, log: Path) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:`port`, on `database_url`, with the deployment's shared cookie secret."""
    env = {**os.environ, "MATURITYMAP_DATABASE_URL": database_url, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    command += ["--server.fileWatcherType", "none"]  # nothing to watch on a server; saves a thread and CPU
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


# --- nginx: its own prefix, configuration, logs and pid file --------------------------------------------------------


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid two days, signed by its own key (openssl): the test's TLS."""
    folder.mkdir(parents=True, exist_ok=True)
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    command += ["-keyout", str(key), "-out", str(certificate), "-days", "2", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
    subprocess.run(command, check=True, capture_output=True)
    return certificate, key


def _replace_once(pattern: str, replacement: str, text: str, what: str) -> str:
    text, count = re.subn(pattern, replacement, text, flags=re.M)
    assert count == 1, f"deploy/nginx/maturitymap.conf: {what} was not found"
    return text


def site_config(
    listen: int, http_listen: int, replicas: list[int], access_log: Path, certificate: tuple[Path, Path]
) -> str:
    """deploy/nginx/maturitymap.conf with these replicas, these loopback ports (HTTPS, and plain HTTP that sends
    browsers to HTTPS), this certificate and key, and this access log."""
    text = SITE_CONFIG.read_text(encoding="utf-8")
    lines = "".join(f"    server 127.0.0.1:{port} max_fails=0;  # replica\n" for port in replicas)
    text = _replace_once(r"(?:^[ \t]*server [^\n]*# replica\n)+", lines, text, "the upstream's `# replica` lines")
    text = _replace_once(r"^([ \t]*)listen 443 ssl;", rf"\1listen 127.0.0.1:{listen} ssl;", text, "`listen 443 ssl;`")
    text = _replace_once(r"^([ \t]*)listen 80;", rf"\1listen 127.0.0.1:{http_listen};", text, "`listen 80;`")
    # plain HTTP sends the browser to the same host on the HTTPS port (443 in a real deployment)
    text = _replace_once(r"https://\$host\$request_uri", f"https://$host:{listen}$request_uri", text, "the redirect")
    text = _replace_once(r"ssl_certificate +\S+;", f"ssl_certificate {certificate[0]};", text, "ssl_certificate")
    text = _replace_once(r"ssl_certificate_key +\S+;", f"ssl_certificate_key {certificate[1]};", text, "its key")
    return _replace_once(r"access_log /var/log/nginx/\S+ ", f"access_log {access_log} ", text, "its access_log line")


def nginx_config(prefix: Path, listen: int, http_listen: int, replicas: list[int]) -> Path:
    """A whole nginx.conf under `prefix` that includes the site configuration; returns its path."""
    for folder in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    site = site_config(listen, http_listen, replicas, prefix / "access.log", self_signed_certificate(prefix / "tls"))
    (prefix / "maturitymap.conf").write_text(site, encoding="utf-8")
    # as root, nginx's workers would switch to `nobody`, who cannot write into this private folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/maturitymap.conf;
}}
"""
    path = prefix / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


def start_nginx(prefix: Path, listen: int, http_listen: int, replicas: list[int]) -> subprocess.Popen:
    """nginx in the foreground (stopped by terminating it), checked with `nginx -t` first."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx not found: install Debian's 'nginx' (scripts/bootstrap.sh)")
    config = nginx_config(prefix, listen, http_listen, replicas)
    # -e: the error log before the configuration is read (the built-in /var/log/nginx is root's)
    base = [NGINX, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
    if checked.returncode:
        raise RuntimeError(f"nginx -t failed: {checked.stderr.strip()}")
    return subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


# --- all of it together ----------------------------------------------------------------------------------------------


@dataclass
class Deployment:
    """What `deployment()` started: nginx's HTTPS URL (and its plain-HTTP one, which only redirects), each replica's
    own URL, the database, the logs."""

    url: str
    http_url: str
    replica_urls: list[str]
    database_url: str
    folder: Path
    demo_id: int | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def certificate(self) -> Path:
        """nginx's self-signed certificate: what a client trusts to reach `url`."""
        return self.folder / "nginx" / "tls" / "certificate.pem"

    def tls(self) -> ssl.SSLContext:
        """An SSL context that trusts nginx's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.certificate))

    @property
    def access_log(self) -> Path:
        return self.folder / "nginx" / "access.log"

    def replica_log(self, index: int) -> Path:
        return self.folder / f"replica{index + 1}.log"

    def replica_of_route(self, route: str) -> str:
        """The replica URL nginx sends a browser with this route cookie to (read back from the access log)."""
        cookie = {"Cookie": f"maturitymap_route={route}"}
        request = urllib.request.Request(f"{self.url}/signin", headers=cookie)  # public, and in nginx's access log
        with urllib.request.urlopen(request, timeout=10, context=self.tls()) as response:
            response.read()
        deadline = time.monotonic() + 10  # nginx writes the line once the response is sent: it may come a little after
        while time.monotonic() < deadline:
            for line in reversed(self.access_log.read_text(encoding="utf-8").splitlines()):
                if f"route={route} " in line and "/signin" in line:
                    return "http://" + line.split("upstream=", 1)[1].split()[0]
            time.sleep(0.05)
        raise RuntimeError(f"no access log line for route {route}")

    def routes_to_each_replica(self) -> dict[str, str]:
        """One route cookie value per replica URL (probed: the hash decides, not us)."""
        found: dict[str, str] = {}
        for attempt in range(200):
            route = f"probe-{attempt}"
            found.setdefault(self.replica_of_route(route), route)
            if len(found) == len(self.replica_urls):
                return found
        raise RuntimeError(f"routes reach only {sorted(found)}")


@contextlib.contextmanager
def deployment(
    replicas: int = 2, database_url: str | None = None, port: int | None = None, demo: bool = True
) -> Iterator[Deployment]:
    """PostgreSQL (a throwaway cluster unless `database_url`), `replicas` app replicas and nginx, all on loopback."""
    folder = Path(tempfile.mkdtemp(prefix="maturitymap-deploy-"))
    postgres = None
    processes: list[subprocess.Popen] = []
    try:
        if database_url is None:
            postgres = start_postgres()
            database_url = postgres.create_database("maturitymap")
        demo_id = prepare_database(database_url, demo=demo)
        secret = secrets.token_hex(32)  # one cookie secret for every replica, as in a real deployment
        ports = [free_port() for _ in range(replicas)]
        for index, replica_port in enumerate(ports):
            processes.append(start_replica(database_url, replica_port, secret, folder / f"replica{index + 1}.log"))
        replica_urls = [f"http://127.0.0.1:{replica_port}" for replica_port in ports]
        for replica_url, process in zip(replica_urls, processes, strict=True):
            wait_healthy(replica_url, process)
        listen, http_listen = port or free_port(), free_port()
        nginx = start_nginx(folder / "nginx", listen, http_listen, ports)
        processes.append(nginx)
        started = Deployment(
            f"https://127.0.0.1:{listen}",
            f"http://127.0.0.1:{http_listen}",
            replica_urls,
            database_url,
            folder,
            demo_id,
            processes,
        )
        wait_healthy(started.url, nginx, seconds=20, what="nginx", context=started.tls())
        yield started
    finally:
        for process in processes:  # all at once, then wait for each: faster than one after the other
            if process.poll() is None:
                process.terminate()
        for process in reversed(processes):
            stop(process)
        if postgres is not None:
            postgres.stop()
        if not os.environ.get("MATURITYMAP_KEEP_DEPLOY"):
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="PostgreSQL URL to use (default: a throwaway cluster in a temp folder)")
    parser.add_argument("--replicas", type=int, default=2, help="app replicas (default 2)")
    parser.add_argument("--port", type=int, default=8443, help="nginx's loopback HTTPS port (default 8443)")
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo into an empty database")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a `kill` stops everything like Ctrl-C
    with deployment(args.replicas, args.database, args.port, demo=not args.no_demo) as running:
        print(f"MaturityMap through nginx: {running.url} (self-signed certificate {running.certificate})")
        for index, replica_url in enumerate(running.replica_urls):
            print(f"  replica {index + 1}: {replica_url} (log {running.replica_log(index)})")
        print(f"  database: {running.database_url}")
        print(f"  nginx access log: {running.access_log}")
        from assessment.accounts.users import first_administrator
        from assessment.workspace.core import Workspace

        workspace = Workspace(running.database_url)
        one_time = first_administrator(workspace)
        workspace.dispose()
        if one_time:
            print(f"  sign in as admin with the one-time password {one_time}")
        print("Ctrl-C stops everything.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while all(process.poll() is None for process in running.processes):
                time.sleep(1)
            print("a process exited; stopping the rest", file=sys.stderr)


if __name__ == "__main__":
    main()
