"""The notebook checker: a notebook passes only if every cell ran cleanly and its committed
outputs are what a fresh run produces.

The Rust kernel (evcxr) lets broken cells look fine: an `Err` that a `?` surfaces prints its
message on stderr and the cell still "succeeds", and plotters' usual output is SVG-in-HTML that
GitHub strips. So the checker reads the outputs themselves. A notebook fails when:

* an output is an error (a panic under `:preserve_vars_on_panic 0`, a compile error, ...);
* anything is written to stderr (a panic message, or an `Err` surfaced by `?`);
* a code cell was never executed;
* a plot cell has no `image/png` output, or any output is an SVG / HTML-wrapped SVG;
* a code-cell source line or a text output line (a stream, `text/plain`) is longer than 100
  characters (the width a notebook page shows without a scroll bar);
* a markdown cell's maths would change under a markdown-first pass, or uses a LaTeX name that
  MathJax does not define (see `maths_problems`);
* (with --fresh) a committed output differs from a fresh run. Only timings that the notebook
  marks explicitly — `⏱ <number> <unit>`, as printed by `mlfs_core::timing::Elapsed` — are masked.

A *plot cell* is a code cell whose source calls `.render()`, `plot::` or `Figure`, or that carries
the cell tag `plot`; the tag `not-a-plot` exempts a cell.

Usage:
    python tools/nbcheck.py notebooks/*.ipynb            # static checks on committed outputs
    python tools/nbcheck.py --fresh notebooks/*.ipynb    # ... and compare with a fresh run
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbexec import default_jobs, execute, for_each_notebook  # noqa: E402

TIMING = re.compile(r"⏱ *[0-9]+(?:\.[0-9]+)? *(?:ns|µs|us|ms|s)\b *")
PLOT_SOURCE = re.compile(r"\.render\(\)|\bplot::|\bFigure\b|\bdecision_boundary\(|\bimage_grid\(")
MAX_LINE = 100  # characters in a code or output line


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def is_plot_cell(cell) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    if "not-a-plot" in tags:
        return False
    return "plot" in tags or bool(PLOT_SOURCE.search(cell.source))


def static_problems(nb) -> list[str]:
    """Problems visible in the notebook file alone (outputs, line lengths, maths), one line each."""
    return output_problems(nb) + maths_problems(nb)


def output_problems(nb) -> list[str]:
    """Problems in the code cells and their outputs, as human-readable lines."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        where = f"cell {index} ({cell.source.strip().splitlines()[0][:60]!r})"
        if cell.get("execution_count") is None:
            problems.append(f"{where}: never executed")
        has_png = False
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"{where}: error output {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = _text(out.get("text", "")).strip()
                what = "a panic" if "panicked" in text else "stderr output (an Err surfaced by `?`?)"
                problems.append(f"{where}: {what}: {text[:300]!r}")
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if "image/png" in data:
                    has_png = True
                if "image/svg+xml" in data or "<svg" in _text(data.get("text/html", "")):
                    problems.append(f"{where}: an SVG plot (GitHub does not render it; emit image/png)")
        if is_plot_cell(cell) and not has_png:
            problems.append(f"{where}: a plot cell without an image/png output")
        problems += [f"{where}: {p}" for p in long_lines(cell)]
    return problems


def _output_text(out) -> str:
    """The text a reader sees of one output: a stream, or a result's `text/plain`."""
    if out.get("output_type") == "stream":
        return _text(out.get("text", ""))
    return _text(out.get("data", {}).get("text/plain", ""))


def long_lines(cell) -> list[str]:
    """Lines of a code cell's source or text outputs longer than MAX_LINE characters."""
    found = []
    for number, line in enumerate(cell.source.splitlines(), 1):
        if len(line) > MAX_LINE:
            found.append(
                f"source line {number} has {len(line)} characters (at most {MAX_LINE}): "
                f"{line[:60]!r}…"
            )
    for k, out in enumerate(cell.get("outputs", [])):
        for number, line in enumerate(_output_text(out).splitlines(), 1):
            if len(line) > MAX_LINE:
                found.append(
                    f"output {k} line {number} has {len(line)} characters "
                    f"(at most {MAX_LINE}): {line[:60]!r}…"
                )
    return found


# ---------------------------------------------------------------------------------------------
# Maths under a markdown-first pass
#
# GitHub's notebook view can run a markdown pass over a markdown cell before MathJax sees it.
# CommonMark then eats the backslash of every escaped ASCII punctuation character (`\,` → `,`,
# `\\` → `\`, `\{` → `{`), turns `_…_` and `*…*` pairs into emphasis (also across two maths
# spans), and reads a blank line or a line starting `- `, `+ `, `# ` inside `$$…$$` as the end of
# a paragraph. nbviewer and JupyterLab protect the maths first, so such a page looks right there
# and wrong on GitHub.
#
# The check renders each markdown cell with a real CommonMark parser (markdown-it-py, with the
# two GitHub extensions that can touch maths: tables and `~~` strikethrough, and no maths
# plugin), rebuilds the text the markdown pass leaves (emphasis, line breaks, links and block
# boundaries as visible markers), aligns it with the cell's source and compares every `$…$` and
# `$$…$$` span of the source with what is left of it. Code spans and code blocks are skipped.
# Not modelled: GitHub's single-tilde strikethrough (`~a~`; markdown-it pairs only `~~`).
# ---------------------------------------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
BLOCK = "\x00"  # a block boundary in the rendered text (never in a source span)

