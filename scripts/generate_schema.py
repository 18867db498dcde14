"""Write the JSON Schemas of the questionnaire YAML from the pydantic models.

    python scripts/generate_schema.py           # writes questionnaires/schema.json and fragment.schema.json
    python scripts/generate_schema.py --check   # exits 1 when a checked-in schema is out of date

Editors use them to complete keys, show descriptions and underline shape and type mistakes; the
meaning checks still need `python -m assessment validate`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, the project is not on the path

from assessment.questionnaire.model import Fragment, Questionnaire  # noqa: E402

DRAFT = "https://json-schema.org/draft/2020-12/schema"
OUTPUT_DIR = ROOT / "questionnaires"
SCHEMAS = {
    "schema.json": (
        Questionnaire,
        "urn:maturitymap:schema:questionnaire",
        "MaturityMap questionnaire",
        "A maturity-assessment questionnaire of MaturityMap: the root file (questionnaire.yaml or a single "
        "file). Generated from the model MaturityMap validates with; shape and types only, the meaning "
        "checks need `python -m assessment validate`.",
    ),
    "fragment.schema.json": (
        Fragment,
        "urn:maturitymap:schema:questionnaire-fragment",
        "MaturityMap questionnaire fragment",
        "A file included by a MaturityMap questionnaire: more scales, roles, dimensions, processes or "
        "includes. Generated from the model MaturityMap validates with.",
    ),
}


def schema_texts() -> dict[str, str]:
    """The text of each schema file, by file name: sorted keys, indent 2, a final newline."""
    texts = {}
    for name, (model, schema_id, title, description) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema.update({"$schema": DRAFT, "$id": schema_id, "title": title, "description": description})
        texts[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return texts


def stale_files(folder: Path) -> list[Path]:
    """The schema files in `folder` that are missing or differ from what the models give."""
    stale = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the JSON Schemas of the questionnaire YAML.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema file is out of date")
    parser.add_argument("--out-dir", type=Path, default=OUTPUT_DIR, help="folder of the schema files")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.out_dir)
        for path in stale:
            print(f"{path}: out of date; run python scripts/generate_schema.py", file=sys.stderr)
        return 1 if stale else 0
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        path = args.out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
