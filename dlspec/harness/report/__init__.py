"""The living document: every claim with its bottom line, the evidence a learner needs,
figures, derivations with runnable snippets, and all the rest of the run's evidence, as one
self-contained HTML page or as Markdown with PNG files beside it (``--spec-report``), in
every language asked for (``--spec-lang en,zh``) from the same run.

It is built from the run's JSON (:meth:`Ledger.as_json`), so it shows exactly what the run
measured. One module per concern:

- :mod:`.page`: the page around the claims: reading guide, summary, contents, glossary,
  references, environment;
- :mod:`.section`: one claim's section, in the order a learner reads it;
- :mod:`.evidence_table`: the key-evidence and all-evidence tables;
- :mod:`.prose`: the registry's texts, with the run's numbers filled in, formulas
  typeset and symbols linked to the glossary;
- :mod:`.snippets`: derivations and the output of their snippets in this run;
- :mod:`.languages`: which files one run writes, one per language.
"""

from __future__ import annotations

from dlspec.harness.report.languages import page_paths, write, write_languages
from dlspec.harness.report.page import html_page, markdown_page
from dlspec.harness.report.prose import with_math
from dlspec.harness.report.section import rerun_command

__all__ = [
    "html_page",
    "markdown_page",
    "page_paths",
    "rerun_command",
    "with_math",
    "write",
    "write_languages",
]
