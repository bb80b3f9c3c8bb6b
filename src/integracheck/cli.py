"""The command line: parse options, call the library, pick a renderer, write, set the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from integracheck import __version__
from integracheck.collector import starting
from integracheck.output import Staged, output_problems, write_atomically

if TYPE_CHECKING:
    from rich.progress import Progress

    from integracheck.loading.errors import InputProblem
    from integracheck.models.batch import BatchRow
    from integracheck.models.report import Report
    from integracheck.render.options import RenderOptions


def _say(message: object = "", err: bool = False) -> None:
    """A line for a person, through the guard that keeps CI commands out of the log."""
    from integracheck.models.inert_text import guard_lines

    if err:
        typer.echo(guard_lines(str(message)), err=True)
    else:
        _to_stdout(guard_lines(str(message)) + "\n")


def _write(text: str) -> None:
    from integracheck.models.inert_text import guard_lines

    _to_stdout(guard_lines(text))


# Formats that are one document for a program, not lines for a person.
MACHINE_FORMATS = frozenset({"json", "jsonl", "sarif", "junit"})


def _write_document(text: str) -> None:
    """A machine-readable document (JSON, JSON Lines, SARIF, JUnit) on stdout: UTF-8 bytes
    whatever the locale or PYTHONIOENCODING, and never through the line guard, which would
    rewrite characters inside it into escapes its format does not have. Its renderer already
    writes every line break, control and CI command inside a value as the format's escape."""
    _to_stdout(text, document=True)


def _to_stdout(text: str, document: bool = False) -> None:
    """Every write to stdout: flushed at once, so a closed, full or broken stdout is an error
    said on stderr (exit 2) here, not an internal error or a lost write at exit."""
    try:
        binary = getattr(sys.stdout, "buffer", None) if document else None
        if binary is not None:
            sys.stdout.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except OSError as exc:
        # Nothing more can go there: what is left unflushed must not fail again at exit.
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        sys.stderr.write(f"integracheck: cannot write to stdout: {exc.strerror or exc}\n")
        raise typer.Exit(EXIT_CANNOT_RUN) from None


def one_line(text: str) -> str:
    from integracheck.models.inert_text import one_line as inert

    return inert(text)


def _write_commands(text: str, *, to_stderr: bool = False) -> None:
    """Workflow commands meant for the runner (`--format github`): written as they are; their
    renderer escapes every value in them."""
    if to_stderr:
        sys.stderr.write(text)
    else:
        _to_stdout(text)


