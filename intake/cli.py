"""The `intake` command (click): check, extract, poll, run, review, deliver, members, db."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from intake import config as config_mod
from intake.app import App
from outbox.review import ReviewError

# Piped output (cron mail, CI logs) gets a wide table rather than Rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

# Exit codes (README): 0 done; 1 a step failed (e.g. a draft not delivered); 2 bad
# arguments; 69 the installation is broken; 75 a source could not be reached (try
# again later); 78 a setting is wrong.
EX_UNAVAILABLE, EX_TEMPFAIL, EX_CONFIG = 69, 75, 78


def _app(ctx: click.Context) -> App:
    obj = ctx.ensure_object(dict)
    if "app" not in obj:
        try:
            obj["app"] = App(config_mod.load(obj.get("config_path")))
        except config_mod.ConfigError as exc:
            err.print(f"設定エラー: {exc}", markup=False, highlight=False)
            sys.exit(EX_CONFIG)
    return obj["app"]


def _ready(ctx: click.Context) -> App:
    """The app with its database migrated (every command that touches it runs this)."""
    app = _app(ctx)
    app.upgrade()
    return app


def _actor(ctx: click.Context) -> str:
    return ctx.ensure_object(dict).get("actor") or os.environ.get("INTAKE_REVIEWER") \
        or getpass.getuser()


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not YYYY-MM-DD") from exc


def _print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


@click.group()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML config (default: $INTAKE_CONFIG, else ./intake.toml)")
@click.option("--as", "actor", help="reviewer name for the audit log (default: login name)")
@click.option("-v", "--verbose", is_flag=True)
@click.pass_context
def main(ctx: click.Context, config_path: str | None, actor: str | None, verbose: bool) -> None:
    """appi-intake: APPI 開示等請求の受付処理."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    ctx.ensure_object(dict).update(config_path=config_path, actor=actor)


@main.command()
@click.option("--path", default="intake.toml", show_default=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="overwrite an existing file")
def init(path: str, force: bool) -> None:
    """Write a commented default configuration file."""
    target = Path(path)
    if target.exists() and not force:
        raise click.UsageError(f"{target} exists (use --force to overwrite)")
    target.write_text(config_mod.DEFAULT_TOML, encoding="utf-8")
    click.echo(f"wrote {target}")


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply Alembic migrations up to the newest (also done on every start)."""
    app = _ready(ctx)
    click.echo(f"database at head: {app.engine.url.render_as_string(hide_password=True)}")


def _envelope_paths(paths: tuple[str, ...]) -> None:
    for p in paths:
        if not os.path.lexists(p):  # a link, even a dangling one, is refused when read
            raise click.BadParameter(f"{p}: no such file or folder", param_hint="PATH")


def _read_path(app: App, path: str) -> Any:
    """The Reading of one envelope path, or CONTRACT's error object when it is unreadable
    (that is a result, not a failure of the command). A broken installation is not a
    result: the command stops (exit 69)."""
    from intake.analysis import error_json
    from intake.errors import HOLD, disposition
    from intake.reading import envelope_bytes
    try:
        return app.read(envelope_bytes(Path(path)))
    except Exception as exc:
        d = disposition(exc)
        if d.action == HOLD:
            _refuse_install(str(exc))
        return error_json(path, d.code, d.message)


def _refuse_install(message: str) -> None:
    # Not wrapped: the command it names is copied whole.
    err.print(f"[red]インストールの問題[/]: {message}", markup=True, highlight=False,
              soft_wrap=True)
    sys.exit(EX_UNAVAILABLE)


def _engine_ready(app: App) -> None:
    """Probe tesseract and its models once, before any envelope is touched, and the
    dictionaries names' readings are checked against."""
    from ocr import readings
    from ocr.tesseract import EngineMissing, probe
    try:
        probe(app.read_settings.ocr)
    except EngineMissing as exc:
        _refuse_install(str(exc))
    if absent := readings.missing():
        _refuse_install("氏名と読み仮名を照らし合わせる辞書がありません。インストールしてください: "
                        f"sudo apt install {' '.join(absent)}")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per envelope (CONTRACT.md)")
