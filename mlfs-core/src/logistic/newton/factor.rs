//! Solving with the Hessian H = X₁ᵀWX₁ + λI₀, and deciding whether it has full rank — by the
//! rule [`linalg::rank`] states and `Ols::fit` applies, on the square root of H.
//!
//! H = AᵀA for the (n + q − 1)×q matrix
//!
//! ```text
//!     A = ⎡ W^½ X₁ ⎤       (the √λ rows only with a penalty)
//!         ⎣ √λ I₀  ⎦
//! ```
//!
//! so the rank question for Newton is the one OLS asks of its design, asked of A: is some column
//! k of A (numerically) a combination of the columns before it, sin ∠(a_k, span(a_0 … a_{k−1}))
//! ≤ tol with tol = max(n, q)·ε ([`linalg::default_rank_tol`])? At θ = 0, W = I/4 and A = X₁/2
//! (no penalty): the same matrix up to a factor, so Newton and OLS reach the same decision on
//! the same design.
//!
//! Forming H squares A's condition number, so H's own factorisation cannot always tell: a design
//! whose columns make an angle of 10⁻⁹ with each other has full rank by the rule, but its H is
//! singular to working precision. Two paths, one decision:
//!
//! - H scaled to unit diagonal, G = D H D (D = diag(1/√H_jj)), factorised by Householder QR. The
//!   independence s_G,k of G's columns ([`linalg::rank`]) bounds A's: s_G,k ≤ √q·s_A,k (G =
//!   R_AᵀR_A with ‖R_A‖ ≤ √q for unit columns). When every s_G,k is at least
//!   [`trusted_independence`], every column of A passes the rule with room to spare, and this
//!   factorisation solves the Newton steps.
//! - Otherwise, R of A itself by the streaming Householder QR ([`linalg::streaming_r`]): the rule
//!   is applied to it, and if it passes, the steps solve RᵀRδ = −g by two triangular solves.

use ndarray::{s, Array1, Array2, Axis};

use super::design::Design;
use crate::error::Result;
use crate::linalg::{self, rank};
use crate::sigmoid::sigmoid;

/// A Hessian ready to solve with (see the module doc for the two forms).
pub(super) enum Factorised {
    /// G = D H D factorised by Householder QR, with D = diag(1/√H_jj).
    Scaled { d: Array1<f64>, qr: linalg::Qr },
    /// R of A = [W^½X₁; √λI₀], so that H = RᵀR.
    Root { r: Array2<f64> },
}

/// H is numerically singular: its column `dependent` (in θ's order) is a linear combination
/// of the columns before it, and `rank` of its columns are independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Singular {
    pub(super) rank: usize,
    pub(super) dependent: usize,
}

impl Factorised {
    /// Factorise H, formed at the logits `z` over `design` with penalty `l2`, or say which column
    /// of A makes it singular by the rank rule (module doc).
    pub(super) fn new(
        h: &Array2<f64>,
        design: Design,
        z: &Array1<f64>,
        l2: f64,
    ) -> Result<std::result::Result<Self, Singular>> {
        let (n, q) = (z.len(), h.nrows());
        let tol = linalg::default_rank_tol(n, q);
        let d = unit_diagonal_scaling(h);
        let scaled = h * &d.view().insert_axis(Axis(1)) * d.view().insert_axis(Axis(0));
        let qr = linalg::qr(scaled.view())?;
        let trusted = trusted_independence(q, tol);
        if (0..q).all(|k| rank::independence(qr.r().view(), k) >= trusted) {
            return Ok(Ok(Factorised::Scaled { d, qr }));
        }
        let r = hessian_root(design, z, l2)?;
        Ok(match rank::first_dependent_column(r.view(), tol) {
            Some(dependent) => Err(Singular {
                rank: rank::rank(r.view(), tol),
                dependent,
            }),
            None => Ok(Factorised::Root { r }),
        })
    }

    /// The step δ solving H δ = −g.
    pub(super) fn step(&self, g: &Array1<f64>) -> Result<Array1<f64>> {
        match self {
            Factorised::Scaled { d, qr } => {
                let rhs = qr.qt_mul((-(g * d)).view())?;
                let delta_scaled = linalg::back_substitute(qr.r().view(), rhs.view())?;
                Ok(delta_scaled * d)
            }
            Factorised::Root { r } => {
                let u = linalg::forward_substitute_transpose(r.view(), (-g).view())?;
                linalg::back_substitute(r.view(), u.view())
            }
        }
    }
}

/// The least independence s_G,k of the columns of D H D at which H's own factorisation is used:
/// 10⁻⁸, or 10·√q·tol if that is larger, so that s_A,k ≥ s_G,k/√q ≥ 10·tol for every column
/// of A. (The computed s_G,k carries rounding errors of about q²ε, far below 10⁻⁸ for the
/// designs a Newton fit handles.)
fn trusted_independence(q: usize, tol: f64) -> f64 {
    1e-8_f64.max(10.0 * (q as f64).sqrt() * tol)
}

/// D = diag(1/√H_jj) (1 where H_jj is not positive).
fn unit_diagonal_scaling(h: &Array2<f64>) -> Array1<f64> {
    h.diag()
        .mapv(|v| if v > 0.0 { 1.0 / v.sqrt() } else { 1.0 })
}

/// R of A = [W^½X₁; √λI₀] (module doc), by the streaming QR: one pass over X, each row xᵢ of
/// X₁ times √wᵢ = √(σ(zᵢ)σ(−zᵢ)), then the q − 1 rows √λ·e_j (j ≥ 1) of the penalty.
fn hessian_root(design: Design, z: &Array1<f64>, l2: f64) -> Result<Array2<f64>> {
    let x = design.stored();
    let (n, q, ones) = (x.nrows(), design.ncols(), design.ones());
    let penalty_rows = if l2 > 0.0 { q - 1 } else { 0 };
    linalg::streaming_r(n + penalty_rows, q, |i0, i1, mut at| {
        for (column, i) in (i0..i1).enumerate() {
            let mut a = at.column_mut(column);
            if i < n {
                let root_w = (sigmoid(z[i]) * sigmoid(-z[i])).sqrt();
                a[0] = root_w; // overwritten by the stored X₁'s first column if there is one
                a.slice_mut(s![ones..]).assign(&(&x.row(i) * root_w));
            } else {
                a.fill(0.0);
                a[1 + i - n] = l2.sqrt();
            }
        }
    })
}

/// Inverse of a symmetric positive-definite H, via QR of the unit-diagonal scaling.
pub(super) fn inverse(h: &Array2<f64>) -> Result<Array2<f64>> {
    let d = unit_diagonal_scaling(h);
    let dd = d.view().insert_axis(Axis(1));
    let scaled = h * &dd * d.view().insert_axis(Axis(0));
    let qr = linalg::qr(scaled.view())?;
    // (DHD)⁻¹ = R⁻¹Qᵀ, and H⁻¹ = D (DHD)⁻¹ D.
    let r_inv = linalg::upper_triangular_inverse(qr.r().view())?;
    let inv_scaled = r_inv.dot(&qr.thin_q().t());
    Ok(&inv_scaled * &dd * d.view().insert_axis(Axis(0)))
}