# Options several commands share, spelt once so their flags and help cannot drift apart.
ChecklistOption = Annotated[
    list[str] | None,
    typer.Option("--checklist", "-c", help="Built-in checklist id or file; repeatable."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")]


# Exit codes, for every command (README, "Exit codes").
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_CANNOT_RUN = 2


class PlainUsageCommand(TyperCommand):
    """Typer writes a required argument as `{PROFILE...}` in the usage line, a notation no
    manual page uses; this writes it `PROFILE...`, as the README does."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # Typer's own Click context
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


app = typer.Typer(
    name="integracheck",
    help="Assess a city's migrant-integration profile against cited rule sets.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="List and explain the rules of the checklists.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


class Format(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class RulesFormat(StrEnum):
    table = "table"
    json = "json"


class SeverityName(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"integracheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """integracheck: a policy-gap analyser for local migrant integration."""


def _fail(problems: list[InputProblem]) -> NoReturn:
    for problem in problems:
        _say(str(problem), err=True)
    raise typer.Exit(EXIT_CANNOT_RUN)


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _width(stream: object) -> int:
    """COLUMNS when set (also when piped, as `COLUMNS=100 integracheck ... | wc -l`), else the
    terminal's width, else 100; kept between 60 and 160 so tables stay legible."""
    width = 100
    columns = os.environ.get("COLUMNS", "")
    isatty = getattr(stream, "isatty", None)
    if columns.isdigit():
        width = int(columns)
    elif isatty and isatty():
        import shutil  # only for a terminal

        width = shutil.get_terminal_size((100, 24)).columns
    return max(60, min(width, 160))


@app.command(cls=PlainUsageCommand)
def validate(
    profiles: Annotated[
        # Text, not Path: Path("") is ".", and an empty argument must not walk the working
        # directory but be reported as the empty name it is.
        list[str],
        typer.Argument(
            metavar="PROFILE...", help="Profile files, or folders searched for *.yaml / *.yml."
        ),
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
) -> None:
    """Check profiles against the schema. Exit 0 if all are valid, 1 if any is not."""
    from integracheck.api import validate as validate_files
    from integracheck.batch import expand

    total = invalid = unreadable = 0
    for outcome in validate_files(expand(str(path) for path in profiles)):
        total += 1
        for problem in outcome.problems:
            _say(str(problem), err=True)
        if outcome.valid:
            if not quiet:
                _say(f"ok  {one_line(outcome.file)}")
        else:
            invalid += 1
            unreadable += outcome.unreadable
    if unreadable:
        raise typer.Exit(EXIT_CANNOT_RUN)
    if invalid:
        if not quiet:
            _say(f"{invalid} of {total} profile(s) invalid", err=True)
        raise typer.Exit(EXIT_CHECK_FAILED)


@app.command(cls=PlainUsageCommand)
def assess(
    profiles: Annotated[
        list[Path],
        typer.Argument(
            metavar="PROFILE...", help="The profile to assess (or several, each in turn)."
        ),
    ],
    checklist: Annotated[
        list[str] | None,
        typer.Option(
            "--checklist",
            "-c",
            help="Built-in checklist id or a checklist file; "
            "repeatable. Default: all built-in checklists.",
        ),
    ] = None,
    format_name: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format (default: terminal, or from the --output extension).",
        ),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to FILE (format from its "
            "extension, or FORMAT=FILE); repeatable.",
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=100, help="Exit 1 if the overall score is below."),
    ] = None,
    fail_on: Annotated[
        SeverityName | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 if a rule fails or a risk is raised at this severity or above.",
        ),
    ] = None,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            min=0,
            max=100,
            help="Exit 1 if the stated facts decide less than PCT per cent of the rule weight.",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Count every rule the stated facts cannot decide as failed "
            "(for a city gating its own, complete profile).",
        ),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each score was reached.")
    ] = False,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Terminal: every result, the pathway matrix and the full lists, not only the "
            "first screen.",
        ),
    ] = False,
    no_waivers: Annotated[
        bool, typer.Option("--no-waivers", help="Ignore the profile's waivers.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line when writing files.")
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Your own Jinja2 template for the markdown or html "
            "format (README: template context).",
        ),
    ] = None,
    docs_url: Annotated[
        str | None,
        typer.Option(
            "--docs-url",
            help="Absolute base URL of the rule documentation that SARIF links to (each rule "
            "at BASE#RULE-ID); no link without it.",
        ),
    ] = None,
    base_dir: Annotated[
        Path | None,
        typer.Option(
            "--base-dir",
            help="Repository root that SARIF artifact URIs are relative to (default: the git "
            "top level of the working directory, else the working directory).",
        ),
    ] = None,
    annotations: Annotated[
        bool | None,
        typer.Option(
            "--annotations/--no-annotations",
            help="Also write GitHub workflow-command annotations, whatever --output and "
            "--format say (default: when GITHUB_ACTIONS is true).",
        ),
    ] = None,
    sarif_category: Annotated[
        str | None,
        typer.Option(
            "--sarif-category",
            help="The SARIF run's category (automationDetails.id); default: made of the "
            "checklists' ids, the same whatever profiles are assessed.",
        ),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Assess as of this date (waiver expiry, funding that ends within a year); "
            "default: today.",
        ),
    ] = None,
    peers: Annotated[
        Path | None,
        typer.Option(
            "--peers",
            help="A folder of peer profiles: show each group's score "
            "beside the peers' median and quartiles.",
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes for --peers.")
    ] = None,
) -> None:
    """Assess a profile and report its scores, gaps, risks and facts not stated."""
    from integracheck.render import EXTENSIONS, RENDERERS, RenderOptions

    if docs_url is not None and not _absolute_web_url(docs_url):
        raise typer.BadParameter(
            "must be an absolute http:// or https:// URL (SARIF's helpUri is an absolute URI)",
            param_hint="--docs-url",
        )

    targets: list[tuple[str, Path]] = []
    for item in output or []:
        name, sep, rest = item.partition("=")
        if sep and name in RENDERERS:
            targets.append((name, Path(rest)))
            continue
        path = Path(item)
        guessed = EXTENSIONS.get(path.suffix.lower())
        chosen = format_name.value if format_name else guessed
        if chosen is None:
            raise typer.BadParameter(
                f"cannot tell the format of '{item}' from its extension; use --format or "
                f"FORMAT=PATH with one of: {', '.join(RENDERERS)}",
                param_hint="--output",
            )
        targets.append((chosen, path))
    inputs: list[Path | str] = [*profiles, *(c for c in checklist or () if Path(c).exists())]
    if template is not None:
        inputs.append(template)
    refused = output_problems([path for _, path in targets], inputs)
    if refused:
        for problem in refused:
            _say(problem, err=True)
        raise typer.Exit(EXIT_CANNOT_RUN)
    if template is not None and not template.is_file():
        _say(f"{template}:1:1: cannot read template: no such file", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN)
    formats = {name for name, _ in targets} or {format_name.value if format_name else "terminal"}
    if template is not None and not formats & {"markdown", "html"}:
        # Silently ignoring it would leave a user believing their template was used.
        _say(
            f"{one_line(str(template))}:1:1: --template applies to the markdown and html "
            f"formats only, not to {', '.join(sorted(formats))}",
            err=True,
        )
        raise typer.Exit(EXIT_CANNOT_RUN)
    options = RenderOptions(
        color=False,
        width=100,
        explain=explain,
        details=details,
        template=template,
        docs_url=docs_url,
        base_dir=str(base_dir) if base_dir is not None else _repository_root(),
        sarif_category=sarif_category,
    )
    reports = []
    code = EXIT_OK
    for profile in profiles:
        report = _assessed(
            profile,
            checklist or (),
            fail_under=fail_under,
            fail_on=fail_on.value if fail_on else None,
            min_coverage=min_coverage,
            strict=strict,
            use_waivers=not no_waivers,
            today=as_of.date() if as_of else None,
            peers=peers,
            jobs=jobs,
        )
        if report is None:
            code = EXIT_CANNOT_RUN
        else:
            reports.append(report)
    if reports:
        if annotations is None:
            annotations = os.environ.get("GITHUB_ACTIONS") == "true"
        written = _report(
            reports,
            targets,
            options,
            format_name.value if format_name else "terminal",
            quiet,
            annotations=annotations,
        )
        # A profile that could not be assessed (2) outranks a gate not met (1).
        code = max(code, written)
    if code != EXIT_OK:
        raise typer.Exit(code)


