//! Logistic regression, fitted five ways: batch gradient descent, mini-batch SGD with momentum,
//! Nesterov's accelerated gradient, Adam, and Newton–Raphson (IRLS) — see [`loss`] for the
//! model, the objective and its derivatives.
//!
//! ```
//! use mlfs_core::logistic::{LogisticRegression, Solver};
//! use mlfs_core::ndarray::array;
//! let x = array![[0.0], [1.0], [2.0], [3.0], [1.5], [2.5]];
//! let y = array![0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
//! let fit = LogisticRegression::new(Solver::newton()).fit(&x, &y, None).unwrap();
//! assert!(fit.converged());
//! let p = fit.predict_proba(&x).unwrap();
//! assert!(p.iter().all(|&p| p > 0.0 && p < 1.0));
//! ```

pub mod early_stopping;
pub mod first_order;
pub mod loss;
pub mod newton;

use ndarray::{s, Array1, Array2, ArrayView1};

use crate::data::{check_finite_matrix, Standardizer};
use crate::error::{Error, Result};
use crate::hyper;
use crate::linear::check_finite_vector;
use crate::metrics::check_binary_labels;
pub use early_stopping::EarlyStopping;
pub use newton::LogitSummary;

/// How to minimise J(θ).
#[derive(Debug, Clone, PartialEq)]
pub enum Solver {
    /// θ ← θ − η ∇J(θ) on the full training set, until ‖∇J‖∞ < tol or `max_iter` steps.
    GradientDescent {
        learning_rate: f64,
        max_iter: usize,
        tol: f64,
    },
    /// Mini-batch SGD: every epoch reshuffles the rows (seeded) and takes one step per batch of
    /// `batch_size` rows (the leftover batch is kept). Classical momentum
    /// v ← μv − η∇J_B(θ), θ ← θ + v; with `nesterov` the gradient is taken at the look-ahead
    /// point θ + μv.
    MiniBatch {
        learning_rate: f64,
        batch_size: usize,
        momentum: f64,
        nesterov: bool,
        epochs: usize,
        tol: f64,
    },
    /// Adam (Kingma & Ba): per-coordinate steps η m̂ / (√v̂ + ε) from bias-corrected running
    /// means of the gradient and its square.
    Adam {
        learning_rate: f64,
        batch_size: usize,
        beta1: f64,
        beta2: f64,
        epochs: usize,
        tol: f64,
    },
    /// Newton–Raphson, θ ← θ − [∇²J]⁻¹∇J, each step solved as a weighted least-squares problem
    /// by Householder QR (iteratively reweighted least squares).
    Newton { max_iter: usize, tol: f64 },
}

impl Solver {
    /// Batch gradient descent with step η for at most `max_iter` iterations (tol 1e−6).
    pub fn gradient_descent(learning_rate: f64, max_iter: usize) -> Self {
        Solver::GradientDescent {
            learning_rate,
            max_iter,
            tol: 1e-6,
        }
    }
    /// Mini-batch SGD with classical momentum μ.
    pub fn momentum(learning_rate: f64, batch_size: usize, momentum: f64, epochs: usize) -> Self {
        Solver::MiniBatch {
            learning_rate,
            batch_size,
            momentum,
            nesterov: false,
            epochs,
            tol: 1e-6,
        }
    }
    /// Mini-batch SGD with Nesterov's look-ahead momentum μ.
    pub fn nesterov(learning_rate: f64, batch_size: usize, momentum: f64, epochs: usize) -> Self {
        Solver::MiniBatch {
            learning_rate,
            batch_size,
            momentum,
            nesterov: true,
            epochs,
            tol: 1e-6,
        }
    }
    /// Adam with the usual β₁ = 0.9, β₂ = 0.999.
    pub fn adam(learning_rate: f64, batch_size: usize, epochs: usize) -> Self {
        Solver::Adam {
            learning_rate,
            batch_size,
            beta1: 0.9,
            beta2: 0.999,
            epochs,
            tol: 1e-6,
        }
    }
    /// Newton–Raphson / IRLS: at most 50 iterations, stop when the largest step is below
    /// 1e−10·(1 + ‖θ‖∞).
    pub fn newton() -> Self {
        Solver::Newton {
            max_iter: 50,
            tol: 1e-10,
        }
    }

    /// A short name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            Solver::GradientDescent { .. } => "gradient descent",
            Solver::MiniBatch {
                nesterov: false, ..
            } => "mini-batch + momentum",
            Solver::MiniBatch { nesterov: true, .. } => "Nesterov",
            Solver::Adam { .. } => "Adam",
            Solver::Newton { .. } => "Newton / IRLS",
        }
    }
}

