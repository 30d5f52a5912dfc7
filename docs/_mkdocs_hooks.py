"""mkdocs hooks for the gpc documentation site (``make docs``).

* The README lives beside ``docs/``, not in it: it is added to the site as ``readme-tour.md`` (its
  links into ``docs/`` rewritten; not ``README.md``, which mkdocs would make the home page), and links
  to ``../README.md`` in the pages point at that copy.
* The navigation in ``mkdocs.yml`` lists every page planned; a page not written yet is left out of
  the navigation, and links to it are shown as plain text (with a note in the log), instead of
  failing the strict build. Links to any other missing page still fail it.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.gpc")

_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_TEXT_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_PENDING: set[str] = set()
README_PAGE = "readme-tour.md"


def _repo(config: Any) -> Path:
    return Path(config["docs_dir"]).resolve().parent


def _prune(items: list[Any], docs: Path) -> list[Any]:
    out = []
    for item in items:
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, list):
                kept = _prune(value, docs)
                if kept:
                    out.append({title: kept})
            elif _exists(value, docs):
                out.append(item)
            else:
                _PENDING.add(value)
                log.info("nav: %s is not written yet; left out", value)
        elif _exists(item, docs):
            out.append(item)
        else:
            _PENDING.add(item)
            log.info("nav: %s is not written yet; left out", item)
    return out


def _exists(page: str, docs: Path) -> bool:
    return page == README_PAGE or "://" in page or (docs / page).exists()


def on_config(config: Any) -> Any:
    if config.get("nav"):
        config["nav"] = _prune(config["nav"], Path(config["docs_dir"]))
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    readme = _repo(config) / "README.md"
    if readme.exists() and files.get_file_from_path(README_PAGE) is None:
        text = readme.read_text(encoding="utf-8")
        text = _LINK.sub(lambda m: m.group(1) + re.sub(r"^(\./)?docs/", "", m.group(2)) + m.group(3), text)
        files.append(File.generated(config, README_PAGE, content=text))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    here = posixpath.dirname(page.file.src_uri)

    def fix(m: re.Match[str]) -> str:
        target = m.group(2)
        path, _, anchor = target.partition("#")
        if "://" in path or not path.endswith("README.md"):
            return m.group(0)
        if posixpath.normpath(posixpath.join(here, path)) != "../README.md":
            return m.group(0)
        new = posixpath.relpath(README_PAGE, here or ".")
        return m.group(1) + new + ("#" + anchor if anchor else "") + m.group(3)

    markdown = _LINK.sub(fix, markdown)

    def pending(m: re.Match[str]) -> str:
        path = m.group(2).partition("#")[0]
        if "://" in path or not path.endswith(".md"):
            return m.group(0)
        if posixpath.normpath(posixpath.join(here, path)) in _PENDING:
            log.info("%s: link to %s, not written yet, shown as text", page.file.src_uri, path)
            return m.group(1)
        return m.group(0)

    return _TEXT_LINK.sub(pending, markdown)
