"""The course website's Sphinx extension: tidy scripts, the language switch, Chinese search.

:func:`course.authoring.site.stage_book` copies this file into each edition's
book as ``_ext/course_site.py``; Jupyter Book loads it into the Sphinx of
``.venv-site``, where the ``course`` package is not installed. So it imports
nothing of the course and imports Sphinx only inside :func:`setup`: the
course's own environment can import it (its doctests run there).

What it does
------------
- **Scripts.** Sphinx 7.4 lists some inline scripts twice (once per priority an
  extension gave them); ``const THEBE_JS_URL`` twice is a SyntaxError in the
  browser: keep the first of each. thebe (live code on Binder) is off for this
  offline site: drop its scripts, whose inline configuration names a CDN.
- **Language switch.** Every page links to the same page in the other edition
  (English ``notebooks/03_rfm.html`` ↔ Chinese ``zh/notebooks/03_rfm.html``),
  or to the other edition's home page when it has no such page. The link is a
  relative ``href`` computed here (:func:`switch_href`), so it works from
  ``file://`` and over http alike; the template ``course-language-switch.html``
  shows it in the article header, and the page's ``<head>`` names the other
  edition as ``<link rel="alternate" hreflang=…>``. The book's configuration
  says where the other edition is (``course_language_switch``).
- **Search from the file system.** A page opened from ``file://`` cannot fetch
  another, so the search lists its results there without their summaries
  (:data:`FILE_SEARCH_JS`), in both editions.
- **Chinese search.** Sphinx's Chinese index splits text into words with jieba
  (pinned in ``requirements-site.txt``); the glossary's Chinese terms are its
  user dictionary (Sphinx's ``html_search_options = {"dict": …}``, written by
  the build), so 铁三角, 从线索到回款 and 战略客户 are words of the index as well
  as their parts (jieba's search mode also indexes 三角, 线索, 战略 …).
  Sphinx only splits a *query* at spaces and punctuation, and a Chinese reader
  types none: :data:`QUERY_SPLITTER_JS` cuts each run of Chinese characters into
  the index's own words, longest first (forward maximum matching), so 客户铁三角
  searches for 客户 and 铁三角. Characters between the words that are none of the
  index's stay together as one term, so an unknown word finds nothing (铁三角量子:
  no page), except a lone one (的, 和), which is dropped, as the index drops
  one-character words (客户铁三角的回款: 客户, 铁三角, 回款). And a page must
  hold every term of the query: Sphinx does not require the terms of one or two
  characters (an English "of"), but most Chinese words have two (回款, 客户).
"""

from __future__ import annotations

import posixpath
import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: The Chinese search's query splitter and its every-term rule (JavaScript, in language_data.js, which
#: runs after searchtools.js: ``splitQuery`` replaces the default, ``Search.performTermsSearch`` is
#: wrapped). ``Search._index`` is the loaded index.
QUERY_SPLITTER_JS = r"""
/* The course's query splitter for Chinese (course/authoring/site_sphinx.py): a run of Chinese
   characters is cut into the index's words, longest first. Characters between them that are no word
   of the index stay together as one term (so an unknown word finds nothing, as it should), except a
   lone character (的, 和), which is dropped: the index holds no one-character words. */
var splitQuery = function (query) {
  const index = (typeof Search !== "undefined" && Search._index) || { terms: {}, titleterms: {} };
  const known = (word) => Object.hasOwn(index.terms, word) || Object.hasOwn(index.titleterms, word);
  const terms = [];
  for (const part of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []) {
      if (!/\p{Script=Han}/u.test(run) || known(run)) {
        terms.push(run);
        continue;
      }
      let start = 0;
      let unknown = "";
      while (start < run.length) {
        let end = run.length;
        while (end > start + 1 && !known(run.slice(start, end))) end -= 1;
        if (end > start + 1 || known(run[start])) {
          if (unknown.length > 1) terms.push(unknown);
          unknown = "";
          terms.push(run.slice(start, end));
        } else {
          unknown += run[start];
        }
        start = end;
      }
      if (unknown.length > 1) terms.push(unknown);
    }
  }
  return terms;
};

/* Sphinx lets a page match without the query's terms of one or two characters (an English "of");
   in Chinese most words have two characters (回款, 客户): a page must hold every term of the query. */
if (typeof Search !== "undefined" && !Search.courseEveryTerm) {
  const sphinxTermsSearch = Search.performTermsSearch;
  const pagesWith = (table, word) => {
    const pages = table[word];
    return pages === undefined ? [] : [].concat(pages);
  };
  const holds = (page, word) => {
    const index = Search._index;
    if (pagesWith(index.terms, word).includes(page) || pagesWith(index.titleterms, word).includes(page)) return true;
    // Sphinx's partial match, for words of three characters or more
    return word.length > 2 && [index.terms, index.titleterms].some((table) =>
      Object.keys(table).some((term) => term.includes(word) && pagesWith(table, term).includes(page)));
  };
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const results = sphinxTermsSearch(searchTerms, excludedTerms);
    return results.filter((result) => {
      const page = Search._index.docnames.indexOf(result[0]);
      return [...searchTerms].every((word) => holds(page, word));
    });
  };
  Search.courseEveryTerm = true;
}
"""