/// Logistic regression with an intercept. Build it, then [`LogisticRegression::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticRegression {
    pub solver: Solver,
    /// L2 penalty λ on the weights (never on the intercept); 0 for none. λ = 1/C in
    /// scikit-learn's parametrisation.
    pub l2: f64,
    /// Standardise the features with μ and σ of the training rows (default `true`). The
    /// coefficients are then those of the standardised features, and `predict*` standardise
    /// new rows with the same μ and σ.
    pub standardize: bool,
    /// Stop on the validation loss (needs a validation set in `fit`).
    pub early_stopping: Option<EarlyStopping>,
    /// Seed of the mini-batch shuffles.
    pub seed: u64,
}

/// Why an iterative fit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The convergence test passed (gradient or Newton step below tolerance).
    Converged,
    /// The iteration or epoch budget ran out first.
    MaxIterations,
    /// Early stopping fired; the weights of `best_epoch` (1-based) were restored.
    StoppedEarly { best_epoch: usize },
}

/// Per-iteration (or per-epoch) record of a fit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// J(θ) on the training rows after each iteration/epoch.
    pub train_loss: Vec<f64>,
    /// Mean log-loss on the validation rows (empty without a validation set).
    pub validation_loss: Vec<f64>,
    /// ROC AUC on the validation rows, or on the training rows without a validation set.
    pub auc: Vec<f64>,
}

impl LogisticRegression {
    /// A model fitted by `solver`, standardising, unpenalised, no early stopping, seed 0.
    pub fn new(solver: Solver) -> Self {
        LogisticRegression {
            solver,
            l2: 0.0,
            standardize: true,
            early_stopping: None,
            seed: 0,
        }
    }
    /// Set the L2 penalty λ (= 1/C).
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }
    /// Turn standardisation on or off.
    pub fn standardize(mut self, on: bool) -> Self {
        self.standardize = on;
        self
    }
    /// Stop early with patience t (see [`EarlyStopping`]).
    pub fn early_stopping(mut self, patience: usize) -> Self {
        self.early_stopping = Some(EarlyStopping { patience });
        self
    }
    /// Seed for the mini-batch shuffles.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Fit on (x, y) with labels 0/1; `validation` (rows not used for training, and never the
    /// test set) feeds the validation history and early stopping.
    pub fn fit(
        &self,
        x: &Array2<f64>,
        y: &Array1<f64>,
        validation: Option<(&Array2<f64>, &Array1<f64>)>,
    ) -> Result<LogisticFit> {
        self.check_hyper_parameters(x.nrows(), validation.is_some())?;
        check_training_data(x, y, "LogisticRegression::fit")?;
        let standardizer = if self.standardize {
            Some(Standardizer::fit(x)?)
        } else {
            None
        };
        let prepare = |x: &Array2<f64>| -> Result<Array2<f64>> {
            Ok(loss::with_intercept(
                match &standardizer {
                    Some(s) => s.transform(x)?,
                    None => x.clone(),
                }
                .view(),
            ))
        };
        let x1 = prepare(x)?;
        let validation = match validation {
            Some((xv, yv)) => {
                check_data(
                    xv,
                    yv,
                    x.ncols(),
                    "LogisticRegression::fit (validation set)",
                )?;
                Some((prepare(xv)?, yv.clone()))
            }
            None => None,
        };
        let problem = first_order::Problem {
            x1: x1.view(),
            y: y.view(),
            validation: validation.as_ref().map(|(a, b)| (a.view(), b.view())),
            l2: self.l2,
        };
        let outcome = match &self.solver {
            Solver::Newton { max_iter, tol } => newton::fit(&problem, *max_iter, *tol)?,
            solver => first_order::fit(&problem, solver, self.early_stopping, self.seed)?,
        };
        Ok(LogisticFit {
            theta: outcome.theta,
            standardizer,
            solver: self.solver.name(),
            l2: self.l2,
            status: outcome.status,
            n_iter: outcome.n_iter,
            history: outcome.history,
            newton: outcome.newton,
        })
    }

    fn check_hyper_parameters(&self, n: usize, has_validation: bool) -> Result<()> {
        hyper::l2(self.l2)?;
        hyper::early_stopping(self.early_stopping, has_validation)?;
        match self.solver {
            Solver::GradientDescent { learning_rate, .. } => hyper::learning_rate(learning_rate),
            Solver::MiniBatch {
                learning_rate,
                batch_size,
                momentum,
                ..
            } => {
                hyper::unit_interval("momentum", momentum)?;
                hyper::learning_rate(learning_rate)?;
                hyper::batch_size(batch_size, n)
            }
            Solver::Adam {
                learning_rate,
                batch_size,
                beta1,
                beta2,
                ..
            } => {
                hyper::unit_interval("beta1", beta1)?;
                hyper::unit_interval("beta2", beta2)?;
                hyper::learning_rate(learning_rate)?;
                hyper::batch_size(batch_size, n)
            }
            Solver::Newton { .. } => Ok(()),
        }
    }
}

