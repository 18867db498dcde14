"""Write the sample ticket exports of examples/ (ServiceNow-shaped, three units); --check fails if they are stale.

python scripts/ticket_sample.py           # rewrites examples/servicenow_incident_audit.csv and servicenow_change.csv
python scripts/ticket_sample.py --check   # exits 1 when a file differs from what the generator writes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the project is not on the path

from assessment.evidence.sample import change_snapshot, incident_audit_log  # noqa: E402
from assessment.files import write_atomic  # noqa: E402

FOLDER = ROOT / "examples"


def sample_texts() -> dict[Path, str]:
    """The files and their text: UTF-8 CSV, comma-separated, LF line ends (as a ServiceNow export)."""
    return {
        FOLDER / "servicenow_incident_audit.csv": incident_audit_log().to_csv(index=False, lineterminator="\n"),
        FOLDER / "servicenow_change.csv": change_snapshot().to_csv(index=False, lineterminator="\n"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date, write nothing")
    args = parser.parse_args()
    stale = []
    for path, text in sample_texts().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        write_atomic(path, text)
        print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"{path.relative_to(ROOT)} is out of date: run scripts/ticket_sample.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
