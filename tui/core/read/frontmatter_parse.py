"""Front-matter text to a mapping, through python-frontmatter's handlers, behind the guards they lack.

Guards: the safe loader only (no Python tags); libyaml when present; aliases that expand beyond a
bound or refer to themselves are refused; duplicate keys are reported; a result that is not a mapping
is an error, never an empty mapping.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from tui.core.model import describe_type
from tui.core.read import fast_yaml

try:  # libyaml when present: about ten times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# How many nodes a document may expand to through aliases before it is refused.
MAX_EXPANDED_NODES = 100_000


class FrontMatterError(ValueError):
    """A front matter that cannot be used. Line numbers in `message` are written `{n}`, relative
    to the front matter's first line; `located()` turns them into file lines."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # 1-based, relative to the front matter's first line

    def located(self, first_line: int) -> tuple[str, int | None]:
        """(message with file line numbers, file line) for a front matter starting there."""
        text = locate(self.message, first_line)
        line = self.line + first_line - 1 if self.line is not None else None
        if line is not None:
            text += f" (line {line})"
        return text, line


def locate(message: str, first_line: int) -> str:
    """Turn `{n}` front-matter line marks in a message into file line numbers."""
    return re.sub(r"\{(\d+)\}", lambda m: str(int(m.group(1)) + first_line - 1), message)


