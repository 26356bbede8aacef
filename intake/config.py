"""Configuration: built-in defaults < TOML file < INTAKE_<SECTION>_<KEY> environment."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    pass


@dataclass
class Company:
    name: str = "株式会社オーネット"
    addressee: str = "株式会社オーネット殿"
    desk: str = "お客様相談室"
    address: str = "東京都中央区晴海1-8-12"
    phone: str = "050-1790-8777"
    hours: str = "年末年始を除き無休／午前10時～午後6時"
    email: str = "privacy-desk@example.jp"
    website: str = ""
    # The sender printed on letters to an address nobody has confirmed yet: a stranger
    # who opens one must not learn that the addressee deals with a marriage agency.
    neutral_sender: str = "お客様相談室"
    # Disclosure as a password-protected PDF by email (Art. 33(1) 電磁的記録) when the
    # person designates it; off, the letter says why paper is used (Art. 33(3)).
    electronic_disclosure: bool = False


@dataclass
class Database:
    url: str = ""  # empty: SQLite file intake.db in the data directory


@dataclass
class Scan:
    dirs: list[str] = field(default_factory=list)
    stable_seconds: float = 2.0  # a file is taken once its size has not changed this long


@dataclass
class Maildir:
    dirs: list[str] = field(default_factory=list)  # folders of .eml files


@dataclass
class Imap:
    host: str = ""
    port: int = 993
    user: str = ""
    password: str = ""
    password_file: str = ""
    security: str = "ssl"  # ssl | starttls | plain (plain only for a loopback test server)
    folders: list[str] = field(default_factory=lambda: ["INBOX"])
    processed_folder: str = "Processed"
    action: str = "move"  # move (to processed_folder) | keyword (set `keyword`, leave in place)
    keyword: str = "$AppiIngested"
    batch: int = 50
    ca_file: str = ""  # a private CA for the office mail server's certificate
    timeout: float = 60.0
    sent_folder: str = ""  # copy delivered replies here (e.g. "Sent"); empty: no copy


@dataclass
class Mail:
    staff: list[str] = field(default_factory=list)  # desk addresses whose forwards are unwrapped
    scanner: list[str] = field(default_factory=list)  # the office MFP's sender address


@dataclass
class Smtp:
    host: str = "127.0.0.1"
    port: int = 25
    user: str = ""
    password: str = ""
    security: str = "plain"  # plain | starttls | ssl
    sender: str = ""  # default: [company] email
    charset: str = "utf-8"  # utf-8 | iso-2022-jp


@dataclass
class Schedule:
    interval_minutes: int = 10
    daily_at: str = "07:00"


@dataclass
class Ocr:
    lang: str = "Japanese"
    workers: int = 0  # 0: one per core
    timeout: float = 120.0
    max_pages: int = 50


@dataclass
class Pipeline:
    max_attempts: int = 5
    retry_base_minutes: int = 5


@dataclass
class Members:
    url: str = ""  # empty: the register imported with `intake members import`
    query: str = ""  # SELECT … WHERE birth_date = :birth_date (CONTRACT columns)


@dataclass
class Rules:
    procedure: str = ""  # empty: the procedure.toml shipped in rules/


@dataclass
class Config:
    data_dir: Path = field(default_factory=lambda: Path("intake-data"))
    company: Company = field(default_factory=Company)
    database: Database = field(default_factory=Database)
    scan: Scan = field(default_factory=Scan)
    maildir: Maildir = field(default_factory=Maildir)
    imap: Imap = field(default_factory=Imap)
    mail: Mail = field(default_factory=Mail)
    smtp: Smtp = field(default_factory=Smtp)
    schedule: Schedule = field(default_factory=Schedule)
    ocr: Ocr = field(default_factory=Ocr)
    pipeline: Pipeline = field(default_factory=Pipeline)
    rules: Rules = field(default_factory=Rules)
    members: Members = field(default_factory=Members)
    source_file: Path | None = None

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{(self.data_dir / 'intake.db').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def smtp_sender(self) -> str:
        return self.smtp.sender or self.company.email


SECTIONS = [f.name for f in dataclasses.fields(Config) if f.name not in ("data_dir", "source_file")]


def _coerce(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool):
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    try:
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {value!r} is not a number") from exc
    if isinstance(default, list):
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return list(value)
    return str(value)


def _apply(section: Any, values: dict[str, Any], where: str) -> None:
    names = {f.name for f in dataclasses.fields(section)}
    for key, value in values.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown setting {key!r}")
        setattr(section, key, _coerce(value, getattr(section, key), f"{where}.{key}"))


def load(path: str | Path | None = None, env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    cfg = Config()
    file = Path(path) if path else Path(env["INTAKE_CONFIG"]) if env.get("INTAKE_CONFIG") \
        else Path("intake.toml")
    data: dict[str, Any] = {}
    if file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: {exc}") from exc
        cfg.source_file = file.resolve()
    elif path or env.get("INTAKE_CONFIG"):
        raise ConfigError(f"config file {file} does not exist")
    base = file.resolve().parent if cfg.source_file else Path.cwd()
    if "data_dir" in data:
        cfg.data_dir = base / str(data.pop("data_dir"))
    for name, values in data.items():
        if name not in SECTIONS or not isinstance(values, dict):
            raise ConfigError(f"{file}: unknown section [{name}]")
        _apply(getattr(cfg, name), values, f"[{name}]")
    for key, value in env.items():
        if not key.startswith("INTAKE_") or key in ("INTAKE_CONFIG", "INTAKE_DATA_DIR"):
            continue
        rest = key[len("INTAKE_"):].lower()
        for name in SECTIONS:
            if rest.startswith(name + "_"):
                _apply(getattr(cfg, name), {rest[len(name) + 1:]: value}, key)
                break
    if env.get("INTAKE_DATA_DIR"):
        cfg.data_dir = Path(env["INTAKE_DATA_DIR"])
    if cfg.imap.password_file and not cfg.imap.password:
        try:
            cfg.imap.password = Path(cfg.imap.password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"[imap] password_file: {cfg.imap.password_file} を読めません "
                              f"({exc.strerror})") from exc
    for dirs in (cfg.scan.dirs, cfg.maildir.dirs):
        dirs[:] = [str((base / d).resolve()) for d in dirs]
    cfg.mail.staff = [a.lower() for a in cfg.mail.staff]
    cfg.mail.scanner = [a.lower() for a in cfg.mail.scanner]
    validate(cfg)
    return cfg


# Every setting with a closed set of values, and the values.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("imap", "security"): ("ssl", "starttls", "plain"),
    ("imap", "action"): ("move", "keyword"),
    ("smtp", "security"): ("plain", "starttls", "ssl"),
    ("smtp", "charset"): ("utf-8", "iso-2022-jp"),
}
# Numbers and the range they must be in (inclusive).
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("imap", "port"): (1, 65535), ("smtp", "port"): (1, 65535),
    ("imap", "batch"): (1, 1000), ("imap", "timeout"): (1, 3600),
    ("scan", "stable_seconds"): (0, 3600),
    ("schedule", "interval_minutes"): (1, 1440),
    ("ocr", "workers"): (0, 64), ("ocr", "timeout"): (1, 3600),
    ("ocr", "max_pages"): (1, 1000),
    ("pipeline", "max_attempts"): (1, 100), ("pipeline", "retry_base_minutes"): (1, 1440),
}
def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate(cfg: Config) -> None:
    """Every setting checked as it is loaded: the first wrong one is named with what
    it may be, so a typo never falls through to a default (a password sent in clear)."""
    for (section, key), allowed in CHOICES.items():
        value = str(getattr(getattr(cfg, section), key)).lower()
        if value not in allowed:
            raise ConfigError(f"[{section}] {key} = {value!r}: 使える値は "
                              f"{' | '.join(allowed)} です")
        setattr(getattr(cfg, section), key, value)
    for (section, key), (low, high) in RANGES.items():
        value = getattr(getattr(cfg, section), key)
        if not low <= value <= high:
            raise ConfigError(f"[{section}] {key} = {value!r}: {low:g}〜{high:g} の範囲で"
                              "指定してください")
    if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", cfg.schedule.daily_at):
        raise ConfigError(f"[schedule] daily_at = {cfg.schedule.daily_at!r}: "
                          "HH:MM（00:00〜23:59）で指定してください")
    for section in ("scan", "maildir"):
        for d in getattr(cfg, section).dirs:
            if not Path(d).is_dir():
                raise ConfigError(f"[{section}] dirs: フォルダ {d} がありません")
    for section, key in (("imap", "ca_file"), ("rules", "procedure")):
        value = getattr(getattr(cfg, section), key)
        if value and not Path(value).is_file():
            raise ConfigError(f"[{section}] {key}: ファイル {value} がありません")
    for section in ("imap", "smtp"):
        server = getattr(cfg, section)
        if server.host and server.user and server.security == "plain" and \
                not is_loopback(server.host):
            raise ConfigError(f"[{section}] security = 'plain' でログインすると、パスワードが"
                              f"暗号化されずに {server.host} へ送られます。ssl か starttls を"
                              "指定してください（plain は 127.0.0.1 の試験用サーバーだけ）")
    if "@" not in cfg.company.email:
        raise ConfigError(f"[company] email = {cfg.company.email!r}: メールアドレスではありません")
    if cfg.smtp.sender and "@" not in cfg.smtp.sender:
        raise ConfigError(f"[smtp] sender = {cfg.smtp.sender!r}: メールアドレスではありません")
    if cfg.imap.host and not cfg.imap.folders:
        raise ConfigError("[imap] folders: 読むフォルダを一つ以上指定してください")
    if cfg.imap.action == "keyword" and not re.fullmatch(r"\$?[A-Za-z0-9_.-]+", cfg.imap.keyword):
        raise ConfigError(f"[imap] keyword = {cfg.imap.keyword!r}: IMAP のキーワードに使える"
                          "英数字（先頭の $ は可）で指定してください")
    if cfg.members.url and not cfg.members.query.strip().lower().startswith("select"):
        raise ConfigError("[members] query: url を指定したときは、会員を読む SELECT 文を"
                          "指定してください")


DEFAULT_TOML = '''\
# appi-intake configuration. Every key can be overridden by the environment
# variable INTAKE_<SECTION>_<KEY> (e.g. INTAKE_DATABASE_URL, INTAKE_IMAP_PASSWORD).
# Secrets (passwords) belong in the environment, not in this file.

# Where raw envelopes, the SQLite database, the outbox and logs live
# (INTAKE_DATA_DIR overrides it). Relative to this file.
data_dir = "intake-data"

[company]
# Shown in every reply. Defaults are the privacy policy's.
name = "株式会社オーネット"
addressee = "株式会社オーネット殿"
desk = "お客様相談室"
address = "東京都中央区晴海1-8-12"
phone = "050-1790-8777"
hours = "年末年始を除き無休／午前10時～午後6時"
email = "privacy-desk@example.jp"

[database]
# Empty: SQLite in the data directory. PostgreSQL when several workers share it:
# url = "postgresql+psycopg://intake@localhost/intake"
url = ""

[scan]
# Folders the office scanner writes to. A file is taken once its size is stable.
dirs = []
stable_seconds = 2.0

[maildir]
# Folders of .eml files (for example messages saved by desk staff).
dirs = []

[imap]
# The customer-desk mailbox. Password: INTAKE_IMAP_PASSWORD or password_file.
host = ""
port = 993
user = ""
security = "ssl"   # ssl | starttls | plain (plain only for a loopback test server)
folders = ["INBOX"]
# After an envelope has committed: "move" it to processed_folder, or set "keyword".
action = "move"
processed_folder = "Processed"
keyword = "$AppiIngested"
ca_file = ""       # a private CA certificate for the server, if any
sent_folder = ""   # copy delivered replies to this folder (e.g. "Sent")

[mail]
# Desk staff addresses: their forwards are unwrapped to the original customer.
staff = []
# The office multifunction printer: its attachments are posted letters.
scanner = []

[smtp]
host = "127.0.0.1"
port = 25
user = ""
security = "plain"  # plain | starttls | ssl
sender = ""         # empty: [company] email
charset = "utf-8"   # utf-8 | iso-2022-jp

[schedule]
interval_minutes = 10
daily_at = "07:00"

[ocr]
lang = "Japanese"  # tesseract's script/Japanese model; "jpn" is the older one
workers = 0      # tesseract processes at once; 0: one per core
timeout = 120.0  # seconds per page
max_pages = 50

[pipeline]
max_attempts = 5
retry_base_minutes = 5

[rules]
procedure = ""   # empty: rules/procedure.toml shipped with the program

[members]
# Empty: the register imported with `intake members import FILE.csv`. Otherwise a
# read-only connection to the company's own database (INTAKE_MEMBERS_URL) and a
# SELECT returning the CSV's columns for :birth_date, e.g.
# query = """SELECT member_id, name, name_kana, birth_date, address, phone, email,
#            status, contract_date, plan, contract_details, payment_status,
#            usage_status FROM crm_members WHERE birth_date = :birth_date"""
url = ""
query = ""
'''
