"""CSV beside JSON for every list (`?format=csv` or `Accept: text/csv`), for Excel and
Power BI. One row per object; a nested value (a JSON field) is written as JSON text.
Cells that a spreadsheet would run as a formula are neutralised with a leading quote."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from pmo.exports import cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(rows, dict):
            rows = [rows]
        out = io.StringIO()
        # A BOM, so Excel reads UTF-8 (ë, €) without an import wizard.
        out.write("\ufeff")
        view = (renderer_context or {}).get("view")
        header = list(getattr(view, "columns", None) or (rows[0] if rows else []))
        if header:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([cell(row.get(name)) for name in header])
        return out.getvalue().encode(self.charset)
