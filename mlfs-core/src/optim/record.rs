//! The record of a run, kept one way for every solver — the first-order rules of [`minimise`]
//! and Newton's method alike: the history, the divergence checks, the validation loss and AUC.
//!
//! A run has diverged when, after some iteration, J(θ) or θ is not finite, or when the
//! parameters it returns have a training loss
//!
//! ```text
//!     J(θ̂)  >  2 · max(J(θ₀), ln 2)
//! ```
//!
//! A descent method with a workable step ends below where it started; mini-batch noise moves
//! the loss by a fraction of J(θ₀), not by a factor of two. ln 2 is the cross-entropy of
//! predicting P = ½ for every row (where logistic regression starts, θ₀ = 0), so the floor keeps
//! a start that is already close to a perfect fit from calling ordinary noise divergence: a fit
//! above 2 ln 2 is worse than a coin toss by far.
//!
//! [`minimise`]: super::minimise

use ndarray::{Array1, ArrayView1};

use super::history::{History, Status};
use crate::error::{Error, Result};

/// What a run records about θ besides its training loss: the loss, and for classifiers that
/// keep it the ROC AUC, on the validation rows.
pub trait Monitor {
    /// Mean loss (no penalty) on the validation rows; `None` without a validation set.
    fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64>;
    /// ROC AUC on the validation rows, for models that record it (logistic regression); an
    /// `Err` where it is undefined (validation rows of one class), recorded as NaN.
    fn validation_auc(&mut self, _theta: ArrayView1<f64>) -> Option<Result<f64>> {
        None
    }
}

/// The factor of the divergence rule: J(θ̂) > `DIVERGENCE_FACTOR` · max(J(θ₀), ln 2).
pub const DIVERGENCE_FACTOR: f64 = 2.0;

/// The history of one run, and the parameters of its best validation epoch.
pub(crate) struct Recorder {
    context: &'static str,
    /// What to do about a divergence, for this solver.
    advice: String,
    /// J(θ₀).
    start_loss: f64,
    history: History,
    best_theta: Option<Array1<f64>>,
}

impl Recorder {
    /// A record for the public function `context`, starting from J(θ₀) = `start_loss`; `advice`
    /// ends a divergence error.
    pub(crate) fn new(context: &'static str, start_loss: f64, advice: String) -> Self {
        Recorder {
            context,
            advice,
            start_loss,
            history: History::default(),
            best_theta: None,
        }
    }

    pub(crate) fn history(&self) -> &History {
        &self.history
    }

    /// Record θ after the next iteration, with its training loss J(θ) = `loss`: an error if
    /// either is not finite; then the validation loss (keeping θ if it is the best so far) and
    /// the validation AUC, NaN where it is undefined.
    pub(crate) fn record(
        &mut self,
        theta: &Array1<f64>,
        loss: f64,
        monitor: &mut impl Monitor,
    ) -> Result<()> {
        if !loss.is_finite() || theta.iter().any(|t| !t.is_finite()) {
            return Err(self.diverged(self.history.len() + 1, loss));
        }
        self.history.train_loss.push(loss);
        if let Some(v) = monitor.validation_loss(theta.view()) {
            if self.history.validation_loss.iter().all(|&b| v < b) {
                self.best_theta = Some(theta.clone());
            }
            self.history.validation_loss.push(v);
        }
        if let Some(auc) = monitor.validation_auc(theta.view()) {
            self.history.validation_auc.push(auc.unwrap_or(f64::NAN));
        }
        Ok(())
    }

    /// The parameters a run that ended with `status` at θ = `theta` returns (the best
    /// validation epoch's after early stopping), and its history; an error if their training
    /// loss breaks the divergence rule.
    pub(crate) fn finish(
        self,
        theta: Array1<f64>,
        status: Status,
    ) -> Result<(Array1<f64>, History)> {
        let epoch = self.history.returned_epoch(status);
        if let Some(&loss) = epoch
            .checked_sub(1)
            .and_then(|e| self.history.train_loss.get(e))
        {
            if loss > DIVERGENCE_FACTOR * self.start_loss.max(std::f64::consts::LN_2) {
                return Err(self.diverged(epoch, loss));
            }
        }
        let theta = match status {
            Status::StoppedEarly { .. } => self.best_theta.unwrap_or(theta),
            Status::Converged | Status::MaxIterations => theta,
        };
        Ok((theta, self.history))
    }

    fn diverged(&self, iteration: usize, loss: f64) -> Error {
        Error::Diverged {
            context: self.context.to_string(),
            iteration,
            loss,
            start_loss: self.start_loss,
            advice: self.advice.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::LN_2;

    /// Validation rows whose AUC is undefined (one class), with a loss of ‖θ‖₁.
    struct OneClass;
    impl Monitor for OneClass {
        fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64> {
            Some(theta.iter().map(|t| t.abs()).sum())
        }
        fn validation_auc(&mut self, _theta: ArrayView1<f64>) -> Option<Result<f64>> {
            Some(Err(Error::invalid("y", "one class", "needs both")))
        }
    }

    fn recorder() -> Recorder {
        Recorder::new("test", LN_2, "do this instead".into())
    }

    #[test]
    fn an_undefined_auc_is_recorded_as_nan_beside_the_loss() {
        let mut r = recorder();
        r.record(&Array1::from(vec![1.0, -2.0]), 0.5, &mut OneClass)
            .unwrap();
        let h = r.history();
        assert_eq!(
            (h.train_loss.clone(), h.validation_loss.clone()),
            (vec![0.5], vec![3.0])
        );
        assert_eq!(h.validation_auc.len(), 1);
        assert!(h.validation_auc[0].is_nan());
    }

    #[test]
    fn a_non_finite_loss_or_theta_is_divergence_at_that_iteration() {
        let mut r = recorder();
        let theta = Array1::from(vec![1.0]);
        r.record(&theta, 0.6, &mut OneClass).unwrap();
        let err = r.record(&theta, f64::NAN, &mut OneClass).unwrap_err();
        assert!(
            matches!(err, Error::Diverged { iteration: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().ends_with("; do this instead"), "{err}");
        let err = r
            .record(&Array1::from(vec![f64::INFINITY]), 0.6, &mut OneClass)
            .unwrap_err();
        assert!(matches!(err, Error::Diverged { .. }), "{err:?}");
    }

    #[test]
    fn a_returned_loss_above_twice_the_start_is_divergence() {
        let theta = Array1::from(vec![1.0]);
        let finish_at = |losses: &[f64], status| {
            let mut r = recorder();
            for &j in losses {
                r.record(&theta, j, &mut OneClass).unwrap();
            }
            r.finish(theta.clone(), status)
        };
        let limit = DIVERGENCE_FACTOR * LN_2;
        // up to 2 ln 2 is a fit (however poor), above it divergence
        assert!(finish_at(&[0.5, limit], Status::MaxIterations).is_ok());
        let err = finish_at(&[0.5, 1.5], Status::MaxIterations).unwrap_err();
        assert!(
            matches!(err, Error::Diverged { iteration: 2, loss, .. } if loss == 1.5),
            "{err:?}"
        );
        // early stopping returns the best epoch's parameters: their loss is the one judged
        let stopped = Status::StoppedEarly { best_epoch: 1 };
        assert!(finish_at(&[0.5, 9.0], stopped).is_ok());
    }
}
