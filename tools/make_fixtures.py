"""Regenerate the reference fixtures that `cargo test -p mlfs-core` compares against.

    .venv/bin/python tools/make_fixtures.py      (or: make fixtures)

The fixtures are plain text, one `name: v1 v2 ...` line per quantity, full precision (repr), so the
Rust tests need neither Python nor a JSON parser. Referees: statsmodels and NIST.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "mlfs-core" / "tests" / "fixtures"

# NIST StRD, Longley (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml): certified values.
NIST_LONGLEY = {
    "coef": [-3482258.63459582, 15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
             -1.03322686717359, -0.511041056535807e-01, 1829.15146461355],
    "bse": [890420.383607373, 84.9149257747669, 0.334910077722432e-01, 0.488399681651699,
            0.214274163161675, 0.226073200069370, 455.478499142212],
    "residual_sd": [304.854073561965],
    "r_squared": [0.995479004577296],
}


# NIST StRD, linear least squares of higher difficulty: the data and certified values are committed
# under tests/fixtures/nist_strd/ (transcribed, not generated); here we check the transcription and
# measure LAPACK's accuracy on each problem, which the Rust test must match coefficient by coefficient.
NIST_STRD = ["filip", "wampler1", "wampler2", "wampler3", "wampler4", "wampler5"]
# The tests' cap on correct digits: NIST certifies 15 significant digits, so agreement beyond
# that is not measurable (and an exact answer would be infinitely many digits).
DIGITS_CAP = 15.0


def read_strd(name: str) -> dict:
    """`name: v1 v2 …` lines of tests/fixtures/nist_strd/<name>.txt, values kept as strings."""
    out = {}
    for line in (OUT / "nist_strd" / f"{name}.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, values = line.split(":", 1)
            out[key.strip()] = values.split()
    return out


def exact_least_squares(rows: list, y: list):
    """θ, residual SD, R² and standard errors in exact rational arithmetic (the normal equations
    over Fractions: no rounding at all, so squaring the condition number costs nothing)."""
    from fractions import Fraction as F
    p = len(rows[0])
    g = [[sum(r[i] * r[j] for r in rows) for j in range(p)] for i in range(p)]
    b = [sum(r[i] * yi for r, yi in zip(rows, y)) for i in range(p)]
    # Gauss–Jordan on [G | b | I]: θ = G⁻¹b and G⁻¹ for the standard errors
    aug = [g[i] + [b[i]] + [F(int(i == j)) for j in range(p)] for i in range(p)]
    for c in range(p):
        piv = next(r for r in range(c, p) if aug[r][c] != 0)
        aug[c], aug[piv] = aug[piv], aug[c]
        inv = 1 / aug[c][c]
        aug[c] = [v * inv for v in aug[c]]
        for r in range(p):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [a - f * bc for a, bc in zip(aug[r], aug[c])]
    theta = [aug[i][p] for i in range(p)]
    g_inv_diag = [aug[i][p + 1 + i] for i in range(p)]
    resid = [yi - sum(t * v for t, v in zip(theta, r)) for r, yi in zip(rows, y)]
    ssr = sum(e * e for e in resid)
    mean = sum(y) / len(y)
    tss = sum((yi - mean) ** 2 for yi in y)
    s2 = ssr / (len(y) - p)
    return theta, float(s2) ** 0.5, float(1 - ssr / tss), [float(s2 * d) ** 0.5 for d in g_inv_diag]


def check_strd_transcription(name: str, d: dict) -> None:
    """Exact least squares on the transcribed data must give NIST's certified values."""
    from fractions import Fraction as F
    degree = int(d["degree"][0])
    rows = [[F(v) ** k for k in range(degree + 1)] for v in d["x"]]
    theta, sd, r2, bse = exact_least_squares(rows, [F(v) for v in d["y"]])
    for ours, cert in [*zip(map(float, theta), d["coef"]), *zip(bse, d["bse"]),
                       (sd, d["residual_sd"][0]), (r2, d["r_squared"][0])]:
        cert = float(cert)
        assert abs(ours - cert) <= 1e-13 * abs(cert) + 1e-300, f"{name}: {ours!r} vs certified {cert!r}"