@click.option("--today", help="date for validity and deadline checks (YYYY-MM-DD)")
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], as_json: bool, today: str | None) -> None:
    """Dry run of the whole pipeline on envelopes given as files (nothing is queued)."""
    from intake.analysis import analyse, contract_json

    _envelope_paths(paths)
    day = _date(today) or dt.date.today()
    app = _ready(ctx)
    _engine_ready(app)
    with app.sessions() as s:
        for n, p in enumerate(paths, start=1):
            reading = _read_path(app, p)
            if isinstance(reading, dict):
                out = reading
            else:
                out = contract_json(p, analyse(reading, config=app.config,
                                               procedure=app.procedure, received=day,
                                               lookup=app.member_lookup(s),
                                               ref=f"CHECK-{n}", today=day))
            if as_json:
                _print_json(out)
            else:
                _print_check(out)


def _print_check(out: dict[str, Any]) -> None:
    if "error" in out:
        console.print(f"[bold]{out['source']}[/]: [red]{out['error']['code']}[/] "
                      f"{out['error']['message']}")
        return
    d = out["decision"]
    console.print(f"[bold]{out['source']}[/] ({out['channel']}): [cyan]{d['outcome']}[/]")
    for doc in out["documents"]:
        console.print(f"  {doc['kind']} pages {doc['pages']}")
    for key in ("deficiencies", "review_points"):
        if d[key]:
            console.print(f"  {key}: {', '.join(d[key])}")
    if out["draft"]:
        console.print(f"  draft: {out['draft']['template']} → {out['draft']['to']}")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON per CONTRACT.md")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], as_json: bool) -> None:
    """The reading half alone: documents, fields and per-page text."""
    from intake.analysis import extract_json

    _envelope_paths(paths)
    app = _app(ctx)
    _engine_ready(app)
    for p in paths:
        reading = _read_path(app, p)
        out = reading if isinstance(reading, dict) else extract_json(p, reading)
        if as_json:
            _print_json(out)
        else:
            for page in out.get("pages", []):
                console.rule(f"{p} page {page['page']} (conf {page['confidence']})")
                console.print(page["text"])
            if "error" in out:
                console.print(f"[red]{out['error']['message']}[/]")


@main.command()
@click.option("--once", is_flag=True, required=True, help="one pass of every source, then exit")
@click.option("--today", help="date for validity checks (default: the date received)")
@click.pass_context
def poll(ctx: click.Context, once: bool, today: str | None) -> None:
    """Poll every configured source once and process what came in."""
    from intake.runner import run_once
    app = _ready(ctx)
    _engine_ready(app)
    report = run_once(app, _date(today))
    states: dict[str, int] = {}
    for state in report.processed.values():
        states[state] = states.get(state, 0) + 1
    click.echo(f"ingested {len(report.ingested)}, processed {len(report.processed)}: "
               + (", ".join(f"{k} {v}" for k, v in sorted(states.items())) or "nothing new"))
    for refused in report.refused:
        err.print(f"refused: {refused}", markup=False, highlight=False)
    for e in report.errors:
        err.print(f"source error: {e}", markup=False, highlight=False)
    if report.errors:
        sys.exit(EX_TEMPFAIL)  # cron/systemd: try again later; the other sources ran


@main.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """The daemon: a pass every [schedule] interval_minutes and daily at daily_at."""
    from intake.daemon import run as run_daemon
    logging.getLogger().setLevel(logging.INFO)
    app = _ready(ctx)
    _engine_ready(app)
    run_daemon(app)


@main.group()
def members() -> None:
    """The member register."""


@members.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def members_import(ctx: click.Context, file: str) -> None:
    """Import or update members from a CSV (UTF-8 with or without BOM, or CP932)."""
    from intake.members import import_csv
    app = _ready(ctx)
    with app.sessions() as s:
        report = import_csv(s, Path(file))
    click.echo(f"members: {report.added} added, {report.updated} updated, "
               f"{len(report.errors)} rejected")
    for e in report.errors:
        err.print(f"  {e}")
    if report.errors and not (report.added or report.updated):
        sys.exit(1)


@main.group()
def review() -> None:
    """Reviewers: list, show, approve, edit, reject or refuse drafts, and record what
    only a person knows (done, withheld, other data, provisions, no data, address)."""


def _findings(draft: Any) -> tuple[str, str]:
    if draft.case is None:
        return "", ""
    defs = [f.code for f in draft.case.findings if f.kind == "deficiency"]
    points = [f.code for f in draft.case.findings if f.kind == "review_point"]
    return ", ".join(defs), ", ".join(points)


