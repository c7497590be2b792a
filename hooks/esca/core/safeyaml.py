"""Safe, line-aware YAML reading for every data file the portal owns.

The one YAML reader used by the curricula loader, the front-matter checks and
the data files in ``data/`` (a controlled list goes through
esca.core.fields.load_labels, which reads it here and checks it). It:

- refuses files that are too large, not UTF-8, contain tabs in indentation,
  or are empty;
- uses a SafeLoader subclass: no tags that build Python objects;
- reports duplicate keys instead of silently keeping the last one;
- refuses anchors and aliases, so a "billion laughs" file fails before it is read;
- refuses keys in YAML's explicit form ('? key' then ': value'), whose key can
  be any length and any shape (a block of text, a list), before it is read;
- remembers the line of every mapping key and list item, so findings can
  point at ``path:line``.

Errors are returned as :class:`~esca.core.findings.Finding`, never raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from esca.core.findings import Finding
from esca.core.sources import MAX_DATA_BYTES, read_text, rel_path

# Far above any real data file (the glossary at 30 times its size is 440 KB),
# low enough to refuse a runaway file before parsing it.
MAX_BYTES = MAX_DATA_BYTES
# How deep lists and mappings may nest (the document's own mapping is level
# 1; course files nest 3 deep). Past it, one finding where it goes too deep:
# the C composer recurses with no check, so 200,000 '[' crashed the build.
# The course builder reads the same limit from the model (max_depth).
MAX_DEPTH = 64
TOO_DEEP = ("lists or mappings are nested more than {limit} levels deep", "write the values out flat, as the other files do")
# YAML reads a key of at most 1,024 characters (PyYAML and libyaml alike):
# said as such, not as the scanner's "could not find expected ':'".
MAX_KEY = 1024
LONG_KEY = ("a key is longer than 1,024 characters, the most YAML reads",
            "shorten it: a field's name is a word or two, like title, and long text goes after the colon")
# Where an anchor (&name), alias (*name) or tag (!name) could start: checked by parsing only then.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*!][^\s]")
# A key in YAML's explicit form: '? key', then ': value' on the next line (or
# '{? key: value}' in a flow). Its key may be a block of text of any length
# (fourth blind attack, A32: an 800 KB key past MAX_KEY) or a list; no file the
# portal reads needs one. The course builder refuses it in the same words.
EXPLICIT_KEY = ("a key is written in YAML's explicit form, starting with '?'",
                "write the key and its value on one line, as key: value (put text that starts with '?' in quotes)")
# Where an explicit key could start: checked by scanning only then.
_MAYBE_EXPLICIT = re.compile(r"(?:^|[\s\[{,:])\?")


class LineMap(dict):
    """A dict that also knows the 1-based line of each key (``.lines``)."""

    lines: dict[Any, int]
    line: int

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}
        self.line = 0

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that also knows the 1-based line of each item (``.lines``)."""

    lines: list[int]
    line: int

    def __init__(self, *args):
        super().__init__(*args)
        self.lines = []
        self.line = 0

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _AnchorOrAlias(yaml.MarkedYAMLError):
    pass


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _too_deep(text: str) -> int | None:
    """The 1-based line where lists or mappings first nest deeper than
    MAX_DEPTH, or None. The parser's events come from a state machine (no
    recursion), so this reads any depth; a syntax error raises as loading would."""
    # Each list or mapping opens at a character of its own ('[', '{', '- ',
    # 'key:', '? '): a text with no more of those than the limit cannot nest
    # past it, and is not parsed twice (most front matter).
    if sum(map(text.count, "[{-:?")) <= MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1
        elif isinstance(event, _CLOSE):
            depth -= 1
    return None


