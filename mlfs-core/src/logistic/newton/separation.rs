//! Telling separated classes from a rank-deficient design when Newton cannot go on.

use ndarray::{Array1, ArrayView1};

use super::factor::Singular;
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

/// The error for a Hessian too singular to solve with at `iteration`. At θ = 0 (iteration 1)
/// every weight is 1/4, so H = X₁ᵀX₁/4 is singular only if the design is: the design's
/// [`Error::RankDeficient`], naming the dependent column from `names` (X₁'s, "const" first) as
/// OLS does. Later, H = X₁ᵀWX₁ loses rank only as weights wᵢ = pᵢ(1 − pᵢ) vanish: rows fitted
/// with probability 0 or 1, the mark of separation.
pub(super) fn singular_hessian(
    singular: Singular,
    iteration: usize,
    p: &Array1<f64>,
    y: ArrayView1<f64>,
    names: &[String],
) -> Error {
    if iteration == 1 {
        return Error::RankDeficient {
            context: String::new(), // named by LogisticRegression::fit
            rank: singular.rank,
            columns: names.len(),
            dependent: names
                .get(singular.dependent)
                .cloned()
                .unwrap_or_else(|| format!("column {}", singular.dependent)),
        };
    }
    Error::Separation {
        context: String::new(), // named by LogisticRegression::fit
        detail: format!(
            "the Hessian X₁ᵀWX₁ became singular at iteration {iteration}, with {} of {} rows \
             fitted with probability within 1e−8 of their labels",
            saturated_rows(p, y),
            y.len()
        ),
    }
}
