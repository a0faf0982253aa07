"""Write the small notebooks the checker's tests run (kept so anyone can see how they were made).

    python tools/tests/make_broken_notebooks.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = Path(__file__).resolve().parent / "notebooks"
KERNEL = {"name": "mlfs-rust", "display_name": "Rust (mlfs)", "language": "rust"}


def notebook(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = KERNEL
    return nb


def executed(source, count, text):
    cell = new_code_cell(source, execution_count=count)
    cell.outputs = [new_output("stream", name="stdout", text=text)]
    return cell


NOTEBOOKS = {
    # A clean notebook: must pass, committed outputs equal to a fresh run.
    "good.ipynb": notebook(executed('println!("{}", 6 * 7);', 1, "42\n")),
    # A panic: under :preserve_vars_on_panic 1 evcxr reports success and the message goes to
    # stderr, which the checker fails.
    "panic.ipynb": notebook(
        new_code_cell('let v: Vec<i32> = Vec::new();\nprintln!("{}", v[3]);')
    ),
    # A panic between two cells: the message is short and the variables survive it.
    "panic_keeps_vars.ipynb": notebook(
        new_code_cell("let kept = 41;"),
        new_code_cell('let v: Vec<i32> = Vec::new();\nprintln!("{}", v[3]);'),
        new_code_cell('println!("{}", kept + 1);'),
    ),
    # An Err surfaced by `?`: evcxr prints the message to stderr and reports success.
    "question_mark.ipynb": notebook(
        new_code_cell(
            'fn parse(s: &str) -> Result<i32, String> { s.parse::<i32>().map_err(|e| format!("bad number {s:?}: {e}")) }'
        ),
        new_code_cell('let n = parse("forty-two")?;\nprintln!("{n}");'),
    ),
    # Committed output that a fresh run does not reproduce.
    "stale.ipynb": notebook(executed('println!("{}", 6 * 7);', 1, "41\n")),
    # A plot shown the usual plotters way: SVG wrapped in HTML, which GitHub strips.
    "svg_plot.ipynb": notebook(
        new_code_cell(
            'println!("EVCXR_BEGIN_CONTENT text/html\\n<div><svg width=\\"10\\" height=\\"10\\"></svg></div>\\nEVCXR_END_CONTENT");',
            metadata={"tags": ["plot"]},
        )
    ),
    # A timing marked with ⏱ changes on every run and must not count as stale.
    "timing.ipynb": notebook(
        executed('println!("fit took ⏱ {:.2} ms", 3.0 + 1.0);', 1, "fit took ⏱ 123.45 ms\n")
    ),
    # Maths a markdown-first pass would change (`\,` eaten, `}_…}_` paired into italics), beside
    # the same maths spelled to survive it, and maths-like text in code that must be ignored.
    "maths_markdown.ipynb": notebook(
        new_markdown_cell(
            "The fit: $y = X\\,\\theta$, and\n\n"
            "$$\nR = \\begin{bmatrix} a \\\\ b \\end{bmatrix}\n$$\n\n"
            "with $\\delta^{(l)}_j$ and $n_{\\text{out}} = n_{l+1}$."
        ),
        new_markdown_cell(
            "Spelled to survive: $y = X\\thinspace\\theta$,\n\n"
            "$$\nR = \\begin{bmatrix} a \\cr b \\end{bmatrix}\n$$\n\n"
            "with $\\delta^{(l)}_ j$ and $n_{\\text{out}} = n_{l+1}$; in code: `$a\\,b$`."
        ),
        executed('println!("{}", 6 * 7);', 1, "42\n"),
    ),
    # A source line and an output line over 100 characters.
    "long_lines.ipynb": notebook(
        executed(
            "let s = " + '"' + "x" * 101 + '"' + ";\nprintln!(\"{s}\");",
            1,
            "x" * 101 + "\n",
        ),
    ),
}

if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for name, nb in NOTEBOOKS.items():
        nbformat.write(nb, HERE / name)
        print(HERE / name)
