//! Logistic regression, fitted five ways: by the shared first-order optimisers of [`crate::optim`]
//! (batch gradient descent, mini-batch SGD with momentum, Nesterov's accelerated gradient, Adam)
//! or by its own second-order solver, Newton–Raphson / IRLS ([`newton`]). See [`loss`] for the
//! model, the objective and its derivatives.
//!
//! The model standardises its features by default with [`data::Standardizer`](crate::data::Standardizer)
//! (μ and σ of the training rows, re-used for new rows): the one thing this algorithm takes from
//! `data`, because the first-order solvers' step sizes only make sense on features of one scale.
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

pub mod loss;
pub mod newton;
mod objective;

use ndarray::{s, Array1, Array2, ArrayView1, Axis};

use crate::check;
use crate::data::Standardizer;
use crate::error::{within, Error, Result};
use crate::optim::{self, Rule, Training};
pub use crate::optim::{History, Status};
pub use newton::LogitSummary;
use newton::{Design, Outcome};
use objective::{Problem, Validation};

/// How to minimise J(θ): a first-order run of the shared optimisers, or Newton's method.
#[derive(Debug, Clone, PartialEq)]
pub enum Solver {
    /// Any [`Training`] of [`crate::optim`]: gradient descent, momentum, Nesterov or Adam, full
    /// batch or mini-batch, with early stopping and the shuffles' seed — every setting of a
    /// first-order run lives there. λ is the model's: [`LogisticRegression::l2`].
    FirstOrder(Training),
    /// Newton–Raphson, θ ← θ − [∇²J]⁻¹∇J, each step solved by Householder QR (IRLS); stops when
    /// the largest step is below tol·(1 + ‖θ‖∞). With `chord`, steps near the optimum reuse the
    /// last Hessian (a pass then forms only ∇J: faster on large n, same answer; a chord step
    /// must be below tol/10 of that to stop). See [`newton`]. Newton has no learning rate,
    /// batches, seed or early stopping: those are settings of [`Solver::FirstOrder`] only.
    Newton {
        max_iter: usize,
        tol: f64,
        chord: bool,
    },
}

impl Solver {
    /// Batch gradient descent with step η for at most `max_iter` iterations (tol 1e−6).
    pub fn gradient_descent(learning_rate: f64, max_iter: usize) -> Self {
        Solver::FirstOrder(Training::new(
            Rule::gradient_descent(learning_rate),
            max_iter,
        ))
    }
    /// Mini-batch SGD with classical momentum μ.
    pub fn momentum(learning_rate: f64, batch_size: usize, momentum: f64, epochs: usize) -> Self {
        let rule = Rule::momentum(learning_rate, momentum);
        Solver::FirstOrder(Training::new(rule, epochs).batch_size(batch_size))
    }
    /// Mini-batch SGD with Nesterov's look-ahead momentum μ.
    pub fn nesterov(learning_rate: f64, batch_size: usize, momentum: f64, epochs: usize) -> Self {
        let rule = Rule::nesterov(learning_rate, momentum);
        Solver::FirstOrder(Training::new(rule, epochs).batch_size(batch_size))
    }
    /// Mini-batch Adam with β₁ = 0.9, β₂ = 0.999.
    pub fn adam(learning_rate: f64, batch_size: usize, epochs: usize) -> Self {
        Solver::FirstOrder(Training::new(Rule::adam(learning_rate), epochs).batch_size(batch_size))
    }
    /// Newton–Raphson / IRLS: at most 50 iterations, tol 1e−10, a fresh Hessian every step.
    pub fn newton() -> Self {
        Solver::Newton {
            max_iter: 50,
            tol: 1e-10,
            chord: false,
        }
    }
    /// [`Solver::newton`] with chord steps near the optimum (the last Hessian reused): fewer
    /// Hessians, for large n. Same answer to the same tolerance; more, cheaper iterations.
    pub fn newton_chord() -> Self {
        Solver::Newton {
            max_iter: 50,
            tol: 1e-10,
            chord: true,
        }
    }
    /// A short name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            Solver::FirstOrder(t) => t.rule.name(),
            Solver::Newton { .. } => "Newton / IRLS",
        }
    }
}

/// Any first-order [`Training`] is a solver: `LogisticRegression::new(training)`.
impl From<Training> for Solver {
    fn from(training: Training) -> Self {
        Solver::FirstOrder(training)
    }
}

