"""A hostile content folder, generated (nothing committed is itself dangerous to open).

Each entry: file name -> (bytes, what the tools must do with it). `build(folder)` writes them,
plus the file-system oddities (a FIFO, a folder named .md, links, a read-only file).
"""

from __future__ import annotations

import os
from pathlib import Path

ESC = "\x1b"
EVIL_TITLE = (f"T {ESC}]0;pwned-title{chr(7)} {ESC}]2;pwned2{chr(7)} {ESC}[31mred{ESC}[0m "
              f"{ESC}]8;;https://evil.example/{ESC}\\\\link{ESC}]8;;{ESC}\\\\ "
              f"{ESC}]52;c;cHduZWQ={chr(7)} {ESC}Ppwn-dcs{ESC}\\\\ \x9b2J \x90pwn-c1\x9c "
              "\u202eevil\u202c")


def _yaml_string(text: str) -> str:
    """A double-quoted YAML string with every control character escaped."""
    out = []
    for ch in text:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u202e\u202c":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _fm(body: str = "Body.\n", **fields: str) -> bytes:
    head = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"---\n{head}---\n{body}".encode()


BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} ["
    + ",".join([f"*{chr(96 + i)}"] * 9 if i else ['"lol"'] * 9) + "]\n"
    for i in range(10)
)

# name -> (bytes, kind) where kind says what is expected: "error" (listed with an error, never
# written), "ok" (readable; edits allowed), "refuse-edit" (readable, edits refused).
FILES: dict[str, tuple[bytes, str]] = {
    "enc-invalid-fm.md": (b"---\ntitle: caf\xe9\n---\nBody\n", "error"),
    "enc-invalid-body.md": (b"---\ntitle: ok\n---\nBody \xff\xfe here\n", "error"),
    "enc-utf16.md": ("---\ntitle: sixteen\n---\nBody\n".encode("utf-16"), "error"),
    "enc-nul.md": (b"---\ntitle: nul\n---\nBody\x00\x00\n", "error"),
    "enc-png.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "error"),
    "shape-list.md": (b"---\n- a\n- b\n---\nBody\n", "error"),
    "shape-scalar.md": (b"---\njust a string\n---\nBody\n", "error"),
    "shape-empty.md": (b"---\n---\nBody\n", "ok"),
    "shape-unterminated.md": (b"---\ntitle: open\npost_status: draft\n\nBody\n", "error"),
    "shape-dots.md": (b"---\ntitle: dots\npost_status: draft\n...\nBody\n", "ok"),
    "shape-thematic.md": (b"---\n\n# A heading\n\nText after a rule.\n", "ok"),
    "shape-taxonomy-list.md": (_fm(title="t", taxonomy="[a, b]", post_status="draft"), "ok"),
    "shape-taxonomy-null.md": (_fm(title="t", taxonomy="", post_status="draft"), "ok"),
    "shape-categories-string.md": (_fm(title="t", categories="one two"), "ok"),
    "shape-categories-mixed.md": (_fm(title="t", categories="[a, 3, true, {x: 1}, [y]]"), "ok"),
    "shape-status-number.md": (_fm(title="t", post_status="3"), "ok"),
    "shape-status-list.md": (_fm(title="t", post_status="[draft, publish]"), "refuse-edit"),
    "shape-status-map.md": (_fm(title="t", post_status="{a: 1}"), "refuse-edit"),
    "shape-duplicate-keys.md": (b"---\ntitle: a\npost_status: draft\npost_status: publish\n---\n",
                                "refuse-edit"),
    "shape-tabs.md": (b"---\ntaxonomy:\n\tcategory: x\n---\nBody\n", "error"),
    "yaml-bomb.md": (f"---\n{BOMB}---\nBody\n".encode(), "error"),
    "yaml-selfref.md": (b"---\na: &a [*a]\ntitle: x\n---\nBody\n", "error"),
    "yaml-deep.md": (("---\na: " + "[" * 10000 + "]" * 10000 + "\n---\nBody\n").encode(), "error"),
    "yaml-python.md": (b"---\nx: !!python/object/apply:os.system ['touch PWNED']\n---\n", "error"),
    "term-title.md": (_fm(f"Body {ESC}[2J{ESC}]0;pwned-body{chr(7)} \x9b31m bidi \u202e x\n",
                          title=_yaml_string(EVIL_TITLE), post_status="draft",
                          categories="[" + _yaml_string(f"{ESC}]52;c;Y2F0{chr(7)}") + ", "
                          + _yaml_string("[red]markup[/red]") + "]"), "ok"),
    "term-markup.md": (_fm(title='"[@click=app.quit]x[/] [bold]b"', post_status="draft",
                           categories='["[/]", "[link=https://x]y[/link]"]'), "ok"),
}