#: From ``file://``, Sphinx's search lists its results without fetching the pages for summaries.
FILE_SEARCH_JS = 'if (location.protocol === "file:") DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;'


def switch_href(pagename: str, other_pages: set[str] | frozenset[str], root: str) -> str:
    """The relative address of page ``pagename`` in the other edition, or of its home page when it has none.

    ``root`` is the other edition's root seen from this edition's root (``"zh/"``
    from the English site, ``"../"`` from the Chinese one).

    Examples
    --------
    >>> switch_href("notebooks/03_rfm", {"index", "notebooks/03_rfm"}, "zh/")
    '../zh/notebooks/03_rfm.html'
    >>> switch_href("notebooks/03_rfm", {"index", "notebooks/03_rfm"}, "../")
    '../../notebooks/03_rfm.html'
    >>> switch_href("data/cdnow/README", {"index"}, "zh/")
    '../../zh/index.html'
    >>> switch_href("index", {"index"}, "../")
    '../index.html'
    """
    target = pagename if pagename in other_pages else "index"
    return posixpath.normpath("../" * pagename.count("/") + f"{root}{target}.html")


def _tidy_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        body = script.attributes.get("body", "")
        if "THEBE_JS_URL" in body or (script.filename or "").endswith("sphinx-thebe.js"):
            continue
        key = (script.filename, body)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def _language_switch(app, pagename, templatename, context, doctree):
    switch = app.config.course_language_switch
    if not switch:
        return
    href = switch_href(pagename, frozenset(switch["pages"]), switch["root"])
    context["course_switch"] = {**switch, "href": href}
    context["metatags"] = (
        context.get("metatags", "") + f'\n<link rel="alternate" hreflang="{switch["hreflang"]}" href="{href}" />'
    )


def chinese_search_language():
    """Sphinx's Chinese search language with the course's query splitter; an error when jieba is missing."""
    from sphinx.errors import ExtensionError
    from sphinx.search.zh import JIEBA, SearchChinese

    if not JIEBA:
        raise ExtensionError(
            "the Chinese site's search needs jieba, which .venv-site lacks: "
            "`make site` installs it from requirements-site.txt"
        )

    class CourseChinese(SearchChinese):
        js_splitter_code = QUERY_SPLITTER_JS

        def init(self, options):
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)  # not its "Building prefix dict" chatter in the build log
            super().init(options)
            # Sphinx keeps every Latin word it meets in a list and searches it for each word it stems:
            # quadratic, seconds on this site; a set answers the same question at once
            self.latin_terms = set()

        def split(self, input):
            import jieba

            latin = [term.strip() for term in self.latin1_letters.findall(input)]
            self.latin_terms.update(latin)
            # jieba only where there is Chinese: it gives a Latin text the words the regex found
            chinese = list(jieba.cut_for_search(input)) if _HAN.search(input) else []
            return chinese + latin

    return CourseChinese


def setup(app):
    """Register the course's handlers, and for a Chinese book (``language = "zh_CN"``) its search language."""
    app.add_config_value("course_language_switch", {}, "html")
    # Opened from the file system, the search page cannot fetch each result page for its summary
    # (the browser refuses, with a console error per result): list the results without summaries.
    app.add_js_file(None, body=FILE_SEARCH_JS)
    app.connect("html-page-context", _tidy_scripts, priority=900)
    app.connect("html-page-context", _language_switch)

    def _search_language(app, config):
        if (config.language or "").startswith("zh"):
            app.add_search_language(chinese_search_language())

    app.connect("config-inited", _search_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
