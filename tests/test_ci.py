"""CI and container definitions (they cannot run here: no Docker engine, no
network): they parse, run the project's own commands, publish the right
folder, and the findings script turns a real failing build into annotations."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from conftest import GOOD_META, ROOT
from tools import ci_report as cireport


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_github_workflow_tests_every_change_and_publishes_main():
    flow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    test, pages = flow["jobs"]["test"], flow["jobs"]["pages"]
    assert "make build" in steps_text(test) and "make test" in steps_text(test)
    assert "tools.ci_report --format github" in steps_text(test)
    assert pages["needs"] == "test" and "refs/heads/main" in pages["if"]
    uses = [s.get("uses", "").split("@")[0] for s in pages["steps"]]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    upload = next(s for s in pages["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site" and "make build" in steps_text(pages)


def test_gitlab_pipeline_tests_merge_requests_and_publishes_main():
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    rules = json.dumps(pipeline["workflow"]["rules"])
    assert "merge_request_event" in rules and "CI_DEFAULT_BRANCH" in rules
    script = "\n".join(pipeline["test"]["script"])
    assert "make build" in script and "make test" in script
    assert pipeline["test"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "tools.ci_report --format codequality" in script and "> gl-code-quality-report.json" in script
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert "mv site public" in "\n".join(pipeline["pages"]["script"])
    assert "CI_DEFAULT_BRANCH" in json.dumps(pipeline["pages"]["rules"])


def test_container_builds_strictly_and_serves_with_the_projects_nginx_config():
    recipe = (ROOT / "Containerfile").read_text()
    instructions = [line.split(None, 1) for line in recipe.splitlines() if line and not line.startswith("#")]
    assert ["RUN", "make build"] in instructions
    assert ["COPY", "deploy/nginx/esca.conf /etc/nginx/conf.d/default.conf"] in instructions
    assert ["COPY", "--from=build /src/site /var/www/esca/site"] in instructions  # esca.conf's root
    assert "root /var/www/esca/site;" in (ROOT / "deploy/nginx/esca.conf").read_text()
    assert [i[1] for i in instructions if i[0] == "FROM"][-1].startswith("nginx:")
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".venv" in ignored and "site" in ignored


def test_a_real_failing_build_becomes_annotations_on_the_change(tiny_site, expected_warnings):
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
