"""CI and container definitions. They cannot run here (no Docker engine, no
network), so they are checked as a careful reviewer would: both CI files and
Dependabot's pass GitHub's and GitLab's JSON schemas (vendored in the pinned
check-jsonschema package); actions are pinned by commit; tokens, secrets,
time limits, cancellation and the published artefact are as the README says;
the container is pinned, unprivileged and uses the tested nginx files; the
findings script turns a real failing build into annotations and a summary."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import socket
import subprocess
import sys

import pytest
import yaml

from conftest import GOOD_META, ROOT, run_build
from test_security_headers import esca_subpath, nginx_site  # noqa: F401  (nginx serving the site, shared)
from tools import ci_report as cireport

WORKFLOW = ROOT / ".github/workflows/ci.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
DEPENDABOT = ROOT / ".github/dependabot.yml"
# The actions' current majors (Node 24), each pinned to the commit of its newest release.
PINNED = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def schema_check(schema: str, path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{schema}",
                           "--no-cache", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize("schema, path", [("github-workflows", WORKFLOW), ("gitlab-ci", GITLAB),
                                          ("dependabot", DEPENDABOT)])
def test_ci_files_pass_their_schemas(schema, path):
    run = schema_check(schema, path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok -- validation done" in run.stdout


@pytest.mark.parametrize("schema, path, old, new", [
    ("github-workflows", WORKFLOW, "timeout-minutes: 45", "timeout-minutes: soon"),
    ("github-workflows", WORKFLOW, "runs-on: ubuntu-24.04", "run-on: ubuntu-24.04"),
    ("gitlab-ci", GITLAB, "timeout: 45 minutes", "timeout: [45]"),
    ("gitlab-ci", GITLAB, "stage: test", "stage: test\n  script_typo: x"),
    ("dependabot", DEPENDABOT, "interval: weekly", "interval: fortnightly"),
])
def test_the_schema_check_fails_a_broken_file(tmp_path, schema, path, old, new):
    text = path.read_text()
    assert old in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new, 1))
    assert schema_check(schema, broken).returncode == 1


def test_every_action_is_pinned_to_a_commit_of_its_current_major():
    text = WORKFLOW.read_text()
    uses = re.findall(r"uses: (\S+)@(\S+)(?:\s+# (\S+))?", text)
    assert uses and {name for name, _, _ in uses} == set(PINNED)
    for name, ref, tag in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned to a commit: {ref}"
        assert (ref, tag) == PINNED[name]


def job_steps(name: str) -> list[dict]:
    return workflow()["jobs"][name]["steps"]


def test_tokens_read_only_but_where_a_job_runs_no_repository_code_and_no_secrets():
    """Only the test job checks the repository out, and its token only reads.
    The deploy job (Pages) and the daily report (issues) write with the job's
    own token, run nothing from the repository and read no secret."""
    flow = workflow()
    text = WORKFLOW.read_text()
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert jobs["daily-report"]["permissions"] == {"issues": "write"}
    assert set(jobs) == {"test", "deploy", "daily-report"}
    for name in ("deploy", "daily-report"):
        uses = [step["uses"].split("@")[0] for step in jobs[name]["steps"] if "uses" in step]
        assert uses in (["actions/deploy-pages"], []), name
        runs = "\n".join(step.get("run", "") for step in jobs[name]["steps"])
        assert not re.search(r"\.ci/|\bmake\b|python|\./|npm|node", runs), name  # no repository code
        for step in jobs[name]["steps"]:
            assert set(step.get("env", {}).values()) <= {"${{ github.token }}", "${{ github.repository }}"} | {
                value for value in step.get("env", {}).values() if value.startswith("${{ needs.")} | {
                "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}"}, name
    assert "pull_request_target" not in flow[True] and "workflow_run" not in flow[True]
    assert "secrets." not in text
    for job in jobs.values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    assert [n for n, job in jobs.items() if any(s.get("uses", "").startswith("actions/checkout@") for s in job["steps"])
            ] == ["test"]


def test_every_job_has_a_time_limit():
    for name, job in workflow()["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 60, name
    pipeline = yaml.safe_load(GITLAB.read_text())
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"build", "test", "pages"}
    for name, job in jobs.items():
        assert re.fullmatch(r"\d+ minutes", job["timeout"]), name


def test_only_pull_requests_are_cancelled_and_deployments_queue():
    """GitHub: a running deployment is never cancelled and waiting ones queue
    (queue: max) instead of the newest cancelling the one before. GitLab: one
    pages job at a time in its resource group, none interruptible."""
    flow = workflow()
    group = flow["concurrency"]["group"]
    assert "github.event_name == 'pull_request' && github.ref || github.run_id" in group
    assert flow["concurrency"]["cancel-in-progress"] is True  # only ever meets a pull request's older run
    assert flow["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False, "queue": "max"}
    pipeline = yaml.safe_load(GITLAB.read_text())
    assert pipeline["workflow"]["auto_cancel"]["on_new_commit"] == "interruptible"
    for name in ("build", "test"):
        rules = {rule["if"]: rule.get("interruptible") for rule in pipeline[name]["rules"]}
        assert rules == {'$CI_PIPELINE_SOURCE == "merge_request_event"': True,
                         "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH": False}, name
    assert pipeline["pages"]["interruptible"] is False and pipeline["pages"]["resource_group"] == "pages"


def test_github_keeps_the_built_site_before_any_test_tool_and_deploys_only_that():
    """The test job builds, keeps the site as the Pages artefact, and only
    then installs Node.js and runs .ci/run (make test): nothing the tests
    install runs before the published bytes are kept. The deploy job needs
    the test job (so every test passed) and deploys that artefact, by the
    name the test job gave it on this attempt."""
    flow = workflow()
    test, deploy = flow["jobs"]["test"], flow["jobs"]["deploy"]
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(flow[True])
    runs = [str(step.get("run", "")) + str(step.get("uses", "")) for step in test["steps"]]
    build = next(i for i, run in enumerate(runs) if "make build" in run)
    upload = next(i for i, run in enumerate(runs) if run.startswith("actions/upload-pages-artifact@"))
    node = runs.index(".ci/node")
    tests = runs.index(".ci/run")
    assert build < upload < node < tests == len(runs) - 1
    assert not any(re.search(r"\bnpm\b|\bnode\b|make test|pytest", run) for run in runs[:upload])
    kept = test["steps"][upload]
    assert kept["with"] == {"path": "site", "name": "github-pages-attempt-${{ github.run_attempt }}"}
    assert test["outputs"]["artifact"] == kept["with"]["name"]
    assert "refs/heads/main" in kept["if"] and "pull_request" in kept["if"]
    assert deploy["needs"] == "test" and deploy["if"] == kept["if"]
    deployed = deploy["steps"][-1]
    assert deployed["uses"].startswith("actions/deploy-pages@")
    assert deployed["with"] == {"artifact_name": "${{ needs.test.outputs.artifact }}"}
    assert deployed["if"] == "steps.head.outputs.current == 'true'" and deploy["steps"][0]["id"] == "head"
    assert "tools.ci_report --format github" in runs[build]
    assert 'tools.ci_report --format summary --status "$status" < build.log >> "$GITHUB_STEP_SUMMARY"' in runs[build]


def run_with_fake(script: str, fake: str, tool: str, tmp_path, env: dict) -> tuple[subprocess.CompletedProcess, str]:
    """Run a CI step's shell script with a stand-in for `gh` or `git` that
    logs its arguments and prints what the case gives it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / f"{tool}.log"
    (bin_dir / tool).write_text(f"#!/bin/bash\nprintf '%s\\n' \"$*\" >> {log}\n{fake}\n")
    (bin_dir / tool).chmod(0o755)
    run = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], capture_output=True, text=True, cwd=tmp_path,
                         env={"PATH": f"{bin_dir}:/usr/bin:/bin", **env})
    return run, log.read_text() if log.exists() else ""


