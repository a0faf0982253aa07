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
//! H is only (p+1)×(p+1): each iteration forms it, with g, in one pass over the rows of X₁ —
//! one matrix product per block of rows, X_bᵀ[W_b X_b | p_b − y_b], upper half only — and the
//! small system is solved by Householder QR after scaling H to unit diagonal. Forming H squares the condition
//! number of W^½X₁ — but an inexact H only slows Newton down a little, while the answer is
//! pinned by g = 0, which we evaluate exactly. At the optimum, H⁻¹ is the estimated covariance
//! of θ̂, from which come the standard errors.

use std::fmt;

use ndarray::linalg::{general_mat_mul, general_mat_vec_mul};
use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, Axis};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

use super::loss::{log_loss_from_logit, sigmoid};
use super::objective::{Problem, Recorder};
use super::{Outcome, Status};
use crate::error::{Error, Result};
use crate::linalg;
use crate::sigmoid::loss_and_probability;

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

/// Rows per block of a pass over X₁ ([`evaluate`]): a block of X₁ and its weighted copy
/// [W X₁ | p − y] (2 · 512 · (p+1) values) stay in the L2 cache.
const BLOCK_ROWS: usize = 512;

/// Everything one pass over the rows of X₁ gives at θ.
struct Pass {
    /// The logits z = X₁θ.
    z: Array1<f64>,
    /// F(θ), the penalised negative log-likelihood.
    f: f64,
    /// H = X₁ᵀ W X₁ + λI₀ and g = X₁ᵀ(p − y) + λw₀ (None for a line-search probe).
    derivatives: Option<(Array2<f64>, Array1<f64>)>,
}

/// One pass over X₁ in blocks of rows: z = X₁θ, F(θ) and, if `derivatives`, H and g — each
/// block is read from memory once, for its logits, and then multiplied while it is in cache:
///
/// ```text
///     [H | g] = Σ_blocks X_bᵀ [W_b X_b | p_b − y_b]      (+ λI₀, + λw₀)
/// ```
///
/// One matrix product per block gives the Hessian and the gradient together; H is symmetric,
/// so only its upper part is multiplied out ([`add_upper_products`]).
fn evaluate(
    x1: ArrayView2<f64>,
    y: ArrayView1<f64>,
    theta: &Array1<f64>,
    l2: f64,
    derivatives: bool,
) -> Pass {
    let (n, q) = x1.dim();
    let mut z = Array1::<f64>::zeros(n);
    let mut nll = 0.0;
    let mut hg = Array2::<f64>::zeros((q, q + 1)); // [H | g], upper part of H
    let mut d = Array2::<f64>::zeros((n.min(BLOCK_ROWS), q + 1)); // [W_b X_b | p_b − y_b]
    let mut w = Array1::<f64>::zeros(n.min(BLOCK_ROWS)); // w_i = p_i(1 − p_i)
    let blocks = x1
        .axis_chunks_iter(Axis(0), BLOCK_ROWS)
        .zip(y.axis_chunks_iter(Axis(0), BLOCK_ROWS))
        .zip(z.axis_chunks_iter_mut(Axis(0), BLOCK_ROWS));
    for ((xb, yb), mut zb) in blocks {
        general_mat_vec_mul(1.0, &xb, theta, 0.0, &mut zb); // z_b = X_b θ
        let m = xb.nrows();
        let (mut db, mut wb) = (d.slice_mut(s![..m, ..]), w.slice_mut(s![..m]));
        for (i, (&zi, &yi)) in zb.iter().zip(yb).enumerate() {
            let (loss, p) = loss_and_probability(yi, zi);
            nll += loss;
            db[[i, q]] = p - yi;
            wb[i] = p * (1.0 - p);
        }
        if derivatives {
            // numpy: d[:, :q] = w[:, None] * x_b
            let mut wx = db.slice_mut(s![.., ..q]);
            wx.assign(&xb);
            wx *= &wb.view().insert_axis(Axis(1));
            add_upper_products(xb, db.view(), &mut hg);
        }
    }
    let f = nll + 0.5 * l2 * super::loss::penalty_norm2(theta.view());
    let derivatives = derivatives.then(|| {
        let mut h = symmetric_from_upper(hg.slice(s![.., ..q]));
        let mut g = hg.column(q).to_owned();
        for j in 1..q {
            h[[j, j]] += l2;
            g[j] += l2 * theta[j];
        }
        (h, g)
    });
    Pass { z, f, derivatives }
}