@review.command("list")
@click.option("--all", "show_all", is_flag=True, help="also rejected and delivered drafts")
@click.pass_context
def review_list(ctx: click.Context, show_all: bool) -> None:
    """The review queue."""
    from intake.review import open_cases, queue
    app = _ready(ctx)
    states = ("pending", "approved", "rejected", "delivered") if show_all else \
        ("pending", "approved")
    with app.sessions() as s:
        drafts = queue(s, states)
        table = Table(title=f"review queue ({len(drafts)})")
        for col in ("draft", "env", "state", "outcome", "template", "to", "deficiencies",
                    "review points"):
            table.add_column(col, overflow="fold")
        for d in drafts:
            defs, points = _findings(d)
            table.add_row(str(d.id), str(d.envelope_id), d.state,
                          d.case.outcome if d.case else "", d.template, d.to, defs, points)
        console.print(table)
        waiting = open_cases(s)
        if waiting:
            # A receipt went out; the answer is still owed, by its deadline.
            console.print(f"[bold]回答待ちの案件 ({len(waiting)})[/] — 住所を確認し "
                          "`intake review confirm-address DRAFT --to registered|letter`")
            for env_id, draft_id, due in waiting:
                console.print(f"  envelope {env_id}  draft {draft_id}  期限 {due or '-'}")


@review.command("show")
@click.argument("draft_id", type=int)
@click.pass_context
def review_show(ctx: click.Context, draft_id: int) -> None:
    """One draft in full, with its findings."""
    from intake.review import blockers, get_draft
    from outbox.wording import REQUEST_TYPES
    app = _ready(ctx)
    with app.sessions() as s:
        try:
            d = get_draft(s, draft_id)
        except ReviewError as exc:
            raise click.ClickException(str(exc)) from exc
        defs, points = _findings(d)
        console.print(f"[bold]draft {d.id}[/] envelope {d.envelope_id} — {d.state}"
                      f"{' (edited)' if d.edited else ''}")
        console.print(f"outcome: {d.case.outcome if d.case else '-'}   due: "
                      f"{d.case.due_date if d.case else '-'}")
        console.print(f"deficiencies: {defs or '-'}\nreview points: {points or '-'}")
        if d.case is not None:
            for t in d.case.type_decisions or []:
                console.print(f"  {REQUEST_TYPES.get(t['type'], t['type'])}: {t['outcome']}"
                              f"{' ' + ','.join(t['grounds']) if t['grounds'] else ''}",
                              markup=False, highlight=False)
        missing = blockers(d)
        if missing and d.state == "pending":
            console.print("[bold]承認の前に:[/]")
            for m in missing:
                console.print(f"  ・{m}", markup=False, highlight=False)
        env = d.case.envelope if d.case else None
        if env is not None:
            # What the machine read, so the reviewer can hold it against the scan.
            for doc in env.documents:
                values = ", ".join(f"{k}={v}" for k, v in doc.fields.items() if v is not None)
                console.print(f"  {doc.kind} (pages {doc.pages}): {values or '-'}",
                              markup=False, highlight=False)
            if env.thread_of:
                console.print(f"continues the case of envelope {env.thread_of}")
            for note in (env.meta or {}).get("notes", []):
                console.print(f"  note: {note}", markup=False, highlight=False)
        console.print(f"channel: {d.channel}\nto: {d.to}\nsubject: {d.subject}")
        console.rule()
        console.print(d.body, markup=False, highlight=False)


def _review_action(ctx: click.Context, fn: Any, draft_id: int, **kw: Any) -> Any:
    app = _ready(ctx)
    with app.sessions() as s:
        try:
            return fn(s, draft_id, _actor(ctx), **kw)
        except ReviewError as exc:
            raise click.ClickException(str(exc)) from exc


@review.command("approve")
@click.argument("draft_id", type=int)
@click.pass_context
def review_approve(ctx: click.Context, draft_id: int) -> None:
    """Approve a draft for delivery."""
    from intake.pipeline import purge_raw
    from intake.review import approve
    d = _review_action(ctx, approve, draft_id)
    purge_raw(_app(ctx))
    click.echo(f"draft {d.id} approved by {d.reviewer}")


