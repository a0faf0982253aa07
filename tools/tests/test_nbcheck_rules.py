"""The checker's rules that read the notebook file alone: no kernel, a fraction of a second.

* maths that a markdown-first pass (CommonMark before MathJax, as on GitHub) would change;
* code and text-output lines over 100 characters.

Each rule has a fixture notebook that breaks it (tools/tests/notebooks, written by
make_broken_notebooks.py), run through the checker's command line, and smaller cases below.
"""

import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

TOOLS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOOLS))

import nbcheck  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


def maths(source: str) -> list[str]:
    return nbcheck.cell_maths_problems(source)


# --- maths under a markdown-first pass ---------------------------------------------------------


def test_maths_notebook_fails_naming_cell_and_span(capsys):
    assert nbcheck.main([str(NOTEBOOKS / "maths_markdown.ipynb")]) == 1
    out = capsys.readouterr().out
    assert "4 problem(s)" in out, out
    assert "cell 0 (markdown) line 1: '$y = X\\\\,\\\\theta$' → '$y = X,\\\\theta$'" in out, out
    assert "`\\\\` → `\\cr`" in out and "`\\,` → `\\thinspace`" in out, out
    assert "'$\\\\delta^{(l)}_j$' → '$\\\\delta^{(l)}<em>j$'" in out, out
    assert "cell 1" not in out, "the correctly spelled cell and the code span must pass"


@pytest.mark.parametrize(
    "escape, spelling",
    [("\\,", "\\thinspace"), ("\\;", "\\mkern5mu"), ("\\\\", "\\cr"), ("\\{", "\\lbrace"),
     ("\\}", "\\rbrace"), ("\\_", None), ("\\!", "\\negthinspace"), ("\\|", "\\Vert"),
     ("\\$", None)],
)
def test_eaten_backslash_escapes_are_caught_with_their_spelling(escape, spelling):
    problems = maths(f"Inline $a {escape} b$ here.")
    assert len(problems) == 1, problems
    assert f"'$a {escape} b$'".replace("\\", "\\\\") in problems[0], problems
    assert "backslash-escapes eaten" in problems[0]
    if spelling:
        assert f"`{escape}` → `{spelling}`" in problems[0], problems


def test_eaten_escape_in_display_maths_is_caught():
    problems = maths("Text.\n\n$$\n\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}\n$$\n")
    assert len(problems) == 1 and problems[0].startswith("line 3:"), problems


def test_emphasis_inside_one_span_is_caught():
    problems = maths("$x}_{i} + y}_{j}$")
    assert len(problems) == 1 and "<em>" in problems[0] and "emphasis" in problems[0], problems
    assert len(maths("$a*b*c$")) == 1


def test_emphasis_across_two_spans_names_both():
    problems = maths("with $\\delta^{(l)}_j$ and $n_{\\text{out}}$ here")
    assert len(problems) == 2, problems
    assert "$\\\\delta^{(l)}_j$" in problems[0] and "$n_{\\\\text{out}}$" in problems[1], problems


def test_block_structure_inside_display_maths_is_caught():
    blank_line = maths("$$\na = b\n\n+ c\n$$")
    list_item = maths("$$\na = b\n- c\n$$")
    assert len(blank_line) == 1 and "separate blocks" in blank_line[0], blank_line
    assert len(list_item) == 1 and "separate blocks" in list_item[0], list_item


def test_backslash_at_line_end_is_a_line_break():
    problems = maths("$$\na = b \\\nc\n$$")
    assert len(problems) == 1 and "line break" in problems[0], problems


@pytest.mark.parametrize(
    "source",
    [
        "$a \\thinspace b \\mkern5mu c \\quad d \\cr e \\lbrace f \\rbrace \\negthinspace g$",
        "$x}_ {ij} + y}_ {kl} + \\bigr)_ j$",
        "$x_1$ and $y_2$, $x_{i}$ and $y_{j}$, $z_i^*$",
        "$$\n\\begin{aligned} a &= b \\cr c &< d \\end{aligned}\n\\tag{1}\n$$",
        "| a | $x^2$ |\n|---|---|\n| 1 | $y_{i}$ |",
        "text $a$ **bold** $b$ and _italic_ text $c$",
        "$$\n  indented = continuation\n  \\qquad lines\n$$",
        "$a~b$ and $\\unicode{x24}5$",
    ],
)
def test_spellings_that_survive_pass(source):
    assert maths(source) == []


