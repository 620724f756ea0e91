"""Data in and out: candidate, roster, panel and history CSV files; safe CSV writing, whole
files written atomically, manifests, file fingerprints.

Everything read from disk is checked here, so that later stages can trust the data:
every problem becomes one `InputError` line naming the file, the row or column, and the fix.
"""

from .files import (
    read_candidates,
    read_history,
    read_history_terms,
    read_panel_ids,
    read_roster_ids,
)
from .table import (
    ID_COLUMN,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_CSV_BYTES,
    RowLines,
    line_of,
    read_csv_text,
)
from .write import (
    MANIFEST_NAME,
    check_output,
    frame_to_safe_csv,
    ids_to_lines,
    manifest_path,
    manifest_text,
    neutralise_cell,
    refuse_existing,
    sha256_file,
    write_atomic,
    write_files,
)

__all__ = [
    "ID_COLUMN",
    "MANIFEST_NAME",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_CSV_BYTES",
    "RowLines",
    "check_output",
    "frame_to_safe_csv",
    "ids_to_lines",
    "line_of",
    "manifest_path",
    "manifest_text",
    "neutralise_cell",
    "read_candidates",
    "read_csv_text",
    "read_history",
    "read_history_terms",
    "read_panel_ids",
    "read_roster_ids",
    "refuse_existing",
    "sha256_file",
    "write_atomic",
    "write_files",
]
