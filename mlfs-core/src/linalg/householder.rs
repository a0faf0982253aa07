//! Householder reflections: the one that maps x to α·e₁, and the one that folds a column into a
//! diagonal entry of R (LAPACK's `dlarfg`). Every norm here is [`norm2`], so data scaled by
//! 10^±300 reflect as well as data of order one.

use ndarray::{Array1, ArrayView1, ArrayViewMut1};

use super::norm::norm2;

/// A Householder reflection H = I − 2vvᵀ that maps x to α·e₁.
#[derive(Debug, Clone, PartialEq)]
pub struct Householder {
    /// The unit vector v (all zeros when x = 0, so that H = I).
    pub v: Array1<f64>,
    /// α = −sign(x₀)·‖x‖, the first entry of Hx.
    pub alpha: f64,
}

/// The Householder reflection taking `x` to α·e₁.
///
/// With u = x − α e₁ and v = u/‖u‖, H = I − 2vvᵀ gives Hx = α e₁. The sign of α is chosen
/// *opposite* to x₀ (α = −sign(x₀)‖x‖): then u₀ = x₀ + sign(x₀)‖x‖ adds two numbers of the same
/// sign and never cancels, which is what makes Householder QR backward stable.
pub fn householder(x: ArrayView1<f64>) -> Householder {
    let norm = norm2(x);
    if x.is_empty() || norm == 0.0 {
        return Householder {
            v: Array1::zeros(x.len()),
            alpha: 0.0,
        };
    }
    let sign = if x[0] >= 0.0 { 1.0 } else { -1.0 };
    let alpha = -sign * norm;
    let mut u = x.to_owned();
    u[0] -= alpha; // u = x − α e₁ = x + sign(x₀)‖x‖ e₁
    let u_norm = norm2(u.view());
    Householder {
        v: u / u_norm,
        alpha,
    }
}

/// Apply H = I − 2vvᵀ to `x` in place: x ← x − 2 (v·x) v.
pub(super) fn reflect(v: ArrayView1<f64>, mut x: ArrayViewMut1<f64>) {
    let w = v.dot(&x);
    if w != 0.0 {
        x.scaled_add(-2.0 * w, &v);
    }
}

/// The reflector H = I − τ vvᵀ, v = [1; u], with H [α; b] = [β; 0]: overwrites `alpha` by β
/// and `b` by u, and returns τ (LAPACK's `dlarfg`).
///
/// β = −sign(α)·‖[α; b]‖ (the sign that avoids cancellation, as in [`householder`]),
/// u = b / (α − β), τ = (β − α)/β. When b = 0 there is nothing to fold: τ = 0 and H = I.
/// ‖[α; b]‖ = hypot(α, ‖b‖), both free of overflow and underflow.
pub(super) fn fold_reflector(alpha: &mut f64, mut b: ArrayViewMut1<f64>) -> f64 {
    let b_norm = norm2(b.view());
    if b_norm == 0.0 {
        return 0.0;
    }
    let a = *alpha;
    let sign = if a >= 0.0 { 1.0 } else { -1.0 };
    let beta = -sign * a.hypot(b_norm);
    b *= 1.0 / (a - beta);
    *alpha = beta;
    (beta - a) / beta
}
