//! Newton–Raphson for logistic regression, and statsmodels-Logit-style inference.
//!
//! With F(θ) = Σᵢ ℓ(yᵢ, zᵢ) + (λ/2)‖w‖² (n times J of [`super::loss`]), one Newton step solves
//!
//! ```text
//!     H δ = −g,    g = X₁ᵀ(p − y) + λw₀,    H = X₁ᵀ W X₁ + λI₀,    W = diag(pᵢ(1 − pᵢ))
//! ```
//!
//! and sets θ ← θ + δ (halving δ while F would increase). Substituting shows θ + δ is the
//! weighted least-squares fit of the "working response" z + W⁻¹(y − p) — hence the other name,
//! iteratively reweighted least squares (IRLS).
//!
//! H is only (p+1)×(p+1): an iteration forms it, with g, in one pass over the rows of X₁ —
//! one matrix product per block of rows, X_bᵀ[W_b X_b | p_b − y_b], upper half only — and the
//! small system is solved by Householder QR after scaling H to unit diagonal. Without
//! standardisation X₁ is never built: the passes read X, and the column of ones enters
//! through the intercept's terms, written out in [`evaluate`] ([`Design`]). Forming H squares
//! the condition number of W^½X₁ — but an inexact H only slows Newton down a little, while the
//! answer is pinned by g = 0, which we evaluate exactly.
//!
//! That is also why, near the optimum, the last H can be reused (chord steps, see [`fit`]):
//! such a step needs only g — a quarter of the cost of a pass that forms H — and still
//! converges to g = 0. At the optimum, H⁻¹ (formed afresh at θ̂) is the estimated covariance of
//! θ̂, from which come the standard errors.

use std::cell::Cell;
use std::fmt;

use ndarray::linalg::{general_mat_mul, general_mat_vec_mul};
use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

use super::loss::{log_loss_from_logit, sigmoid};
use super::objective::Recorder;
use super::{Outcome, Status};
use crate::error::{Error, Result};
use crate::linalg;
use crate::sigmoid::loss_and_probability_poly;

/// What a Newton fit keeps for inference.
#[derive(Debug, Clone)]
pub(crate) struct NewtonInfo {
    /// H⁻¹ at θ̂ (the unpenalised inverse Hessian of the log-likelihood's negative).
    covariance: Array2<f64>,
    /// Log-likelihood at θ̂ and of the intercept-only model.
    llf: f64,
    llnull: f64,
    n: usize,
    converged: bool,
    n_iter: usize,
    passes: Passes,
}

/// F(θ) from the logits z = X₁θ.
fn penalised_nll(z: &Array1<f64>, y: ArrayView1<f64>, theta: &Array1<f64>, l2: f64) -> f64 {
    let data: f64 = z
        .iter()
        .zip(y)
        .map(|(&z, &y)| log_loss_from_logit(y, z))
        .sum();
    data + 0.5 * l2 * super::loss::penalty_norm2(theta.view())
}

/// The design matrix X₁ = [1 | X] of a Newton fit, as the passes read it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Design<'a> {
    /// X₁ itself, stored (the standardised copy, which includes the column of ones).
    Stored(ArrayView2<'a, f64>),
    /// X only: X₁'s column of ones is implicit, and X is read where the caller keeps it.
    Implicit(ArrayView2<'a, f64>),
}

impl<'a> Design<'a> {
    /// The stored columns: X₁, or X.
    fn stored(&self) -> ArrayView2<'a, f64> {
        match *self {
            Design::Stored(x) | Design::Implicit(x) => x,
        }
    }
    /// 1 if the column of ones is implicit, else 0: θ's entries before those of the stored
    /// columns.
    fn ones(&self) -> usize {
        match self {
            Design::Stored(_) => 0,
            Design::Implicit(_) => 1,
        }
    }
    /// q = p + 1, the columns of X₁ (the length of θ).
    fn ncols(&self) -> usize {
        self.stored().ncols() + self.ones()
    }
}

/// Rows per block of a pass over X₁ ([`evaluate`]): a block of X₁ and its weighted copy
/// [W X₁ | p − y] (2 · 512 · (p+1) values) stay in the L2 cache.
const BLOCK_ROWS: usize = 512;

