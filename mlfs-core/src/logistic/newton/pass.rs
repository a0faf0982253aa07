//! One pass over the rows of X₁: the logits, F(θ) and, as asked, the gradient and the Hessian.

use ndarray::linalg::general_mat_vec_mul;
use ndarray::{s, Array1, Array2, ArrayView1, Axis};

use super::design::Design;
use super::hessian::{
    add_gradient, add_upper_products, lane_sum, symmetric_from_upper, weigh_rows, RowTerms,
};

/// Rows per block of a pass over X₁ ([`evaluate`]): a block of X₁ and its weighted copy
/// [W X₁ | p − y] (2 · 512 · (p+1) values) stay in the L2 cache.
pub(super) const BLOCK_ROWS: usize = 512;

/// What a pass over X₁ computes besides the logits z and F(θ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// Nothing more: a step-halving probe, or the last point of a penalised fit.
    Loss,
    /// The gradient g, for a step with a Hessian factorised earlier (a chord step).
    Gradient,
    /// g and the Hessian H.
    Hessian,
}

/// Everything one pass over the rows of X₁ gives at θ.
pub(super) struct Pass {
    /// The logits z = X₁θ.
    pub(super) z: Array1<f64>,
    /// F(θ), the penalised negative log-likelihood.
    pub(super) f: f64,
    /// g = X₁ᵀ(p − y) + λw₀ (zero after a [`Order::Loss`] pass).
    pub(super) g: Array1<f64>,
    /// H = X₁ᵀ W X₁ + λI₀ ([`Order::Hessian`] passes only).
    pub(super) h: Option<Array2<f64>>,
}

/// One pass over X₁ in blocks of rows: z = X₁θ, F(θ) and, as `order` asks, g and H — each block
/// is read from memory once, for its logits, and then used again while it is in cache:
///
/// ```text
///     [H | g] = Σ_blocks X_bᵀ [W_b X_b | p_b − y_b]      (+ λI₀, + λw₀)
/// ```
///
/// One matrix product per block gives the Hessian and the gradient together; H is symmetric,
/// so only its upper part is multiplied out ([`add_upper_products`]). A gradient-only pass adds
/// X_bᵀ(p_b − y_b) row by row instead ([`add_gradient`]), about a quarter of the cost.
///
/// With the column of ones implicit ([`Design::Implicit`]: the blocks are X_b, not [1 | X_b]),
/// θ = [θ₀, w] and r = p − y, the same pass computes
///
/// ```text
///     z_b = θ₀ + X_b w
///     H = ⎡ Σᵢ wᵢ      Σᵢ wᵢxᵢᵀ  ⎤      g = ⎡ Σᵢ rᵢ ⎤
///         ⎣ Σᵢ wᵢxᵢ    XᵀWX      ⎦          ⎣ Xᵀr   ⎦
/// ```
///
/// with one product per block, X_bᵀ [W_b X_b | w_b | r_b], which gives XᵀWX (upper part), the
/// intercept's column Xᵀw = Σᵢ wᵢxᵢ and Xᵀr; the two sums Σwᵢ and Σrᵢ come from the row terms.
pub(super) fn evaluate(
    design: Design,
    y: ArrayView1<f64>,
    theta: &Array1<f64>,
    l2: f64,
    order: Order,
) -> Pass {
    let x = design.stored();
    let (n, k) = x.dim(); // k stored columns: q, or p with the ones implicit
    let (q, ones) = (design.ncols(), design.ones());
    // θ₀ when the column of ones is implicit, and the coefficients of the stored columns
    let (theta0, theta_x) = (
        if ones == 1 { theta[0] } else { 0.0 },
        theta.slice(s![ones..]),
    );
    let width = k + ones + 1; // columns of D_b = [W_b X_b | (w_b) | r_b]
    let rows = n.min(BLOCK_ROWS);
    let mut z = Array1::<f64>::zeros(n);
    let mut nll = 0.0;
    let mut g = vec![0.0; q];
    let (mut sum_w, mut sum_r) = (0.0, 0.0); // Σwᵢ and Σrᵢ (implicit ones only)
    let mut hg = Array2::<f64>::zeros((k, width)); // X_bᵀ D_b summed, upper part of XᵀWX
    let hessian_rows = if order == Order::Hessian { rows } else { 0 };
    let mut d = Array2::<f64>::zeros((hessian_rows, width));
    let mut terms = RowTerms::new(rows);
    let blocks = x
        .axis_chunks_iter(Axis(0), BLOCK_ROWS)
        .zip(y.axis_chunks_iter(Axis(0), BLOCK_ROWS))
        .zip(z.axis_chunks_iter_mut(Axis(0), BLOCK_ROWS));
    for ((xb, yb), mut zb) in blocks {
        zb.fill(theta0);
        general_mat_vec_mul(1.0, &xb, &theta_x, 1.0, &mut zb); // z_b = θ₀ + X_b w, or X₁_b θ
        let m = xb.nrows();
        nll += terms.fill(zb.view(), yb);
        let (w, r) = (&terms.w[..m], &terms.r[..m]);
        if ones == 1 && order != Order::Loss {
            sum_r += lane_sum(r);
        }
        match order {
            Order::Loss => {}
            Order::Gradient => add_gradient(xb, r, &mut g[ones..]),
            Order::Hessian => {
                if ones == 1 {
                    sum_w += lane_sum(w);
                }
                let mut db = d.slice_mut(s![..m, ..]);
                weigh_rows(xb, w, r, db.view_mut());
                add_upper_products(xb, db.view(), &mut hg);
            }
        }
    }
    let f = nll + 0.5 * l2 * crate::logistic::loss::penalty_norm2(theta.view());
    let (mut g, mut h) = match order {
        Order::Hessian => {
            let (mut h, mut g) = (Array2::<f64>::zeros((q, q)), Array1::<f64>::zeros(q));
            h.slice_mut(s![ones.., ones..])
                .assign(&symmetric_from_upper(hg.slice(s![.., ..k])));
            g.slice_mut(s![ones..]).assign(&hg.column(width - 1));
            if ones == 1 {
                (h[[0, 0]], g[0]) = (sum_w, sum_r);
                h.slice_mut(s![1.., 0]).assign(&hg.column(k)); // Xᵀw
                h.slice_mut(s![0, 1..]).assign(&hg.column(k));
            }
            (g, Some(h))
        }
        _ => {
            g[0] += sum_r; // 0 unless the ones are implicit
            (Array1::from(g), None)
        }
    };
    if order != Order::Loss {
        for j in 1..q {
            g[j] += l2 * theta[j];
            if let Some(h) = h.as_mut() {
                h[[j, j]] += l2;
            }
        }
    }
    Pass { z, f, g, h }
}
