//! Early stopping on a validation loss, by the series' rule.
//!
//! With validation losses L₁, …, L_e after e epochs and patience t: once e > 2t, stop when
//!
//! ```text
//!     min(L_{e−t+1}, …, L_e)  >  min(L₁, …, L_{e−t})
//! ```
//!
//! i.e. the last t epochs did not improve on the best loss before them. The weights of the
//! epoch with the smallest validation loss are then restored.

/// Early stopping with patience t (in epochs).
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

/// The 0-based epoch with the smallest loss (the first one, on ties).
pub fn best_epoch(losses: &[f64]) -> usize {
    losses
        .iter()
        .enumerate()
        .fold(
            (0, f64::INFINITY),
            |(bi, bl), (i, &l)| {
                if l < bl {
                    (i, l)
                } else {
                    (bi, bl)
                }
            },
        )
        .0
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
        assert_eq!(best_epoch(&[5.0, 4.0, 3.0, 3.5, 3.1]), 2);
    }
}
