"""Build findings as CI reports on the change (standard library only).

The strict build prints one line per problem, inside MkDocs' log line:

    WARNING -  hooks/curricula: curricula/courses/x.yml:12: cpd_hours: must be … — write …

This turns those lines into what a Git host shows on a merge request:

    python -m tools.ci_report --format github < build.log       # ::error annotations (GitHub Actions)
    python -m tools.ci_report --format summary --status N < build.log  # Markdown for $GITHUB_STEP_SUMMARY
    python -m tools.ci_report --format codequality < build.log  # Code Quality JSON (GitLab)

GitHub shows only the first 10 annotations of a step on the change, so the
job summary lists every finding, one line each, as the build printed them.
Lines that are not findings (MkDocs' own warnings) become annotations without
a file, so nothing that failed the build is hidden. The summary is given the
build's exit status: a build that failed without printing a finding (a crash,
a missing package) is reported as failed, pointing at the job log, never as
"no problem".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass

LOG_LINE = re.compile(r"^(?:WARNING|ERROR)\s+-\s+(?P<rest>.*)$")
FINDING = re.compile(r"^(?:hooks/[\w.-]+: )?(?P<path>[\w./-]+\.\w+)(?::(?P<line>\d+))?: (?P<message>.+)$")


@dataclass(frozen=True)
class Reported:
    path: str | None
    line: int | None
    message: str


def parse(log: str) -> list[Reported]:
    """Every WARNING or ERROR line of a build log, with its file and line when it names one."""
    found = []
    for raw in log.splitlines():
        match = LOG_LINE.match(raw.strip())
        if not match:
            continue
        rest = match.group("rest").strip()
        finding = FINDING.match(rest)
        if finding:
            line = finding.group("line")
            found.append(Reported(finding.group("path"), int(line) if line else None, finding.group("message")))
        else:
            found.append(Reported(None, None, rest))
    return found


def github(found: list[Reported]) -> str:
    """GitHub Actions workflow commands: ::error file=…,line=…::message."""
    out = []
    for item in found:
        props = []
        if item.path:
            props.append(f"file={_prop(item.path)}")
        if item.line:
            props.append(f"line={item.line}")
        out.append(f"::error {','.join(props)}::{_data(item.message)}" if props else f"::error::{_data(item.message)}")
    return "\n".join(out) + ("\n" if out else "")


def codequality(found: list[Reported]) -> str:
    """GitLab Code Quality report (a JSON list; GitLab shows it on the merge request)."""
    issues = []
    for item in found:
        key = f"{item.path}:{item.line}:{item.message}"
        issues.append({
            "description": item.message,
            "check_name": "esca-build",
            "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
            "severity": "major",
            "location": {"path": item.path or "mkdocs.yml", "lines": {"begin": item.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=1) + "\n"


def summary(found: list[Reported], status: int = 0) -> str:
    """Markdown for a GitHub job summary: a count, then every finding as the
    build printed it (file:line: message) in a code block, so no finding's
    text is read as Markdown or HTML. ``status`` is the build's exit status."""
    if not found and status:
        return (f"### Build findings\n\nThe build failed (exit status {status}) without a finding line: "
                "the error is in the job log, in the build step's output.\n")
    if not found:
        return "### Build findings\n\nNone: the strict build found no problem.\n"
    lines = [f"{item.path}:{item.line}: {item.message}" if item.path and item.line else
             f"{item.path}: {item.message}" if item.path else item.message for item in found]
    files = len({item.path for item in found if item.path})
    fence = "`" * max(3, 1 + max(len(run) for line in lines for run in re.findall(r"`+", line) or [""]))
    head = (f"### Build findings\n\n{len(found)} finding{'s' if len(found) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}. Fix each, then push again.\n\n")
    return head + f"{fence}text\n" + "\n".join(lines) + f"\n{fence}\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("github", "summary", "codequality"), required=True)
    parser.add_argument("--status", type=int, default=0, help="the build's exit status (for the summary)")
    args = parser.parse_args(argv)
    found = parse(sys.stdin.read())
    if args.format == "summary":
        sys.stdout.write(summary(found, args.status))
    else:
        sys.stdout.write({"github": github, "codequality": codequality}[args.format](found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