@pytest.mark.parametrize("head, current", [("a" * 40, "true"), ("b" * 40, "false")])
def test_the_deploy_job_deploys_only_while_its_commit_is_mains_head(tmp_path, head, current):
    """An older run that finishes late finds main has moved on and deploys
    nothing, saying so in its summary; it reads main's head with the job's
    own token."""
    step = job_steps("deploy")[0]
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}"}
    out, summary = tmp_path / "output", tmp_path / "summary"
    run, calls = run_with_fake(step["run"], f"echo {head}", "gh", tmp_path, {
        "GITHUB_REPOSITORY": "essex/esca", "GITHUB_SHA": "a" * 40, "GITHUB_OUTPUT": str(out),
        "GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 0, run.stderr
    assert calls == "api repos/essex/esca/git/ref/heads/main --jq .object.sha\n"
    assert out.read_text() == f"current={current}\n"
    assert (summary.read_text() if summary.exists() else "") == (
        "" if current == "true" else f"Not deployed: main has moved on to {head}; the run for that commit deploys it.\n")


OPEN_ISSUE = 'echo 7'  # `gh issue list … --jq` prints the open issue's number
NO_ISSUE = 'true'


@pytest.mark.parametrize("test_result, deploy_result, listing, expected", [
    ("success", "success", NO_ISSUE, []),
    ("success", "success", OPEN_ISSUE, ["issue close 7 --comment The daily rebuild for 2026-12-07 passed and was "
                                        "published: https://github.com/essex/esca/actions/runs/9"]),
    ("failure", "skipped", NO_ISSUE, ["issue create --title The daily rebuild failed --body The daily rebuild for "
                                      "2026-12-07 was not published (tests: failure, deploy: skipped)"]),
    ("success", "failure", OPEN_ISSUE, ["issue comment 7 --body The daily rebuild for 2026-12-07 was not published "
                                        "(tests: success, deploy: failure)"]),
    ("cancelled", "skipped", OPEN_ISSUE, ["issue comment 7 --body The daily rebuild for 2026-12-07 was not "
                                          "published (tests: cancelled, deploy: skipped)"]),
])
def test_a_failed_daily_rebuild_says_so_in_one_issue(tmp_path, test_result, deploy_result, listing, expected):
    """The daily run's report: a failure opens the issue "The daily rebuild
    failed", or adds to it if it is open; a later success closes it. Run
    here with a stand-in for GitHub's command line."""
    job = workflow()["jobs"]["daily-report"]
    assert job["needs"] == ["test", "deploy"] and job["if"] == "always() && github.event_name == 'schedule'"
    step = job["steps"][0]
    env = {"TEST": test_result, "DEPLOY": deploy_result, "DAY": "2026-12-07", "GH_REPO": "essex/esca",
           "RUN_URL": "https://github.com/essex/esca/actions/runs/9"}
    fake = f'if [ "$1 $2" = "issue list" ]; then {listing}; fi'
    run, calls = run_with_fake(step["run"], fake, "gh", tmp_path, env)
    assert run.returncode == 0, run.stderr
    lines = calls.splitlines()
    assert lines[0].startswith('issue list --state open --search in:title "The daily rebuild failed" --json number,title')
    assert len(lines) == 1 + len(expected)
    for line, start in zip(lines[1:], expected):
        assert line.startswith(start), line
    if expected and "was not published" in expected[0]:
        assert "Log: https://github.com/essex/esca/actions/runs/9" in lines[1] and "Run workflow" in lines[1]


@pytest.mark.parametrize("path", [WORKFLOW, GITLAB])
def test_both_cis_give_the_build_and_the_tests_the_site_day(path):
    text = path.read_text()
    assert "TZ=Europe/London date +%F" in text and "ESCA_TODAY" in text
    assert "/usr/share/zoneinfo/Europe/London" in text  # without the rules, date would give UTC
    assert "fetch-depth" not in text and "GIT_DEPTH" not in text  # no commit date is read


@pytest.mark.parametrize("path", [WORKFLOW, GITLAB])
def test_both_cis_run_the_readmes_test_command_in_a_pinned_image(path):
    """CI runs .ci/run, which runs `make test` and nothing else (README,
    "Two commands"), in the same Debian image pinned by digest."""
    text = path.read_text()
    assert re.search(r"^\s+(?:run: |- )\.ci/run\b", text, re.MULTILINE)
    assert not re.search(r"^\s+(?:run: |- )make test", text, re.MULTILINE)
    assert (ROOT / ".ci/run").read_text().strip().splitlines()[-1] == "make test"
    assert (ROOT / ".ci/run").stat().st_mode & 0o111
    images = re.findall(r"python:[\w.-]+(?:@sha256:[0-9a-f]+)?", re.sub(r"#.*", "", text))
    assert images == ["python:3.11.16-bookworm@sha256:afc841bae86c26359264d0566c2a982e08e473d51796c2b00c24ddf0829ae607"]
    assert "CI runs `.ci/run`, which runs `make test`" in (ROOT / "README.md").read_text()


def test_ci_installs_the_node_major_the_tests_run_with_here_from_a_checked_key():
    """Node.js 20 (maintained, and what `make test` runs with on this machine)
    from NodeSource, whose key is checked by fingerprint before apt trusts it."""
    script = (ROOT / ".ci/node").read_text()
    assert (ROOT / ".ci/node").stat().st_mode & 0o111
    major = int(re.search(r"^NODE_MAJOR=(\d+)$", script, re.MULTILINE).group(1))
    here = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    assert major >= 20 and here.startswith(f"v{major}.")
    assert re.search(r"^NODESOURCE_FINGERPRINT=6F71F525282841EEDAF851B42F59B5F99B1BE0B4$", script, re.MULTILINE)
    assert script.index('if [ "$found" != "$NODESOURCE_FINGERPRINT" ]') < script.index("apt-get install")
    assert "signed-by=/etc/apt/keyrings/nodesource.gpg" in script
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci/node")]).returncode == 0
    assert "nodejs npm" not in WORKFLOW.read_text() + GITLAB.read_text()  # not Debian's Node 18


def test_gitlab_builds_keeps_tests_apart_and_publishes_the_built_site():
    """The build job keeps public/; the test job installs Node.js and runs
    .ci/run in a job of its own, without the build's artefact; the pages job
    needs both, checks nothing out and publishes the build job's public/."""
    pipeline = yaml.safe_load(GITLAB.read_text())
    rules = json.dumps(pipeline["workflow"]["rules"])
    assert "merge_request_event" in rules and "CI_DEFAULT_BRANCH" in rules
    assert pipeline["stages"] == ["build", "test", "deploy"]
    build, test, pages = pipeline["build"], pipeline["test"], pipeline["pages"]
    script = "\n".join(build["script"])
    assert script.index("make build") < script.index("mv site public")
    assert not re.search(r"\bnpm\b|\.ci/|make test", "\n".join(build["before_script"] + build["script"]))
    assert build["artifacts"]["paths"] == ["public"]
    assert build["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "tools.ci_report --format codequality" in script and "> gl-code-quality-report.json" in script
    assert 'tools.ci_report --format summary --status "$status"' in script
    assert test["needs"] == [{"job": "build", "artifacts": False}] and "artifacts" not in test
    assert test["before_script"][-1].startswith(".ci/node") and test["script"][0].startswith(".ci/run")
    assert pages["needs"] == [{"job": "build", "artifacts": True}, {"job": "test", "artifacts": False}]
    assert pages["variables"] == {"GIT_STRATEGY": "none"}
    assert "make" not in "\n".join(pages["script"])  # nothing is built again
    assert pages["artifacts"]["paths"] == ["public"]
    assert [rule["if"] for rule in pages["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    assert pages["allow_failure"] == {"exit_codes": 3}


@pytest.mark.parametrize("head, code", [("a" * 40, 0), ("b" * 40, 3)])
def test_gitlab_publishes_only_while_its_commit_is_mains_head(tmp_path, head, code):
    """The pages job's script, run here with a stand-in for `git ls-remote`:
    an older pipeline ends with exit status 3 (allowed: shown as a warning),
    so GitLab publishes nothing from it."""
    script = "\n".join(yaml.safe_load(GITLAB.read_text())["pages"]["script"])
    (tmp_path / "public").mkdir()
    (tmp_path / "public/index.html").write_text("x")
    run, calls = run_with_fake(script, f'printf "%s\\trefs/heads/main\\n" {head}', "git", tmp_path, {
        "CI_REPOSITORY_URL": "https://gitlab-ci-token:token@gitlab.example/esca.git", "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": "a" * 40})
    assert run.returncode == code, run.stdout + run.stderr
    assert calls == "ls-remote https://gitlab-ci-token:token@gitlab.example/esca.git refs/heads/main\n"
    assert ("Not published: main has moved on" in run.stdout) == bool(code)


def test_gitlab_jobs_read_no_variable_of_the_projects_own():
    """Only GitLab's own CI_ variables and the build's: a protected variable
    would reach no merge request, and none is used at all."""
    used = set(re.findall(r"\$\{?([A-Za-z_]\w*)", GITLAB.read_text()))
    assert {name for name in used if not name.startswith("CI_")} <= {"ESCA_SITE_URL", "ESCA_TODAY", "status", "head"}


def test_dependabot_keeps_actions_packages_and_images_current():
    """Actions, Python and npm packages, and the container's images: Dependabot
    reads a file named Containerfile in the folder it is given (its docker
    file fetcher matches "dockerfile|containerfile", since December 2024)."""
    config = yaml.safe_load(DEPENDABOT.read_text())
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip", "npm", "docker"}
    assert all(update["directory"] == "/" for update in ecosystems.values())
    assert (ROOT / "Containerfile").is_file() and not (ROOT / "Dockerfile").exists()


CONTAINER = ROOT / "Containerfile"


def instructions() -> list[list[str]]:
    text = re.sub(r"\\\n\s*", " ", CONTAINER.read_text())
    return [line.split(None, 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_container_images_are_pinned_by_digest_and_nginx_is_the_stable_line():
    images = [rest.split()[0] for word, rest in instructions() if word == "FROM"]
    assert len(images) == 2
    for image in images:
        assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), image
    assert images[0].startswith("python:3.11-")
    assert re.match(r"nginx:1\.30\.\d+-", images[1])


def test_container_builds_strictly_with_the_build_requirements_only():
    steps = instructions()
    build = steps[:next(i for i, (word, rest) in enumerate(steps) if word == "FROM" and "nginx" in rest)]
    assert any(word == "RUN" and rest.startswith("make build &&") for word, rest in build)
    text = CONTAINER.read_text()
    assert "requirements-test" not in text and "make test" not in text
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^build: \$\(BUILD_STAMP\)$", makefile, re.MULTILINE)
    assert re.search(r"^\$\(BUILD_STAMP\): requirements-build.txt", makefile, re.MULTILINE)
    assert "--require-hashes -r requirements-build.txt" in makefile
    assert any(word == "ARG" and rest.startswith("ESCA_TODAY") for word, rest in build)


def test_container_serves_with_the_tested_nginx_files_as_a_user_without_root():
    steps = instructions()
    served = steps[next(i for i, (word, rest) in enumerate(steps) if word == "FROM" and "nginx" in rest):]
    copies = {rest for word, rest in served if word == "COPY"}
    assert {"deploy/nginx/nginx.conf /etc/nginx/nginx.conf",
            "deploy/nginx/esca.conf /etc/nginx/conf.d/esca.conf",
            "deploy/nginx/security-headers.conf /etc/nginx/esca/security-headers.conf",
            "--from=build /srv/www /var/www/esca/site"} <= copies
    main = (ROOT / "deploy/nginx/nginx.conf").read_text()
    server = (ROOT / "deploy/nginx/esca.conf").read_text()
    assert "include conf.d/esca.conf;" in main and "include esca/security-headers.conf;" in server
    assert "root /var/www/esca/site;" in server and "listen 8080;" in server
    assert ["EXPOSE", "8080"] in served
    users = [rest for word, rest in served if word == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert "pid /tmp/" in main and "user " not in main  # no root needed, none asked for
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".venv", "site", ".git", "node_modules", ".cache", "tests"} <= set(ignored)


def test_container_needs_the_site_day_and_says_so():
    """ESCA_TODAY has no default: without it the build stops with one line
    saying what to give, before anything is built (so a cached build never
    keeps an old day). The check is run here as the build would run it."""
    steps = instructions()
    build = steps[:next(i for i, (word, rest) in enumerate(steps) if word == "FROM" and "nginx" in rest)]
    assert ["ARG", "ESCA_TODAY"] in build  # no "=": no default
    guard = next(i for i, (word, rest) in enumerate(build) if word == "RUN" and "ESCA_TODAY" in rest)
    assert guard < next(i for i, (word, rest) in enumerate(build) if word == "RUN" and "make build" in rest)
    for day, code in [("", 1), ("2026-12-07", 0)]:
        run = subprocess.run(["sh", "-c", build[guard][1]], env={"ESCA_TODAY": day, "PATH": "/usr/bin:/bin"},
                             capture_output=True, text=True)
        assert run.returncode == code, run.stderr
    assert run.stderr == ""
    run = subprocess.run(["sh", "-c", build[guard][1]], env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert run.returncode == 1 and len(run.stderr.splitlines()) == 1
    assert run.stderr.startswith("ESCA_TODAY: not given — build with --build-arg ESCA_TODAY=$(TZ=Europe/London date +%F)")


def test_container_serves_the_site_at_the_path_of_its_address():
    """The build stage lays the site out with deploy/place_site.py for
    ESCA_SITE_URL (tests/test_security_headers.py serves that layout)."""
    steps = instructions()
    assert ["RUN", 'make build && python3 deploy/place_site.py site /srv/www "$ESCA_SITE_URL"'] in steps
    assert ["COPY", "--from=build /srv/www /var/www/esca/site"] in steps


def dockerignored(name: str, patterns: list[str]) -> bool:
    parts = name.split("/")
    for pattern in patterns:
        if pattern.startswith("**/"):
            if any(fnmatch.fnmatchcase(part, pattern[3:]) for part in parts):
                return True
        elif any(fnmatch.fnmatchcase("/".join(parts[:n]), pattern) for n in range(1, len(parts) + 1)):
            return True
    return False


def test_the_container_build_context_builds_the_same_site(site, tmp_path):
    """What .dockerignore leaves in the build context (no tests, caches,
    virtual environments or built sites) builds the very site the tests
    check, byte for byte, given the same day and address: so a second build
    of the same sources on the same day is the same site, sitemap included
    (tests/test_clock.py: another day)."""
    from test_integrity import digest_tree

    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()]
    assert not any(line.startswith("!") for line in patterns)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    context = tmp_path / "context"
    kept = [name for name in files if (ROOT / name).is_file() and not dockerignored(name, patterns)]
    assert not any(name.startswith(("tests/", "bench/", ".cache/")) for name in kept)
    for name in kept:
        (context / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, context / name)
    build = run_build(context / "mkdocs.yml", tmp_path / "site", env={"ESCA_TODAY": os.environ["ESCA_TODAY"]})
    assert build.returncode == 0, build.output
    one, two = digest_tree(site.site), digest_tree(build.site)
    assert len(one) > 100 and one == two


@pytest.mark.parametrize("site_url, message", [
    ("/esca/", "SITE_URL: not a web address: '/esca/' — give the published address"),
    ("ftp://host/esca/", "SITE_URL: not a web address: 'ftp://host/esca/'"),
    ("https://host/../etc/", "SITE_URL: path '/../etc/' has a part a folder name cannot be"),
    ("https://host/a b/", "SITE_URL: path '/a b/' has a part a folder name cannot be"),
])
def test_place_site_refuses_a_bad_address_with_one_line(tmp_path, site_url, message):
    (tmp_path / "site").mkdir()
    for name in ("index.html", "404.html"):
        (tmp_path / "site" / name).write_text("x")
    run = subprocess.run([sys.executable, str(ROOT / "deploy/place_site.py"), str(tmp_path / "site"),
                          str(tmp_path / "www"), site_url], capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.startswith(message) and len(run.stderr.splitlines()) == 1
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("site_url, where", [("https://host/", ""), ("https://host/esca/", "esca/"),
                                             ("https://host/a/b", "a/b/")])
def test_place_site_puts_the_site_at_its_path_and_the_404_page_at_the_root(tmp_path, site_url, where):
    (tmp_path / "site/cpd").mkdir(parents=True)
    for name, text in [("index.html", "home"), ("404.html", "missing"), ("cpd/index.html", "cpd")]:
        (tmp_path / "site" / name).write_text(text)
    run = subprocess.run([sys.executable, str(ROOT / "deploy/place_site.py"), str(tmp_path / "site"),
                          str(tmp_path / "www"), site_url], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    www = tmp_path / "www"
    assert (www / where / "cpd/index.html").read_text() == "cpd" and (www / "404.html").read_text() == "missing"
    assert sorted(p.relative_to(www).as_posix() for p in www.rglob("*.html")) == sorted(
        {f"{where}index.html", f"{where}404.html", f"{where}cpd/index.html", "404.html"})
    again = subprocess.run([sys.executable, str(ROOT / "deploy/place_site.py"), str(tmp_path / "site"), str(www),
                            site_url], capture_output=True, text=True)
    assert again.returncode == 2 and again.stderr.startswith(f"ROOT_DIR: {www} is not empty")


def test_container_health_check_passes_while_nginx_serves_the_site(nginx_site, esca_subpath, tmp_path):
    """The HEALTHCHECK command, run against the site served as the container
    serves it, at / and at /esca/; and it fails when nothing answers."""
    check = next(rest for word, rest in instructions() if word == "HEALTHCHECK")
    command = json.loads(check.split(" CMD ", 1)[1])
    assert command[0] == "curl" and command[-1] == "http://127.0.0.1:8080/404.html"
    for base in (nginx_site, esca_subpath[0]):
        run = subprocess.run([*command[:-1], command[-1].replace("http://127.0.0.1:8080/", base)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    run = subprocess.run([*command[:-1], f"http://127.0.0.1:{port}/404.html"], capture_output=True, text=True)
    assert run.returncode != 0


def test_a_real_failing_build_becomes_annotations_and_a_summary(tiny_site, expected_warnings):
    build = tiny_site({"index.md": GOOD_META + "# Home\n\nSee [the law](law.md).\n"})
    assert build.returncode == 1 and build.warnings
    run = subprocess.run([sys.executable, "-m", "tools.ci_report", "--format", "github"], input=build.output,
                         capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(build.warnings)
    assert any(line.startswith("::error file=docs/index.md,line=") and "law.md" in line for line in lines), lines
    report = json.loads(cireport.codequality(cireport.parse(build.output)))
    assert [item["location"]["path"] for item in report if "law.md" in item["description"]] == ["docs/index.md"]
    summary = subprocess.run([sys.executable, "-m", "tools.ci_report", "--format", "summary"], input=build.output,
                             capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")})
    assert summary.returncode == 0 and "docs/index.md:" in summary.stdout and "law.md" in summary.stdout


def test_annotation_rows():
    log = ("INFO    -  Building\n"
           "WARNING -  hooks/curricula: curricula/courses/x.yml:12: cpd_hours: must be a positive number: 'three' — "
           "write hours as a number, e.g. 3\n"
           "WARNING -  hooks/curricula: curricula/courses/empty.yml: yaml: file is empty — add the fields\n"
           "WARNING -  A reference to 'x' is not found, 50% sure\n")
    assert cireport.github(cireport.parse(log)).splitlines() == [
        "::error file=curricula/courses/x.yml,line=12::cpd_hours: must be a positive number: 'three' — write hours "
        "as a number, e.g. 3",
        "::error file=curricula/courses/empty.yml::yaml: file is empty — add the fields",
        "::error::A reference to 'x' is not found, 50%25 sure",
    ]


def test_the_summary_lists_every_finding_past_the_annotation_limit():
    """GitHub shows 10 annotations a step; the summary shows all, as the build
    printed them, in a code block no finding's text can close."""
    log = "".join(f"WARNING -  docs/page-{n}.md:{n}: field: problem {n} — fix it\n" for n in range(1, 26))
    log += "WARNING -  docs/x.md:3: title: has ``` and <b>bold</b> | pipes — remove them\n"
    text = cireport.summary(cireport.parse(log))
    assert text.startswith("### Build findings\n\n26 findings in 26 files.")
    body = text.split("````text\n", 1)[1].rsplit("\n````", 1)[0].splitlines()
    assert body[0] == "docs/page-1.md:1: field: problem 1 — fix it"
    assert body[-1] == "docs/x.md:3: title: has ``` and <b>bold</b> | pipes — remove them"
    assert len(body) == 26
    assert cireport.summary([]) == "### Build findings\n\nNone: the strict build found no problem.\n"


@pytest.mark.parametrize("found, status, expected", [
    ([], 0, "### Build findings\n\nNone: the strict build found no problem.\n"),
    ([], 1, "### Build findings\n\nThe build failed (exit status 1) without a finding line: the error is in the "
            "job log, in the build step's output.\n"),
    ([], 2, "### Build findings\n\nThe build failed (exit status 2) without a finding line: the error is in the "
            "job log, in the build step's output.\n"),
    ([cireport.Reported("docs/a.md", 3, "x: y — z")], 1,
     "### Build findings\n\n1 finding in 1 file. Fix each, then push again.\n\n```text\ndocs/a.md:3: x: y — z\n```\n"),
])
def test_the_summary_never_calls_a_failed_build_clean(found, status, expected):
    assert cireport.summary(found, status) == expected


def test_a_build_that_crashed_without_a_finding_is_reported_as_failed():
    """A build that stops with a traceback or a missing package prints no
    WARNING line: given its exit status, the summary says it failed."""
    log = "INFO    -  Building\nTraceback (most recent call last):\nModuleNotFoundError: No module named 'x'\n"
    for status, says in [("1", "The build failed (exit status 1)"), ("0", "None: the strict build found no problem.")]:
        run = subprocess.run([sys.executable, "-m", "tools.ci_report", "--format", "summary", "--status", status],
                             input=log, capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")})
        assert run.returncode == 0 and says in run.stdout, run.stdout + run.stderr


def test_the_package_files_and_the_licence_agree():
    """package.json (and its lock) carry the code's licence, MIT, as LICENSE
    says; LICENSE also says which licence covers the project's own documents."""
    assert json.loads((ROOT / "package.json").read_text())["license"] == "MIT"
    assert json.loads((ROOT / "package-lock.json").read_text())["packages"][""]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text()
    code = text.split("- The code is under the MIT License", 1)[1].split("\n\n", 1)[0]
    assert "README.md" in code and "CONTRIBUTING.md" in code
