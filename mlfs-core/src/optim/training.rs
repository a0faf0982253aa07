//! [`Training`] settings, their checks, and the loop that runs them: [`minimise`].

use ndarray::Array1;

use super::batches::Batches;
use super::history::{best_index, EarlyStopping, History, Status};
use super::record::Recorder;
use super::rule::{Rule, State};
use super::{max_abs, Objective};
use crate::error::{within, Error, Result};

/// Default convergence tolerance on max|∇J|.
pub const DEFAULT_TOL: f64 = 1e-6;

/// Settings of a first-order run. Build with [`Training::new`], adjust with the builder methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    /// The update rule and its step size.
    pub rule: Rule,
    /// Rows per batch; `None` for full-batch steps (one step per epoch).
    pub batch_size: Option<usize>,
    /// Budget of epochs (iterations, for full-batch steps).
    pub epochs: usize,
    /// Converged once max|∇J(θ)| < tol on the full training set after an epoch.
    pub tol: f64,
    /// Stop on the validation loss (needs a validation set).
    pub early_stopping: Option<EarlyStopping>,
    /// Seed of the mini-batch shuffles.
    pub seed: u64,
    /// Print a progress line every k epochs (`None`: silent).
    pub progress_every: Option<usize>,
}

impl Training {
    /// `epochs` full-batch epochs of `rule`; tol 1e−6, no early stopping, seed 0. (The L2
    /// penalty λ is part of the objective, so it is set on the model: `LogisticRegression::l2`,
    /// `Mlp::l2`.)
    pub fn new(rule: Rule, epochs: usize) -> Self {
        Training {
            rule,
            batch_size: None,
            epochs,
            tol: DEFAULT_TOL,
            early_stopping: None,
            seed: 0,
            progress_every: None,
        }
    }
    /// Mini-batches of `b` rows, reshuffled every epoch.
    pub fn batch_size(mut self, b: usize) -> Self {
        self.batch_size = Some(b);
        self
    }
    /// Convergence tolerance on max|∇J|.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Early stopping with patience t epochs (see [`EarlyStopping`]).
    pub fn early_stopping(mut self, patience: usize) -> Self {
        self.early_stopping = Some(EarlyStopping { patience });
        self
    }
    /// Seed of the shuffles.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Print a progress line every `k` epochs.
    pub fn progress_every(mut self, k: usize) -> Self {
        self.progress_every = Some(k);
        self
    }

    /// Check every setting for a problem with `n` training rows.
    pub fn check(&self, n: usize, has_validation: bool) -> Result<()> {
        self.validate(n, has_validation)
            .map_err(within("Training::check"))
    }

    /// [`Training::check`] for a fit, which names the errors after itself.
    pub(crate) fn validate(&self, n: usize, has_validation: bool) -> Result<()> {
        positive("learning_rate", self.rule.learning_rate(), "try 0.1")?;
        match self.rule {
            Rule::GradientDescent { .. } => {}
            Rule::Momentum { momentum, .. } => unit_interval("momentum", momentum)?,
            Rule::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            } => {
                unit_interval("beta1", beta1)?;
                unit_interval("beta2", beta2)?;
                positive("epsilon", epsilon, "the usual value is 1e-8")?;
            }
        }
        if let Some(b) = self.batch_size {
            if b == 0 || b > n {
                let advice = format!("must be between 1 and the number of training rows ({n})");
                return Err(Error::invalid("batch_size", b, &advice));
            }
        }
        budget(self.epochs)?;
        positive("tol", self.tol, "try 1e-6")?;
        if self.progress_every == Some(0) {
            return Err(Error::invalid("progress_every", 0, "must be at least 1"));
        }
        check_early_stopping(self.early_stopping, has_validation)
    }
}

/// The name under which a zero iteration budget is reported, by every solver alike.
pub const BUDGET: &str = "epochs / max_iter";

/// The iteration budget — epochs of a first-order run (iterations, full batch), iterations of
/// Newton's method — is at least 1: a run of 0 iterations would hand back its starting point
/// (θ = 0, or a network's initial weights) as if it were a fit.
pub(crate) fn budget(iterations: usize) -> Result<()> {
    if iterations == 0 {
        return Err(Error::invalid(
            BUDGET,
            0,
            "must be at least 1: with no iterations the fit would return its starting point \
             unfitted; give a budget such as 100",
        ));
    }
    Ok(())
}

/// A finite number > 0.
pub(crate) fn positive(name: &str, v: f64, hint: &str) -> Result<()> {
    if v > 0.0 && v.is_finite() {
        Ok(())
    } else {
        let advice = format!("must be a finite number > 0 ({hint})");
        Err(Error::invalid(name, v, &advice))
    }
}

/// The L2 penalty λ of a model (never on intercepts or biases): a finite number ≥ 0.
pub(crate) fn l2(l2: f64) -> Result<()> {
    if l2 >= 0.0 && l2.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            "l2",
            l2,
            "must be a finite number ≥ 0 (0: no penalty)",
        ))
    }
}

/// Momentum and Adam's β₁, β₂ lie in [0, 1).
fn unit_interval(name: &str, v: f64) -> Result<()> {
    if (0.0..1.0).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(name, v, "must be in [0, 1)"))
    }
}

