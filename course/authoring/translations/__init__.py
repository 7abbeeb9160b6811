"""The Chinese edition (中文版): gettext catalogues of the English notebooks, and the Chinese notebooks made from them.

The English notebooks stay the source. Their prose and code comments are
copied into one gettext catalogue (``.po``) per notebook, a translator fills
in the Chinese (in any PO editor), and the Chinese notebooks are generated
from the English notebook and its catalogue, then executed. The code is never
translated, so it cannot drift: :func:`code_differences` proves it cell by cell.

Where the files live
--------------------
- catalogues: ``locale/zh/notebooks/<folder>/<stem>.po``, e.g.
  ``locale/zh/notebooks/notebooks/00_course_map.po`` and
  ``locale/zh/notebooks/solutions/00_warmup.po`` (the package's own messages
  will get ``locale/zh/course.po``);
- Chinese notebooks: ``zh/<folder>/<name>.ipynb``, e.g.
  ``zh/notebooks/00_course_map.ipynb``, ``zh/solutions/00_warmup.ipynb``: the
  repository's folders mirrored under ``zh/``, so that relative links between
  lessons, exercises and solutions stay valid inside the edition. They are
  generated files: edit the catalogue, never the Chinese notebook.

The units a translator sees
---------------------------
- **Markdown cells** are split into paragraphs, headings (without the ``#``),
  list items (without the marker) and table cells: small enough that an edit
  of the English makes one entry fuzzy, not a whole cell; large enough to be
  translated as sentences. The lines of a unit are joined by spaces (a rewrap
  of the English is no change). Fenced code blocks and units without a letter
  outside code spans (``01–07``, ```customers```) are kept as they are.
- **Code comments**: a trailing comment is one unit; consecutive full-line
  comments at one indentation are one unit (a sentence is often wrapped over
  two comment lines), and a ``\\n`` in the translation starts a new comment
  line. Markers without a lower-case letter (``# NBVAL_CHECK_OUTPUT``,
  ``### BEGIN SOLUTION``) and pragmas (``noqa``, ``type:``) are not units.

An entry's ``msgid`` is the English text; its occurrences name the notebook
and the cell index (``#: notebooks/00_course_map.ipynb:3``); its extracted
comment says whether it is markdown or a code comment. Entries carry no
``msgctxt``: the cell ids of the course's notebooks are derived from their
position (:func:`course.authoring.notebooks.normalise`), so a context made
from them would turn every entry after an inserted cell into new text. The
same English text is translated once per notebook.

:func:`extract` updates a catalogue as gettext's ``msgmerge`` does: new text
becomes an untranslated entry; changed text keeps the old translation, marked
``fuzzy`` with the old English as ``#| msgid`` (matched by similarity among
the texts that vanished); text that vanished becomes obsolete (``#~``), kept
for the translator's memory. :func:`generate` uses only translated, not fuzzy
entries (gettext's rule: others stay English) and sets the language
parameter ``lang = "zh"``; :func:`check` names the notebook, the cell and the
text of every unit that is untranslated, fuzzy or missing from the catalogue.

Examples
--------
>>> source = "## Orders\\n\\nOne row per **order line**:\\nan order can hold several lines.\\n\\n- first\\n- second"
>>> [source[a:b] for a, b in markdown_spans(source)]
['Orders', 'One row per **order line**:\\nan order can hold several lines.', 'first', 'second']
>>> unit_text("One row per **order line**:\\nan order can hold several lines.")
'One row per **order line**: an order can hold several lines.'
>>> code = "x = 1  # why x is one\\n# NBVAL_CHECK_OUTPUT\\n# a comment wrapped\\n# over two lines\\ny = '# no comment'"
>>> [unit_text(code[a:b], comment=True) for a, b in comment_spans(code)]
['why x is one', 'a comment wrapped over two lines']
>>> code_without_comments(code)
"x = 1\\ny = '# no comment'"
"""

from course.authoring.translations._catalogue import (
    ExtractReport,
    add_output_words,
    extract,
    extract_package,
    package_messages,
    read_catalogue,
)
from course.authoring.translations._check import check, check_package, code_differences, terminology_problems
from course.authoring.translations._generate import Generated, generate, translate_notebook
from course.authoring.translations._paths import (
    EDITION_DIR,
    LANGUAGE,
    LANGUAGE_COMMENT,
    LOCALE_DIR,
    catalogue_path,
    chinese_path,
    package_catalogue_path,
    translated_notebooks,
)
from course.authoring.translations._units import (
    Unit,
    code_without_comments,
    comment_spans,
    markdown_spans,
    unit_text,
    units,
)

__all__ = [
    "LANGUAGE",
    "LOCALE_DIR",
    "EDITION_DIR",
    "LANGUAGE_COMMENT",
    "Unit",
    "ExtractReport",
    "catalogue_path",
    "chinese_path",
    "translated_notebooks",
    "markdown_spans",
    "comment_spans",
    "unit_text",
    "units",
    "extract",
    "extract_package",
    "package_messages",
    "package_catalogue_path",
    "add_output_words",
    "read_catalogue",
    "Generated",
    "translate_notebook",
    "generate",
    "check",
    "check_package",
    "terminology_problems",
    "code_without_comments",
    "code_differences",
]