@review.command("reject")
@click.argument("draft_id", type=int)
@click.option("--reason", required=True, help="why (kept in the audit log)")
@click.pass_context
def review_reject(ctx: click.Context, draft_id: int, reason: str) -> None:
    """Reject a draft; it will never be delivered."""
    from intake.pipeline import purge_raw
    from intake.review import reject
    d = _review_action(ctx, reject, draft_id, reason=reason)
    purge_raw(_app(ctx))
    click.echo(f"draft {d.id} rejected by {d.reviewer}")


def _recording(ctx: click.Context, fn: Any, draft_id: int, *args: Any, **kw: Any) -> None:
    """A review action that records something on the case and re-drafts its reply."""
    app = _ready(ctx)
    with app.sessions() as s:
        try:
            d = fn(app, s, draft_id, _actor(ctx), *args, **kw)
        except ReviewError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"記録しました。新しい下書き {d.id}（{d.template}）を確認して承認してください")


@review.command("refuse")
@click.argument("draft_id", type=int)
@click.option("--ground", "grounds", multiple=True, required=True,
              help="a ground of procedure.toml [grounds] that fits the type (1–6, "
                   "not_inaccurate, no_violation, …); repeat for several")
@click.option("--type", "types", multiple=True,
              help="the request type refused (default: every type of the case)")
@click.option("--reason", required=True, help="the reason, written into the notice")
@click.option("--alternative", default="", help="the substitute measure (代替措置)")
@click.pass_context
def review_refuse(ctx: click.Context, draft_id: int, grounds: tuple[str, ...],
                  types: tuple[str, ...], reason: str, alternative: str) -> None:
    """Answer request types on a ground that fits them; the reply is drafted again."""
    from intake.review import refuse
    _recording(ctx, refuse, draft_id, list(grounds), reason, list(types) or None,
               alternative)


@review.command("done")
@click.argument("draft_id", type=int)
@click.option("--type", "request_type", required=True,
              help="correction | deletion | suspension | third_party_stop | applicant_erasure")
@click.option("--what", required=True, help="what was done, as the letter should say it")
@click.option("--on", "on", required=True, help="the day it was done (YYYY-MM-DD)")
@click.pass_context
def review_done(ctx: click.Context, draft_id: int, request_type: str, what: str,
                on: str) -> None:
    """Record what was corrected, erased or stopped, and when."""
    from intake.review import record_done
    day = _date(on)
    assert day is not None
    _recording(ctx, record_done, draft_id, request_type, what, day)


@review.command("other-data")
@click.argument("draft_id", type=int)
@click.option("--file", "text_file", type=click.Path(exists=True, dir_okay=False),
              help="the data held beyond the register, as the letter should list it")
@click.option("--none", "none_held", is_flag=True, help="nothing is held beyond the register")
@click.pass_context
def review_other_data(ctx: click.Context, draft_id: int, text_file: str | None,
                      none_held: bool) -> None:
    """Fill the 「その他の保有個人データ」 section of a disclosure, or declare it empty."""
    from intake.review import record_other_data
    if bool(text_file) == none_held:
        raise click.UsageError("--file か --none のどちらか一つを指定してください")
    text = None if none_held else Path(str(text_file)).read_text(encoding="utf-8")
    _recording(ctx, record_other_data, draft_id, text)


@review.command("provisions")
@click.argument("draft_id", type=int)
@click.option("--row", "rows", multiple=True,
              help="DATE|RECIPIENT|ITEMS, one per provision (YYYY-MM-DD|提供先|項目)")
@click.option("--none", "none_held", is_flag=True, help="no provision record is held")
@click.pass_context
def review_provisions(ctx: click.Context, draft_id: int, rows: tuple[str, ...],
                      none_held: bool) -> None:
    """Record the third-party provision records the letter discloses."""
    from intake.review import record_provisions
    from rules.answers import Provision
    if bool(rows) == none_held:
        raise click.UsageError("--row か --none のどちらかを指定してください")
    parsed = []
    for row in rows:
        parts = [p.strip() for p in row.split("|")]
        if len(parts) != 3 or _date(parts[0]) is None:
            raise click.BadParameter(f"{row!r}: DATE|RECIPIENT|ITEMS", param_hint="--row")
        parsed.append(Provision(parts[0], parts[1], parts[2]))
    _recording(ctx, record_provisions, draft_id, parsed)


@review.command("withhold")
@click.argument("draft_id", type=int)
@click.option("--item", required=True, help="the data withheld, as the letter names it")
@click.option("--ground", required=True, type=click.Choice(["4", "5", "6"]),
              help="Art. 33(2) (i)–(iii): the policy's grounds 4–6")
