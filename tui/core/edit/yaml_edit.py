"""Line-level edits of YAML front matter: splice only the text that holds the changed value.

Positions come from PyYAML's composer (pure-Python, so marks are character indexes into the text);
new values are encoded by ruamel.yaml's emitter and checked by reading them back. The caller
verifies the whole result again before anything is written.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from tui.core.read.frontmatter_parse import GuardedLoader

try:  # libyaml: its marks are character indexes too, and it reads what the reader reads
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class YamlEditError(ValueError):
    pass


def _emitter() -> YAML:
    y = YAML(typ="rt")
    y.width = 1_000_000_000
    y.allow_unicode = True
    y.default_flow_style = True
    return y


_EMITTER = _emitter()


def _needs_escape(text: str) -> bool:
    return any(
        unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch in "\ufeff" for ch in text
    )


def _dump_flow(value: Any) -> str:
    buf = io.StringIO()
    _EMITTER.dump(value, buf)
    return buf.getvalue().strip()


def _reads_back(encoded: str, value: Any) -> bool:
    try:
        got = yaml.load("[" + encoded + "]", Loader=GuardedLoader)
    except yaml.YAMLError:
        return False
    return isinstance(got, list) and len(got) == 1 and type(got[0]) is type(value) and got[0] == value


Scalar = str | bool | int | float | date | None


def encode_scalar(value: Scalar, quote: str | None = None, plain: str | None = None) -> str:
    """One-line YAML for a scalar, safe in block and flow context, read back as `value`.

    `quote` ('"' or "'") asks to keep the quoting style of the value it replaces; `plain` is
    the text wanted for a number or a date (a date in the file's own layout), used only if it
    reads back as `value`.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        for encoded in (plain, _plain_of(value)):
            if encoded is not None and "\n" not in encoded and _reads_back(encoded, value):
                return encoded
        raise YamlEditError(f"the value {value!r} cannot be written as YAML safely")
    candidates: list[Any] = []
    if _needs_escape(value):
        candidates.append(DoubleQuotedScalarString(value))
    else:
        if quote == '"':
            candidates.append(DoubleQuotedScalarString(value))
        elif quote == "'":
            candidates.append(SingleQuotedScalarString(value))
        candidates.append(value)
        candidates.append(DoubleQuotedScalarString(value))
    for candidate in candidates:
        encoded = _dump_flow([candidate])[1:-1].strip()
        if "\n" not in encoded and _reads_back(encoded, value):
            return encoded
    raise YamlEditError(f"the value {value!r} cannot be written as YAML safely")


def _plain_of(value: int | float | date) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    return text if re.fullmatch(r"[-+]?\d+\.\d*(e[-+]?\d+)?", text) else None


def encode_flow_list(values: list[str]) -> str:
    return "[" + ", ".join(encode_scalar(v) for v in values) + "]"


@dataclass
class Entry:
    key: yaml.Node
    value: yaml.Node
    parent: yaml.MappingNode


class YamlText:
    """Front-matter text with its node tree, for one splice at a time."""

    def __init__(self, text: str, newline: str) -> None:
        self.text = text
        self.newline = newline
        try:
            root = yaml.compose(text, Loader=_Loader)
            self.anchors = [
                ev.start_mark.index for ev in yaml.parse(text, Loader=_Loader)
                if (isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None))
                and ev.start_mark is not None
            ]
        except yaml.YAMLError as exc:
            raise YamlEditError(f"the front matter does not parse: {exc}") from None
        if root is None:
            root = yaml.MappingNode("tag:yaml.org,2002:map", [])
        if not isinstance(root, yaml.MappingNode):
            raise YamlEditError("the front matter is not a mapping")
        self.root: yaml.MappingNode = root

    # -- finding -------------------------------------------------------------------------
    def find(self, path: list[str]) -> Entry | None:
        node: yaml.Node = self.root
        entry: Entry | None = None
        for part in path:
            if not isinstance(node, yaml.MappingNode):
                return None
            match = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part]
            if not match:
                return None
            if len(match) > 1:
                raise YamlEditError(f"the key '{part}' appears more than once")
            entry = Entry(match[0][0], match[0][1], node)
            node = match[0][1]
        return entry

    def check_entry(self, entry: Entry, what: str) -> None:
        """Refuse to edit a value that is an alias, carries an anchor, or holds either."""
        key, val = entry.key, entry.value
        if val.start_mark.index < key.end_mark.index:  # an alias: the node lives elsewhere
            raise YamlEditError(f"{what} uses a YAML anchor or alias; draftdeck will not edit it")
        self.check_no_anchor(key.start_mark.index, val.end_mark.index, what)

    def check_no_anchor(self, start: int, end: int, what: str) -> None:
        if any(start <= pos <= end for pos in self.anchors):
            raise YamlEditError(f"{what} uses a YAML anchor or alias; draftdeck will not edit it")

    # -- helpers ---------------------------------------------------------------------------
    def splice(self, start: int, end: int, new: str) -> str:
        return self.text[:start] + new + self.text[end:]

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def after_line(self, index: int) -> int:
        """Offset just past the line ending of the line holding `index` (itself, at a line start)."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        nl = self.text.find("\n", index)
        return len(self.text) if nl == -1 else nl + 1

    def content_end(self, node: yaml.Node) -> int:
        """Where a node's own text ends: its last scalar, not the comments or blanks after it."""
        while True:
            if isinstance(node, yaml.MappingNode) and node.value:
                key, value = node.value[-1]
                if isinstance(value, yaml.ScalarNode) and value.start_mark.index == value.end_mark.index:
                    return int(key.end_mark.index)
                node = value
            elif isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
                node = node.value[-1]
            else:
                return node.end_mark.index

    def colon_after(self, key: yaml.Node) -> int:
        pos = self.text.find(":", key.end_mark.index)
        if pos == -1:
            raise YamlEditError("cannot find the ':' after a key")
        return pos + 1

    def value_end(self, node: yaml.Node) -> int:
        end = self.content_end(node)
        while end > node.start_mark.index and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def quote_of(self, node: yaml.Node) -> str | None:
        style = getattr(node, "style", None)
        return style if style in ('"', "'") else None

    def indent_unit(self) -> int:
        for line in self.text.splitlines():
            stripped = line.lstrip(" ")
            if stripped and not stripped.startswith("#") and len(line) > len(stripped):
                return len(line) - len(stripped)
        return 2

    def dash_offset(self) -> int:
        lines = self.text.splitlines()
        for a, b in zip(lines, lines[1:], strict=False):
            ma = re.match(r"^( *)[^\s#-][^:]*:\s*(#.*)?$", a)
            mb = re.match(r"^( *)- ", b)
            if ma and mb:
                return len(mb.group(1)) - len(ma.group(1))
        return self.indent_unit()

    def block_list(self, values: list[str], key_indent: int) -> str:
        nl = self.newline
        pad = " " * (key_indent + self.dash_offset())
        return "".join(f"{nl}{pad}- {encode_scalar(v)}" for v in values)

    def ensure_final_newline(self, text: str) -> str:
        return text if not text or text.endswith("\n") else text + self.newline

    # -- edits -----------------------------------------------------------------------------
    def set_scalar(self, path: list[str], value: Scalar, force: bool = False,
                   plain: str | None = None) -> str:
        entry = self.find(path)
        if entry is None:
            return self.insert(path, encode_scalar(value, plain=plain))
        key, val = entry.key, entry.value
        self.check_entry(entry, f"'{'.'.join(path)}'")
        if isinstance(val, yaml.ScalarNode):
            if val.start_mark.index == val.end_mark.index:  # an empty (null) value
                colon = self.colon_after(key)
                return self.splice(colon, colon, " " + encode_scalar(value, plain=plain))
            if val.style in ("|", ">"):
                colon = self.colon_after(key)
                return self.splice(colon, self.value_end(val),
                                   " " + encode_scalar(value, plain=plain))
            encoded = encode_scalar(value, self.quote_of(val), plain)
            return self.splice(val.start_mark.index, val.end_mark.index, encoded)
        if not force:
            kind = "a list" if isinstance(val, yaml.SequenceNode) else "a mapping"
            raise YamlEditError(f"'{'.'.join(path)}' holds {kind}; overwrite it only if you confirm")
        colon = self.colon_after(key)
        return self.splice(colon, self.value_end(val), " " + encode_scalar(value, plain=plain))

    def source_of(self, path: list[str]) -> tuple[str, str | None] | None:
        """The text of a one-line scalar value and its quote, or None."""
        entry = self.find(path)
        if entry is None or not isinstance(entry.value, yaml.ScalarNode):
            return None
        val = entry.value
        if val.style in ("|", ">"):
            return None
        return self.text[val.start_mark.index:val.end_mark.index], self.quote_of(val)

    def unset(self, path: list[str]) -> str:
        """Remove a key with all its lines: its value's block list or mapping, and the
        comments on those lines."""
        entry = self.find(path)
        if entry is None:
            return self.text
        key, val = entry.key, entry.value
        where = f"'{'.'.join(path)}'"
        self.check_entry(entry, where)
        if entry.parent.flow_style:
            raise YamlEditError(f"{where} is in a flow mapping ({{…}}); not edited")
        start = self.line_start(key.start_mark.index)
        if self.text[start:key.start_mark.index].strip(" "):
            raise YamlEditError(f"the layout around {where} is unusual; not edited")
        if isinstance(val, yaml.ScalarNode) and val.start_mark.index == val.end_mark.index:
            end = self._after(self.text, self.colon_after(key))
        else:
            end = self.after_line(self.content_end(val))
        return self.splice(start, end, "")

    def insert(self, path: list[str], encoded: str | list[str]) -> str:
        """Add a key that does not exist yet, creating parents as needed."""
        nl = self.newline
        # Find the deepest existing parent mapping.
        depth = 0
        parent: yaml.Node = self.root
        parent_entry: Entry | None = None
        while depth < len(path) - 1:
            entry = self.find(path[: depth + 1])
            if entry is None:
                break
            parent_entry = entry
            parent = entry.value
            depth += 1
        missing = path[depth:]
        if isinstance(parent, yaml.MappingNode) and parent.value and parent.flow_style:
            raise YamlEditError(f"'{'.'.join(path[:depth])}' is a flow mapping; not edited")
        if parent_entry is not None and not isinstance(parent, yaml.MappingNode):
            is_null = isinstance(parent, yaml.ScalarNode) and parent.tag.endswith(":null")
            if not is_null:
                raise YamlEditError(
                    f"'{'.'.join(path[:depth])}' is not a mapping, so '{path[-1]}' cannot be added")
        if isinstance(parent, yaml.MappingNode) and parent.value:
            indent = parent.value[0][0].start_mark.column
            at = self.after_line(self.content_end(parent))
            text = self.text
        elif parent_entry is not None:  # an empty parent: `taxonomy:` or `taxonomy: ~`
            indent = parent_entry.key.start_mark.column + self.indent_unit()
            text = self.text
            if parent.start_mark.index != parent.end_mark.index:  # drop the explicit null
                colon = self.colon_after(parent_entry.key)
                text = text[:colon] + text[parent.end_mark.index:]
            at = self._after(text, self.colon_after(parent_entry.key))
        else:  # the root mapping is empty
            indent = 0
            text = self.text
            at = len(text)
        block = self._nested(missing, encoded, indent)
        head = text[:at]
        if head and not head.endswith("\n"):
            head += nl
        return head + block + text[at:]

    @staticmethod
    def _after(text: str, index: int) -> int:
        nl = text.find("\n", index)
        return len(text) if nl == -1 else nl + 1

    def _nested(self, missing: list[str], encoded: str | list[str], indent: int) -> str:
        nl = self.newline
        unit = self.indent_unit()
        out = ""
        for i, part in enumerate(missing):
            pad = " " * (indent + i * unit)
            key = encode_scalar(part)
            if i < len(missing) - 1:
                out += f"{pad}{key}:{nl}"
            elif isinstance(encoded, list):
                out += f"{pad}{key}:{self.block_list(encoded, indent + i * unit)}{nl}"
            else:
                out += f"{pad}{key}: {encoded}{nl}"
        return out

    # -- lists -----------------------------------------------------------------------------
    def list_add(self, path: list[str], name: str) -> str:
        entry = self.find(path)
        if entry is None:
            return self.insert(path, [name])
        seq = entry.value
        self.check_entry(entry, f"'{'.'.join(path)}'")
        if not isinstance(seq, yaml.SequenceNode):
            raise YamlEditError("not a list")
        if seq.flow_style or not seq.value:
            if not seq.value:
                close = self.text.rfind("]", seq.start_mark.index, seq.end_mark.index)
                return self.splice(close, close, encode_scalar(name))
            last = seq.value[-1]
            return self.splice(last.end_mark.index, last.end_mark.index, ", " + encode_scalar(name))
        first = seq.value[0]
        prefix = self.text[self.line_start(first.start_mark.index):first.start_mark.index]
        if not re.fullmatch(r" *- +", prefix):
            raise YamlEditError("the list's layout is unusual; not edited")
        at = self.after_line(self.content_end(seq))
        lead = "" if self.text[at - 1:at] == "\n" else self.newline
        return self.splice(at, at, lead + prefix + encode_scalar(name) + self.newline)

    def list_remove_at(self, path: list[str], index: int) -> str:
        entry = self.find(path)
        assert entry is not None and isinstance(entry.value, yaml.SequenceNode)
        key, seq = entry.key, entry.value
        self.check_entry(entry, f"'{'.'.join(path)}'")
        items = seq.value
        item = items[index]
        if seq.flow_style:
            if len(items) == 1:
                return self.splice(item.start_mark.index, item.end_mark.index, "")
            if index < len(items) - 1:
                return self.splice(item.start_mark.index, items[index + 1].start_mark.index, "")
            return self.splice(items[index - 1].end_mark.index, item.end_mark.index, "")
        if len(items) == 1:
            colon = self.colon_after(key)
            return self.splice(colon, self.value_end(seq), " []")
        start = self.line_start(item.start_mark.index)
        prefix = self.text[start:item.start_mark.index]
        if not re.fullmatch(r" *- +", prefix):
            raise YamlEditError("the list's layout is unusual; not edited")
        end = self.after_line(self.value_end(item))
        return self.splice(start, end, "")

    def list_replace_at(self, path: list[str], index: int, name: str) -> str:
        entry = self.find(path)
        assert entry is not None and isinstance(entry.value, yaml.SequenceNode)
        item = entry.value.value[index]
        self.check_entry(entry, f"'{'.'.join(path)}'")
        if not isinstance(item, yaml.ScalarNode) or item.style in ("|", ">"):
            raise YamlEditError("the list item is not a one-line value; not edited")
        return self.splice(item.start_mark.index, item.end_mark.index,
                           encode_scalar(name, self.quote_of(item)))

    def replace_value(self, path: list[str], new_value: str | list[str]) -> str:
        """Replace a scalar or empty value with a scalar or a flow list."""
        encoded = encode_flow_list(new_value) if isinstance(new_value, list) else encode_scalar(
            new_value)
        entry = self.find(path)
        if entry is None:
            return self.insert(path, new_value if isinstance(new_value, list) else encoded)
        key, val = entry.key, entry.value
        self.check_entry(entry, f"'{'.'.join(path)}'")
        if isinstance(val, yaml.ScalarNode) and val.start_mark.index != val.end_mark.index \
                and val.style not in ("|", ">"):
            if not isinstance(new_value, list):
                encoded = encode_scalar(new_value, self.quote_of(val))
            return self.splice(val.start_mark.index, val.end_mark.index, encoded)
        colon = self.colon_after(key)
        return self.splice(colon, self.value_end(val) if val.end_mark.index > colon else colon,
                           " " + encoded)