/// What a pass over X₁ computes besides the logits z and F(θ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Nothing more: a step-halving probe, or the last point of a penalised fit.
    Loss,
    /// The gradient g, for a step with a Hessian factorised earlier (a chord step).
    Gradient,
    /// g and the Hessian H.
    Hessian,
}

/// Everything one pass over the rows of X₁ gives at θ.
struct Pass {
    /// The logits z = X₁θ.
    z: Array1<f64>,
    /// F(θ), the penalised negative log-likelihood.
    f: f64,
    /// g = X₁ᵀ(p − y) + λw₀ (zero after a [`Order::Loss`] pass).
    g: Array1<f64>,
    /// H = X₁ᵀ W X₁ + λI₀ ([`Order::Hessian`] passes only).
    h: Option<Array2<f64>>,
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
fn evaluate(
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
    let f = nll + 0.5 * l2 * super::loss::penalty_norm2(theta.view());
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

/// Per-row terms of a block: the loss ℓᵢ, the residual rᵢ = pᵢ − yᵢ and the weight
/// wᵢ = pᵢ(1 − pᵢ), from one exponential each by the vectorisable
/// [`loss_and_probability_poly`].
struct RowTerms {
    loss: Vec<f64>,
    r: Vec<f64>,
    w: Vec<f64>,
}

impl RowTerms {
    fn new(rows: usize) -> Self {
        RowTerms {
            loss: vec![0.0; rows],
            r: vec![0.0; rows],
            w: vec![0.0; rows],
        }
    }

    /// Fill the first z.len() terms from the logits and labels of a block; returns Σ ℓᵢ.
    fn fill(&mut self, z: ArrayView1<f64>, y: ArrayView1<f64>) -> f64 {
        let m = z.len();
        let (loss, r, w) = (&mut self.loss[..m], &mut self.r[..m], &mut self.w[..m]);
        if let (Some(z), Some(y)) = (z.as_slice(), y.as_slice()) {
            // Slices, so that the loop vectorises (the sum comes after, in a separate loop).
            for ((((&z, &y), l), r), w) in z.iter().zip(y).zip(&mut *loss).zip(r).zip(w) {
                (*l, *r, *w) = row_terms(y, z);
            }
        } else {
            for ((((&z, &y), l), r), w) in z.iter().zip(y).zip(&mut *loss).zip(r).zip(w) {
                (*l, *r, *w) = row_terms(y, z);
            }
        }
        lane_sum(loss)
    }
}

/// Σ vᵢ in eight interleaved partial sums, so that the additions vectorise (a single running
/// sum waits for each addition before the next).
fn lane_sum(v: &[f64]) -> f64 {
    let mut lanes = [0.0; 8];
    let chunks = v.chunks_exact(8);
    let tail: f64 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    lanes.iter().sum::<f64>() + tail
}

/// (ℓ, p − y, p(1 − p)) of one row.
#[inline(always)]
fn row_terms(y: f64, z: f64) -> (f64, f64, f64) {
    let (loss, p) = loss_and_probability_poly(y, z);
    (loss, p - y, p * (1.0 - p))
}

/// g += X_bᵀ r, one row at a time (g += rᵢ xᵢ): X_b is read once, in its storage order.
fn add_gradient(xb: ArrayView2<f64>, r: &[f64], g: &mut [f64]) {
    let q = xb.ncols();
    match xb.as_slice() {
        Some(xs) if q > 0 => {
            for (row, &ri) in xs.chunks_exact(q).zip(r) {
                for (gj, &xj) in g.iter_mut().zip(row) {
                    *gj += ri * xj;
                }
            }
        }
        _ => {
            for (row, &ri) in xb.rows().into_iter().zip(r) {
                for (gj, &xj) in g.iter_mut().zip(row) {
                    *gj += ri * xj;
                }
            }
        }
    }
}

/// D_b = [W_b X_b | r_b]: each row of X_b times its weight wᵢ, and the residual rᵢ — or, if D_b
/// has one column more (the column of ones implicit), [W_b X_b | w_b | r_b].
fn weigh_rows(xb: ArrayView2<f64>, w: &[f64], r: &[f64], mut d: ArrayViewMut2<f64>) {
    let (k, width) = (xb.ncols(), d.ncols());
    if let (Some(xs), Some(ds)) = (xb.as_slice(), d.as_slice_mut()) {
        if k > 0 {
            let rows = xs.chunks_exact(k).zip(ds.chunks_exact_mut(width));
            for ((x, dr), (&wi, &ri)) in rows.zip(w.iter().zip(r)) {
                for (dj, &xj) in dr.iter_mut().zip(x) {
                    *dj = wi * xj;
                }
                dr[k] = wi; // overwritten by rᵢ below when there is no column for w
                dr[width - 1] = ri;
            }
            return;
        }
    }
    // numpy: d[:, :k] = w[:, None] * x_b; d[:, k] = w (if width = k + 2); d[:, -1] = r
    let (m, w, r) = (xb.nrows(), ArrayView1::from(w), ArrayView1::from(r));
    let mut wx = d.slice_mut(s![..m, ..k]);
    wx.assign(&xb);
    wx *= &w.insert_axis(Axis(1));
    d.slice_mut(s![..m, k]).assign(&w);
    d.slice_mut(s![..m, width - 1]).assign(&r);
}

/// hg += X_bᵀ D on and above the diagonal of its first k = X_b.ncols() columns (and all of the
/// columns after them: g, and the intercept's column Xᵀw when the ones are implicit):
/// with X_b = [X₁ X₂] split at the middle column c,
///
/// ```text
///     [H₁₁ H₁₂ g₁] += X₁ᵀ D,        [H₂₂ g₂] += X₂ᵀ D[.., c..]
/// ```
///
/// which skips H₂₁ = H₁₂ᵀ: a quarter of the products.
fn add_upper_products(xb: ArrayView2<f64>, d: ArrayView2<f64>, hg: &mut Array2<f64>) {
    let c = xb.ncols() / 2;
    if c < SPLIT_MIN_COLUMNS {
        // Too narrow for two products to beat one: the whole of [H | g].
        return general_mat_mul(1.0, &xb.t(), &d, 1.0, hg);
    }
    let (mut top, mut bottom) = hg.view_mut().split_at(Axis(0), c);
    general_mat_mul(1.0, &xb.slice(s![.., ..c]).t(), &d, 1.0, &mut top);
    general_mat_mul(
        1.0,
        &xb.slice(s![.., c..]).t(),
        &d.slice(s![.., c..]),
        1.0,
        &mut bottom.slice_mut(s![.., c..]),
    );
}

/// Half-widths below this form all of H in one product (the split's second call costs more
/// than the quarter it saves).
const SPLIT_MIN_COLUMNS: usize = 8;

/// The symmetric matrix whose upper block-triangle (as filled by [`add_upper_products`]) is
/// given: H₂₁ = H₁₂ᵀ.
fn symmetric_from_upper(upper: ArrayView2<f64>) -> Array2<f64> {
    let q = upper.nrows();
    let c = q / 2;
    let mut h = upper.to_owned();
    let h12 = h.slice(s![..c, c..]).t().to_owned();
    h.slice_mut(s![c.., ..c]).assign(&h12);
    h
}

/// A Hessian ready to solve with: the unit-diagonal scaling D H D (D = diag(1/√H_jj)),
/// factorised by Householder QR.
struct Factorised {
    d: Array1<f64>,
    qr: linalg::Qr,
}

impl Factorised {
    /// None when H is numerically singular.
    fn new(h: &Array2<f64>) -> Result<Option<Self>> {
        let d = h
            .diag()
            .mapv(|v| if v > 0.0 { 1.0 / v.sqrt() } else { 1.0 });
        let scaled = h * &d.view().insert_axis(Axis(1)) * d.view().insert_axis(Axis(0));
        let qr = linalg::qr(scaled.view())?;
        if qr.rank(HESSIAN_RANK_TOL) < h.nrows() {
            return Ok(None);
        }
        Ok(Some(Factorised { d, qr }))
    }

    /// The step δ solving H δ = −g.
    fn step(&self, g: &Array1<f64>) -> Result<Array1<f64>> {
        let rhs = self.qr.qt_mul((-(g * &self.d)).view())?;
        let delta_scaled = linalg::back_substitute(self.qr.r().view(), rhs.view())?;
        Ok(delta_scaled * &self.d)
    }
}

/// Relative size of R's smallest diagonal entry below which H counts as singular.
const HESSIAN_RANK_TOL: f64 = 1e-13;

/// Inverse of a symmetric positive-definite H, via QR of the unit-diagonal scaling.
fn inverse(h: &Array2<f64>) -> Result<Array2<f64>> {
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

/// A Newton step from H at θ starts the chord (reuse of that H) once it is at most this
/// fraction of 1 + ‖θ‖∞: Newton is then in its quadratic regime, where H hardly changes.
const CHORD_START: f64 = 1e-2;
/// A chord step continues the chord only if it is at most this fraction of the step before it;
/// otherwise the next point gets a fresh Hessian.
const CHORD_RATE: f64 = 0.1;

/// ‖v‖∞.
fn max_abs(v: &Array1<f64>) -> f64 {
    v.iter().fold(0.0_f64, |m, x| m.max(x.abs()))
}

/// Newton–Raphson from θ = 0, with chord steps near the optimum if `chord`.
///
/// Each iteration solves H δ = −g with the last Hessian factorised and makes one pass over X₁
/// ([`evaluate`], which reads X itself when the column of ones is implicit) at the candidate θ + δ, for the logits and F of the step-halving test and
/// for what the next step needs. Without `chord` that is a fresh Hessian every time (plain
/// Newton, quadratic convergence). With `chord`, once a Newton step is small (≤ [`CHORD_START`]·(1 + ‖θ‖∞)), the next steps reuse its H and their
/// passes compute only g, a quarter of the cost — the chord or simplified Newton iteration
///
/// ```text
///     θₖ₊₁ = θₖ − H(θⱼ)⁻¹ g(θₖ),     k = j, j + 1, …
/// ```
///
/// Its error shrinks by a factor ‖H(θⱼ)⁻¹(H(θₖ) − H(θⱼ))‖ ≈ c‖θₖ − θⱼ‖ per step (linear
/// convergence, fast this close to θ̂); a chord step not at most [`CHORD_RATE`] times the step
/// before it, or one that would increase F, brings back a fresh Hessian. The answer is as exact
/// as Newton's: the only fixed point of the chord map is g(θ) = 0 (H(θⱼ) is invertible), and
/// the fit stops when the step taken is below tol·(1 + ‖θ‖∞) — a chord step below
/// [`CHORD_RATE`]·tol·(1 + ‖θ‖∞), since it leaves an error up to [`CHORD_RATE`] times its size
/// where a Newton step leaves one of the order of its square. The step expected to be the last
/// is evaluated with a fresh Hessian when there is no penalty, so the covariance H⁻¹ is the
/// one at the returned θ̂, as before.
///
/// `validation` (X₁ and y of rows not fitted) feeds the recorded history.
pub(crate) fn fit<'a>(
    design: Design<'a>,
    y: ArrayView1<'a, f64>,
    validation: Option<(ArrayView2<'_, f64>, ArrayView1<'_, f64>)>,
    l2: f64,
    (max_iter, tol, chord): (usize, f64, bool),
) -> Result<Outcome> {
    if !(tol > 0.0 && tol.is_finite()) {
        return Err(Error::invalid("tol", tol, "must be a finite number > 0"));
    }
    let data = Data {
        design,
        y,
        l2,
        passes: Cell::new(Passes::default()),
        chord,
    };
    let mut rec = Recorder::new(validation, f64::NAN, "Newton");
    let n = y.len();
    let mut theta = Array1::<f64>::zeros(design.ncols());
    let mut pass = data.pass(&theta, Order::Hessian);
    let mut factorised: Option<Factorised> = None;
    let mut previous = f64::INFINITY; // ‖δ‖∞ of the step before
    let mut status = Status::MaxIterations;
    let mut n_iter = 0;
    for iteration in 1..=max_iter {
        n_iter = iteration;
        let Some(step) = take_step(&data, &theta, &mut pass, &mut factorised, previous, tol)?
        else {
            return Err(singular_hessian(iteration, &pass.z.mapv(sigmoid), y));
        };
        theta = step.theta;
        pass = step.pass;
        previous = step.size;
        rec.record_with(&theta, pass.f / n as f64, Some(&pass.z))?;
        if step.converged {
            status = Status::Converged;
            break;
        }
        if l2 == 0.0 && all_rows_saturated(&pass.z, y) {
            return Err(Error::Separation {
                context: "Newton".into(),
                detail: format!(
                    "after {iteration} iterations every training row is predicted with \
                     probability within 1e−8 of its label"
                ),
            });
        }
    }
    if status != Status::Converged && l2 == 0.0 {
        let saturated = saturated_rows(&pass.z.mapv(sigmoid), y);
        if saturated > 0 {
            return Err(Error::Separation {
                context: "Newton".into(),
                detail: format!(
                    "no convergence in {max_iter} iterations while {saturated} rows are fitted \
                     with probability within 1e−8 of their labels (quasi-complete separation)"
                ),
            });
        }
    }
    let covariance = if l2 == 0.0 {
        let h = match pass.h.take() {
            Some(h) => h,
            // the last pass was a chord step's (max_iter reached): H at θ̂ for the covariance
            None => data
                .pass(&theta, Order::Hessian)
                .h
                .unwrap_or_else(|| Array2::zeros((theta.len(), theta.len()))),
        };
        inverse(&h)?
    } else {
        Array2::zeros((theta.len(), theta.len()))
    };
    let llf = -penalised_nll(&pass.z, y, &theta, 0.0);
    let ybar = y.mean().unwrap_or(0.5);
    let llnull = n as f64 * (ybar * ybar.ln() + (1.0 - ybar) * (1.0 - ybar).ln());
    Ok(Outcome {
        theta,
        status,
        n_iter,
        history: rec.into_history(),
        newton: Some(NewtonInfo {
            covariance,
            llf,
            llnull,
            n,
            converged: status == Status::Converged,
            n_iter,
            passes: data.passes.get(),
        }),
    })
}
/// How many passes over X₁ a Newton fit made, by what they computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Passes {
    /// Passes that formed H and g (Newton steps, and H at θ̂ for the covariance).
    pub hessian: usize,
    /// Passes that formed g only (chord steps).
    pub gradient: usize,
    /// Passes for the loss only (step-halving probes, the last point of a penalised fit).
    pub loss: usize,
}

/// The data of a fit, and a count of the passes made over it.
struct Data<'a> {
    design: Design<'a>,
    y: ArrayView1<'a, f64>,
    l2: f64,
    passes: Cell<Passes>,
    /// Chord steps allowed?
    chord: bool,
}