class _Loader(_BaseLoader):
    """A SafeLoader (libyaml's when present) that records lines and rejects
    duplicate keys. Aliases are counted beforehand, in :func:`load_text`."""

    def __init__(self, stream, line_offset: int = 0):
        super().__init__(stream)
        self.line_offset = line_offset

    def construct_mapping(self, node, deep=False):
        result = LineMap()
        result.line = node.start_mark.line + 1
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                ) from None
            if key in seen:
                raise _DuplicateKey(
                    None,
                    None,
                    f"duplicate key {key!r} (first at line {seen[key] + self.line_offset})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node, deep=False):
        result = LineList()
        result.line = node.start_mark.line + 1
        for child in node.value:
            result.append(self.construct_object(child, deep=True))
            result.lines.append(child.start_mark.line + 1)
        return result


# Plain mappings and sequences go through the line-recording constructors.
_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_Loader.add_constructor("tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node))


def _timestamp(loader, node):
    """A date YAML recognises but the calendar does not (2026-02-30) stays text,
    so the field's validator reports it with its line instead of a crash."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

# YAML 1.1 reads 1:30 as 90 and 1:30.5 as 90.5 (base 60): a trainer's
# "1 h 30" became 90 CPD hours (issue 24, case 138). Such a value is text
# here, ahead of the int and float resolvers, so the field's own type check
# reports it. One copy of the resolver table, for this loader only.
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_Loader.yaml_implicit_resolvers = {
    first: ([("tag:yaml.org,2002:str", _SEXAGESIMAL)] if first in "-+0123456789" else []) + list(resolvers)
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}


@dataclass
class Loaded:
    """The outcome of reading one YAML document."""

    data: Any = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def load_text(text: str, path: str, *, line_offset: int = 0) -> Loaded:
    """Parse YAML ``text``; ``path`` names it in findings.

    ``line_offset`` is added to every line, for YAML embedded in a larger file
    (front matter starts on line 2 of a Markdown page).
    """
    for number, line in enumerate(text.splitlines() if "\t" in text else (), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return Loaded(
                findings=[
                    Finding(
                        path,
                        number + line_offset,
                        "yaml",
                        "tab used for indentation",
                        "indent with spaces only (two per level)",
                    )
                ]
            )
    if not text.strip():
        return Loaded(findings=[Finding(path, None, "yaml", "file is empty", "add the fields the file needs")])
    explicit = _explicit_key(text) if _MAYBE_EXPLICIT.search(text) else None
    if explicit is not None:
        return Loaded(findings=[Finding(path, explicit + 1 + line_offset, "yaml", *EXPLICIT_KEY)])
    try:
        if _ANCHOR_OR_ALIAS.search(text):
            _refuse_anchors(text)
        deep = _too_deep(text)  # all 72 data and course files: 45 ms
        if deep is not None:
            return Loaded(findings=[Finding(path, deep + line_offset, "yaml", TOO_DEEP[0].format(limit=MAX_DEPTH),
                                            TOO_DEEP[1])])
        loader = _Loader(text, line_offset)  # a SafeLoader subclass
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else None
        problem = " ".join(filter(None, [error.context, error.problem])) or "not valid YAML"
        if mark and _long_key(text, mark):
            return Loaded(findings=[Finding(path, line, "yaml", *LONG_KEY)])
        opened = _unclosed_quote(text, mark.line) if mark and not isinstance(error, (_DuplicateKey, _AnchorOrAlias)) \
            else None
        if opened is not None:  # the cause is where the quote opened, often far above (issue 24, case 08)
            return Loaded(findings=[Finding(path, opened + line_offset, "yaml",
                                            f"a quoted value opened on this line is not closed on it, so YAML read "
                                            f"on to line {line}: {problem}",
                                            "close the quote on the same line (inside '…' write an apostrophe as '')")])
        return Loaded(findings=[Finding(path, line, "yaml", problem, _yaml_fix(problem))])
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow (a control character): at its own line
        # (fifth blind attack, B63, B64: it was reported at line 1).
        line = text.count("\n", 0, error.position) + 1 + line_offset if error.position >= 0 else None
        code = ord(error.character) if isinstance(error.character, str) else error.character
        return Loaded(findings=[Finding(path, line, "yaml", f"holds a control character (#x{code:04x}), "
                                        "which YAML does not allow", "type the line again without it")])
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text input
        return Loaded(findings=[Finding(path, None, "yaml", str(error).splitlines()[0], "check the YAML syntax")])
    except ValueError:  # int() refuses a number of thousands of digits
        long = re.search(r"\d{1000}", text)
        line = text.count("\n", 0, long.start()) + 1 + line_offset if long else None
        return Loaded(findings=[Finding(path, line, "yaml", "a number has too many digits to read",
                                        "write numbers as they should be, e.g. 180")])
    except RecursionError:
        return Loaded(findings=[Finding(path, 1 + line_offset, "yaml", "lists or mappings are nested too deeply to read",
                                        "write the values out flat, as the other files do")])
    if line_offset:
        _shift(data, line_offset)
    return Loaded(data=data)


def load_file(file: Path, root: Path, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read and parse one YAML file: only a regular file inside the repository,
    under the size limit, in UTF-8 (see esca.core.sources)."""
    read = read_text(file, root, max_bytes=max_bytes)
    if read.finding:
        return Loaded(findings=[read.finding])
    return load_text(read.text, rel_path(file, root))


def load_bytes(raw: bytes, rel: str, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Parse the bytes of one YAML file named ``rel`` (for example, one a trainer
    loads into the course builder), with the size and encoding checks of
    :func:`load_file`."""
    if len(raw) > max_bytes:
        return Loaded(findings=[Finding(rel, None, "file", f"is {len(raw):,} bytes, over the {max_bytes:,} byte limit",
                                        "split it, or remove what does not belong in it")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Loaded(findings=[Finding(rel, line, "encoding", "not UTF-8 text", "save the file as UTF-8")])
    return load_text(text.removeprefix("\ufeff"), rel)


def _unclosed_quote(text: str, before: int) -> int | None:
    """The first line above line ``before`` (0-based) whose value opens a
    quote it does not close, or None: read only when YAML has refused the
    text, one pass over its lines."""
    for number, raw in enumerate(text.split("\n")[:before], start=1):
        value = raw.lstrip(" ")
        if value.startswith("- "):
            value = value[2:].lstrip(" ")
        if value[:1] not in ("'", '"'):
            colon = value.find(": ")
            if value.startswith("#") or colon < 0:
                continue
            value = value[colon + 2:].lstrip(" ")
        if value[:1] == "'" and "'" not in value[1:].replace("''", ""):
            return number
        if value[:1] == '"' and '"' not in re.sub(r"\\.", "", value[1:]):
            return number
    return None


def too_deep(text: str) -> int | None:
    """:func:`_too_deep` for text that may not be valid YAML (MkDocs' front
    matter): the line, or None when it nests no deeper than MAX_DEPTH or
    stops being YAML before it does (its reader then reports that)."""
    try:
        return _too_deep(text)
    except yaml.YAMLError:
        return None


def _refuse_anchors(text: str) -> None:
    """Refuse every anchor, alias and explicit tag before anything is built
    from the data. No file the portal reads needs them; an alias can make a
    small file expand exponentially wherever its data is walked ("billion
    laughs"), in our code or in any other reader, and a tag asks for a type
    the file's fields do not declare. The course builder refuses them too."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AnchorOrAlias(None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise _AnchorOrAlias(None, None, "tags ('!') are not allowed", event.start_mark)


def _explicit_key(text: str) -> int | None:
    """The 0-based line of the first key written in the explicit form, or
    None. Scanning (libyaml's, no data built) puts a key token before every
    key: a plain key's starts where the key does, an explicit one's at its
    '?', before the key. A '?' where no key may start ("key: ? x") is one
    too; any other scanning error is left to the reading that follows."""
    try:
        tokens = yaml.scan(text, Loader=_BaseLoader)
        for token in tokens:
            if isinstance(token, yaml.KeyToken):
                key = token.start_mark
                after = next(tokens).start_mark
                if (after.line, after.column) != (key.line, key.column):
                    return key.line
    except yaml.MarkedYAMLError as error:
        if error.problem == "mapping keys are not allowed in this context" and error.problem_mark:
            return error.problem_mark.line
    return None


def _shift(node: Any, offset: int) -> None:
    if isinstance(node, LineMap):
        node.line += offset
        node.lines = {key: line + offset for key, line in node.lines.items()}
        for value in node.values():
            _shift(value, offset)
    elif isinstance(node, LineList):
        node.line += offset
        node.lines = [line + offset for line in node.lines]
        for value in node:
            _shift(value, offset)


def _long_key(text: str, mark) -> bool:
    """The line a scanner error points at starts with a key (after its
    indentation and any '- ') longer than MAX_KEY, ending where it points."""
    start = 0
    for _ in range(mark.line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    if len(line) <= MAX_KEY:
        return False
    key_start = re.match(r"(?: *+-(?= ))*+ *+", line).end()
    key = line[key_start:mark.column]
    return len(key) > MAX_KEY and ": " not in key


def _yaml_fix(problem: str) -> str:
    if "duplicate key" in problem:
        return "keep one of them"
    if "aliases" in problem:
        return "write the values out instead of using anchors and aliases"
    if "could not determine a constructor" in problem or "tags (" in problem:
        return "remove the '!' tag: only plain YAML values are allowed"
    if "mapping values are not allowed" in problem:
        return "put text containing ': ' in quotes"
    if "scanning an anchor" in problem or "scanning an alias" in problem or "scanning a tag" in problem:
        return "put a value that starts with &, * or ! in quotes (write '&lt;b&gt;…', not &lt;b&gt;…)"
    return "check indentation, quotes and colons on this line or the one before"
