//! What a fit reports: the per-epoch [`History`], why it ended ([`Status`]), and the
//! early-stopping rule.

/// Why a fit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The convergence test passed (max|∇J| or the Newton step below tolerance), or a direct
    /// method (OLS by QR) solved the problem exactly.
    Converged,
    /// The iteration or epoch budget ran out first.
    MaxIterations,
    /// Early stopping fired; the parameters of `best_epoch` (1-based) were restored.
    StoppedEarly { best_epoch: usize },
}

impl std::fmt::Display for Status {
    /// "converged", "budget used up", or "stopped, best = e" (honours width and alignment, so
    /// `{:<17}` lines it up in a table).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Converged => f.pad("converged"),
            Status::MaxIterations => f.pad("budget used up"),
            Status::StoppedEarly { best_epoch } => f.pad(&format!("stopped, best = {best_epoch}")),
        }
    }
}

/// Per-iteration (or per-epoch) record of a fit; entry e − 1 describes the parameters after
/// epoch e.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// J(θ) (with the penalty) on the training rows.
    pub train_loss: Vec<f64>,
    /// Mean loss (no penalty) on the validation rows; empty without a validation set.
    pub validation_loss: Vec<f64>,
    /// ROC AUC on the validation rows; recorded by logistic regression when given a validation set
    /// (networks record losses only: compute a network's AUC from `decision_function`).
    pub validation_auc: Vec<f64>,
}

impl History {
    /// Number of epochs recorded.
    pub fn len(&self) -> usize {
        self.train_loss.len()
    }
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.train_loss.is_empty()
    }
    /// The 1-based epoch whose parameters a fit that ended with `status` returns: the restored
    /// best epoch after early stopping, the last one recorded otherwise (0 if none was).
    /// `history.train_loss[e − 1]` is then the training loss of the returned parameters.
    pub fn returned_epoch(&self, status: Status) -> usize {
        match status {
            Status::StoppedEarly { best_epoch } => best_epoch,
            Status::Converged | Status::MaxIterations => self.len(),
        }
    }
    /// The 1-based epoch with the smallest validation loss (the first, on ties).
    pub fn best_epoch(&self) -> Option<usize> {
        (!self.validation_loss.is_empty()).then(|| best_index(&self.validation_loss) + 1)
    }
}

/// Early stopping with patience t (in epochs), by the rule of Looney's Part 2 post (patience counted in epochs).
///
/// With validation losses L₁, …, L_e after e epochs: once e > 2t, stop when
///
/// ```text
///     min(L_{e−t+1}, …, L_e)  >  min(L₁, …, L_{e−t})
/// ```
///
/// i.e. the last t epochs did not improve on the best loss before them. The parameters of the
/// epoch with the smallest validation loss are then restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlyStopping {
    pub patience: usize,
}

impl EarlyStopping {
    /// True when training should stop after the validation losses `losses` (one per epoch).
    pub fn should_stop(&self, losses: &[f64]) -> bool {
        let (e, t) = (losses.len(), self.patience);
        if e <= 2 * t {
            return false;
        }
        let (before, last) = losses.split_at(e - t);
        min(last) > min(before)
    }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

/// The 0-based index of the smallest value (the first one, on ties).
pub(crate) fn best_index(losses: &[f64]) -> usize {
    let mut best = 0;
    for (i, &l) in losses.iter().enumerate() {
        if l < losses[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_more_than_two_t_epochs() {
        let es = EarlyStopping { patience: 2 };
        assert!(!es.should_stop(&[1.0, 2.0, 3.0, 4.0]));
        assert!(es.should_stop(&[1.0, 2.0, 3.0, 4.0, 5.0]));
    }

    #[test]
    fn keeps_going_while_the_recent_window_improves() {
        let es = EarlyStopping { patience: 2 };
        assert!(!es.should_stop(&[5.0, 4.0, 3.0, 3.5, 2.9]));
        assert!(es.should_stop(&[5.0, 4.0, 3.0, 3.5, 3.1]));
        assert_eq!(best_index(&[5.0, 4.0, 3.0, 3.5, 3.1]), 2);
    }
}
