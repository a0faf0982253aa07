//! Training a [`Network`]: full-batch gradient descent, mini-batch SGD with momentum, or Adam;
//! an optional L2 penalty; loss history; early stopping on a validation set; progress lines.
//!
//! One *epoch* is one pass over the training rows: a single step for gradient descent, ⌈n/b⌉
//! steps for the mini-batch methods (rows reshuffled with a seeded generator every epoch; the
//! leftover batch is kept). The update rules, per parameter θ with gradient g:
//!
//! ```text
//!     gradient descent   θ ← θ − η g
//!     momentum           v ← μ v − η g,   θ ← θ + v
//!     Adam               m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − η m̂ / (√v̂ + ε)
//! ```
//!
//! On a batch B the penalty's share is |B|/n, so the batch gradients average to ∇J over an epoch.

use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use super::{Gradients, Network};
use crate::error::{Error, Result};
use crate::hyper;
use crate::logistic::early_stopping::best_epoch;
use crate::logistic::{EarlyStopping, Status};

/// How each step updates the parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    /// One step per epoch on all rows; stops as converged when max|g| < `tol`.
    GradientDescent { learning_rate: f64, tol: f64 },
    /// Mini-batch SGD with classical momentum μ (μ = 0: plain SGD).
    MiniBatch {
        learning_rate: f64,
        batch_size: usize,
        momentum: f64,
    },
    /// Adam with β₁, β₂ (usually 0.9, 0.999).
    Adam {
        learning_rate: f64,
        batch_size: usize,
        beta1: f64,
        beta2: f64,
    },
}

impl Optimizer {
    /// Full-batch gradient descent with step η (convergence tolerance 1e−8 on max|g|).
    pub fn gradient_descent(learning_rate: f64) -> Self {
        Optimizer::GradientDescent {
            learning_rate,
            tol: 1e-8,
        }
    }
    /// Mini-batch SGD with momentum μ.
    pub fn momentum(learning_rate: f64, batch_size: usize, momentum: f64) -> Self {
        Optimizer::MiniBatch {
            learning_rate,
            batch_size,
            momentum,
        }
    }
    /// Adam with β₁ = 0.9, β₂ = 0.999.
    pub fn adam(learning_rate: f64, batch_size: usize) -> Self {
        Optimizer::Adam {
            learning_rate,
            batch_size,
            beta1: 0.9,
            beta2: 0.999,
        }
    }
    fn learning_rate(&self) -> f64 {
        match *self {
            Optimizer::GradientDescent { learning_rate, .. }
            | Optimizer::MiniBatch { learning_rate, .. }
            | Optimizer::Adam { learning_rate, .. } => learning_rate,
        }
    }
    fn batch_size(&self) -> Option<usize> {
        match *self {
            Optimizer::GradientDescent { .. } => None,
            Optimizer::MiniBatch { batch_size, .. } | Optimizer::Adam { batch_size, .. } => {
                Some(batch_size)
            }
        }
    }
}

/// A training run's settings. Build it, then [`Training::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    pub optimizer: Optimizer,
    pub epochs: usize,
    /// L2 penalty λ on the weights (not the biases).
    pub l2: f64,
    /// Seed of the mini-batch shuffles.
    pub seed: u64,
    pub early_stopping: Option<EarlyStopping>,
    /// Print a progress line every k epochs (None: silent).
    pub progress_every: Option<usize>,
}

/// Loss after every epoch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// J (with the penalty) on the training rows.
    pub train_loss: Vec<f64>,
    /// Mean loss (no penalty) on the validation rows; empty without a validation set.
    pub validation_loss: Vec<f64>,
}

/// A trained network with the record of its training.
#[derive(Debug, Clone)]
pub struct Trained {
    pub network: Network,
    pub history: History,
    pub status: Status,
    /// Epochs run.
    pub n_epochs: usize,
}

impl Trained {
    /// True if gradient descent met its tolerance.
    pub fn converged(&self) -> bool {
        self.status == Status::Converged
    }
}

