//! One rank rule for OLS and Newton (see `linalg::rank`): a column is dependent when the sine of
//! its angle to the columns before it is at most max(n, q)·ε. Both fits decide the same way on
//! the same design, however ill-conditioned the Hessian X₁ᵀWX₁ is.
mod support;

use mlfs_core::linalg;
use mlfs_core::linear::Ols;
use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::ndarray::{s, Array1, Array2};
use mlfs_core::rand::{rngs::StdRng, Rng, SeedableRng};
use mlfs_core::Error;
use support::{random_matrix, random_vector};

const N: usize = 200;

/// n = 200 rows: columns a and b (standard normal) and a third, a·(1 + `noise`·eᵢ) with eᵢ
/// standard normal — a copy of a with relative noise `noise`; labels drawn from a logistic model
/// in a and b (seeded).
fn near_copy_design(noise: f64) -> (Array2<f64>, Array1<f64>) {
    let mut x = Array2::<f64>::zeros((N, 3));
    x.slice_mut(s![.., ..2]).assign(&random_matrix(N, 2, 7));
    let e = random_vector(N, 8);
    let copy = &x.column(0) * &e.mapv(|e| 1.0 + noise * e);
    x.column_mut(2).assign(&copy);
    let mut rng = StdRng::seed_from_u64(9);
    let z = &x.column(0) * 1.5 - &x.column(1) * 0.8 + 0.3;
    let y = z.mapv(|z| f64::from(rng.random::<f64>() < 1.0 / (1.0 + (-z).exp())));
    (x, y)
}

/// Σ yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ) from the logits, stably.
fn log_likelihood(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    z.iter()
        .zip(y)
        .map(|(&z, &y)| -((-z).exp().ln_1p() + (1.0 - y) * z))
        .sum()
}

/// The Newton solvers, each with and without standardisation.
fn newton_fits() -> Vec<(Solver, bool)> {
    let mut fits = Vec::new();
    for solver in [Solver::newton(), Solver::newton_chord()] {
        for standardize in [true, false] {
            fits.push((solver.clone(), standardize));
        }
    }
    fits
}

/// σmin/σmax of [1 | X], from the singular values of R.
fn inverse_condition(x: &Array2<f64>) -> f64 {
    let mut x1 = Array2::<f64>::ones((x.nrows(), x.ncols() + 1));
    x1.slice_mut(s![.., 1..]).assign(x);
    let qr = linalg::qr(x1.view()).unwrap();
    let sv = linalg::singular_values(qr.r().view());
    let (min, max) = sv.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    min / max
}

#[test]
fn a_near_copy_with_relative_noise_1e_minus_9_is_full_rank_for_ols_and_newton() {
    let (x, y) = near_copy_design(1e-9);
    // Ill-conditioned but of full rank: σmin/σmax is far above max(n, q)·ε ≈ 1.8·10⁻¹⁴ ...
    let c = inverse_condition(&x);
    assert!(c > 1e-11 && c < 1e-8, "σmin/σmax = {c:e}");
    // ... and far below √ε, so the Hessian X₁ᵀWX₁ (condition number squared) is singular to
    // working precision: a rank test on H would call the design rank-deficient.
    assert!(c * c < f64::EPSILON);
    let names = ["a", "b", "a_noisy"];
    Ols::new().with_names(&names).fit(&x, &y).unwrap();
    let without_copy = x.slice(s![.., ..2]).to_owned();
    let mut logits: Vec<Array1<f64>> = Vec::new();
    for (solver, standardize) in newton_fits() {
        let fit = LogisticRegression::new(solver.clone())
            .standardize(standardize)
            .with_names(&names)
            .fit(&x, &y, None)
            .unwrap_or_else(|e| panic!("{solver:?}, standardize {standardize}: {e}"));
        assert!(fit.converged(), "{solver:?}, standardize {standardize}");
        // The maximum likelihood with the near copy is at least that without it (nested
        // models): the fit found the optimum of the full design, not a degenerate point.
        let nested = LogisticRegression::new(solver.clone())
            .standardize(standardize)
            .fit(&without_copy, &y, None)
            .unwrap();
        let z = fit.decision_function(&x).unwrap();
        let llf = log_likelihood(&z, &y);
        let llf_nested = log_likelihood(&nested.decision_function(&without_copy).unwrap(), &y);
        assert!(
            llf >= llf_nested - 1e-9 * llf_nested.abs(),
            "{solver:?}, standardize {standardize}: ℓ = {llf} < {llf_nested} without the copy"
        );
        logits.push(z);
    }
    // Every solver, standardising or not, reaches the same fitted logits — to about 10⁻⁶: the
    // coefficients of a and a_noisy (about ±1.2·10⁸) are only that well determined here.
    for z in &logits[1..] {
        let gap = (z - &logits[0]).iter().fold(0.0_f64, |m, d| m.max(d.abs()));
        assert!(gap < 1e-5, "fitted logits differ by {gap:e}");
    }
}

#[test]
fn a_near_copy_below_the_tolerance_is_the_same_rank_deficiency_for_ols_and_newton() {
    // Relative noise 10⁻¹⁵: an angle below max(n, q)·ε, so the column is dependent for both.
    let (x, y) = near_copy_design(1e-15);
    let names = ["a", "b", "a_noisy"];
    let dependent = |err: Error| match err {
        Error::RankDeficient {
            rank,
            columns,
            dependent,
            ..
        } => (rank, columns, dependent),
        other => panic!("expected RankDeficient, got {other}"),
    };
    let ols = dependent(Ols::new().with_names(&names).fit(&x, &y).unwrap_err());
    assert_eq!(ols, (3, 4, "a_noisy".to_string()));
    for (solver, standardize) in newton_fits() {
        let err = LogisticRegression::new(solver.clone())
            .standardize(standardize)
            .with_names(&names)
            .fit(&x, &y, None)
            .unwrap_err();
        assert_eq!(dependent(err), ols, "{solver:?}, standardize {standardize}");
    }
}