/// hg += X_bᵀ D on and above the diagonal of its first q columns (and all of column q, g):
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

/// Solve H δ = −g by QR of the unit-diagonal scaling D H D (D = diag(1/√H_jj)).
/// Returns None when H is numerically singular.
fn newton_step(h: &Array2<f64>, g: &Array1<f64>) -> Result<Option<Array1<f64>>> {
    let d = h
        .diag()
        .mapv(|v| if v > 0.0 { 1.0 / v.sqrt() } else { 1.0 });
    let scaled = h * &d.view().insert_axis(Axis(1)) * d.view().insert_axis(Axis(0));
    let qr = linalg::qr(scaled.view())?;
    let k = g.len();
    if qr.rank(HESSIAN_RANK_TOL) < k {
        return Ok(None);
    }
    let rhs = qr.qt_mul((-(g * &d)).view())?;
    let delta_scaled = linalg::back_substitute(qr.r().view(), rhs.slice(s![..k]))?;
    Ok(Some(delta_scaled * &d))
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

/// Newton–Raphson from θ = 0.
///
/// Each iteration makes one pass over X₁ ([`evaluate`]) at the candidate θ + δ, which gives the
/// logits and F for the step-halving test and — when the full step is accepted, as it almost
/// always is — H and g for the next step, so that the Hessian at the final θ (for the
/// covariance) comes with the last iteration's pass.
pub(crate) fn fit(problem: &Problem, max_iter: usize, tol: f64) -> Result<Outcome> {
    if !(tol > 0.0 && tol.is_finite()) {
        return Err(Error::invalid("tol", tol, "must be a finite number > 0"));
    }
    let (x1, y, l2) = (problem.x1, problem.y, problem.l2);
    let mut rec = Recorder::new(problem, f64::NAN, "Newton");
    let n = y.len();
    let mut theta = Array1::<f64>::zeros(x1.ncols());
    let mut pass = evaluate(x1, y, &theta, l2, true);
    let mut status = Status::MaxIterations;
    let mut n_iter = 0;
    for iteration in 1..=max_iter {
        n_iter = iteration;
        let (h, g) = pass
            .derivatives
            .as_ref()
            .expect("every accepted pass has H and g");
        let Some(delta) = newton_step(h, g)? else {
            return Err(singular_hessian(iteration, &pass.z.mapv(sigmoid), y));
        };
        let (candidate, next, delta) = halve_until_descent(x1, y, &theta, delta, pass.f, l2);
        theta = candidate;
        pass = next;
        rec.record_with(&theta, pass.f / n as f64, Some(&pass.z))?;
        let scale = 1.0 + theta.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if delta.iter().all(|d| d.abs() <= tol * scale) {
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
    let (h, _) = pass.derivatives.expect("every accepted pass has H and g");
    let covariance = if l2 == 0.0 {
        inverse(&h)?
    } else {
        Array2::zeros(h.dim())
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
        }),
    })
}

/// Step halving: the first of θ + δ, θ + δ/2, θ + δ/4, … (at most 30 halvings) that does not
/// increase F, with its pass (H and g included) and the step taken.
///
/// The full step is evaluated with H and g at once (it is accepted almost always); the
/// halved ones only with z and F, and H and g are then computed at the accepted point.
fn halve_until_descent(
    x1: ArrayView2<f64>,
    y: ArrayView1<f64>,
    theta: &Array1<f64>,
    mut delta: Array1<f64>,
    f: f64,
    l2: f64,
) -> (Array1<f64>, Pass, Array1<f64>) {
    let descends = |f_new: f64| f_new <= f + 1e-12 * f.abs();
    let mut candidate = theta + &delta;
    let full = evaluate(x1, y, &candidate, l2, true);
    if descends(full.f) {
        return (candidate, full, delta);
    }
    let mut f_new = full.f;
    for _ in 0..30 {
        if descends(f_new) {
            break;
        }
        delta /= 2.0;
        candidate = theta + &delta;
        f_new = evaluate(x1, y, &candidate, l2, false).f;
    }
    let pass = evaluate(x1, y, &candidate, l2, true);
    (candidate, pass, delta)
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
