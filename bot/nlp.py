"""The project's Dutch spaCy pipeline, built from `spacy.blank("nl")`.

No Dutch model can be downloaded here, so we build one: the blank Dutch tokenizer plus
the lookup lemmatizer whose tables come from the installable `spacy-lookups-data`
package ("toeslagen" -> "toeslag"). The pipeline is saved under var/spacy/, packaged
with `spacy package` and installed into the venv as `nl_wegwijzer`, so Rasa's
`SpacyNLP` finds it by name from any working directory.

    python -m bot.nlp ensure   # build and install when missing or outdated
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from spacy.language import Language

PACKAGE_NAME = "nl_wegwijzer"
PIPELINE_NAME = "wegwijzer"
# Bump when the recipe below changes: the installed package is rebuilt.
RECIPE_VERSION = "1.0.0"


def build_pipeline() -> Language:
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": True})
    nlp.initialize()  # loads the Dutch lemma_lookup table from spacy-lookups-data
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = RECIPE_VERSION
    nlp.meta["description"] = (
        "Dutch tokenizer and lookup lemmatizer for Wegwijzer (spacy.blank('nl'))"
    )
    nlp.meta["license"] = "MIT"
    nlp.meta["author"] = "Wegwijzer"
    return nlp


def installed_version() -> str | None:
    try:
        return importlib.metadata.version(PACKAGE_NAME)
    except importlib.metadata.PackageNotFoundError:
        return None


def ensure(var_dir: Path = PROJECT_ROOT / "var", force: bool = False) -> str:
    """Build and install the pipeline package unless the right version is installed."""
    if not force and installed_version() == RECIPE_VERSION:
        return f"{PACKAGE_NAME} {RECIPE_VERSION} already installed"
    from spacy.cli.package import package

    work = var_dir / "spacy"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pipeline_dir = work / "pipeline"
    build_pipeline().to_disk(pipeline_dir)
    dist = work / "dist"
    dist.mkdir(parents=True)
    package(
        pipeline_dir,
        dist,
        name=PIPELINE_NAME,
        version=RECIPE_VERSION,
        create_sdist=False,
        create_wheel=False,
        force=True,
        silent=True,
    )
    source = dist / f"{PACKAGE_NAME}-{RECIPE_VERSION}"
    venv_bin = Path(sys.executable).parent
    uv = venv_bin / "uv"
    cmd = (
        [str(uv), "pip", "install", "--quiet", "--python", sys.executable]
        if uv.exists()
        else [sys.executable, "-m", "pip", "install", "--quiet"]
    )
    subprocess.run(
        [*cmd, "--no-deps", "--no-build-isolation", "--reinstall", str(source)], check=True
    )
    return f"{PACKAGE_NAME} {RECIPE_VERSION} built and installed"


def fingerprint() -> str:
    """Identifies the installed pipeline, for the training fingerprint."""
    return hashlib.sha256(f"{PACKAGE_NAME}=={installed_version()}".encode()).hexdigest()[:16]


def main(argv: list[str]) -> int:
    if argv[:1] == ["ensure"]:
        print(ensure(force="--force" in argv))
        return 0
    print("usage: python -m bot.nlp ensure [--force]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