@dataclass
class Parsed:
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _check_graph(root: yaml.Node, warnings: list[str]) -> None:
    """Refuse alias cycles and alias bombs; note duplicate keys. Iterative: no recursion limit."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            children = _children(node)
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_EXPANDED_NODES:
                raise FrontMatterError(
                    "the front matter's aliases expand to more than "
                    f"{MAX_EXPANDED_NODES:,} values (an alias bomb?)",
                    node.start_mark.line + 1,
                )
            sizes[nid] = total
            continue
        if nid in sizes:
            continue
        if nid in on_path:
            raise FrontMatterError(
                "the front matter has an alias that refers to itself", node.start_mark.line + 1
            )
        on_path.add(nid)
        stack.append((node, True))
        if isinstance(node, yaml.MappingNode):
            _note_duplicate_keys(node, warnings)
        for child in _children(node):
            if id(child) in on_path:
                raise FrontMatterError(
                    "the front matter has an alias that refers to itself",
                    child.start_mark.line + 1,
                )
            stack.append((child, False))


def _note_duplicate_keys(node: yaml.MappingNode, warnings: list[str]) -> None:
    keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    if len(keys) == len(set(keys)):
        return
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                warnings.append(f"line {{{key.start_mark.line + 1}}}: the key '{key.value}' "
                                "appears more than once (only the last one counts)")
            seen.add(key.value)


def _check_duplicate_keys(root: yaml.Node, warnings: list[str]) -> None:
    """Without aliases the node graph is a tree: only its mappings need looking at."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            _note_duplicate_keys(node, warnings)
            stack.extend(v for _, v in node.value if not isinstance(v, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(v for v in node.value if not isinstance(v, yaml.ScalarNode))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def make_guarded_loader(base: type) -> type:
    class Guarded(base):  # type: ignore[misc]  # PyYAML's loaders are typed as Any
        warnings: list[str]
        has_aliases = True  # the caller may say there are none (no '*' in the text)

        def get_single_data(self) -> Any:
            self.warnings = []
            node = self.get_single_node()
            if node is None:
                return None
            if self.has_aliases:
                _check_graph(node, self.warnings)
            else:
                _check_duplicate_keys(node, self.warnings)
            return self.construct_document(node)

    return Guarded


GuardedLoader = make_guarded_loader(_BaseLoader)


class TOMLHandler(BaseHandler):
    """TOML between `+++` fences, read with the standard library's tomllib."""

    START_DELIMITER = END_DELIMITER = "+++"
    import re as _re

    FM_BOUNDARY = _re.compile(r"^\+\+\+\s*$", _re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:  # pragma: no cover
        raise NotImplementedError("draftdeck writes through its own editor")


_YAML = YAMLHandler()
_JSON = JSONHandler()
_TOML = TOMLHandler()


def _yaml_error(exc: yaml.YAMLError) -> FrontMatterError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = mark.line + 1 if mark is not None else None
    context_mark = getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in str(exc):
        tag = str(exc).split("tag '", 1)[-1].split("'", 1)[0]
        return FrontMatterError(f"the front matter uses the tag '{tag}', which is not allowed", line)
    context = getattr(exc, "context", None)
    message = f"the front matter is not valid YAML: {problem}"
    if context:
        context = context.removeprefix("while ").replace("parsing ", "", 1)
        if context_mark is not None and context_mark.line + 1 != line:
            context += f" that starts on line {{{context_mark.line + 1}}}"
        message += f" (in {context})"
    return FrontMatterError(message, line)


def parse_guarded(fm_text: str, fmt: str) -> Parsed:
    """`parse` without the YAML fast path: the guarded loader always (the reference)."""
    return parse(fm_text, fmt, fast=False)


def parse(fm_text: str, fmt: str, fast: bool = True) -> Parsed:
    """Parse front matter text of the given format into a mapping, or raise FrontMatterError."""
    warnings: list[str] = []
    if fmt == "yaml":
        # The common subset, read line by line with the safe loader's own typing; None for
        # anything else (duplicate keys included, so their warnings come from the loader below).
        quick = fast_yaml.load(fm_text) if fast else None
        if quick is not None:
            return Parsed(data=quick)
        if "\t" in fm_text and any(ln.startswith("\t") for ln in fm_text.splitlines()):
            line = next(i for i, ln in enumerate(fm_text.splitlines(), 1) if ln.startswith("\t"))
            raise FrontMatterError("the front matter is indented with a tab; YAML allows spaces only",
                                   line)
        loader = GuardedLoader(fm_text)
        loader.has_aliases = "*" in fm_text
        try:
            # python-frontmatter's YAML handler does the load, with our guarded loader.
            data = _YAML.load(fm_text, Loader=lambda _stream: loader)
        except FrontMatterError:
            raise
        except yaml.YAMLError as exc:
            raise _yaml_error(exc) from None
        except RecursionError:
            raise FrontMatterError("the front matter is nested too deeply") from None
        except (ValueError, OverflowError) as exc:  # a value its type cannot hold: 2024-02-30
            raise FrontMatterError(f"the front matter has a value YAML cannot read: {exc}",
                                   _value_line(fm_text, exc)) from None
        warnings.extend(loader.warnings)
        if data is None and fm_text.strip() and not _only_comments(fm_text):
            raise FrontMatterError("the front matter is empty YAML (null), not a mapping", 1)
        if data is None:
            data = {}
    elif fmt == "toml":
        try:
            data = _TOML.load(fm_text)
        except tomllib.TOMLDecodeError as exc:
            raise FrontMatterError(f"the front matter is not valid TOML: {exc}") from None
    elif fmt == "json":
        import json

        try:
            data = _JSON.load(fm_text)
        except json.JSONDecodeError as exc:
            raise FrontMatterError(
                f"the front matter is not valid JSON: {exc.msg}", exc.lineno
            ) from None
        except RecursionError:
            raise FrontMatterError("the front matter is nested too deeply") from None
    else:  # pragma: no cover - callers pass one of the three
        raise ValueError(fmt)
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"the front matter is {describe_type(data)}, not a mapping of keys to values", 1
        )
    for key in data:
        if not isinstance(key, str):
            warnings.append(f"the key {key!r} is {describe_type(key)}, not text")
    return Parsed(data=data, warnings=warnings)


def _value_line(fm_text: str, exc: BaseException) -> int | None:
    """The line of the first date that cannot be a date (the usual cause), if there is one."""
    import datetime as dt

    for number, line in enumerate(fm_text.splitlines(), 1):
        m = re.search(r"(?<![\w-])(\d{4})-(\d\d?)-(\d\d?)(?![\w-])", line)
        if m:
            try:
                dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return number
    return None


def _only_comments(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def same_data(a: Any, b: Any) -> bool:
    """Deep equality that treats NaN as equal to NaN and keeps bool apart from int.

    Mapping order is not compared: edits never move text outside the value they change."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)
