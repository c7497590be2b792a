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


def test_tokens_read_only_but_for_the_deploy_job_and_no_secrets():
    flow = workflow()
    text = WORKFLOW.read_text()
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["test"]["permissions"] == {"contents": "read"}
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # The deploy job runs nothing from the repository: no checkout, no command.
    assert [step.get("uses", "").split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert not any("run" in step for step in deploy["steps"])
    assert "pull_request_target" not in flow[True] and "workflow_run" not in flow[True]
    assert "secrets." not in text
    for job in flow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_every_job_has_a_time_limit():
    for name, job in workflow()["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 60, name
    pipeline = yaml.safe_load(GITLAB.read_text())
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"test", "pages"}
    for name, job in jobs.items():
        assert re.fullmatch(r"\d+ minutes", job["timeout"]), name


def test_only_pull_requests_are_cancelled_and_deployments_queue():
    flow = workflow()
    group = flow["concurrency"]["group"]
    assert "github.event_name == 'pull_request' && github.ref || github.run_id" in group
    assert flow["concurrency"]["cancel-in-progress"] is True  # only ever meets a pull request's older run
    assert flow["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    pipeline = yaml.safe_load(GITLAB.read_text())
    assert pipeline["workflow"]["auto_cancel"]["on_new_commit"] == "interruptible"
    rules = {rule["if"]: rule.get("interruptible") for rule in pipeline["test"]["rules"]}
    assert rules == {'$CI_PIPELINE_SOURCE == "merge_request_event"': True,
                     "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH": False}
    assert pipeline["pages"]["interruptible"] is False and pipeline["pages"]["resource_group"] == "pages"


def test_github_publishes_the_site_the_test_job_built_and_tested():
    flow = workflow()
    test, deploy = flow["jobs"]["test"], flow["jobs"]["deploy"]
    assert {"push", "pull_request", "schedule"} <= set(flow[True])
    names = [step.get("name", step.get("uses", "")) for step in test["steps"]]
    runs = [str(step.get("run", "")) + str(step.get("uses", "")) for step in test["steps"]]
    build = next(i for i, run in enumerate(runs) if "make build" in run)
    tests = next(i for i, run in enumerate(runs) if run.strip() == "make test")
    upload = next(i for i, run in enumerate(runs) if run.startswith("actions/upload-pages-artifact@"))
    assert build < tests < upload, names
    assert test["steps"][upload]["with"]["path"] == "site"
    assert "refs/heads/main" in test["steps"][upload]["if"] and "pull_request" in test["steps"][upload]["if"]
    assert deploy["needs"] == "test" and deploy["if"] == test["steps"][upload]["if"]
    assert "tools.ci_report --format github" in runs[build]
    assert 'tools.ci_report --format summary < build.log >> "$GITHUB_STEP_SUMMARY"' in runs[build]


@pytest.mark.parametrize("path", [WORKFLOW, GITLAB])
def test_both_cis_give_the_build_and_the_tests_the_site_day(path):
    text = path.read_text()
    assert "TZ=Europe/London date +%F" in text and "ESCA_TODAY" in text
    assert "/usr/share/zoneinfo/Europe/London" in text  # without the rules, date would give UTC
    assert "fetch-depth" not in text and "GIT_DEPTH" not in text  # no commit date is read


def test_gitlab_tests_merge_requests_and_publishes_the_tested_site():
    pipeline = yaml.safe_load(GITLAB.read_text())
    rules = json.dumps(pipeline["workflow"]["rules"])
    assert "merge_request_event" in rules and "CI_DEFAULT_BRANCH" in rules
    script = "\n".join(pipeline["test"]["script"])
    assert script.index("make build") < script.index("make test") < script.index("mv site public")
    assert pipeline["test"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "tools.ci_report --format codequality" in script and "> gl-code-quality-report.json" in script
    assert "tools.ci_report --format summary" in script
    pages = pipeline["pages"]
    assert pages["needs"] == [{"job": "test", "artifacts": True}]
    assert "make" not in "\n".join(pages["script"])  # nothing is built again
    assert pages["artifacts"]["paths"] == ["public"] and pipeline["test"]["artifacts"]["paths"] == ["public"]
    assert [rule["if"] for rule in pages["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]


def test_gitlab_jobs_read_no_variable_of_the_projects_own():
    """Only GitLab's own CI_ variables and the build's: a protected variable
    would reach no merge request, and none is used at all."""
    used = set(re.findall(r"\$\{?([A-Za-z_]\w*)", GITLAB.read_text()))
    assert {name for name in used if not name.startswith("CI_")} <= {"ESCA_SITE_URL", "ESCA_TODAY", "status"}


def test_dependabot_keeps_actions_and_python_packages_current():
    config = yaml.safe_load(DEPENDABOT.read_text())
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"github-actions", "pip"} <= set(ecosystems)
    assert all(update["directory"] == "/" for update in ecosystems.values())


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
    check, byte for byte, given the same day and address."""
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
