//! Numerical rank of a QR factor, judged column by column and independent of the columns' units.
//!
//! Column k of A = QR splits into its part in the span of columns 0..k and the part orthogonal to
//! them, whose length is |R_kk|; its whole length is ‖a_k‖ = ‖R[0..=k, k]‖ (Q is orthogonal). So
//!
//! ```text
//!     sin ∠(a_k, span(a_0 … a_{k−1})) = |R_kk| / ‖R[0..=k, k]‖,
//! ```
//!
//! and column k is (numerically) a linear combination of the columns before it when this is at
//! most `tol`. Rescaling a column (metres to kilometres, or by 10²⁰⁰) changes neither side of the
//! ratio, so a design whose columns differ in scale by 10³⁰⁰ keeps its full rank; a test against
//! `tol · max |R_jj|` would call every column far smaller than the largest one dependent.
//!
//! # One rule for every fit
//!
//! The default tolerance is tol = max(n, q)·ε for an n×q matrix ([`default_rank_tol`], numpy's
//! `matrix_rank` default). `Ols::fit` applies the rule to R of its design [1 | X];
//! Newton's logistic regression applies it to R of the square root of its Hessian,
//! [W^½X₁; √λI₀], which at θ = 0 without a penalty is X₁/2 — the same decision on the same
//! design. A column equal to another plus relative noise of 10⁻⁹ makes an angle of about 10⁻⁹
//! with it: full rank for both (and for numpy's `lstsq`), though the Hessian X₁ᵀWX₁, whose
//! condition number is the square of X₁'s, is singular to working precision.

use ndarray::{s, ArrayView2};

use super::norm::norm2;
use crate::error::{Error, Result};

/// The default rank tolerance for an n×p matrix: max(n, p)·ε, as numpy's `matrix_rank`.
pub fn default_rank_tol(n: usize, p: usize) -> f64 {
    n.max(p) as f64 * f64::EPSILON
}

/// Error unless `tol` is a usable rank tolerance: a finite number in [0, 1). (A negative or NaN
/// tolerance would call every column independent, however dependent; 1 or more, every column
/// dependent.) `context` names the function the user called.
pub fn check_rank_tol(tol: f64, context: &str) -> Result<()> {
    if tol.is_finite() && (0.0..1.0).contains(&tol) {
        return Ok(());
    }
    Err(Error::invalid(
        "rank_tol",
        tol,
        "the rank tolerance must be a finite number in [0, 1) (the sine of the smallest angle a \
         column may make with the columns before it); leave it None for the default max(n, p)·ε",
    )
    .within(context))
}

/// |R_kk| / ‖R[0..=k, k]‖ for column k: the sine of its angle to the columns before it (1 for
/// column 0 unless it is zero; 0 for a zero column).
pub fn independence(r: ArrayView2<f64>, k: usize) -> f64 {
    let length = norm2(r.slice(s![..=k, k]));
    if length == 0.0 {
        0.0
    } else {
        r[[k, k]].abs() / length
    }
}

/// The first column k of A = QR whose independence |R_kk| / ‖R[0..=k, k]‖ is at most `tol`
/// (see the module doc): column k is numerically a combination of columns 0..k.
pub fn first_dependent_column(r: ArrayView2<f64>, tol: f64) -> Option<usize> {
    (0..r.ncols().min(r.nrows())).find(|&k| independence(r, k) <= tol)
}

/// Numerical rank: the number of columns whose independence exceeds `tol`.
pub fn rank(r: ArrayView2<f64>, tol: f64) -> usize {
    (0..r.ncols().min(r.nrows()))
        .filter(|&k| independence(r, k) > tol)
        .count()
}