# Word forms that survive a markdown pass, for the escapes it eats. Each is defined in MathJax 2
# and 3 (JupyterLab, nbviewer, GitHub) and in KaTeX; `\\thickspace` and `\\medspace` are not.
SPELLINGS = {
    "\\,": "\\thinspace",
    "\\;": "\\mkern5mu",
    "\\:": "\\mkern4mu",
    "\\>": "\\mkern4mu",
    "\\!": "\\negthinspace",
    "\\\\": "\\cr",
    "\\{": "\\lbrace",
    "\\}": "\\rbrace",
    "\\|": "\\Vert",
    "\\_": "\\unicode{x5F}",
    "\\#": "\\unicode{x23}",
    "\\%": "\\unicode{x25}",
    "\\&": "\\unicode{x26}",
    "\\$": "\\unicode{x24}",
}
# LaTeX names that MathJax's TeX input (base and ams) leaves undefined: shown in red as errors.
UNDEFINED = {"\\thickspace": "\\mkern5mu", "\\medspace": "\\mkern4mu"}
UNDEFINED_MACRO = re.compile(r"\\(?:thickspace|medspace)(?![A-Za-z])")
ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash before ASCII punctuation
MARKER = re.compile(r"</?(em|strong|s|a|img|code)>|<br>")


def _normalise(text: str) -> str:
    """Whitespace as TeX reads it: no trailing/leading blanks on a line, one space for a run."""
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text.replace("\r\n", "\n"))
    return re.sub(r"[ \t]+", " ", text)


def _code_blocks_blanked(source: str) -> str:
    """The source with fenced and indented code blocks blanked (line count kept)."""
    lines = source.split("\n")
    for token in MARKDOWN.parse(source):
        if token.type in ("fence", "code_block") and token.map:
            for i in range(*token.map):
                lines[i] = ""
    return "\n".join(lines)


def _find_closing(text: str, delimiter: str, start: int) -> int:
    """Index of the next `delimiter` at or after `start` that no backslash escapes, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(delimiter, i):
            return i
        else:
            i += 1
    return -1


def math_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every `$…$` and `$$…$$` span, outside code spans, delimiters included."""
    spans, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
        elif c == "`":
            run = re.match(r"`+", text[i:]).group()
            close = re.compile(rf"(?<!`){run}(?!`)").search(text, i + len(run))
            i = close.end() if close else i + len(run)
        elif c == "$":
            delimiter = "$$" if text.startswith("$$", i) else "$"
            end = _find_closing(text, delimiter, i + len(delimiter))
            if end < 0:
                i += len(delimiter)
                continue
            spans.append((i, end + len(delimiter)))
            i = end + len(delimiter)
        else:
            i += 1
    return spans


def _inline_text(tokens) -> str:
    """The text an inline token's children leave, with markup as visible tags."""
    parts = []
    for t in tokens:
        if t.type in ("text", "html_inline"):
            parts.append(t.content)
        elif t.type == "softbreak":
            parts.append("\n")
        elif t.type == "hardbreak":
            parts.append("<br>")
        elif t.type == "code_inline":
            parts.append(f"<code>{t.content}</code>")
        elif t.type == "image":
            parts.append("<img>")
        elif t.nesting == 1:
            parts.append(f"<{t.tag}>")
        elif t.nesting == -1:
            parts.append(f"</{t.tag}>")
        else:
            parts.append(t.content)
    return "".join(parts)


def rendered_text(source: str) -> str:
    """What a markdown pass leaves of `source` for MathJax to read: the inline text of every
    block, blocks separated by BLOCK, code blocks left out."""
    parts = []
    for token in MARKDOWN.parse(source):
        if token.type == "inline":
            parts.append(_inline_text(token.children or []))
        elif token.type == "html_block":
            parts.append(token.content)
        elif token.type in ("fence", "code_block"):
            parts.append("")
    return BLOCK.join(parts)


EMPHASIS_FIX = "write `}_ {` / `)_ {` with a space after `_`, and `\\ast` for `*`"
BLOCKS_WHY = "a blank line, or a line that markdown reads as a list item or heading"


def _what_changed(span: str, left: str) -> str:
    """A short account of how `span` became `left`, with the spellings that survive."""
    reasons = []
    eaten = sorted(set(ESCAPE.findall(span)))
    if eaten:
        fixes = [f"`{e}` → `{SPELLINGS[e]}`" if e in SPELLINGS else f"`{e}`" for e in eaten]
        reasons.append(f"backslash-escapes eaten ({', '.join(fixes)})")
    tags = {tag or "br" for tag in MARKER.findall(left)}
    if tags & {"em", "strong"}:
        reasons.append(f"`_`/`*` paired into emphasis ({EMPHASIS_FIX})")
    if "br" in tags:
        reasons.append("a `\\` at a line's end became a line break (`\\cr`)")
    markup = sorted(tags - {"em", "strong", "br"})
    if markup:
        reasons.append(f"markup inside the maths ({', '.join(markup)})")
    if BLOCK in left or "\n\n" in span:
        reasons.append(f"split into separate blocks ({BLOCKS_WHY})")
    return "; ".join(reasons) or "changed by the markdown pass"