# Large files are built on demand (kept out of the dict so importing is cheap).
LARGE: dict[str, tuple[int, str]] = {
    "size-fm-5mb.md": (5_000_000, "ok"),
    "size-line-1mb.md": (1_000_000, "ok"),
    "size-headings-100k.md": (100_000, "ok"),
    "size-table-5k.md": (5_000, "ok"),
    "size-deep-nesting.md": (2_000, "ok"),
    "size-50mb.md": (50_000_000, "ok"),
}


def _large(name: str) -> bytes:
    if name == "size-fm-5mb.md":
        return f'---\ntitle: big value\npost_status: draft\nblob: "{"x" * 5_000_000}"\n---\nB\n'.encode()
    if name == "size-line-1mb.md":
        return ("---\ntitle: long line\npost_status: draft\n---\n" + "word " * 200_000 + "\n").encode()
    if name == "size-headings-100k.md":
        return ("---\ntitle: headings\npost_status: draft\n---\n"
                + "".join(f"## Heading {i}\n" for i in range(100_000))).encode()
    if name == "size-table-5k.md":
        rows = "".join(f"| {i} | cell {i} | more |\n" for i in range(5_000))
        return ("---\ntitle: table\npost_status: draft\n---\n| a | b | c |\n|---|---|---|\n"
                + rows).encode()
    if name == "size-deep-nesting.md":
        lists = "".join("  " * i + "- item\n" for i in range(1_000))
        quotes = "".join(">" * i + " quote\n" for i in range(1, 1_000))
        return ("---\ntitle: deep\npost_status: draft\n---\n" + lists + "\n" + quotes).encode()
    if name == "size-50mb.md":
        para = ("Lorem ipsum dolor sit amet, words words words. " * 20 + "\n\n").encode()
        head = b"---\ntitle: fifty\npost_status: draft\n---\n"
        return head + para * (50_000_000 // len(para))
    raise KeyError(name)


def build(folder: Path, large: bool = True) -> dict[str, str]:
    """Write the hostile folder; returns name -> expected kind for every article file."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for name, (data, kind) in FILES.items():
        (folder / name).write_bytes(data)
        expected[name] = kind
    if large:
        for name, (_, kind) in LARGE.items():
            (folder / name).write_bytes(_large(name))
            expected[name] = kind
    # File-system oddities.
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fs-fifo.md")
    (folder / "fs-folder.md").mkdir()
    (folder / "fs-folder.md" / "inside.md").write_bytes(_fm(title="inside"))
    expected["fs-folder.md/inside.md"] = "ok"
    outside = folder.parent / f"{folder.name}-outside.md"
    outside.write_bytes(_fm(title="outside", post_status="draft"))
    (folder / "fs-link-outside.md").symlink_to(outside)
    expected["fs-link-outside.md"] = "refuse-edit"
    readonly = folder / "fs-readonly.md"
    readonly.write_bytes(_fm(title="read only", post_status="draft"))
    readonly.chmod(0o444)
    expected["fs-readonly.md"] = "refuse-edit"
    return expected