/// Optimiser state: velocity / second moment v, first moment m, step count t.
struct State {
    v: Gradients,
    m: Gradients,
    t: i32,
}

impl Training {
    /// `epochs` epochs of `optimizer`; no penalty, no early stopping, seed 0, silent.
    pub fn new(optimizer: Optimizer, epochs: usize) -> Self {
        Training {
            optimizer,
            epochs,
            l2: 0.0,
            seed: 0,
            early_stopping: None,
            progress_every: None,
        }
    }
    /// L2 penalty λ.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }
    /// Seed of the shuffles.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Early stopping with patience t (needs a validation set).
    pub fn early_stopping(mut self, patience: usize) -> Self {
        self.early_stopping = Some(EarlyStopping { patience });
        self
    }
    /// Print a progress line every `k` epochs.
    pub fn progress_every(mut self, k: usize) -> Self {
        self.progress_every = Some(k);
        self
    }

    /// Train `network` on (x, y); `validation` (rows not used for training, never the test set)
    /// feeds the validation history and early stopping, whose best weights are restored.
    pub fn fit(
        &self,
        network: Network,
        x: &Array2<f64>,
        y: &Array1<f64>,
        validation: Option<(&Array2<f64>, &Array1<f64>)>,
    ) -> Result<Trained> {
        let targets = network.check_data(x, y, "Training::fit")?;
        self.check(x.nrows(), validation.is_some())?;
        let validation = match validation {
            Some((xv, yv)) => Some((
                xv,
                network.check_data(xv, yv, "Training::fit (validation set)")?,
            )),
            None => None,
        };
        let mut net = network;
        let mut state = State {
            v: zeros_like(&net),
            m: zeros_like(&net),
            t: 0,
        };
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut rows: Vec<usize> = (0..x.nrows()).collect();
        let mut history = History::default();
        let mut best: Option<Network> = None;
        let mut pass = net.pass(x); // forward pass at the current weights, reused by the next step
        for epoch in 1..=self.epochs {
            match self.optimizer.batch_size() {
                None => {
                    let g = net.backward(x, &pass, &targets, self.l2);
                    if let Optimizer::GradientDescent { tol, .. } = self.optimizer {
                        if max_abs(&g) < tol {
                            return Ok(finish(net, history, Status::Converged, epoch - 1));
                        }
                    }
                    step(&mut net, &g, &mut state, &self.optimizer);
                }
                Some(b) => {
                    rows.shuffle(&mut rng);
                    for batch in rows.chunks(b) {
                        let (xb, tb) = (x.select(Axis(0), batch), targets.select(Axis(0), batch));
                        let l2_batch = self.l2 * batch.len() as f64 / x.nrows() as f64;
                        let g = net.backward(&xb, &net.pass(&xb), &tb, l2_batch);
                        step(&mut net, &g, &mut state, &self.optimizer);
                    }
                }
            }
            pass = net.pass(x);
            let j = net.loss_from_pass(&pass, &targets, self.l2);
            if !j.is_finite() {
                return Err(Error::Diverged {
                    context: "Training::fit".into(),
                    iteration: epoch,
                    loss: j,
                    learning_rate: self.optimizer.learning_rate(),
                });
            }
            history.train_loss.push(j);
            if let Some((xv, tv)) = &validation {
                let v = net.loss_unchecked(xv, tv, 0.0);
                if history.validation_loss.iter().all(|&b| v < b) {
                    best = Some(net.clone());
                }
                history.validation_loss.push(v);
            }
            if let Some(k) = self.progress_every {
                if epoch % k == 0 || epoch == self.epochs {
                    progress(epoch, self.epochs, &history);
                }
            }
            if let Some(es) = self.early_stopping {
                if es.should_stop(&history.validation_loss) {
                    let best_epoch = best_epoch(&history.validation_loss) + 1;
                    let net = best.unwrap_or(net);
                    return Ok(finish(
                        net,
                        history,
                        Status::StoppedEarly { best_epoch },
                        epoch,
                    ));
                }
            }
        }
        Ok(finish(net, history, Status::MaxIterations, self.epochs))
    }