def changed_maths(source: str) -> list[tuple[int, str, str]]:
    """(line, span, what the markdown pass leaves of it) for every maths span of one markdown
    cell that the pass changes. Whitespace is compared as TeX reads it."""
    source = re.sub(r"[ \t]+$", "", source, flags=re.M)  # trailing blanks: harmless line breaks
    text = _normalise(_code_blocks_blanked(source))
    left = _normalise(rendered_text(source))
    opcodes = difflib.SequenceMatcher(None, text, left, autojunk=False).get_opcodes()

    def where(pos: int, end: bool) -> int:
        """The position in `left` that `pos` in `text` aligns with."""
        for tag, i1, i2, j1, j2 in opcodes:
            if i1 <= pos < i2 or (end and pos == i2):
                return j1 + (pos - i1) if tag == "equal" else (j2 if end else j1)
        return len(left)

    positions = math_spans(text)
    spans = [text[a:b] for a, b in positions]
    changed = []
    for (a, b), span in zip(positions, spans):
        after = left[where(a, False) : where(b, True)]
        # A span written several times is fine if the text still holds it as often.
        if after == span or left.count(span) >= spans.count(span) > 1:
            continue
        changed.append((text.count("\n", 0, a) + 1, span, after))
    return changed


def cell_maths_problems(source: str) -> list[str]:
    """Every maths span of one markdown cell that a markdown pass would change, one line each."""
    return [
        f"line {line}: {span!r} → {after.replace(BLOCK, '¶')!r}: {_what_changed(span, after)}"
        for line, span, after in changed_maths(source)
    ]


def undefined_macros(source: str) -> list[str]:
    """Maths spans of one markdown cell that use a LaTeX name MathJax does not define."""
    text = _code_blocks_blanked(source)
    problems = []
    for a, b in math_spans(text):
        for name in sorted(set(UNDEFINED_MACRO.findall(text[a:b]))):
            line = text.count("\n", 0, a) + 1
            problems.append(
                f"line {line}: {text[a:b]!r} uses `{name}`, which MathJax does not define "
                f"(write `{UNDEFINED[name]}`)"
            )
    return problems


def maths_problems(nb) -> list[str]:
    """Maths spans of the markdown cells that a markdown-first pass would change, or that use
    a name MathJax does not define."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found = cell_maths_problems(cell.source) + undefined_macros(cell.source)
            problems += [f"cell {index} (markdown) {p}" for p in found]
    return problems


def normalised_outputs(cell) -> list:
    """The outputs of a code cell, with metadata dropped and marked timings masked."""
    result = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            item = ("stream", out.get("name"), TIMING.sub("⏱<t> ", _text(out.get("text", ""))))
        elif kind in ("display_data", "execute_result"):
            data = {
                mime: TIMING.sub("⏱<t> ", _text(value)) if mime.startswith("text/") else _text(value)
                for mime, value in out.get("data", {}).items()
            }
            item = ("display", sorted(data.items()))
        elif kind == "error":
            item = ("error", out.get("ename"), out.get("evalue"))
        else:
            item = (kind,)
        result.append(item)
    return result


def stale_problems(committed, fresh) -> list[str]:
    """Cells whose committed outputs differ from the fresh run's."""
    code = lambda nb: [c for c in nb.cells if c.cell_type == "code"]  # noqa: E731
    old, new = code(committed), code(fresh)
    if len(old) != len(new):
        return [f"{len(old)} code cells committed, {len(new)} in the fresh run"]
    problems = []
    for index, (a, b) in enumerate(zip(old, new)):
        if normalised_outputs(a) != normalised_outputs(b):
            first = a.source.strip().splitlines()[0][:60] if a.source.strip() else ""
            problems.append(
                f"code cell {index} ({first!r}): committed output differs from a fresh run "
                "(re-run the notebooks with `make notebooks` and commit them)"
            )
    return problems


def check(path: Path, fresh: bool) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    problems = static_problems(nb)
    if fresh:
        rerun = execute(path, write=False)
        problems += [f"fresh run: {p}" for p in output_problems(rerun) if p not in problems]
        problems += stale_problems(nb, rerun)
    return problems


def check_static(path: Path) -> list[str]:
    return check(path, fresh=False)


def check_fresh(path: Path) -> list[str]:
    return check(path, fresh=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--fresh", action="store_true", help="also re-run and compare outputs")
    args = parser.parse_args(argv)
    # Fresh runs go several at a time (nbexec.default_jobs; MLFS_JOBS overrides), largest first.
    task, jobs = (check_fresh, default_jobs()) if args.fresh else (check_static, 1)
    failed = 0
    for path, problems in for_each_notebook(task, args.notebooks, jobs):
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{path}: {status}", flush=True)
        for p in problems:
            print(f"  - {p}", flush=True)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
