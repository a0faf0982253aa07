//! First-order solvers: batch gradient descent, mini-batch SGD with classical or Nesterov
//! momentum, and Adam. Each records the training loss, the validation loss and the AUC after
//! every iteration (gradient descent) or epoch (the mini-batch methods), and can stop early.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use super::early_stopping::{best_epoch, EarlyStopping};
use super::loss::{gradient, log_loss_from_logit, objective};
use super::{History, Outcome, Solver, Status};
use crate::error::{Error, Result};
use crate::metrics;

/// The data of one fit: X₁ = [1 | X] (standardised if asked), labels, optional validation set.
pub(crate) struct Problem<'a> {
    pub x1: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, f64>,
    pub validation: Option<(ArrayView2<'a, f64>, ArrayView1<'a, f64>)>,
    pub l2: f64,
}

/// Mean log-loss (no penalty) of θ on (X₁, y).
pub(crate) fn mean_log_loss(x1: ArrayView2<f64>, y: ArrayView1<f64>, theta: &Array1<f64>) -> f64 {
    let z = x1.dot(theta);
    z.iter()
        .zip(y)
        .map(|(&z, &y)| log_loss_from_logit(y, z))
        .sum::<f64>()
        / y.len() as f64
}

/// The history being recorded, with the best validation weights for early stopping.
pub(crate) struct Recorder<'a, 'b> {
    problem: &'a Problem<'b>,
    history: History,
    best_theta: Option<Array1<f64>>,
    learning_rate: f64,
    context: &'static str,
}

impl<'a, 'b> Recorder<'a, 'b> {
    pub(crate) fn new(problem: &'a Problem<'b>, learning_rate: f64, context: &'static str) -> Self {
        Recorder {
            problem,
            history: History::default(),
            best_theta: None,
            learning_rate,
            context,
        }
    }

    pub(crate) fn into_history(self) -> History {
        self.history
    }

    /// Record θ after an iteration/epoch; error if the loss is no longer finite.
    pub(crate) fn record(&mut self, theta: &Array1<f64>) -> Result<()> {
        let p = self.problem;
        let loss = objective(p.x1, p.y, theta.view(), p.l2);
        self.record_with(theta, loss, None)
    }

    /// [`Recorder::record`] when J(θ) and, optionally, the training logits X₁θ are known already.
    pub(crate) fn record_with(
        &mut self,
        theta: &Array1<f64>,
        loss: f64,
        train_logits: Option<&Array1<f64>>,
    ) -> Result<()> {
        let p = self.problem;
        if !loss.is_finite() || theta.iter().any(|t| !t.is_finite()) {
            return Err(Error::Diverged {
                context: self.context.to_string(),
                iteration: self.history.train_loss.len() + 1,
                loss,
                learning_rate: self.learning_rate,
            });
        }
        self.history.train_loss.push(loss);
        // AUC depends only on the order of the scores, so the logits z serve as well as σ(z).
        let auc = match (p.validation, train_logits) {
            (Some((xv, yv)), _) => metrics::auc(&yv.to_owned(), &xv.dot(theta)),
            (None, Some(z)) => metrics::auc(&p.y.to_owned(), z),
            (None, None) => metrics::auc(&p.y.to_owned(), &p.x1.dot(theta)),
        };
        self.history.auc.push(auc.unwrap_or(f64::NAN));
        if let Some((xv, yv)) = p.validation {
            let v = mean_log_loss(xv, yv, theta);
            if self.history.validation_loss.iter().all(|&b| v < b) {
                self.best_theta = Some(theta.clone());
            }
            self.history.validation_loss.push(v);
        }
        Ok(())
    }
}

/// Run a first-order solver.
pub(crate) fn fit(
    problem: &Problem,
    solver: &Solver,
    early_stopping: Option<EarlyStopping>,
    seed: u64,
) -> Result<Outcome> {
    let (learning_rate, context) = match solver {
        Solver::GradientDescent { learning_rate, .. } => (*learning_rate, "gradient descent"),
        Solver::MiniBatch { learning_rate, .. } => (*learning_rate, "mini-batch SGD"),
        Solver::Adam { learning_rate, .. } => (*learning_rate, "Adam"),
        Solver::Newton { .. } => unreachable!("Newton is dispatched to newton::fit"),
    };
    let mut rec = Recorder::new(problem, learning_rate, context);
    let mut theta = Array1::<f64>::zeros(problem.x1.ncols());
    let mut state = StepState::new(solver, theta.len(), seed);
    let (budget, tol) = match *solver {
        Solver::GradientDescent { max_iter, tol, .. } => (max_iter, tol),
        Solver::MiniBatch { epochs, tol, .. } | Solver::Adam { epochs, tol, .. } => (epochs, tol),
        Solver::Newton { .. } => unreachable!(),
    };
    for iteration in 1..=budget {
        state.epoch(problem, solver, &mut theta);
        rec.record(&theta)?;
        let g = gradient(problem.x1, problem.y, theta.view(), problem.l2);
        if g.iter().fold(0.0_f64, |m, v| m.max(v.abs())) < tol {
            return Ok(finish(rec, theta, Status::Converged, iteration));
        }
        if let Some(es) = early_stopping {
            if es.should_stop(&rec.history.validation_loss) {
                let best = best_epoch(&rec.history.validation_loss);
                let theta = rec.best_theta.clone().unwrap_or(theta);
                let status = Status::StoppedEarly {
                    best_epoch: best + 1,
                };
                return Ok(finish(rec, theta, status, iteration));
            }
        }
    }
    Ok(finish(rec, theta, Status::MaxIterations, budget))
}

