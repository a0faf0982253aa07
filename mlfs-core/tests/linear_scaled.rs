//! `Ols::fit` on designs scaled to the ends of the f64 range: the fit is equivariant, as numpy's
//! (LAPACK's scaled norms), instead of reporting "rank 0" or overflowing.

mod support;

use mlfs_core::linear::{Ols, OlsFit};
use mlfs_core::ndarray::{array, Array1, Array2};
use mlfs_core::Error;
use support::{random_matrix, random_vector};

/// A well-conditioned problem with an intercept: y = 2 + Xθ + noise.
fn problem() -> (Array2<f64>, Array1<f64>) {
    let x = random_matrix(40, 3, 21);
    let y = x.dot(&array![1.5, -2.0, 0.25]) + 2.0 + 0.1 * random_vector(40, 22);
    (x, y)
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// Scaling X by s and y by t multiplies the slopes by t/s and the intercept by t; the t-values
/// and R² do not change.
fn assert_equivariant(base: &OlsFit, fit: &OlsFit, s: f64, t: f64) {
    let label = format!("X·{s:e}, y·{t:e}");
    assert!(
        rel(fit.intercept(), t * base.intercept()) < 1e-12,
        "{label}: intercept"
    );
    for (b, b0) in fit.coefficients().iter().zip(base.coefficients()) {
        let expected = b0 * (t / s);
        assert!(
            rel(*b, expected) < 1e-12,
            "{label}: slope {b:e} vs {expected:e}"
        );
    }
    let (sb, sf) = (base.summary().unwrap(), fit.summary().unwrap());
    for (t_fit, t_base) in sf.t.iter().zip(&sb.t) {
        assert!(
            rel(*t_fit, *t_base) < 1e-10,
            "{label}: t {t_fit} vs {t_base}"
        );
    }
    assert!(rel(sf.r_squared, sb.r_squared) < 1e-12, "{label}: R²");
    assert!(rel(sf.f_statistic, sb.f_statistic) < 1e-10, "{label}: F");
    for v in [sf.log_likelihood, sf.aic, sf.bic, sf.condition_number] {
        assert!(v.is_finite(), "{label}: {sf}");
    }
    assert!(sf
        .std_err
        .iter()
        .chain(&sf.ci_low)
        .chain(&sf.ci_high)
        .all(|v| v.is_finite()));
}

#[test]
fn scaling_x_alone_by_1e_plus_minus_150_to_300_scales_the_slopes() {
    let (x, y) = problem();
    let base = Ols::new().fit(&x, &y).unwrap();
    for s in [1e150, 1e-150, 1e200, 1e-200, 1e300, 1e-300] {
        let fit = Ols::new()
            .fit(&(&x * s), &y)
            .unwrap_or_else(|e| panic!("X·{s:e}: {e}"));
        assert_equivariant(&base, &fit, s, 1.0);
    }
}

#[test]
fn scaling_x_and_y_alike_leaves_the_slopes_and_scales_the_intercept() {
    let (x, y) = problem();
    let base = Ols::new().fit(&x, &y).unwrap();
    for s in [1e150, 1e-150, 1e200, 1e-200, 1e300, 1e-300] {
        let fit = Ols::new()
            .fit(&(&x * s), &(&y * s))
            .unwrap_or_else(|e| panic!("X, y ·{s:e}: {e}"));
        assert_equivariant(&base, &fit, s, s);
        let without = Ols::without_intercept().fit(&(&x * s), &(&y * s)).unwrap();
        let base_without = Ols::without_intercept().fit(&x, &y).unwrap();
        for (b, b0) in without.params().iter().zip(base_without.params()) {
            assert!(rel(*b, *b0) < 1e-12, "no intercept, ·{s:e}: {b} vs {b0}");
        }
    }
}

#[test]
fn mixed_scales_fit_wherever_the_answer_is_representable() {
    let (x, y) = problem();
    let base = Ols::new().fit(&x, &y).unwrap();
    for (s, t) in [
        (1e200, 1e-100),
        (1e-100, 1e200),
        (1e150, 1e-150),
        (1e-150, 1e150),
    ] {
        let fit = Ols::new()
            .fit(&(&x * s), &(&y * t))
            .unwrap_or_else(|e| panic!("X·{s:e}, y·{t:e}: {e}"));
        assert_equivariant(&base, &fit, s, t);
    }
}

#[test]
fn x_at_1e200_and_y_at_1e_minus_200_underflows_the_slopes_as_numpy_does() {
    // The slopes are 10⁻⁴⁰⁰ (below the smallest f64): they underflow, as in numpy (LAPACK QR
    // gives 0 and then the intercept ȳ; lstsq gives all zeros). The fit is still no error and
    // every number in it is finite.
    let (x, y) = problem();
    let fit = Ols::new().fit(&(&x * 1e200), &(&y * 1e-200)).unwrap();
    assert!(
        fit.coefficients().iter().all(|b| b.abs() < 1e-300),
        "{}",
        fit.params()
    );
    assert!(fit.intercept().is_finite() && fit.intercept().abs() < 1e-199);
    assert!(fit.residuals().iter().all(|r| r.is_finite()));
}

#[test]
fn slopes_beyond_the_f64_range_are_an_error_not_infinity() {
    // X at 10⁻²⁰⁰ and y at 10²⁰⁰: the slopes would be 10⁴⁰⁰ (numpy returns ±∞).
    let (x, y) = problem();
    let err = Ols::new().fit(&(&x * 1e-200), &(&y * 1e200)).unwrap_err();
    assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
    assert!(err.to_string().starts_with("Ols::fit"), "{err}");
}

#[test]
fn a_scaled_duplicate_column_is_still_rank_deficient() {
    // The rank test is per column (|R_kk| ≤ tol·‖a_k‖): scale never hides a dependence.
    let (mut x, y) = problem();
    let c0 = x.column(0).to_owned();
    x.column_mut(2).assign(&(&c0 * 3.0));
    for s in [1.0, 1e-250, 1e250] {
        let err = Ols::new().fit(&(&x * s), &y).unwrap_err();
        assert!(
            matches!(err, Error::RankDeficient { ref dependent, .. } if dependent == "x3"),
            "·{s:e}: {err}"
        );
    }
}
