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
//! through the intercept's terms, written out in `pass::evaluate` (`Design`). Forming H squares
//! the condition number of W^½X₁ — but an inexact H only slows Newton down a little, while the
//! answer is pinned by g = 0, which we evaluate exactly.
//!
//! That is also why, near the optimum, the last H can be reused (chord steps, see `fit`):
//! such a step needs only g — a quarter of the cost of a pass that forms H — and still
//! converges to g = 0. At the optimum, H⁻¹ (formed afresh at θ̂) is the estimated covariance of
//! θ̂, from which come the standard errors.

mod chord;
mod design;
mod factor;
mod hessian;
mod pass;
mod separation;
mod summary;

use std::cell::Cell;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::loss::{log_loss_from_logit, sigmoid};
use super::objective::Validation;
use crate::error::{Error, Result};
use crate::optim::{self, History, Recorder, Status};
pub use chord::Passes;
use chord::{take_step, Data, Next};
pub(crate) use design::Design;
use factor::{inverse, Factorised};
use pass::Order;
use separation::{all_rows_saturated, saturated_rows, singular_hessian};
pub use summary::LogitSummary;
pub(crate) use summary::{summary, NewtonInfo};

/// What a solver returns: Newton's [`fit`], or a first-order run (converted by `From`).
pub(crate) struct Outcome {
    pub theta: Array1<f64>,
    pub status: Status,
    pub n_iter: usize,
    pub history: History,
    pub newton: Option<NewtonInfo>,
}

impl From<optim::Outcome> for Outcome {
    fn from(o: optim::Outcome) -> Self {
        Outcome {
            theta: o.theta,
            status: o.status,
            n_iter: o.n_iter,
            history: o.history,
            newton: None,
        }
    }
}

/// The public function a Newton fit runs in.
const FIT: &str = "LogisticRegression::fit";

/// What to do when a Newton fit diverges: it has no learning rate to lower, and halves any step
/// that would raise F, so the cause is the scale of the data or a maximum that does not exist.
const ADVICE: &str = "Newton's method has no learning rate: standardise the features \
                      (LogisticRegression::standardize(true)), or add an L2 penalty \
                      (LogisticRegression::l2) if the classes are (nearly) separable";

/// F(θ) from the logits z = X₁θ.
fn penalised_nll(z: &Array1<f64>, y: ArrayView1<f64>, theta: &Array1<f64>, l2: f64) -> f64 {
    let data: f64 = z
        .iter()
        .zip(y)
        .map(|(&z, &y)| log_loss_from_logit(y, z))
        .sum();
    data + 0.5 * l2 * super::loss::penalty_norm2(theta.view())
}

/// Newton–Raphson from θ = 0, with chord steps near the optimum if `chord`.
///
/// Each iteration solves H δ = −g with the last Hessian factorised and makes one pass over X₁
/// ([`pass::evaluate`], which reads X itself when the column of ones is implicit) at the
/// candidate θ + δ, for the logits and F of the step-halving test and for what the next step
/// needs. Without `chord` that is a fresh Hessian every time (plain Newton, quadratic
/// convergence). With `chord`, once a Newton step is small
/// (≤ [`chord::CHORD_START`]·(1 + ‖θ‖∞)), the next steps reuse its H and their passes compute
/// only g, a quarter of the cost — the chord or simplified Newton iteration
///
/// ```text
///     θₖ₊₁ = θₖ − H(θⱼ)⁻¹ g(θₖ),     k = j, j + 1, …
/// ```
///
/// Its error shrinks by a factor ‖H(θⱼ)⁻¹(H(θₖ) − H(θⱼ))‖ ≈ c‖θₖ − θⱼ‖ per step (linear
/// convergence, fast this close to θ̂); a chord step not at most [`chord::CHORD_RATE`] times the step
/// before it, or one that would increase F, brings back a fresh Hessian. The answer is as exact
/// as Newton's: the only fixed point of the chord map is g(θ) = 0 (H(θⱼ) is invertible), and
/// the fit stops when the step taken is below tol·(1 + ‖θ‖∞) — a chord step below
/// [`chord::CHORD_RATE`]·tol·(1 + ‖θ‖∞), since it leaves an error up to [`chord::CHORD_RATE`] times its size
/// where a Newton step leaves one of the order of its square. The step expected to be the last
/// is evaluated with a fresh Hessian when there is no penalty, so the covariance H⁻¹ is the
/// one at the returned θ̂, as before.
///
/// `validation` (X₁ and y of rows not fitted) feeds the recorded history; `names` are X₁'s
/// column names ("const" first), for a rank-deficient design's error. The settings have been
/// checked by the caller (`LogisticRegression::fit`).
pub(crate) fn fit<'a>(
    design: Design<'a>,
    y: ArrayView1<'a, f64>,
    validation: Option<(ArrayView2<'_, f64>, ArrayView1<'_, f64>)>,
    l2: f64,
    (max_iter, tol, chord): (usize, f64, bool),
    names: &[String],
) -> Result<Outcome> {
    let data = Data {
        design,
        y,
        l2,
        passes: Cell::new(Passes::default()),
        chord,
    };
    let n = y.len();
    let mut theta = Array1::<f64>::zeros(design.ncols());
    let mut pass = data.pass(&theta, Order::Hessian);
    let mut rec = Recorder::new(FIT, pass.f / n as f64, ADVICE.to_string());
    let mut validation = Validation(validation);
    let mut factorised: Option<Factorised> = None;
    let mut previous = f64::INFINITY; // ‖δ‖∞ of the step before
    let mut status = Status::MaxIterations;
    let mut n_iter = 0;
    for iteration in 1..=max_iter {
        n_iter = iteration;
        let step = match take_step(&data, &theta, &mut pass, &mut factorised, previous, tol)? {
            Next::Step(step) => *step,
            Next::Singular(s) => {
                let p = pass.z.mapv(sigmoid);
                return Err(singular_hessian(s, iteration, &p, y, names));
            }
        };
        theta = step.theta;
        pass = step.pass;
        previous = step.size;
        rec.record(&theta, pass.f / n as f64, &mut validation)?;
        if step.converged {
            status = Status::Converged;
            break;
        }
        if l2 == 0.0 && all_rows_saturated(&pass.z, y) {
            return Err(Error::Separation {
                context: String::new(), // named by LogisticRegression::fit
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
                context: String::new(), // named by LogisticRegression::fit
                detail: format!(
                    "no convergence in {max_iter} iterations while {saturated} rows are fitted \
                     with probability within 1e−8 of their labels (quasi-complete separation)"
                ),
            });
        }
    }
    let (theta, history) = rec.finish(theta, status)?;
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
        history,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newton_divergence_names_no_learning_rate() {
        let mut rec = Recorder::new(FIT, std::f64::consts::LN_2, ADVICE.to_string());
        let theta = Array1::zeros(2);
        let err = rec
            .record(&theta, f64::INFINITY, &mut Validation(None))
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("LogisticRegression::fit: diverged"),
            "{text}"
        );
        assert!(
            text.contains("Newton's method has no learning rate"),
            "{text}"
        );
        assert!(!text.contains("lower the learning rate"), "{text}");
    }
}
