"""Run the `run:` steps of a GitHub Actions workflow on this machine, in order, as the
runner would (bash -e, the workflow's and the step's env, $GITHUB_STEP_SUMMARY): to try
annotator-eval.yml on your corpus before you push it.

    python run_locally.py annotator-eval.yml [--event push|pull_request] [--env NAME=VALUE ...]

Steps that `uses:` an action (checkout, setup-python, the check, the comment, the upload)
need GitHub and are listed as skipped; `if:` conditions on github.event_name, always()
and hashFiles() are evaluated, `${{ github.token }}`-style expressions are replaced by
placeholders. Needs PyYAML. Exit code: that of the first failing step (later steps with
`if: always()` still run), else 0.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def github_context(event: str) -> dict[str, str]:
    return {"github.event_name": event, "github.token": "local-token", "github.base_ref": "main" if event == "pull_request" else "",
            "github.repository": "local/repository", "github.workflow": "local"}


def expand(text: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: context.get(m.group(1), ""), text)


def condition(expr: str | None, context: dict[str, str], failed: bool, workdir: Path) -> bool:
    """The subset of the expression language the example uses: github.event_name == '...',
    always(), success(), hashFiles('path') != '', joined by &&."""
    if expr is None:
        return not failed
    expr = EXPRESSION.sub(lambda m: m.group(1), str(expr)).strip()
    verdict = None
    for part in (p.strip() for p in expr.split("&&")):
        if part == "always()":
            value = True
        elif part == "success()":
            value = not failed
        elif m := re.fullmatch(r"github\.event_name\s*==\s*'([^']*)'", part):
            value = context["github.event_name"] == m.group(1)
        elif m := re.fullmatch(r"hashFiles\('([^']*)'\)\s*!=\s*''", part):
            value = (workdir / m.group(1)).exists()
        else:
            raise SystemExit(f"run_locally: cannot evaluate condition {part!r}")
        verdict = value if verdict is None else verdict and value
    if "always()" not in expr and failed:
        return False
    return bool(verdict)


def run_workflow(workflow: Path, workdir: Path, event: str = "push", env: dict[str, str] | None = None,
                 job: str | None = None, log=sys.stderr) -> tuple[int, list[tuple[str, str]]]:
    """Run the workflow's `run:` steps in ``workdir``; return (exit code, [(step, outcome)])."""
    spec: dict[str, Any] = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    jobs = spec["jobs"]
    steps = jobs[job or next(iter(jobs))]["steps"]
    context = github_context(event)
    summary = Path(tempfile.mkstemp(prefix="step-summary-", suffix=".md")[1])
    base_env = {**os.environ, **{k: expand(str(v), context) for k, v in (spec.get("env") or {}).items()}, **(env or {})}
    base_env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_REPOSITORY=context["github.repository"],
                    GITHUB_WORKFLOW=context["github.workflow"], GITHUB_EVENT_NAME=event, CI="true")
    code, outcomes = 0, []
    for i, step in enumerate(steps, 1):
        name = step.get("name") or step.get("uses") or f"step {i}"
        if "uses" in step:
            outcomes.append((name, "skipped: needs GitHub"))
            continue
        if not condition(step.get("if"), context, code != 0, workdir):
            outcomes.append((name, "skipped: condition"))
            continue
        step_env = {**base_env, **{k: expand(str(v), context) for k, v in (step.get("env") or {}).items()}}
        log.write(f"--- {name}\n")
        log.flush()
        result = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", expand(step["run"], context)],
                                cwd=workdir, env=step_env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        outcomes.append((name, "ok" if result.returncode == 0 else f"failed ({result.returncode})"))
        if result.returncode and not code:
            code = result.returncode
    outcomes.append(("job summary", str(summary)))
    return code, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workflow", type=Path)
    parser.add_argument("--event", default="push", choices=["push", "pull_request"])
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE overriding the workflow's env")
    parser.add_argument("--workdir", type=Path, default=Path.cwd())
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    code, outcomes = run_workflow(args.workflow, args.workdir, args.event, env, log=sys.stderr)
    for name, outcome in outcomes:
        print(f"{outcome:24} {name}")
    return code


if __name__ == "__main__":
    sys.exit(main())