impl Data<'_> {
    /// [`evaluate`] at θ, counted.
    fn pass(&self, theta: &Array1<f64>, order: Order) -> Pass {
        let mut passes = self.passes.get();
        match order {
            Order::Hessian => passes.hessian += 1,
            Order::Gradient => passes.gradient += 1,
            Order::Loss => passes.loss += 1,
        }
        self.passes.set(passes);
        evaluate(self.design, self.y, theta, self.l2, order)
    }
}

/// An accepted step: the new θ, its pass, ‖δ‖∞ of the step taken, and whether it met the
/// stopping test.
struct Step {
    theta: Array1<f64>,
    pass: Pass,
    size: f64,
    converged: bool,
}

/// One iteration from θ, whose pass is `pass`: factorise H if the pass brought one, solve for
/// δ, and evaluate θ + δ with what the next step needs ([`Order`]). Ok(None) when H is
/// singular.
///
/// A chord step that would increase F is not halved: H is formed afresh at θ and a Newton step
/// taken instead. A Newton step that would increase F is halved: the first of θ + δ/2,
/// θ + δ/4, … (at most 30 halvings) that does not increase F, evaluated with H.
fn take_step(
    data: &Data,
    theta: &Array1<f64>,
    pass: &mut Pass,
    factorised: &mut Option<Factorised>,
    previous: f64,
    tol: f64,
) -> Result<Option<Step>> {
    let fresh = match pass.h.take() {
        Some(h) => {
            *factorised = Factorised::new(&h)?;
            true
        }
        None => false,
    };
    let Some(hessian) = factorised.as_ref() else {
        return Ok(None);
    };
    let mut delta = hessian.step(&pass.g)?;
    let size = max_abs(&delta);
    // A Newton step of size s leaves an error of order s², a chord step one up to
    // CHORD_RATE·s: a chord step must be CHORD_RATE times smaller to stop.
    let limit = if fresh { tol } else { CHORD_RATE * tol };
    let stops = |delta: &Array1<f64>, limit: f64| {
        max_abs(delta) <= limit * (1.0 + max_abs(&(theta + delta)))
    };
    let converging = stops(&delta, limit);
    let chord = data.chord
        && if fresh {
            size <= CHORD_START * (1.0 + max_abs(theta))
        } else {
            size <= CHORD_RATE * previous
        };
    let order = match (converging, chord) {
        // the last point: H for the covariance (none with a penalty, so nothing more)
        (true, _) if data.l2 == 0.0 => Order::Hessian,
        (true, _) => Order::Loss,
        (false, true) => Order::Gradient,
        (false, false) => Order::Hessian,
    };
    let descends = |f_new: f64| f_new <= pass.f + 1e-12 * pass.f.abs();
    let mut candidate = theta + &delta;
    let next = data.pass(&candidate, order);
    if descends(next.f) {
        return Ok(Some(Step {
            theta: candidate,
            pass: next,
            size,
            converged: converging,
        }));
    }
    if !fresh {
        let mut refreshed = data.pass(theta, Order::Hessian);
        return take_step(data, theta, &mut refreshed, factorised, previous, tol);
    }
    let mut f_new = next.f;
    for _ in 0..30 {
        if descends(f_new) {
            break;
        }
        delta /= 2.0;
        candidate = theta + &delta;
        f_new = data.pass(&candidate, Order::Loss).f;
    }
    let pass = data.pass(&candidate, Order::Hessian);
    Ok(Some(Step {
        size: max_abs(&delta),
        converged: stops(&delta, tol),
        theta: candidate,
        pass,
    }))
}

