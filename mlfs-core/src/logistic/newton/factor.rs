//! Solving with the Hessian: H scaled to unit diagonal and factorised by Householder QR, for
//! Newton steps and for the covariance H⁻¹ at θ̂.

use ndarray::{Array1, Array2, Axis};

use crate::error::Result;
use crate::linalg;

/// A Hessian ready to solve with: the unit-diagonal scaling D H D (D = diag(1/√H_jj)),
/// factorised by Householder QR.
pub(super) struct Factorised {
    d: Array1<f64>,
    qr: linalg::Qr,
}

/// H is numerically singular: its column `dependent` (in θ's order) is a linear combination
/// of the columns before it, and `rank` of its columns are independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Singular {
    pub(super) rank: usize,
    pub(super) dependent: usize,
}

impl Factorised {
    /// Factorise H, or say which column makes it singular: with R of D H D, the first k with
    /// |R_kk| ≤ [`HESSIAN_RANK_TOL`]·max|R_jj| ([`linalg::Qr::first_dependent_column`], the
    /// pivot test OLS applies to R of X). H = X₁ᵀWX₁ with every wᵢ > 0 has the dependencies of
    /// X₁'s columns, so at θ = 0 (W = I/4) this names the same column as OLS on X₁.
    pub(super) fn new(h: &Array2<f64>) -> Result<std::result::Result<Self, Singular>> {
        let d = h
            .diag()
            .mapv(|v| if v > 0.0 { 1.0 / v.sqrt() } else { 1.0 });
        let scaled = h * &d.view().insert_axis(Axis(1)) * d.view().insert_axis(Axis(0));
        let qr = linalg::qr(scaled.view())?;
        Ok(match qr.first_dependent_column(HESSIAN_RANK_TOL) {
            Some(dependent) => Err(Singular {
                rank: qr.rank(HESSIAN_RANK_TOL),
                dependent,
            }),
            None => Ok(Factorised { d, qr }),
        })
    }

    /// The step δ solving H δ = −g.
    pub(super) fn step(&self, g: &Array1<f64>) -> Result<Array1<f64>> {
        let rhs = self.qr.qt_mul((-(g * &self.d)).view())?;
        let delta_scaled = linalg::back_substitute(self.qr.r().view(), rhs.view())?;
        Ok(delta_scaled * &self.d)
    }
}

/// Relative size of R's smallest diagonal entry below which H counts as singular.
pub(super) const HESSIAN_RANK_TOL: f64 = 1e-13;

/// Inverse of a symmetric positive-definite H, via QR of the unit-diagonal scaling.
pub(super) fn inverse(h: &Array2<f64>) -> Result<Array2<f64>> {
    let d = h
        .diag()
        .mapv(|v| if v > 0.0 { 1.0 / v.sqrt() } else { 1.0 });
    let dd = d.view().insert_axis(Axis(1));
    let scaled = h * &dd * d.view().insert_axis(Axis(0));
    let qr = linalg::qr(scaled.view())?;
    // (DHD)⁻¹ = R⁻¹Qᵀ, and H⁻¹ = D (DHD)⁻¹ D.
    let r_inv = linalg::upper_triangular_inverse(qr.r().view())?;
    let inv_scaled = r_inv.dot(&qr.thin_q().t());
    Ok(&inv_scaled * &dd * d.view().insert_axis(Axis(0)))
}