def test_names_mathjax_does_not_define_are_caught():
    source = "$a \\thickspace b$ and $$\nc \\medspace d\n$$ and $\\thinspace$"
    problems = nbcheck.undefined_macros(source)
    assert len(problems) == 2, problems
    assert "`\\thickspace`" in problems[0] and "`\\mkern5mu`" in problems[0], problems
    assert problems[1].startswith("line 1:") and "`\\medspace`" in problems[1], problems
    nb = new_notebook(cells=[new_markdown_cell("$a \\thickspace b$ and `$\\medspace$`")])
    assert len(nbcheck.maths_problems(nb)) == 1


def test_code_spans_and_code_blocks_are_ignored():
    source = (
        "Inline `$a\\,b$` and ``x `$c\\;d$` y``.\n\n"
        "```rust\n// $$ a \\\\ b $$\nlet s = \"$x}_{i}$\";\n```\n\n"
        "    $a\\,b$ in an indented code block\n"
    )
    assert maths(source) == []


def test_math_spans_skip_code_and_escaped_dollars():
    text = "a $x$ `$no$` \\$ $$\ny\n$$ b"
    assert [text[a:b] for a, b in nbcheck.math_spans(text)] == ["$x$", "$$\ny\n$$"]


def test_only_markdown_cells_are_read_for_maths():
    nb = new_notebook(cells=[new_code_cell('// $a\\,b$\nlet x = 1;', execution_count=1)])
    assert nbcheck.maths_problems(nb) == []
    nb.cells.append(new_markdown_cell("See $a\\,b$."))
    assert [p.split(" line")[0] for p in nbcheck.maths_problems(nb)] == ["cell 1 (markdown)"]


# --- line lengths --------------------------------------------------------------------------------


def test_long_lines_notebook_fails_naming_cell_and_line(capsys):
    assert nbcheck.main([str(NOTEBOOKS / "long_lines.ipynb")]) == 1
    out = capsys.readouterr().out
    assert "2 problem(s)" in out, out
    assert "cell 0 (" in out and "source line 1 has 112 characters (at most 100)" in out, out
    assert "output 0 line 1 has 101 characters (at most 100)" in out, out


def _cell(source, *outputs):
    cell = new_code_cell(source, execution_count=1)
    cell.outputs = list(outputs)
    return new_notebook(cells=[cell])


def test_lines_of_exactly_100_characters_pass():
    nb = _cell("x" * 100, new_output("stream", name="stdout", text="y" * 100 + "\n"))
    assert nbcheck.static_problems(nb) == []


def test_long_result_line_is_caught_but_not_an_image():
    result = new_output(
        "execute_result",
        data={"text/plain": "ok\n" + "z" * 150, "image/png": "A" * 500},
        execution_count=1,
    )
    problems = nbcheck.static_problems(_cell("f()", result))
    assert len(problems) == 1 and "output 0 line 2 has 150 characters" in problems[0], problems


def test_the_four_notebooks_are_read_by_the_same_rules():
    """The rules are part of the normal check: static_problems (used by the runner and by
    `nbcheck.py` with or without --fresh) includes both."""
    nb = _cell("y" * 101)
    nb.cells.append(new_markdown_cell("$a\\;b$"))
    problems = nbcheck.static_problems(nb)
    assert any("source line 1 has 101" in p for p in problems), problems
    assert any("cell 1 (markdown)" in p for p in problems), problems


def test_fresh_check_reports_committed_problems_once_and_the_fresh_outputs(monkeypatch, tmp_path):
    """`--fresh` reports the committed notebook's maths and source once, and the re-run's long
    output lines."""
    import nbformat

    nb = _cell("f(); // " + "c" * 100, new_output("stream", name="stdout", text="short\n"))
    nb.cells.append(new_markdown_cell("$a\\,b$"))
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    rerun = nbformat.read(path, as_version=4)
    rerun.cells[0].outputs[0].text = "w" * 120 + "\n"
    monkeypatch.setattr(nbcheck, "execute", lambda p, write: rerun)
    problems = nbcheck.check(path, fresh=True)
    assert sum("(markdown)" in p for p in problems) == 1, problems
    assert sum("source line 1 has 108 characters" in p for p in problems) == 1, problems
    assert any(p.startswith("fresh run: ") and "120 characters" in p for p in problems), problems
    assert any("differs from a fresh run" in p for p in problems), problems