def correct_digits(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """−log10(|b − c|/|c|), capped at DIGITS_CAP (the log relative error, LRE, of NIST's papers)."""
    with np.errstate(divide="ignore"):
        return np.minimum(DIGITS_CAP, -np.log10(np.abs(b - c) / np.abs(c)))


def lapack_qr_solve(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """θ = R⁻¹ Qᵀy with numpy.linalg.qr (LAPACK dgeqrf, Householder) and a triangular solve."""
    import scipy.linalg
    q, r = np.linalg.qr(x)
    return scipy.linalg.solve_triangular(r, q.T @ y)


def strd_digits() -> dict:
    """LAPACK's correct digits per coefficient on each problem (and on Longley)."""
    from fractions import Fraction as F
    out = {"cap": DIGITS_CAP}
    for name in NIST_STRD:
        d = read_strd(name)
        check_strd_transcription(name, d)
        x = np.array(d["x"], dtype=float)
        # np.vander multiplies up the powers (x^k = x^(k−1)·x), as the Rust test builds them.
        design = np.vander(x, int(d["degree"][0]) + 1, increasing=True)
        y = np.array(d["y"], dtype=float)
        cert = np.array(d["coef"], dtype=float)
        out[name] = correct_digits(lapack_qr_solve(design, y), cert)
        # For the record (the tests only print it): the digits of the exact least-squares solution
        # of the rounded data (the f64 design and y, solved in rational arithmetic) — what any
        # method converges to; a method can beat it only by rounding errors that happen to cancel
        # the data's own.
        exact = exact_least_squares([[F(v) for v in row] for row in design], [F(v) for v in y])[0]
        out[f"{name}_exact_f64"] = correct_digits(np.array([float(t) for t in exact]), cert)
    longley = pd.read_csv(ROOT / "data" / "longley.csv")
    design = sm.add_constant(longley.drop(columns="TOTEMP").to_numpy(float))
    theta = lapack_qr_solve(design, longley["TOTEMP"].to_numpy(float))
    out["longley"] = correct_digits(theta, np.array(NIST_LONGLEY["coef"]))
    return out


def write(name: str, values: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [f"# generated by tools/make_fixtures.py — do not edit"]
    for key, vals in values.items():
        vals = np.atleast_1d(np.asarray(vals, dtype=float))
        lines.append(f"{key}: " + " ".join(repr(float(v)) for v in vals))
    (OUT / name).write_text("\n".join(lines) + "\n")
    print(OUT / name)


def ols_fixture(frame: pd.DataFrame, target: str) -> dict:
    y = frame[target].to_numpy(float)
    x = sm.add_constant(frame.drop(columns=[target]).to_numpy(float))
    res = sm.OLS(y, x).fit()
    ci = res.conf_int(0.05)
    return {
        "coef": res.params, "bse": res.bse, "tvalues": res.tvalues, "pvalues": res.pvalues,
        "ci_low": ci[:, 0], "ci_high": ci[:, 1],
        "rsquared": res.rsquared, "rsquared_adj": res.rsquared_adj,
        "fvalue": res.fvalue, "f_pvalue": res.f_pvalue,
        "llf": res.llf, "aic": res.aic, "bic": res.bic, "condition_number": res.condition_number,
        "nobs": res.nobs, "df_model": res.df_model, "df_resid": res.df_resid,
    }


# A non-separable handful of breast-cancer features: statsmodels' Newton converges on these.
LOGIT_FEATURES = ["mean_radius", "mean_texture", "mean_smoothness", "mean_concave_points",
                  "mean_symmetry"]


def logit_fixture(frame: pd.DataFrame) -> dict:
    """statsmodels Logit (Newton) on the raw LOGIT_FEATURES of all 569 rows, with an intercept."""
    y = frame["malignant"].to_numpy(float)
    x = sm.add_constant(frame[LOGIT_FEATURES].to_numpy(float))
    res = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    assert res.mle_retvals["converged"]
    ci = res.conf_int(0.05)
    return {
        "coef": res.params, "bse": res.bse, "zvalues": res.tvalues, "pvalues": res.pvalues,
        "ci_low": ci[:, 0], "ci_high": ci[:, 1],
        "llf": res.llf, "llnull": res.llnull, "prsquared": res.prsquared, "llr": res.llr,
        "llr_pvalue": res.llr_pvalue, "aic": res.aic, "bic": res.bic,
        "nobs": res.nobs, "df_model": res.df_model, "df_resid": res.df_resid,
    }


def penalised_logit_fixture(frame: pd.DataFrame, features: list, solver: str) -> dict:
    """scikit-learn LogisticRegression(C=1) on `features` standardised with the population σ
    (StandardScaler), converged far past its default tolerance.

    lbfgs cannot go all the way on all 30 features: scipy's L-BFGS-B stops on the relative
    reduction of the loss with ‖∇‖∞ ≈ 6e−6, so its coefficients are good to ~5e−6 there. It
    reaches ‖∇‖∞ ≈ 4e−7 on the 5-feature subset; newton-cg reaches 4e−15 on all 30."""
    y = frame["malignant"].to_numpy(float)
    x = frame[features].to_numpy(float)
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    clf = LogisticRegression(C=1.0, solver=solver, tol=1e-15, max_iter=100_000).fit(z, y)
    return {"intercept": clf.intercept_, "coef": clf.coef_.ravel(), "n_iter": clf.n_iter_}


def auc_fixture() -> dict:
    """roc_auc_score and roc_curve (all thresholds) on seeded scores with many ties."""
    rng = np.random.default_rng(20261128)
    y = rng.integers(0, 2, 300).astype(float)
    scores = np.round(rng.normal(size=300) + 0.8 * y, 1)  # one decimal: plenty of ties
    fpr, tpr, thr = roc_curve(y, scores, drop_intermediate=False)
    return {"y": y, "scores": scores, "auc": roc_auc_score(y, scores), "fpr": fpr, "tpr": tpr,
            "thresholds": thr[1:]}  # sklearn prepends +inf, which our curve writes as (0, 0)


def separation_fixture(frame: pd.DataFrame) -> dict:
    """What statsmodels' Logit (Newton, its defaults) does on all 30 features of all 569 rows, which
    the classes' separation leaves without a maximum-likelihood estimate. Part 2 prints these."""
    import warnings
    y = frame["malignant"].to_numpy(float)
    x = sm.add_constant(frame.drop(columns="malignant").to_numpy(float))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sm.Logit(y, x).fit(disp=False)
    accuracy = np.mean((res.predict(x) >= 0.5) == (y == 1))
    return {"converged": float(res.mle_retvals["converged"]), "iterations": res.mle_retvals["iterations"],
            "max_abs_coef": np.max(np.abs(res.params)), "train_accuracy": accuracy,
            "warnings": len(caught)}


def main() -> None:
    write("ols_diabetes.txt", ols_fixture(pd.read_csv(ROOT / "data" / "diabetes.csv"), "target"))
    longley = ols_fixture(pd.read_csv(ROOT / "data" / "longley.csv"), "TOTEMP")
    # our transcription of NIST must agree with statsmodels (LAPACK) to far better than 1e-6
    assert np.allclose(longley["coef"], NIST_LONGLEY["coef"], rtol=1e-6), "NIST transcription?"
    assert np.allclose(longley["bse"], NIST_LONGLEY["bse"], rtol=1e-6), "NIST transcription?"
    write("longley_nist.txt", NIST_LONGLEY)
    write("ols_longley_statsmodels.txt", longley)
    cancer = pd.read_csv(ROOT / "data" / "breast_cancer.csv")
    write("logit_breast_cancer_statsmodels.txt", logit_fixture(cancer))
    all_30 = [c for c in cancer.columns if c != "malignant"]
    write("logit_l2_lbfgs_5_features.txt", penalised_logit_fixture(cancer, LOGIT_FEATURES, "lbfgs"))
    write("logit_l2_newton_cg_30_features.txt", penalised_logit_fixture(cancer, all_30, "newton-cg"))
    write("auc_ties_sklearn.txt", auc_fixture())
    write("logit_separation_statsmodels.txt", separation_fixture(cancer))
    write("nist_strd_lapack_digits.txt", strd_digits())


if __name__ == "__main__":
    main()
