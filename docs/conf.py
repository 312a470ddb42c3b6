"""Sphinx configuration: the documentation site, built strictly by CI
(`sphinx-build -W --keep-going -n docs build/docs`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "i18n-tool"
extensions = ["myst_parser", "generated"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3  # links to sections of other pages: operator.md#exit-codes
html_theme = "alabaster"
html_static_path: list[str] = []
nitpicky = True
smartquotes = False  # option names stay `--xliff`, not `–xliff`