/// Shapes, finiteness and 0/1 labels of (x, y) with `p` columns expected.
fn check_data(x: &Array2<f64>, y: &Array1<f64>, p: usize, context: &str) -> Result<()> {
    if x.ncols() != p {
        return Err(Error::shape(
            context,
            format!("{p} columns"),
            format!("{} columns", x.ncols()),
        ));
    }
    if y.len() != x.nrows() {
        return Err(Error::shape(
            context,
            format!("y of length {} (the rows of x)", x.nrows()),
            format!("y of length {}", y.len()),
        ));
    }
    check_finite_matrix(x.view(), context)?;
    check_finite_vector(y.view(), context)?;
    check_binary_labels(y.view(), context)
}

/// [`check_data`] plus: both classes present.
fn check_training_data(x: &Array2<f64>, y: &Array1<f64>, context: &str) -> Result<()> {
    check_data(x, y, x.ncols(), context)?;
    let positives = y.sum();
    if positives == 0.0 || positives == y.len() as f64 {
        return Err(Error::SingleClass {
            context: context.to_string(),
            class: u8::from(positives > 0.0),
        });
    }
    Ok(())
}

/// What a solver returns.
pub(crate) struct Outcome {
    pub theta: Array1<f64>,
    pub status: Status,
    pub n_iter: usize,
    pub history: History,
    pub newton: Option<newton::NewtonInfo>,
}

/// A fitted logistic regression.
#[derive(Debug, Clone)]
pub struct LogisticFit {
    theta: Array1<f64>,
    standardizer: Option<Standardizer>,
    solver: &'static str,
    l2: f64,
    status: Status,
    n_iter: usize,
    history: History,
    newton: Option<newton::NewtonInfo>,
}

impl LogisticFit {
    /// θ = [b, w]: the intercept, then one weight per feature (of the standardised features
    /// when the model standardises).
    pub fn params(&self) -> &Array1<f64> {
        &self.theta
    }
    /// The weights w.
    pub fn coefficients(&self) -> ArrayView1<'_, f64> {
        self.theta.slice(s![1..])
    }
    /// The intercept b.
    pub fn intercept(&self) -> f64 {
        self.theta[0]
    }
    /// The μ and σ used to standardise, if any.
    pub fn standardizer(&self) -> Option<&Standardizer> {
        self.standardizer.as_ref()
    }
    /// Which solver produced the fit.
    pub fn solver(&self) -> &'static str {
        self.solver
    }
    /// Why the fit ended.
    pub fn status(&self) -> Status {
        self.status
    }
    /// True when the convergence test passed.
    pub fn converged(&self) -> bool {
        self.status == Status::Converged
    }
    /// True when early stopping fired (the best weights were restored).
    pub fn stopped_early(&self) -> bool {
        matches!(self.status, Status::StoppedEarly { .. })
    }
    /// Iterations (gradient descent, Newton) or epochs (mini-batch, Adam) run.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }
    /// Loss and AUC after every iteration or epoch.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The logits z = b + x·w for new rows (standardised first, if the model standardises).
    pub fn decision_function(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        let p = self.theta.len() - 1;
        if x.ncols() != p {
            return Err(Error::shape(
                "LogisticFit::predict",
                format!("{p} columns (as at fit time)"),
                format!("{} columns", x.ncols()),
            ));
        }
        check_finite_matrix(x.view(), "LogisticFit::predict")?;
        let xs = match &self.standardizer {
            Some(s) => s.transform(x)?,
            None => x.clone(),
        };
        Ok(xs.dot(&self.coefficients()) + self.intercept())
    }
    /// P(y = 1 | x) = σ(b + x·w).
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        Ok(self.decision_function(x)?.mapv(loss::sigmoid))
    }
    /// 1 where P(y = 1 | x) ≥ `threshold`, else 0.
    pub fn predict(&self, x: &Array2<f64>, threshold: f64) -> Result<Array1<f64>> {
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::invalid("threshold", threshold, "must be in [0, 1]"));
        }
        Ok(self
            .predict_proba(x)?
            .mapv(|p| if p >= threshold { 1.0 } else { 0.0 }))
    }

    /// statsmodels-Logit-style inference (Newton fits without a penalty only).
    pub fn summary(&self) -> Result<LogitSummary> {
        match (&self.newton, self.l2) {
            (Some(info), 0.0) => newton::summary(&self.theta, info),
            _ => Err(Error::invalid(
                "solver",
                self.solver,
                "the summary's standard errors need an unpenalised Newton fit \
                 (Solver::newton() with l2 = 0)",
            )),
        }
    }
}
