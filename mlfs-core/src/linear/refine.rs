//! One step of iterative refinement for a fit that is exact to working precision.
//!
//! Householder QR is backward stable: θ̂ solves a problem within a few ε of (X, y), so its
//! relative error is about ε·κ(X) plus a term ε·κ(X)²·‖e‖/(‖X‖‖θ‖) from the residual e. When y
//! is fitted exactly (e ≈ 0, NIST's Wampler1 and Wampler2 are such polynomials) only the first
//! term is left and the QR's own rounding is all of it; one correction
//!
//! ```text
//!     r̃ = y − Xθ̂  (to twice the working precision),    δ = R⁻¹ (Qᵀ r̃)[..p],    θ̂ ← θ̂ + δ
//! ```
//!
//! removes it, as far as the data's own rounding allows (the classical refinement with an
//! accurate residual; Björck, *Numerical Methods for Least Squares Problems*, 1996). When e is
//! large the second term dominates, and a correction computed through the same Q inherits it:
//! measured on NIST's noisy polynomials, one step gains 0.1–1.9 digits (Wampler3–5) and a second
//! step nothing; on Filip, whose x values are not binary fractions, it moves θ̂ to the exact
//! solution of the *rounded* data, 0.4 digits further from NIST's certified values than the
//! unrefined θ̂. So only exact fits are refined, and only they pay for it: a second pass of the
//! QR and a compensated residual pass; every other fit pays nothing.
//!
//! Twice the working precision without a wider type: each product x·θ is split exactly into
//! p + π with the fused multiply-add (π = fma(x, θ, −p)), and each sum into s + σ by Knuth's
//! TwoSum; the low parts are summed apart and added at the end (Ogita, Rump & Oishi's Dot2).

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, Zip};

use crate::linalg::norm2;

/// Whether the fit is exact to working precision, 1 − R² ≤ ε, i.e. ‖e‖ ≤ √ε·‖ŷ − ȳ‖, read off
/// the R of [1 | X | y]: ‖e‖ = |R_pp| and ‖ŷ − ȳ‖ = ‖R[k..p, p]‖ (k = 1 skips the intercept's
/// row, which carries √n·ȳ; k = 0 without an intercept).
pub(super) fn is_exact_fit(r_aug: ArrayView2<f64>, k: usize) -> bool {
    let p = r_aug.nrows() - 1;
    let residual = r_aug[[p, p]].abs();
    let explained = norm2(r_aug.slice(s![k..p, p]));
    explained > 0.0 && residual <= f64::EPSILON.sqrt() * explained
}

/// r̃ = y − Xθ (− θ₀ with an intercept), every row a compensated dot product (Dot2).
pub(super) fn accurate_residual(
    x: &Array2<f64>,
    y: &Array1<f64>,
    theta: ArrayView1<f64>,
    fit_intercept: bool,
) -> Array1<f64> {
    let (theta0, slopes) = if fit_intercept {
        (theta[0], theta.slice(s![1..]))
    } else {
        (0.0, theta.view())
    };
    let mut r = Array1::<f64>::zeros(y.len());
    Zip::from(&mut r)
        .and(x.rows())
        .and(y)
        .for_each(|r_i, x_i, &y_i| {
            let mut acc = Dot2::new(y_i);
            acc.add_product(-1.0, theta0);
            for (&x_ij, &theta_j) in x_i.iter().zip(slopes) {
                acc.add_product(-x_ij, theta_j);
            }
            *r_i = acc.value();
        });
    r
}

/// A running sum s + σ of products, s the rounded sum and σ the sum of the rounding errors.
struct Dot2 {
    sum: f64,
    errors: f64,
}

impl Dot2 {
    fn new(start: f64) -> Self {
        Dot2 {
            sum: start,
            errors: 0.0,
        }
    }

    /// s ← s + a·b: a·b = p + π exactly (TwoProduct by fma), s + p = s' + σ' exactly (TwoSum).
    fn add_product(&mut self, a: f64, b: f64) {
        let p = a * b;
        let pi = a.mul_add(b, -p);
        let s = self.sum + p;
        let z = s - self.sum;
        let sigma = (self.sum - (s - z)) + (p - z);
        self.sum = s;
        self.errors += pi + sigma;
    }

    fn value(&self) -> f64 {
        self.sum + self.errors
    }
}
