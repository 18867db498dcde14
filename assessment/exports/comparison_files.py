"""The comparison of a re-assessment with its baseline as files: CSV and a workbook, text never a formula."""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
import xlsxwriter

from assessment.analysis.results import safe_cell


def comparison_csv(frame: pd.DataFrame) -> bytes:
    """A labelled frame as UTF-8 CSV with a byte-order mark (Excel reads the Chinese right); no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(str(column)) for column in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if _missing(value) else safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def comparison_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Labelled frames as the sheets of one workbook, in memory; text is never a formula or a link."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}
    workbook = xlsxwriter.Workbook(buffer, options)
    bold = workbook.add_format({"bold": True})
    for name, frame in sheets.items():
        sheet = workbook.add_worksheet(name[:31])
        for column, header in enumerate(frame.columns):
            sheet.write_string(0, column, str(header), bold)
            sheet.set_column(column, column, max(10, min(40, len(str(header)) + 4)))
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                if _missing(value):
                    continue
                if isinstance(value, (bool, np.bool_)):
                    sheet.write_boolean(row, column, bool(value))
                elif isinstance(value, numbers.Number):
                    sheet.write_number(row, column, float(value))
                else:
                    sheet.write_string(row, column, str(value))
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
