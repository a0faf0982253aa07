"""Regenerate the CSV files in data/ from the copies that ship inside scikit-learn's and
statsmodels' wheels (no network needed). Run: .venv/bin/python tools/make_data.py"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import datasets
from statsmodels.datasets import longley

DATA = Path(__file__).resolve().parent.parent / "data"


def write(name: str, frame: pd.DataFrame) -> None:
    path = DATA / name
    frame.to_csv(path, index=False, float_format="%.10g")
    print(f"{path.relative_to(DATA.parent)}: {frame.shape[0]} rows x {frame.shape[1]} columns")


def main() -> None:
    DATA.mkdir(exist_ok=True)

    diabetes = datasets.load_diabetes(scaled=False, as_frame=True)
    frame = diabetes.data.copy()
    frame["target"] = diabetes.target
    write("diabetes.csv", frame)

    cancer = datasets.load_breast_cancer(as_frame=True)
    frame = cancer.data.copy()
    frame.columns = [c.replace(" ", "_") for c in frame.columns]
    frame["malignant"] = (cancer.target == 0).astype(np.int64)  # sklearn: 0 = malignant
    write("breast_cancer.csv", frame)

    digits = datasets.load_digits(as_frame=True)
    frame = digits.data.astype(np.int64).copy()
    frame["digit"] = digits.target
    write("digits.csv", frame)

    frame = longley.load_pandas().data
    write("longley.csv", frame)


if __name__ == "__main__":
    main()
