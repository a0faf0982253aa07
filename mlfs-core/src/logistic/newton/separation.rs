//! Telling separated classes from a rank-deficient design when Newton cannot go on.

use ndarray::{Array1, ArrayView1};

use crate::error::Error;

/// Rows whose fitted probability is within 1e−8 of the label.
pub(super) fn saturated_rows(p: &Array1<f64>, y: ArrayView1<f64>) -> usize {
    p.iter()
        .zip(y)
        .filter(|(p, y)| (*p - *y).abs() < 1e-8)
        .count()
}

/// Every row fitted within 1e−8 of its label, tested on the logits: |σ(z) − y| < 1e−8 holds
/// for y = 1 exactly when z > ln((1 − 1e−8)/1e−8) ≈ 18.42, and for y = 0 when z < −18.42.
pub(super) fn all_rows_saturated(z: &Array1<f64>, y: ArrayView1<f64>) -> bool {
    let edge = ((1.0 - 1e-8) / 1e-8_f64).ln();
    z.iter()
        .zip(y)
        .all(|(&z, &y)| if y == 1.0 { z > edge } else { z < -edge })
}

pub(super) fn singular_hessian(iteration: usize, p: &Array1<f64>, y: ArrayView1<f64>) -> Error {
    if iteration == 1 {
        // At θ = 0 every weight is 1/4, so H = X₁ᵀX₁/4: singular only if the design is.
        return Error::invalid(
            "design matrix",
            "rank deficient",
            "the Hessian at θ = 0 is X₁ᵀX₁/4 and it is singular: some feature is a linear \
             combination of the others (or constant). Drop it, or add an L2 penalty",
        );
    }
    Error::Separation {
        context: "Newton".into(),
        detail: format!(
            "the Hessian X₁ᵀWX₁ became singular at iteration {iteration}, with {} of {} rows \
             fitted with probability within 1e−8 of their labels",
            saturated_rows(p, y),
            y.len()
        ),
    }
}