/// Early stopping needs a patience of at least one epoch and a validation set.
fn check_early_stopping(es: Option<EarlyStopping>, has_validation: bool) -> Result<()> {
    let Some(es) = es else { return Ok(()) };
    if es.patience == 0 {
        return Err(Error::invalid("patience", 0, "must be at least 1 epoch"));
    }
    if !has_validation {
        return Err(Error::invalid(
            "early_stopping",
            "set",
            "early stopping needs a validation set: pass Some((&x_val, &y_val)) to fit, \
             carved out of the training rows (never the test set)",
        ));
    }
    Ok(())
}

/// The result of [`minimise`].
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The final parameters (the best validation epoch's, if early stopping fired).
    pub theta: Array1<f64>,
    pub status: Status,
    /// Epochs run.
    pub n_iter: usize,
    pub history: History,
}

/// Run `settings` on `objective` from θ₀. The settings must have passed [`Training::check`].
///
/// Errors with [`Error::Diverged`] when the run diverges: J or θ not finite after an epoch, or
/// the returned parameters' training loss above 2·max(J(θ₀), ln 2) (the rule of
/// [`DIVERGENCE_FACTOR`](super::DIVERGENCE_FACTOR)).
pub fn minimise(
    objective: &mut impl Objective,
    theta0: Array1<f64>,
    settings: &Training,
) -> Result<Outcome> {
    let mut run = Run::new(objective, theta0, settings);
    for epoch in 1..=settings.epochs {
        run.epoch();
        run.evaluate(epoch)?;
        if let Some(status) = run.stop_reason() {
            return run.finish(status, epoch);
        }
    }
    run.finish(Status::MaxIterations, settings.epochs)
}

/// What to do when a first-order run with `rule` diverges.
fn advice(rule: &Rule) -> String {
    format!(
        "lower the learning rate (it is {}) or standardise the features",
        rule.learning_rate()
    )
}

/// The state of a run: θ, the rule's memory, the full gradient at θ, the record so far.
struct Run<'a, O: Objective> {
    objective: &'a mut O,
    settings: &'a Training,
    theta: Array1<f64>,
    state: State,
    batches: Batches,
    /// ∇J(θ) on the full training set at the current θ.
    g: Array1<f64>,
    record: Recorder,
}

impl<'a, O: Objective> Run<'a, O> {
    /// A run from θ₀, whose J(θ₀) (and ∇J(θ₀), the first full-batch step's) it evaluates.
    fn new(objective: &'a mut O, theta: Array1<f64>, settings: &'a Training) -> Self {
        let mut g = Array1::zeros(theta.len());
        let j0 = objective.loss_and_gradient(theta.view(), None, g.view_mut());
        let record = Recorder::new(objective.context(), j0, advice(&settings.rule));
        Run {
            batches: Batches::new(objective.n_rows(), settings.seed),
            state: State::new(theta.len()),
            objective,
            settings,
            theta,
            g,
            record,
        }
    }

    /// One epoch: one full-batch step, or one step per mini-batch.
    fn epoch(&mut self) {
        let rule = self.settings.rule;
        match self.settings.batch_size {
            None => self.state.step(&rule, &mut self.theta, &self.g),
            Some(b) => {
                let mut gb = Array1::zeros(self.theta.len());
                for batch in self.batches.epoch(b) {
                    let theta = self.theta.view();
                    self.objective
                        .loss_and_gradient(theta, Some(batch), gb.view_mut());
                    self.state.step(&rule, &mut self.theta, &gb);
                }
            }
        }
    }

    /// J and ∇J on the full training set, recorded with the validation loss and AUC.
    fn evaluate(&mut self, epoch: usize) -> Result<()> {
        let o = &mut *self.objective;
        let j = o.loss_and_gradient(self.theta.view(), None, self.g.view_mut());
        self.record.record(&self.theta, j, o)?;
        self.progress(epoch);
        Ok(())
    }

    fn progress(&self, epoch: usize) {
        let Some(k) = self.settings.progress_every else {
            return;
        };
        let epochs = self.settings.epochs;
        if epoch.is_multiple_of(k) || epoch == epochs {
            let h = self.record.history();
            let train = h.train_loss[h.train_loss.len() - 1];
            match h.validation_loss.last() {
                Some(v) => {
                    println!("epoch {epoch:>6}/{epochs}   train J {train:.5}   validation {v:.5}")
                }
                None => println!("epoch {epoch:>6}/{epochs}   train J {train:.5}"),
            }
        }
    }

    fn stop_reason(&self) -> Option<Status> {
        if max_abs(&self.g) < self.settings.tol {
            return Some(Status::Converged);
        }
        let es = self.settings.early_stopping?;
        let losses = &self.record.history().validation_loss;
        es.should_stop(losses).then(|| Status::StoppedEarly {
            best_epoch: best_index(losses) + 1,
        })
    }

    fn finish(self, status: Status, n_iter: usize) -> Result<Outcome> {
        let (theta, history) = self.record.finish(self.theta, status)?;
        Ok(Outcome {
            theta,
            status,
            n_iter,
            history,
        })
    }
}