def _absolute_web_url(text: str) -> bool:
    """Whether a documentation base URL is absolute http(s) with a host, and nothing a link
    could run (`javascript:`) or a reader resolve elsewhere (a relative path)."""
    from urllib.parse import urlsplit

    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _append_step_summary(path: str, reports: list[Report]) -> None:
    """Add the headline, coverage and priorities to the job's summary page; a summary that
    cannot be written is said, never fatal."""
    from integracheck.render.markdown import render_step_summary

    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(render_step_summary(reports))
    except OSError as exc:
        _say(f"{one_line(path)}:1:1: cannot add to the step summary: {exc.strerror}", err=True)


def _repository_root() -> str | None:
    """The git top level of the working directory, the root SARIF URIs are relative to."""
    import subprocess  # only for SARIF

    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    root = completed.stdout.strip()
    return root if completed.returncode == 0 and root else None


def _assessed(
    profile: Path,
    checklist_refs: Sequence[str],
    *,
    fail_under: float | None,
    fail_on: str | None,
    use_waivers: bool,
    today: date | None,
    min_coverage: float | None = None,
    strict: bool = False,
    peers: Path | None = None,
    jobs: int | None = None,
) -> Report | None:
    """One profile's report, or None when it cannot be assessed (its problems on stderr)."""
    from integracheck.api import assess as assess_profile
    from integracheck.loading.errors import InputError

    gates = {
        "fail_under": fail_under,
        "fail_on": fail_on,
        "min_coverage": min_coverage,
        "strict": strict,
        "use_waivers": use_waivers,
        "today": today,
    }
    try:
        if peers is not None:
            from integracheck.batch import assess_with_peers

            return assess_with_peers(str(profile), str(peers), checklist_refs, jobs=jobs, **gates)
        return assess_profile(str(profile), checklist_refs, **gates)  # type: ignore[arg-type]
    except InputError as exc:
        for problem in exc.problems:
            _say(str(problem), err=True)
        return None


