"""A real Dovecot IMAP server for tests: rootless, temp config, 127.0.0.1, a free port."""

from __future__ import annotations

import datetime as dt
import grp
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from imapclient import IMAPClient

USER, PASSWORD = "desk@example.jp", "desk-secret"


def free_ports(count: int) -> list[int]:
    """Distinct free ports: every socket stays bound until all are chosen, so the
    kernel cannot hand the same port out twice."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def free_port() -> int:
    return free_ports(1)[0]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (it is its own CA for the client)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _descendants(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                              text=True).stdout.split()
    found = [int(c) for c in children]
    return found + [d for c in found for d in _descendants(c)]


class Dovecot:
    """Start with `Dovecot().start()`; `imap_env()` gives the INTAKE_IMAP_* settings."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
        os.chmod(self.root, 0o755)
        self.port, self.tls_port = free_ports(2)
        # Dovecot refuses to run mail processes as root: as root, the whole server
        # runs as `nobody` (rootless mode); otherwise as the current user.
        self.user = "nobody" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.cert, self.key = make_certificate(self.root)

    def _config(self) -> str:
        pw = pwd.getpwnam(self.user)
        group = grp.getgrgid(pw.pw_gid).gr_name
        r = self.root
        return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{self.key}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {self.user}
default_internal_user = {self.user}
default_internal_group = {group}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={pw.pw_uid} gid={pw.pw_gid} home={r}/home/%u
}}
mail_location = maildir:~/Maildir
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    auto = subscribe
    special_use = \\Sent
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
"""

    def start(self) -> Dovecot:
        if shutil.which("dovecot") is None:
            raise RuntimeError("dovecot is not installed (scripts/setup.sh --test installs it)")
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        conf = self.root / "dovecot.conf"
        conf.write_text(self._config())
        for p in (conf, self.root / "passwd", self.cert, self.key):
            os.chmod(p, 0o644)
        if os.geteuid() == 0:
            shutil.chown(self.root, self.user)
        cmd = ["dovecot", "-c", str(conf)]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        # The daemon keeps inherited pipes open: capture into a file, not a pipe.
        with open(self.root / "start.log", "wb") as out:
            started = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
        if started.returncode != 0:
            raise RuntimeError((self.root / "start.log").read_text(errors="replace"))
        # The kernel completes a TCP handshake once the socket listens, before any
        # process serves it, and the master writes its pid file later still: ready
        # means a greeting was read and the pid file (which `stop_server` needs) is there.
        deadline = time.monotonic() + 15
        while not (self._greets() and self._pid_file.exists()):
            if time.monotonic() > deadline:
                raise RuntimeError(self.log())
            time.sleep(0.05)
        return self

    @property
    def _pid_file(self) -> Path:
        return self.root / "run" / "master.pid"

    def _greets(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                return s.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False
        return self

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else "(no log)"

    def stop(self) -> None:
        self.stop_server()
        shutil.rmtree(self.root, ignore_errors=True)

    def stop_server(self) -> None:
        """Stop the server but keep its mail, so that `start()` brings it back. The
        master goes first (a live master respawns what dies), then every process it
        ran: rootless, its imap processes would otherwise outlive it and keep serving."""
        pid_file = self._pid_file
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip())
        # Stopped first, the master cannot fork a process between the listing of its
        # children and their end.
        try:
            os.kill(pid, signal.SIGSTOP)
        except ProcessLookupError:
            pass
        for target in [pid, *_descendants(pid)]:
            try:
                os.kill(target, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        pid_file.unlink(missing_ok=True)
        deadline = time.monotonic() + 5
        while self._accepts():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Dovecot still accepts on port {self.port} after stop")
            time.sleep(0.05)

    def imap_env(self, security: str = "plain") -> dict[str, str]:
        port = self.tls_port if security == "ssl" else self.port
        return {"INTAKE_IMAP_HOST": "127.0.0.1", "INTAKE_IMAP_PORT": str(port),
                "INTAKE_IMAP_USER": USER, "INTAKE_IMAP_PASSWORD": PASSWORD,
                "INTAKE_IMAP_SECURITY": security, "INTAKE_IMAP_CA_FILE": str(self.cert)}

    def client(self) -> IMAPClient:
        c = IMAPClient("127.0.0.1", port=self.port, ssl=False)
        c.login(USER, PASSWORD)
        return c

    def append(self, messages: list[bytes], folder: str = "INBOX") -> None:
        with self.client() as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            for m in messages:
                c.append(folder, m)

    def count(self, folder: str) -> int:
        with self.client() as c:
            if not c.folder_exists(folder):
                return 0
            return int(c.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])

    def raw_messages(self, folder: str) -> list[bytes]:
        with self.client() as c:
            c.select_folder(folder, readonly=True)
            fetched = c.fetch(c.search(), ["BODY.PEEK[]"])
            return [bytes(v[b"BODY[]"]) for _uid, v in sorted(fetched.items())]
