//! First-order optimisation, written once: Part 2 teaches it on logistic regression, Part 3
//! reuses it unchanged to train networks.
//!
//! A model hands the optimiser an [`Objective`] — J(θ) and ∇J(θ) on all rows or on a batch of
//! rows, over one flat parameter vector θ — and [`Training`] settings. [`minimise`] then runs
//! epochs of the update [`Rule`] in the order Part 2 introduces them:
//!
//! ```text
//!     gradient descent   θ ← θ − η g
//!     momentum           v ← μv − η g,             θ ← θ + v
//!     Nesterov           v ← μv − η ∇J(θ + μv),    θ ← θ + v
//!     Adam               m ← β₁m + (1−β₁)g,  s ← β₂s + (1−β₂)g²,  θ ← θ − η m̂ / (√ŝ + ε)
//! ```
//!
//! with g = ∇J_B(θ) on a batch B: all rows (full batch), or ⌈n/b⌉ seeded, reshuffled batches of
//! b rows per epoch. On a batch the L2 penalty's share is |B|/n, so the batch gradients average to
//! ∇J over an epoch. Every epoch ends with one full-batch evaluation of J and ∇J, which gives the
//! history and the convergence test max|∇J| < tol; gradient descent reuses that gradient for its
//! next step, so it costs one gradient per iteration. With a validation set the history also
//! records the validation loss (and, for logistic regression, the AUC), and early stopping restores the
//! parameters of the best validation epoch. The run starts with J(θ₀) on all rows.
//!
//! Every solver — these rules, and Newton's method for logistic regression — keeps its record
//! one way (`record`): the same [`History`], the same validation loss and AUC (NaN where the
//! AUC is undefined), and the same divergence rule, reported as [`crate::Error::Diverged`] with
//! advice for that solver: J(θ) or θ not finite, or a returned fit whose training loss is above
//! [`DIVERGENCE_FACTOR`]·max(J(θ₀), ln 2).

mod batches;
mod history;
mod record;
mod rule;
mod training;

use ndarray::{Array1, ArrayView1, ArrayViewMut1};

pub use history::{EarlyStopping, History, Status};
pub(crate) use record::Recorder;
pub use record::{Monitor, DIVERGENCE_FACTOR};
pub use rule::Rule;
pub(crate) use training::{budget as check_budget, l2 as check_l2, positive as check_positive};
pub use training::{minimise, Outcome, Training, BUDGET, DEFAULT_TOL};

/// A differentiable objective J(θ) = (1/n) Σᵢ ℓᵢ(θ) + penalty, over a flat parameter vector,
/// and the [`Monitor`] of its validation rows.
pub trait Objective: Monitor {
    /// The public function that runs the optimisation, which every error message starts with
    /// ("LogisticRegression::fit", "Mlp::fit").
    fn context(&self) -> &'static str;
    /// Number of training rows n.
    fn n_rows(&self) -> usize;
    /// J_B(θ) on the rows `batch` (all rows when `None`), with the L2 penalty's share |B|/n;
    /// writes ∇J_B(θ) into `grad` (same length as θ).
    fn loss_and_gradient(
        &mut self,
        theta: ArrayView1<f64>,
        batch: Option<&[usize]>,
        grad: ArrayViewMut1<f64>,
    ) -> f64;
}

/// max|gᵢ|, the convergence measure.
pub fn max_abs(g: &Array1<f64>) -> f64 {
    g.iter().fold(0.0_f64, |m, v| m.max(v.abs()))
}
