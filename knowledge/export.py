"""Write the directory back to YAML files, in the canonical layout of knowledge.documents.

The round trip is exact: loading the written files gives records equal to the ones
written, and writing those again gives the same bytes. Comments of hand-written files
are not kept; the export is for moving data, not for replacing the edited files.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from knowledge.documents import gemeente_document, organisation_document, taxonomy_document
from knowledge.load import GEMEENTE_FILE
from knowledge.records import DirectoryData, Organisation
from knowledge.yamlio import dump_yaml


def yaml_files(data: DirectoryData) -> dict[str, str]:
    """Relative path -> file text, for the whole directory."""
    by_file: dict[str, list[Organisation]] = defaultdict(list)
    for org in data.organisations:
        by_file[org.file].append(org)
    files = {"themes.yml": dump_yaml(taxonomy_document(data.groups, data.themes))}
    for gemeente in data.gemeenten:
        path = f"gemeenten/{gemeente.slug}/{GEMEENTE_FILE}"
        document: dict[str, Any] = {"gemeente": gemeente_document(gemeente)}
        if by_file.get(path):
            document["organisations"] = [organisation_document(o) for o in by_file.pop(path)]
        files[path] = dump_yaml(document)
    for path, organisations in by_file.items():
        files[path] = dump_yaml(
            {"organisations": [organisation_document(o) for o in organisations]}
        )
    return dict(sorted(files.items()))


def write_yaml(data: DirectoryData, out_dir: Path) -> list[Path]:
    written = []
    for rel, text in yaml_files(data).items():
        path = Path(out_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
