"""Write docs/questionnaire-coverage.md from the bundled questionnaire; --check fails if it is stale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.files import write_atomic  # noqa: E402
from assessment.questionnaire import load_questionnaire  # noqa: E402
from assessment.questionnaire.coverage import coverage_markdown  # noqa: E402

SOURCE = "questionnaires/itsm-core"
NOTE = "Written by `scripts/generate_coverage.py`: do not edit by hand (a test fails when it is out of date)."
TARGET = ROOT / "docs" / "questionnaire-coverage.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is out of date, write nothing")
    args = parser.parse_args()
    text = coverage_markdown(load_questionnaire(ROOT / SOURCE).questionnaire, SOURCE, NOTE)
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run scripts/generate_coverage.py", file=sys.stderr)
            return 1
        return 0
    write_atomic(TARGET, text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