@click.option("--reason", required=True, help="why, written into the letter")
@click.pass_context
def review_withhold(ctx: click.Context, draft_id: int, item: str, ground: str,
                    reason: str) -> None:
    """Withhold part of a disclosure on an Art. 33(2) ground."""
    from intake.review import withhold
    _recording(ctx, withhold, draft_id, item, ground, reason)


@review.command("confirm-no-data")
@click.argument("draft_id", type=int)
@click.option("--searched", required=True,
              help="how the register was searched (e.g. 氏名・フリガナ・生年月日で検索)")
@click.pass_context
def review_confirm_no_data(ctx: click.Context, draft_id: int, searched: str) -> None:
    """Confirm, after searching the register, that the person has no data."""
    from intake.review import confirm_no_data
    _recording(ctx, confirm_no_data, draft_id, searched)


@review.command("types")
@click.argument("draft_id", type=int)
@click.option("--type", "types", multiple=True,
              help="a request type the letter marks (disclosure, correction, deletion, "
                   "suspension, third_party_stop, …); repeat for several")
@click.option("--none", "none", is_flag=True,
              help="the letter marks no type: the reply asks for it")
@click.pass_context
def review_types(ctx: click.Context, draft_id: int, types: tuple[str, ...], none: bool) -> None:
    """Record the request types as the letter's page marks them, where reading could
    not tell the marks or read them wrong (or --none: it marks none); the reply is
    drafted again."""
    from intake.review import record_types
    _recording(ctx, record_types, draft_id, list(types), none=none)


@review.command("confirm-address")
@click.argument("draft_id", type=int)
@click.option("--to", "which", required=True,
              type=click.Choice(["registered", "letter", "proof"]),
              help="registered: the register's address; letter: the one the letter gives; "
                   "proof: ask for proof of the new address first")
@click.pass_context
def review_confirm_address(ctx: click.Context, draft_id: int, which: str) -> None:
    """A mover's case: record where the answer goes; the answer is drafted."""
    from intake.review import confirm_address
    _recording(ctx, confirm_address, draft_id, which)


@review.command("sent")
@click.argument("draft_id", type=int)
@click.option("--how", required=True, help="how you found it was delivered")
@click.pass_context
def review_sent(ctx: click.Context, draft_id: int, how: str) -> None:
    """A delivery in doubt did go out: mark it delivered (audited)."""
    from intake.review import confirm_sent
    d = _review_action(ctx, confirm_sent, draft_id, how=how)
    click.echo(f"draft {d.id} delivered (confirmed by {_actor(ctx)})")


@review.command("resend")
@click.argument("draft_id", type=int)
@click.option("--how", required=True, help="how you found it did not arrive")
@click.pass_context
def review_resend(ctx: click.Context, draft_id: int, how: str) -> None:
    """A delivery in doubt did not arrive: approve it for the next delivery (audited)."""
    from intake.review import resend
    d = _review_action(ctx, resend, draft_id, how=how)
    click.echo(f"draft {d.id} approved again by {_actor(ctx)}")


@review.command("edit")
@click.argument("draft_id", type=int)
@click.option("--file", "body_file", type=click.Path(exists=True, dir_okay=False),
              help="new body from a file (default: open $EDITOR)")
@click.option("--subject")
@click.pass_context
def review_edit(ctx: click.Context, draft_id: int, body_file: str | None,
                subject: str | None) -> None:
    """Edit a draft's body or subject; an edited draft needs approval again."""
    from intake.review import edit, get_draft
    if body_file:
        body: str | None = Path(body_file).read_text(encoding="utf-8")
    else:
        app = _ready(ctx)
        with app.sessions() as s:
            current = get_draft(s, draft_id).body
        body = click.edit(current, extension=".txt")
        if body is None:
            click.echo("no change")
            return
    d = _review_action(ctx, edit, draft_id, body=body, subject=subject)
    click.echo(f"draft {d.id} edited by {_actor(ctx)}; state {d.state}")


