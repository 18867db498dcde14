"""Read one hostile file under a memory limit and report the outcome as JSON (run by hostile.run_bounded)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from assessment.inputs.responses import read_responses
from assessment.problems import InputError
from assessment.questionnaire import load_questionnaire
from assessment.workspace.branding import logo_copy, logo_type
from assessment.workspace.bundle_format import read_bundle

RESPONSES_QUESTIONNAIRE = Path(__file__).resolve().parents[1] / "fixtures" / "responses" / "questionnaire.yaml"


def main(kind: str, path: str, memory_mb: str, questionnaire_path: str = str(RESPONSES_QUESTIONNAIRE)) -> None:
    questionnaire = load_questionnaire(questionnaire_path).questionnaire if kind == "responses" else None
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    report: dict = {"outcome": "accepted", "codes": [], "problems": []}
    report["baseline_mb"] = _memory_mb("VmHWM")
    started, cpu = time.perf_counter(), _cpu_seconds()
    try:
        if kind == "questionnaire":
            load_questionnaire(path)
        elif kind == "bundle":
            read_bundle(path)
        elif kind == "logo":
            data = Path(path).read_bytes()
            logo_copy(data, logo_type(data, Path(path).name), Path(path).name)
        else:
            read_responses(path, questionnaire, display_name=Path(path).name)
    except InputError as exc:
        report.update(
            outcome="refused",
            codes=[p.code for p in exc.problems],
            problems=[p.render("en") for p in exc.problems],
            problems_zh=[p.render("zh") for p in exc.problems],
        )
    report["seconds"] = time.perf_counter() - started
    report["cpu_seconds"] = _cpu_seconds() - cpu  # the machine's load barely changes it, unlike the wall time
    report["peak_mb"] = _memory_mb("VmHWM")
    print(json.dumps(report, ensure_ascii=False))


def _memory_mb(field: str) -> int:
    """This process's own peak (VmHWM) or current (VmRSS) resident memory in MB, from /proc.

    Not getrusage's ru_maxrss: on Linux it keeps the peak of the parent the child was forked from (across exec), so
    a big test process would hide what the child itself grew by.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main(*sys.argv[1:])
