"""docs/IMPORT.md keeps up with the importers: every list is named, and every sample file
it links to is there and is the one `import_samples` writes."""

import re
from pathlib import Path

from django.utils.translation import override

from pmo.imports.registry import discovered
from pmo.imports.samples import sample_name, with_samples

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_every_importer_is_described_and_its_sample_linked():
    text = (DOCS / "IMPORT.md").read_text()
    with override("nl"):
        for importer in discovered().values():
            assert f"**{importer.label}**" in text, importer.key
        for importer in with_samples():
            assert f"(import/{sample_name(importer)})" in text, importer.key
    for link in re.findall(r"\]\((import/[^)]+)\)", text):
        assert (DOCS / link).is_file(), link