    fn check(&self, n: usize, has_validation: bool) -> Result<()> {
        hyper::learning_rate(self.optimizer.learning_rate())?;
        if let Some(b) = self.optimizer.batch_size() {
            hyper::batch_size(b, n)?;
        }
        match self.optimizer {
            Optimizer::MiniBatch { momentum, .. } => hyper::unit_interval("momentum", momentum)?,
            Optimizer::Adam { beta1, beta2, .. } => {
                hyper::unit_interval("beta1", beta1)?;
                hyper::unit_interval("beta2", beta2)?;
            }
            Optimizer::GradientDescent { .. } => {}
        }
        if self.epochs == 0 {
            return Err(Error::invalid("epochs", 0, "must be at least 1"));
        }
        hyper::l2(self.l2)?;
        if self.progress_every == Some(0) {
            return Err(Error::invalid(
                "progress_every",
                0,
                "must be at least 1 epoch",
            ));
        }
        hyper::early_stopping(self.early_stopping, has_validation)
    }
}

fn finish(network: Network, history: History, status: Status, n_epochs: usize) -> Trained {
    Trained {
        network,
        history,
        status,
        n_epochs,
    }
}

fn progress(epoch: usize, epochs: usize, h: &History) {
    let train = h.train_loss.last().copied().unwrap_or(f64::NAN);
    match h.validation_loss.last() {
        Some(v) => println!("epoch {epoch:>6}/{epochs}   train J {train:.5}   validation {v:.5}"),
        None => println!("epoch {epoch:>6}/{epochs}   train J {train:.5}"),
    }
}

fn zeros_like(net: &Network) -> Gradients {
    Gradients {
        weights: net.weights.iter().map(|w| Array2::zeros(w.dim())).collect(),
        biases: net.biases.iter().map(|b| Array1::zeros(b.len())).collect(),
    }
}

fn max_abs(g: &Gradients) -> f64 {
    let w = g.weights.iter().flat_map(|w| w.iter());
    let b = g.biases.iter().flat_map(|b| b.iter());
    w.chain(b).fold(0.0_f64, |m, v| m.max(v.abs()))
}

/// Apply one update of `optimizer` with gradients `g`.
fn step(net: &mut Network, g: &Gradients, s: &mut State, optimizer: &Optimizer) {
    s.t += 1;
    let t = s.t;
    let update = |p: &mut f64, g: f64, v: &mut f64, m: &mut f64| match *optimizer {
        Optimizer::GradientDescent { learning_rate, .. } => *p -= learning_rate * g,
        Optimizer::MiniBatch {
            learning_rate,
            momentum,
            ..
        } => {
            *v = momentum * *v - learning_rate * g;
            *p += *v;
        }
        Optimizer::Adam {
            learning_rate,
            beta1,
            beta2,
            ..
        } => {
            const EPS: f64 = 1e-8;
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            let m_hat = *m / (1.0 - beta1.powi(t));
            let v_hat = *v / (1.0 - beta2.powi(t));
            *p -= learning_rate * m_hat / (v_hat.sqrt() + EPS);
        }
    };
    for l in 0..net.weights.len() {
        let tensors = net.weights[l]
            .iter_mut()
            .zip(&g.weights[l])
            .zip(s.v.weights[l].iter_mut())
            .zip(s.m.weights[l].iter_mut());
        for (((p, &g), v), m) in tensors {
            update(p, g, v, m);
        }
        let tensors = net.biases[l]
            .iter_mut()
            .zip(&g.biases[l])
            .zip(s.v.biases[l].iter_mut())
            .zip(s.m.biases[l].iter_mut());
        for (((p, &g), v), m) in tensors {
            update(p, g, v, m);
        }
    }
}