def _report(
    reports: list[Report],
    targets: list[tuple[str, Path]],
    options: RenderOptions,
    chosen: str,
    quiet: bool,
    *,
    annotations: bool = False,
) -> int:
    """Render the reports (one document for several profiles in the combined formats), write
    them, and return the exit code their gates give. With `annotations`, GitHub annotations
    follow whatever else is written: on stdout, or on stderr when stdout holds a document
    they would corrupt (the runner reads workflow commands on both)."""
    from integracheck.render import RENDERERS, render_many
    from integracheck.render.options import TemplateProblem
    from integracheck.render.view import summary_line

    try:
        rendered = [(path, render_many(reports, name, options)) for name, path in targets]
        text = commands = ""
        commands_to_stderr = False
        if not targets:
            if chosen == "terminal" and quiet:
                text = "".join(summary_line(report) + "\n" for report in reports)
            elif chosen == "github":
                commands = "".join(RENDERERS["github"](report, options) for report in reports)
            else:
                color = chosen == "terminal" and _use_color(sys.stdout)
                screen = replace(options, color=color, width=_width(sys.stdout))
                text = render_many(reports, chosen, screen)
        if annotations and not commands:
            # In a GitHub Actions job, findings also become annotations on the profile.
            commands = "".join(RENDERERS["github"](report, options) for report in reports)
            if text and chosen != "terminal":
                commands_to_stderr = True
    except TemplateProblem as exc:
        _say(f"{exc.file or options.template}:{exc.line}:1: template error: {exc}", err=True)
        return EXIT_CANNOT_RUN
    except ValueError as exc:  # e.g. several profiles asked of a one-profile format
        _say(f"integracheck: {exc}", err=True)
        return EXIT_CANNOT_RUN
    for path, content in rendered:
        try:
            write_atomically(path, content)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            _say(f"{path}:1:1: cannot write report: {reason}", err=True)
            return EXIT_CANNOT_RUN
    if targets and not quiet:
        for report in reports:
            _say(summary_line(report))
    if chosen in MACHINE_FORMATS:
        _write_document(text)
    else:
        _write(text)
    _write_commands(commands, to_stderr=commands_to_stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        _append_step_summary(summary_file, reports)
    failed = False
    for report in reports:
        for gate in report.gates_failed:
            failed = True
            _say(
                f"{one_line(report.profile_file)}: gate failed: --{gate.name} {gate.threshold}: "
                f"{one_line(gate.detail)}",
                err=True,
            )
    return EXIT_CHECK_FAILED if failed else EXIT_OK


@rules_app.command("list", cls=PlainUsageCommand)
def rules_list(
    checklist: ChecklistOption = None,
    format_name: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.table,
) -> None:
    """List the rules: id, group, severity, weight and title."""
    from integracheck.api import rules
    from integracheck.loading.errors import InputError
    from integracheck.render.rules import render_rule_list, render_rule_list_json

    try:
        entries = rules(checklist or ())
    except InputError as exc:
        _fail(exc.problems)
    if format_name is RulesFormat.json:
        _write_document(render_rule_list_json(entries))
    else:
        _write(render_rule_list(entries, color=_use_color(sys.stdout)))


@rules_app.command("explain", cls=PlainUsageCommand)
def rules_explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="RULE_OR_RISK_ID", help="A rule or risk id, e.g. OECD-01.1, MPI-R.3."
        ),
    ],
    checklist: ChecklistOption = None,
    jmespath: Annotated[
        bool,
        typer.Option(
            "--jmespath", help="Show each condition as written in JMESPath, beside its words."
        ),
    ] = False,
) -> None:
    """Explain a rule (rationale, citation, recommendation, examples, conditions in words) or a
    risk."""
    from integracheck.api import find_risk, find_rule, rule_overlaps, rules
    from integracheck.loading.errors import InputError
    from integracheck.loading.validation import suggest
    from integracheck.render.rules import render_risk_explanation, render_rule_explanation

    color = _use_color(sys.stdout)
    try:
        entry = find_rule(rule_id, checklist or ())
        risk = None if entry is not None else find_risk(rule_id, checklist or ())
    except InputError as exc:
        _fail(exc.problems)
    if entry is not None:
        shared, share = rule_overlaps(entry.rule.id, checklist or ())
        _write(
            render_rule_explanation(
                entry, color=color, shared=shared, share=share, jmespath=jmespath
            )
        )
    elif risk is not None:
        _write(render_risk_explanation(risk, color=color, jmespath=jmespath))
    else:
        known = [item.rule.id for item in rules(checklist or ())]
        hint = suggest(rule_id.upper(), known)
        message = f"no rule or risk '{rule_id}'" + (f"; did you mean '{hint}'?" if hint else "")
        _say(f"integracheck: {message}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN)


@app.command(cls=PlainUsageCommand)
def batch(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Profiles, or folders of profiles.")
    ],
    checklist: ChecklistOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: all cores).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write one row per profile to a .csv or .jsonl file, as results come.",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Rows of the ranking table shown.")] = 50,
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Assess as of this date."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No ranking table.")] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Count every rule the stated facts cannot decide as failed."),
    ] = False,
) -> None:
    """Assess many profiles in parallel; print a ranking, write CSV or JSON Lines rows."""
    import heapq

    from integracheck.batch import RankKey, expand, plan, rank_key, run
    from integracheck.loading.errors import InputError
    from integracheck.render.batch_table import (
        csv_header,
        csv_row,
        jsonl_row,
        render_ranking,
    )

    writer = None
    if output is not None:
        if output.suffix.lower() not in (".csv", ".jsonl"):
            raise typer.BadParameter("the output must end in .csv or .jsonl", param_hint="--output")
        writer = csv_row if output.suffix.lower() == ".csv" else jsonl_row
    try:
        the_plan = plan(checklist or (), as_of.date() if as_of else None, strict=strict)
    except InputError as exc:
        _fail(exc.problems)
    show_progress = sys.stderr.isatty() and not quiet
    # Paths are listed up front only for a progress bar's total: memory stays flat otherwise.
    found = expand(str(p) for p in paths)
    files: Iterable[str] = list(found) if show_progress else found
    best: list[tuple[RankKey, int, BatchRow]] = []  # bounded heap: memory stays flat
    failed = done = 0
    try:
        stream = _BatchOutput(output) if output is not None else None
    except OSError as exc:
        _say(f"{one_line(str(output))}:1:1: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    progress = _progress() if show_progress else None
    task = None
    if progress is not None and isinstance(files, list):
        task = progress.add_task("assess", total=len(files))
    try:
        if stream is not None and writer is csv_row:
            stream.write(csv_header(the_plan.group_ids))
        for row in run(files, the_plan, jobs=jobs):
            done += 1
            if progress is not None and task is not None:
                progress.advance(task)
            if not row.ok:
                failed += 1
                for problem in row.problems:
                    _say(problem, err=True)
                continue
            if stream is not None and writer is not None:
                stream.write(writer(row, the_plan.group_ids))
            if top:
                item = (rank_key(row), -done, row)
                if len(best) < top:
                    heapq.heappush(best, item)
                else:
                    heapq.heappushpop(best, item)
        if stream is not None:
            stream.commit()
    except OSError as exc:
        _say(f"{output}:1:1: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    finally:
        if progress is not None:
            progress.stop()
        if stream is not None:
            stream.discard()
    if not quiet:
        ranked = [row for _, _, row in sorted(best, key=lambda i: (i[0], i[1]), reverse=True)]
        _write(
            render_ranking(
                ranked,
                the_plan.group_ids,
                done,
                failed,
                color=_use_color(sys.stdout),
                width=_width(sys.stdout),
            )
        )
    if failed:
        raise typer.Exit(EXIT_CANNOT_RUN)


class _BatchOutput(Staged):
    """Rows streamed to a temporary file beside the target, renamed when the run completes."""

    def __init__(self, path: Path) -> None:
        super().__init__(Path(os.path.realpath(path)), newline="")

    def write(self, text: str) -> None:
        self.stream.write(text)


def _progress() -> Progress:
    """A progress bar on stderr, shown only on a terminal (never when piped)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "assessing",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    )
    progress.start()
    return progress


class PlanFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class GatherFormat(StrEnum):
    markdown = "markdown"
    yaml = "yaml"
    json = "json"


def _assess_for_listing(profile: Path, checklist: list[str] | None, as_of: datetime | None):  # type: ignore[no-untyped-def]
    """The report `plan` and `gather` work from; unusable input ends the run with exit 2."""
    from integracheck.api import assess as assess_profile
    from integracheck.loading.errors import InputError

    try:
        return assess_profile(str(profile), checklist or (), today=as_of.date() if as_of else None)
    except InputError as exc:
        _fail(exc.problems)


def _refuse_overwriting_inputs(output: Path | None, inputs: list[Path | str]) -> None:
    """Exit 2 before any work when the output would replace an input of the run."""
    if output is None:
        return
    refused = output_problems([output], inputs)
    if refused:
        for problem in refused:
            _say(problem, err=True)
        raise typer.Exit(EXIT_CANNOT_RUN)


def _emit(text: str, output: Path | None, document: bool = False) -> None:
    """Write to OUTPUT, else to stdout: a `document` (JSON) as UTF-8 bytes, other text as
    guarded lines."""
    if output is None:
        (_write_document if document else _write)(text)
        return
    try:
        write_atomically(output, text)
    except OSError as exc:
        _say(f"{output}:1:1: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None


@app.command(cls=PlainUsageCommand)
def plan(
    profile: Annotated[Path, typer.Argument(metavar="PROFILE", help="The profile to plan for.")],
    checklist: ChecklistOption = None,
    format_name: Annotated[PlanFormat, typer.Option("--format", "-f")] = PlanFormat.terminal,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Only the N actions that add the most.")
    ] = None,
    output: OutputOption = None,
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Assess as of this date."),
    ] = None,
) -> None:
    """An action plan: every gap ranked by the score it would add, with what to do, a peer
    example, the department concerned and the profile line."""
    from integracheck.render.plan import PLAN_RENDERERS

    _refuse_overwriting_inputs(output, [profile, *(c for c in checklist or () if Path(c).exists())])
    report = _assess_for_listing(profile, checklist, as_of)
    _emit(
        PLAN_RENDERERS[format_name.value](report, top),
        output,
        document=format_name is PlanFormat.json,
    )


@app.command(cls=PlainUsageCommand)
def gather(
    profile: Annotated[
        Path, typer.Argument(metavar="PROFILE", help="The profile whose missing facts to ask for.")
    ],
    checklist: ChecklistOption = None,
    format_name: Annotated[GatherFormat, typer.Option("--format", "-f")] = GatherFormat.markdown,
    output: OutputOption = None,
) -> None:
    """A questionnaire of the facts the profile does not state, by department, those that
    decide the most first (Markdown for people, a YAML fragment to paste back, JSON)."""
    from integracheck.render.gather import GATHER_RENDERERS

    _refuse_overwriting_inputs(output, [profile, *(c for c in checklist or () if Path(c).exists())])
    report = _assess_for_listing(profile, checklist, None)
    _emit(
        GATHER_RENDERERS[format_name.value](report),
        output,
        document=format_name is GatherFormat.json,
    )


@app.command()
def interview(
    profile: Annotated[Path, typer.Argument(help="The profile to fill in; written in place.")],
    department: Annotated[
        str | None, typer.Option("--department", help="Only this department's facts.")
    ] = None,
    max_questions: Annotated[
        int | None, typer.Option("--max", min=1, help="Stop after N questions.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="The citation written as `source` with each answer."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Answers from a YAML file (fact address: value)."),
    ] = None,
) -> None:
    """Ask the facts the profile lacks, the one that would close the most of the score's range
    first, and write each answer into the profile (comments and layout kept)."""
    from integracheck import interview as asking
    from integracheck.loading.errors import InputError

    chosen = None
    if department is not None:
        chosen = asking.match_department(department)
        if chosen is None:
            names = "; ".join(asking.departments())
            _say(f"unknown department '{one_line(department)}'; one of: {names}", err=True)
            raise typer.Exit(EXIT_CANNOT_RUN)
    if answers is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        _say(
            "interview asks its questions on a terminal, and there is none; give the answers "
            "with --answers FILE (a YAML mapping of fact address to value)",
            err=True,
        )
        raise typer.Exit(EXIT_CANNOT_RUN)
    try:
        given = asking.read_answers(str(answers)) if answers is not None else None
        session = asking.Session.open(
            str(profile), source or "", department=chosen, examples=asking.bundled_folder()
        )
    except InputError as exc:
        _fail(exc.problems)
    if given is not None:
        session.source = source or f"answers file {answers.name if answers else ''}"
        outcome = asking.interview_scripted(session, given, _say, max_questions)
        _say(asking.summary_text(outcome))
        rejected, unused = asking.answer_problems(str(answers), outcome)
        for problem in unused + rejected:
            _say(str(problem), err=True)
        if rejected:
            raise typer.Exit(EXIT_CANNOT_RUN)
        return
    prompt = asking.LinePrompt(_say, input)
    while not session.source:
        reply = prompt.ask("Where do these answers come from? (cited as `source`): ")
        if reply is None:
            raise typer.Exit(EXIT_CANNOT_RUN)
        session.source = reply.strip()
    _say(f"{one_line(str(profile))}: {session.standing().text()}.")
    _say("Each answer is written to the file at once; stop at any time.")
    outcome = asking.interview(session, prompt, max_questions)
    _say(asking.summary_text(outcome))


class DiffFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


@app.command(cls=PlainUsageCommand)
def diff(
    old: Annotated[
        Path, typer.Argument(metavar="OLD", help="The earlier profile, or its JSON report.")
    ],
    new: Annotated[
        Path, typer.Argument(metavar="NEW", help="The later profile, or its JSON report.")
    ],
    checklist: ChecklistOption = None,
    format_name: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.terminal,
    output: OutputOption = None,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 if the guaranteed overall or any group score (its lower bound) dropped.",
        ),
    ] = False,
) -> None:
    """Compare two assessments: score change per group, gaps opened and closed, risks."""
    from integracheck.api import compare_files
    from integracheck.loading.errors import InputError
    from integracheck.render.comparison import DIFF_RENDERERS

    try:
        comparison = compare_files(str(old), str(new), checklist or ())
    except InputError as exc:
        _fail(exc.problems)
    _refuse_overwriting_inputs(output, [old, new])
    _emit(
        DIFF_RENDERERS[format_name.value](comparison),
        output,
        document=format_name is DiffFormat.json,
    )
    if fail_on_regression and comparison.regressions:
        from integracheck.models.inert_text import one_line
        from integracheck.render.comparison import rules_sentence

        names = ", ".join(change.id for change in comparison.regressions)
        # A drop still fails when the rules differ (a gate that passes because the rule base
        # moved would hide a real drop); the message says the rules are part of the story.
        same = comparison.rules_state == "same"
        note = "" if same else f" {one_line(rules_sentence(comparison))}"
        _say(f"regression: guaranteed score (lower bound) dropped for {names}.{note}", err=True)
        raise typer.Exit(EXIT_CHECK_FAILED)


@app.command(cls=PlainUsageCommand)
def schema() -> None:
    """Print the JSON Schema of a profile (for editors and other validators)."""
    import json

    from integracheck.api import profile_schema

    _write_document(json.dumps(profile_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command(cls=PlainUsageCommand)
def init(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            help="Where to write the profile (default: city.yaml, or example.yaml with --example).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="Write the bundled example profile (a fictional city that uses every section) "
            "instead of the empty starter.",
        ),
    ] = False,
) -> None:
    """Write a commented starter profile, or the bundled example; never overwrites a file
    without --force."""
    from importlib import resources

    if path is None:
        path = Path("example.yaml" if example else "city.yaml")
    if path.exists() and not force:
        _say(f"{path}:1:1: file exists; use --force to overwrite it", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN)
    # Shipped in the package, so a `pipx install` has the example without the repository.
    package = resources.files("integracheck")
    starter = (
        package / "examples" / "example.yaml"
        if example
        else package / "templates" / "starter-profile.yaml"
    )
    try:
        write_atomically(path, starter.read_text(encoding="utf-8"))
    except OSError as exc:
        _say(f"{path}:1:1: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    _say(f"wrote {path}; next: integracheck validate {path}")


def _stop_on_signal(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP end the run like an interrupt: `finally` blocks remove temporary
    files and stop the workers."""
    raise KeyboardInterrupt


class _ClosedStream:
    """Stands for a stream the caller closed (`>&-`): every write fails as a closed one does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(9, "stream closed by the caller")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _occupy_closed_descriptors() -> None:
    """Descriptors 0-2 closed by the caller are opened on /dev/null (each open takes the
    lowest free number), so no report file this run opens can become "stdout". A closed
    stdout then fails its first write with exit 2; a closed stderr loses only messages."""
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            os.open(os.devnull, os.O_RDWR)
            if number == 1:
                sys.stdout = _ClosedStream()
            elif number == 2:
                sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main() -> None:
    """Console entry point: Typer with our exit codes, and never a traceback for a user."""
    import signal

    starting()
    _occupy_closed_descriptors()

    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _stop_on_signal)
    for stream in (sys.stdout, sys.stderr):
        # An ASCII-only locale or PYTHONIOENCODING must not turn a '·' into a crash: what the
        # encoding cannot hold is written as an escape.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        sys.stderr.write("integracheck: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for debugging
        if os.environ.get("INTEGRACHECK_DEBUG"):
            raise
        sys.stderr.write(
            f"integracheck: internal error: {type(exc).__name__}: {exc} "
            "(set INTEGRACHECK_DEBUG=1 for the traceback)\n"
        )
        sys.exit(EXIT_CANNOT_RUN)


if __name__ == "__main__":
    main()