/// Logistic regression settings. Build, then [`LogisticRegression::fit`].
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
    /// Names of the feature columns (default x1, x2, …).
    pub feature_names: Option<Vec<String>>,
}

impl LogisticRegression {
    /// A model fitted by `solver` — a [`Solver`], or a first-order [`Training`] — standardising,
    /// unpenalised.
    pub fn new(solver: impl Into<Solver>) -> Self {
        LogisticRegression {
            solver: solver.into(),
            l2: 0.0,
            standardize: true,
            feature_names: None,
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
    /// Name the feature columns (used by the summary).
    pub fn with_names(mut self, names: &[impl AsRef<str>]) -> Self {
        self.feature_names = Some(names.iter().map(|s| s.as_ref().to_string()).collect());
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
        self.try_fit(x, y, validation).map_err(within(FIT))
    }

    /// [`LogisticRegression::fit`], with errors not yet named after it.
    fn try_fit(
        &self,
        x: &Array2<f64>,
        y: &Array1<f64>,
        validation: Option<(&Array2<f64>, &Array1<f64>)>,
    ) -> Result<LogisticFit> {
        const CONTEXT: &str = FIT;
        check_data(x, y, x.ncols(), CONTEXT)?;
        check::both_classes(y.view(), CONTEXT)?;
        self.check_settings(x.nrows(), validation.is_some())?;
        let names = check::feature_names(self.feature_names.as_deref(), x.ncols(), CONTEXT)?;
        let standardizer = self.standardize.then(|| Standardizer::fit(x)).transpose()?;
        // X₁ = [1 | X] (standardised first if asked): the one copy of the training data a fit
        // makes — except Newton without standardisation, which reads X itself (see Design)
        let prepare = |x: &Array2<f64>| -> Result<Array2<f64>> {
            Ok(match &standardizer {
                Some(s) => loss::with_intercept(s.transform(x)?.view()),
                None => loss::with_intercept(x.view()),
            })
        };
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
        let valid = validation.as_ref().map(|(a, b)| (a.view(), b.view()));
        let outcome = match &self.solver {
            Solver::Newton {
                max_iter,
                tol,
                chord,
            } => {
                let settings = (*max_iter, *tol, *chord);
                let (y, l2) = (y.view(), self.l2);
                let design_names = design_names(&names);
                if standardizer.is_some() {
                    let x1 = prepare(x)?;
                    let design = Design::Stored(x1.view());
                    newton::fit(design, y, valid, l2, settings, &design_names)?
                } else {
                    let design = Design::Implicit(x.view());
                    newton::fit(design, y, valid, l2, settings, &design_names)?
                }
            }
            Solver::FirstOrder(training) => {
                let x1 = prepare(x)?;
                let mut problem = Problem::new(x1.view(), y.view(), Validation(valid), self.l2);
                let theta0 = Array1::zeros(x1.ncols());
                Outcome::from(optim::minimise(&mut problem, theta0, training)?)
            }
        };
        Ok(LogisticFit {
            theta: outcome.theta,
            standardizer,
            names,
            solver: self.solver.name(),
            l2: self.l2,
            status: outcome.status,
            n_iter: outcome.n_iter,
            history: outcome.history,
            newton: outcome.newton,
        })
    }

    fn check_settings(&self, n: usize, has_validation: bool) -> Result<()> {
        optim::check_l2(self.l2)?;
        match &self.solver {
            Solver::FirstOrder(t) => t.validate(n, has_validation),
            Solver::Newton { max_iter, tol, .. } => {
                optim::check_budget(*max_iter)?;
                optim::check_positive("tol", *tol, "try 1e-10")
            }
        }
    }
}

/// The columns of X₁ = [1 | X]: "const", then the feature names (as OLS names them).
fn design_names(features: &[String]) -> Vec<String> {
    std::iter::once("const".to_string())
        .chain(features.iter().cloned())
        .collect()
}

/// The context of every error of a fit.
const FIT: &str = "LogisticRegression::fit";

/// Shapes, finiteness and 0/1 labels of (x, y) with `p` columns expected.
fn check_data(x: &Array2<f64>, y: &Array1<f64>, p: usize, context: &str) -> Result<()> {
    check::finite_matrix(x.view(), context)?;
    check::columns(x.view(), p, context)?;
    check::rows_match(x.view(), y.view(), context)?;
    check::finite_vector(y.view(), context)?;
    check::binary_labels(y.view(), context)
}

/// A fitted logistic regression.
#[derive(Debug, Clone)]
pub struct LogisticFit {
    theta: Array1<f64>,
    standardizer: Option<Standardizer>,
    names: Vec<String>,
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
    /// The feature names, one per column of x.
    pub fn feature_names(&self) -> &[String] {
        &self.names
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
    /// Iterations (gradient descent, Newton) or epochs (mini-batch methods) run.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }
    /// Loss (and validation AUC) after every iteration or epoch.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The decision scores: logits z = b + x·w for new rows (standardised first, if the model
    /// standardises), one per row.
    pub fn decision_function(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.logits(x, "LogisticFit::decision_function")
    }
    /// Class probabilities, n × 2: column 0 is P(y = 0 | x), column 1 is P(y = 1 | x) = σ(z).
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let z = self.logits(x, "LogisticFit::predict_proba")?;
        Ok(binary_proba(z.mapv(loss::sigmoid)))
    }
    /// Predicted labels: 1 where P(y = 1 | x) ≥ ½, else 0.
    pub fn predict(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.labels(x, 0.5, "LogisticFit::predict")
    }
    /// Predicted labels at another threshold τ: 1 where P(y = 1 | x) ≥ τ.
    pub fn predict_at(&self, x: &Array2<f64>, threshold: f64) -> Result<Array1<f64>> {
        const CONTEXT: &str = "LogisticFit::predict_at";
        if !(0.0..=1.0).contains(&threshold) {
            let reason = "must be in [0, 1]";
            return Err(Error::invalid("threshold", threshold, reason).within(CONTEXT));
        }
        self.labels(x, threshold, CONTEXT)
    }

    /// z = b + x·w for the public function `context`.
    fn logits(&self, x: &Array2<f64>, context: &str) -> Result<Array1<f64>> {
        check::finite_matrix(x.view(), context)?;
        check::columns(x.view(), self.theta.len() - 1, context)?;
        let xs = match &self.standardizer {
            Some(s) => s.transform(x).map_err(within(context))?,
            None => x.clone(),
        };
        Ok(xs.dot(&self.coefficients()) + self.intercept())
    }

    /// 1 where σ(z) ≥ τ, else 0.
    fn labels(&self, x: &Array2<f64>, threshold: f64, context: &str) -> Result<Array1<f64>> {
        let p = self.logits(x, context)?.mapv(loss::sigmoid);
        Ok(p.mapv(|p| if p >= threshold { 1.0 } else { 0.0 }))
    }

    /// statsmodels-Logit-style inference (Newton fits without a penalty only).
    ///
    /// An error names the setting that rules the summary out: `solver` for a first-order fit
    /// (only Newton's method forms the Hessian whose inverse gives the standard errors), `l2`
    /// for a penalised fit (a penalty shifts θ̂ away from the maximum-likelihood estimate that
    /// the standard errors, z and p-values describe).
    pub fn summary(&self) -> Result<LogitSummary> {
        const CONTEXT: &str = "LogisticFit::summary";
        let Some(info) = &self.newton else {
            return Err(Error::invalid(
                "solver",
                self.solver,
                "the summary's standard errors come from the Hessian at θ̂, which only Newton's \
                 method forms: fit with Solver::newton() (and l2 = 0) for inference",
            )
            .within(CONTEXT));
        };
        if self.l2 != 0.0 {
            return Err(Error::invalid(
                "l2",
                self.l2,
                "the summary's standard errors, z and p-values are those of the \
                 maximum-likelihood estimate, which a penalty shifts: fit with \
                 LogisticRegression::l2(0.0) for inference (the penalised fit still predicts)",
            )
            .within(CONTEXT));
        }
        newton::summary(&self.theta, info)
            .and_then(|s| s.with_names(&self.names))
            .map_err(within(CONTEXT))
    }
}

/// The n × 2 matrix [1 − p, p] of a binary model's P(y = 1) = p.
pub(crate) fn binary_proba(p: Array1<f64>) -> Array2<f64> {
    let p1 = p.insert_axis(Axis(1));
    ndarray::concatenate![Axis(1), p1.mapv(|p| 1.0 - p), p1]
}