fn finish(rec: Recorder, theta: Array1<f64>, status: Status, n_iter: usize) -> Outcome {
    Outcome {
        theta,
        status,
        n_iter,
        history: rec.history,
        newton: None,
    }
}

/// Velocity (momentum), Adam's moments, and the shuffling generator.
struct StepState {
    v: Array1<f64>,
    m: Array1<f64>,
    t: i32,
    rng: StdRng,
    rows: Vec<usize>,
}

impl StepState {
    fn new(_solver: &Solver, dim: usize, seed: u64) -> Self {
        StepState {
            v: Array1::zeros(dim),
            m: Array1::zeros(dim),
            t: 0,
            rng: StdRng::seed_from_u64(seed),
            rows: Vec::new(),
        }
    }

    /// One iteration (gradient descent) or one epoch (mini-batch methods).
    fn epoch(&mut self, p: &Problem, solver: &Solver, theta: &mut Array1<f64>) {
        match *solver {
            Solver::GradientDescent { learning_rate, .. } => {
                // θ ← θ − η ∇J(θ)
                let g = gradient(p.x1, p.y, theta.view(), p.l2);
                theta.scaled_add(-learning_rate, &g);
            }
            Solver::MiniBatch {
                learning_rate,
                batch_size,
                momentum,
                nesterov,
                ..
            } => {
                for (xb, yb) in self.batches(p, batch_size) {
                    // classical: v ← μv − η∇J_B(θ);  Nesterov: v ← μv − η∇J_B(θ + μv);  θ ← θ + v
                    let at = if nesterov {
                        &*theta + &(&self.v * momentum)
                    } else {
                        theta.clone()
                    };
                    let g = batch_gradient(p, &xb, &yb, &at);
                    self.v = &self.v * momentum - &(g * learning_rate);
                    *theta += &self.v;
                }
            }
            Solver::Adam {
                learning_rate,
                batch_size,
                beta1,
                beta2,
                ..
            } => {
                const EPS: f64 = 1e-8;
                for (xb, yb) in self.batches(p, batch_size) {
                    let g = batch_gradient(p, &xb, &yb, theta);
                    self.t += 1;
                    // m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − η m̂/(√v̂ + ε)
                    self.m = &self.m * beta1 + &(&g * (1.0 - beta1));
                    self.v = &self.v * beta2 + &(g.mapv(|g| g * g) * (1.0 - beta2));
                    let m_hat = &self.m / (1.0 - beta1.powi(self.t));
                    let v_hat = &self.v / (1.0 - beta2.powi(self.t));
                    *theta -= &(m_hat / v_hat.mapv(|v| v.sqrt() + EPS) * learning_rate);
                }
            }
            Solver::Newton { .. } => unreachable!(),
        }
    }

    /// The rows reshuffled (seeded), cut into batches of `size`; the last may be smaller.
    fn batches(
        &mut self,
        p: &Problem,
        size: usize,
    ) -> Vec<(ndarray::Array2<f64>, ndarray::Array1<f64>)> {
        if self.rows.is_empty() {
            self.rows = (0..p.y.len()).collect();
        }
        self.rows.shuffle(&mut self.rng);
        self.rows
            .chunks(size)
            .map(|b| (p.x1.select(Axis(0), b), p.y.select(Axis(0), b)))
            .collect()
    }
}

/// ∇J_B(θ) on a batch B: the mean-loss gradient over the batch, with the penalty scaled by |B|/n
/// so that the batch gradients average to ∇J over an epoch.
fn batch_gradient(
    p: &Problem,
    xb: &ndarray::Array2<f64>,
    yb: &Array1<f64>,
    theta: &Array1<f64>,
) -> Array1<f64> {
    let l2_batch = p.l2 * yb.len() as f64 / p.y.len() as f64;
    gradient(xb.view(), yb.view(), theta.view(), l2_batch)
}
