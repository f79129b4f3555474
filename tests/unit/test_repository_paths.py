"""Every repository path a docstring, comment or document names exists, and nothing cites a file outside the
repository or a path on one machine.

Docstrings and comments of ``*.py`` files and the whole text of ``*.md`` and ``*.toml`` files are scanned
for tokens that look like repository paths: they start with a top-level folder (``dryingsim/``, ``docs/``,
``tests/``, ...) or contain a slash and end in ``.md``, ``.py`` or ``.toml``. A token resolves against the
repository root, the folder of the file that names it (relative links) or ``dryingsim/`` (module paths such
as ``closures/settling.py``). Glob patterns and placeholders (``*-dryer.toml``, ``<name>``, ``{name}``), elided
paths (``docs/.../fitted.toml``), URLs and relative paths in a document's TOML examples (relative to the
TOML file shown, not to the document) are skipped. Each test reports every finding at once, so that one
pass fixes them all.
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import subprocess
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("dryingsim/", "docs/", "tests/", "scenarios/", "validation/", "benchmarks/")
SUFFIXES = (".md", ".py", ".toml")
SKIPPED_DIRECTORIES = {"__pycache__", "build", "dist", "out", "validation-report"}
PATH_TOKEN = re.compile(r"[\w.*<>{}/-]*/[\w.*<>{}/-]*")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
MODULE_NAME = re.compile(r"(?<![\w./-])dryingsim(?:\.[A-Za-z_]\w*)+")
GENERATED = {
    "validation-report/report.md": "written by `dryingsim validate`",
    "docs/user-guide/examples/calibration/fitted.journal.jsonl": "written by `dryingsim calibrate --journal`",
}
"""Files the documents name as outputs of a command: they exist once the command has run."""
FORBIDDEN = ("design" + "/physics.md", "shared" + "/", "/work" + "/", "/home" + "/")
"""A design brief that is not in the repository, and folders of one machine (spelled in two parts here so
that this file does not cite them)."""


def _files() -> list[Path]:
    """The repository's files: tracked and untracked but not ignored; without git, a walk of the tree."""
    try:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard"],
                                capture_output=True, text=True, check=True).stdout.splitlines()
        files = [ROOT / name for name in listed]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in ROOT.rglob("*") if not any(part.startswith(".") or part in SKIPPED_DIRECTORIES
                                                       or part.endswith(".egg-info")
                                                       for part in p.relative_to(ROOT).parts)]
    return sorted(p for p in files if p.is_file())


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _prose(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(first line, text, in a TOML example) of every docstring and comment of a ``*.py`` file, or of every
    line of a document."""
    text = _text(path)
    if text is None:
        return
    if path.suffix != ".py":
        example = False
        for number, line in enumerate(text.splitlines(), 1):
            if path.suffix == ".md" and line.lstrip().startswith("```"):
                example = not example and line.strip() == "```toml"
            yield number, line, example
        return
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            yield node.lineno, node.value.value, False
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string, False


def _scanned() -> Iterator[tuple[Path, int, str, bool]]:
    for path in _files():
        if path.suffix in SUFFIXES:
            for line, text, example in _prose(path):
                yield path, line, text, example


def _path_tokens(text: str, example: bool = False) -> Iterator[tuple[int, str]]:
    """(offset, token) of every token in ``text`` that looks like a repository path."""
    text = URL.sub(lambda m: " " * len(m.group()), text)
    for match in PATH_TOKEN.finditer(text):
        token = match.group().rstrip(".-")
        token = token[2:] if token.startswith("./") else token
        # skipped: absolute, elided, patterns and placeholders, rates ("4.2 scenarios/s"), relative in examples
        if (token.startswith("/") or "..." in token or any(c in token for c in "*<{")
                or re.search(r"\d\s*$", text[:match.start()]) or (example and token.startswith("../"))):
            continue
        if token.startswith(TOP_LEVEL) or token.endswith(SUFFIXES):
            yield match.start(), token


def _exists(token: str, named_in: Path) -> bool:
    return (token.rstrip("/") in GENERATED
            or any((base / token).exists() for base in (ROOT, named_in.parent, ROOT / "dryingsim")))


def _where(path: Path, line: int, text: str, offset: int) -> str:
    return f"{path.relative_to(ROOT)}:{line + text.count(chr(10), 0, offset)}"


def test_every_repository_path_named_in_a_docstring_or_document_exists():
    """Every repository path a docstring, comment or document names is a file or folder of the repository."""
    missing = [f"{_where(path, line, text, offset)}: {token}"
               for path, line, text, example in _scanned()
               for offset, token in _path_tokens(text, example) if not _exists(token, path)]
    assert not missing, f"{len(missing)} named path(s) not in the repository:\n" + "\n".join(missing)


def test_no_text_cites_a_file_outside_the_repository_or_a_machine_path():
    """No file of the repository cites the design brief that is not in it, or a folder of one machine."""
    found = [f"{path.relative_to(ROOT)}:{number}: {needle}"
             for path in _files() if path != Path(__file__).resolve() and (text := _text(path)) is not None
             for number, line in enumerate(text.splitlines(), 1)
             for needle in FORBIDDEN if needle in line]
    assert not found, f"{len(found)} citation(s) of files outside the repository:\n" + "\n".join(found)


def _resolves(name: str) -> bool:
    """``name`` is an importable dryingsim module, or an attribute path below one."""
    parts = name.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        for attribute in parts[k:]:
            if not hasattr(obj, attribute):
                return False
            obj = getattr(obj, attribute)
        return True
    return False


def test_every_dryingsim_module_named_in_a_docstring_or_document_exists():
    """Every ``dryingsim.<module>[.<name>]`` a docstring, comment or document names can be imported."""
    missing = [f"{_where(path, line, text, match.start())}: {match.group()}"
               for path, line, text, _ in _scanned()
               for match in MODULE_NAME.finditer(text) if not _resolves(match.group().rstrip("."))]
    assert not missing, f"{len(missing)} named module(s) or object(s) not in dryingsim:\n" + "\n".join(missing)