/// Rows whose fitted probability is within 1e−8 of the label.
fn saturated_rows(p: &Array1<f64>, y: ArrayView1<f64>) -> usize {
    p.iter()
        .zip(y)
        .filter(|(p, y)| (*p - *y).abs() < 1e-8)
        .count()
}

/// Every row fitted within 1e−8 of its label, tested on the logits: |σ(z) − y| < 1e−8 holds
/// for y = 1 exactly when z > ln((1 − 1e−8)/1e−8) ≈ 18.42, and for y = 0 when z < −18.42.
fn all_rows_saturated(z: &Array1<f64>, y: ArrayView1<f64>) -> bool {
    let edge = ((1.0 - 1e-8) / 1e-8_f64).ln();
    z.iter()
        .zip(y)
        .all(|(&z, &y)| if y == 1.0 { z > edge } else { z < -edge })
}

fn singular_hessian(iteration: usize, p: &Array1<f64>, y: ArrayView1<f64>) -> Error {
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

/// statsmodels-Logit-style inference for an unpenalised Newton fit.
#[derive(Debug, Clone)]
pub struct LogitSummary {
    pub names: Vec<String>,
    pub coef: Array1<f64>,
    pub std_err: Array1<f64>,
    /// z = coef / std err.
    pub z: Array1<f64>,
    /// Two-sided P(|Z| > |z|) under N(0, 1).
    pub p_values: Array1<f64>,
    pub ci_low: Array1<f64>,
    pub ci_high: Array1<f64>,
    /// Log-likelihood at θ̂.
    pub llf: f64,
    /// Log-likelihood of the intercept-only model.
    pub llnull: f64,
    /// McFadden's pseudo-R² = 1 − llf / llnull.
    pub pseudo_r2: f64,
    /// Likelihood-ratio statistic 2(llf − llnull) and its χ²(df_model) p-value.
    pub llr: f64,
    pub llr_pvalue: f64,
    pub aic: f64,
    pub bic: f64,
    pub n: usize,
    pub df_model: usize,
    pub df_resid: usize,
    pub converged: bool,
    pub n_iter: usize,
    /// The passes over X₁ the fit made, by what they computed.
    pub passes: Passes,
}

pub(crate) fn summary(theta: &Array1<f64>, info: &NewtonInfo) -> Result<LogitSummary> {
    let k = theta.len();
    let std_err = info.covariance.diag().mapv(f64::sqrt);
    let z = theta / &std_err;
    let normal = Normal::new(0.0, 1.0).map_err(|e| Error::invalid("normal", 0, &e.to_string()))?;
    let p_values = z.mapv(|z| 2.0 * normal.sf(z.abs()));
    let crit = normal.inverse_cdf(0.975);
    let df_model = k - 1;
    let llr = 2.0 * (info.llf - info.llnull);
    let llr_pvalue = if df_model == 0 {
        f64::NAN
    } else {
        ChiSquared::new(df_model as f64)
            .map_err(|e| Error::invalid("df", df_model, &e.to_string()))?
            .sf(llr)
    };
    let names = std::iter::once("const".to_string())
        .chain((1..k).map(|j| format!("x{j}")))
        .collect();
    Ok(LogitSummary {
        names,
        coef: theta.clone(),
        ci_low: theta - &(&std_err * crit),
        ci_high: theta + &(&std_err * crit),
        std_err,
        z,
        p_values,
        llf: info.llf,
        llnull: info.llnull,
        pseudo_r2: 1.0 - info.llf / info.llnull,
        llr,
        llr_pvalue,
        aic: -2.0 * info.llf + 2.0 * k as f64,
        bic: -2.0 * info.llf + k as f64 * (info.n as f64).ln(),
        n: info.n,
        df_model,
        df_resid: info.n - k,
        converged: info.converged,
        n_iter: info.n_iter,
        passes: info.passes,
    })
}

impl LogitSummary {
    /// Replace the default names x1, x2, … by the feature names (the intercept stays "const").
    pub fn with_names<S: AsRef<str>>(mut self, features: &[S]) -> Result<Self> {
        if features.len() + 1 != self.names.len() {
            return Err(Error::shape(
                "LogitSummary::with_names",
                format!("{} names", self.names.len() - 1),
                format!("{} names", features.len()),
            ));
        }
        for (slot, name) in self.names.iter_mut().skip(1).zip(features) {
            *slot = name.as_ref().to_string();
        }
        Ok(self)
    }
}

impl fmt::Display for LogitSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = "=".repeat(78);
        writeln!(f, "{:^78}", "Logit Regression Results (Newton / IRLS)")?;
        writeln!(f, "{rule}")?;
        writeln!(
            f,
            "No. Observations: {:>10}      Log-Likelihood: {:>14.4}",
            self.n, self.llf
        )?;
        writeln!(
            f,
            "Df Residuals:     {:>10}      LL-Null:        {:>14.4}",
            self.df_resid, self.llnull
        )?;
        writeln!(
            f,
            "Df Model:         {:>10}      Pseudo R-squ.:  {:>14.4}",
            self.df_model, self.pseudo_r2
        )?;
        writeln!(
            f,
            "converged:        {:>10}      LLR p-value:    {:>14.4e}",
            format!("{} ({} it)", self.converged, self.n_iter),
            self.llr_pvalue
        )?;
        writeln!(
            f,
            "AIC:              {:>10.2}      BIC:            {:>14.2}",
            self.aic, self.bic
        )?;
        writeln!(f, "{}", "-".repeat(78))?;
        writeln!(
            f,
            "{:<22}{:>10}{:>10}{:>8}{:>9}{:>10}{:>10}",
            "", "coef", "std err", "z", "P>|z|", "[0.025", "0.975]"
        )?;
        writeln!(f, "{}", "-".repeat(78))?;
        for j in 0..self.coef.len() {
            writeln!(
                f,
                "{:<22}{:>10.4}{:>10.3}{:>8.3}{:>9.3}{:>10.3}{:>10.3}",
                self.names[j],
                self.coef[j],
                self.std_err[j],
                self.z[j],
                self.p_values[j],
                self.ci_low[j],
                self.ci_high[j]
            )?;
        }
        write!(f, "{rule}")
    }
}