@members.command("search")
@click.option("--name", help="part of the name (spaces and old forms ignored)")
@click.option("--kana", help="part of the reading")
@click.option("--birth-date", "birth_date", help="YYYY-MM-DD or 和暦")
@click.option("--member-id", "member_id", help="the member number or its start")
@click.option("--address", help="part of the address")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def members_search(ctx: click.Context, name: str | None, kana: str | None,
                   birth_date: str | None, member_id: str | None, address: str | None,
                   as_json: bool) -> None:
    """Search the register (partial matches), e.g. before confirming a no-data case."""
    from intake.members import search
    app = _ready(ctx)
    with app.sessions() as s:
        try:
            hits = search(s, name=name, kana=kana, birth_date=birth_date,
                          member_id=member_id, address=address)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    if as_json:
        for hit in hits:
            _print_json(hit)
        return
    table = Table(title=f"会員検索 ({len(hits)})")
    for col in ("member_id", "name", "kana", "birth_date", "address", "status", "matched"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(h["member_id"], h["name"] or "", h["name_kana"] or "",
                      h["birth_date"] or "", h["address"] or "", h["status"] or "",
                      ", ".join(h["matched"]))
    console.print(table)


@main.command()
@click.pass_context
def deliver(ctx: click.Context) -> None:
    """Deliver approved drafts: email by SMTP, letters as PDFs in the outbox."""
    from intake.delivery import deliver as run_delivery
    app = _ready(ctx)
    report = run_delivery(app, _actor(ctx))
    click.echo(f"delivered {len(report.delivered)}, failed {len(report.failed)}, "
               f"uncertain {len(report.uncertain)}")
    for draft_id, reason in report.failed.items():
        err.print(f"  draft {draft_id}: 送れませんでした（後で再試行します）: {reason}",
                  markup=False, highlight=False)
    for draft_id, reason in report.uncertain.items():
        err.print(f"  draft {draft_id}: 送信が確かめられません: {reason} — "
                  f"`intake review sent {draft_id} --how …` か `intake review resend "
                  f"{draft_id} --how …`", markup=False, highlight=False)
    if report.uncertain:
        sys.exit(1)  # a person must look
    if report.failed:
        sys.exit(EX_TEMPFAIL)


@main.group()
def envelopes() -> None:
    """Ingested envelopes: list, retry."""


def envelope_json(e: Any) -> dict[str, Any]:
    return {"id": e.id, "source": e.source, "channel": e.channel, "message_id": e.message_id,
            "uidvalidity": e.uidvalidity, "uid": e.uid, "sha256": e.sha256, "state": e.state,
            "error": e.error}


@envelopes.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def envelopes_list(ctx: click.Context, as_json: bool) -> None:
    """Every ingested envelope, for audits."""
    from sqlalchemy import select

    from intake.models import Envelope
    app = _ready(ctx)
    with app.sessions() as s:
        rows = s.scalars(select(Envelope).order_by(Envelope.id)).all()
        if as_json:
            for e in rows:
                _print_json(envelope_json(e))
            return
        table = Table(title=f"envelopes ({len(rows)})")
        for col in ("id", "source", "channel", "file / message", "state", "error"):
            table.add_column(col, overflow="fold")
        for e in rows:
            table.add_row(str(e.id), e.source, e.channel, e.filename or e.message_id or "",
                          e.state, e.error or "")
        console.print(table)


@envelopes.command("retry")
@click.argument("envelope_id", type=int)
@click.pass_context
def envelopes_retry(ctx: click.Context, envelope_id: int) -> None:
    """Re-queue a quarantined envelope (read again from its stored raw bytes)."""
    from intake.pipeline import PurgedError, retry
    app = _ready(ctx)
    try:
        retry(app, envelope_id, _actor(ctx))
    except KeyError as exc:
        raise click.ClickException(f"envelope {envelope_id} does not exist") from exc
    except PurgedError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"envelope {envelope_id} re-queued; it is processed on the next pass")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit(ctx: click.Context, as_json: bool) -> None:
    """The audit log: who did what, when."""
    from sqlalchemy import select

    from intake.models import AuditEvent
    app = _ready(ctx)
    with app.sessions() as s:
        for ev in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            row = {"id": ev.id, "at": ev.at.isoformat(), "actor": ev.actor, "action": ev.action,
                   "envelope_id": ev.envelope_id, "draft_id": ev.draft_id, "detail": ev.detail}
            if as_json:
                _print_json(row)
            else:
                click.echo(f"{row['at']} {ev.actor:<10} {ev.action:<16} env={ev.envelope_id} "
                           f"draft={ev.draft_id} {json.dumps(ev.detail, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
