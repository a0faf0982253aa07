//! Checks of the hyper-parameters the iterative fitters share (`logistic`, `nn`), so that the same
//! bad value gets the same error, with the same advice, whichever model it was given to.

use crate::error::{Error, Result};
use crate::logistic::EarlyStopping;

/// η must be a finite number > 0.
pub(crate) fn learning_rate(lr: f64) -> Result<()> {
    if lr > 0.0 && lr.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            "learning_rate",
            lr,
            "must be a finite number > 0 (try 0.1)",
        ))
    }
}

/// A batch holds between 1 and n rows.
pub(crate) fn batch_size(b: usize, n: usize) -> Result<()> {
    if b == 0 || b > n {
        return Err(Error::invalid(
            "batch_size",
            b,
            &format!("must be between 1 and the number of training rows ({n})"),
        ));
    }
    Ok(())
}

/// Momentum and Adam's β₁, β₂ lie in [0, 1).
pub(crate) fn unit_interval(name: &str, v: f64) -> Result<()> {
    if (0.0..1.0).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(name, v, "must be in [0, 1)"))
    }
}

/// The L2 penalty λ is a finite number ≥ 0.
pub(crate) fn l2(l2: f64) -> Result<()> {
    if l2 >= 0.0 && l2.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid("l2", l2, "must be a finite number ≥ 0"))
    }
}

/// Early stopping needs a patience of at least one epoch and a validation set.
pub(crate) fn early_stopping(es: Option<EarlyStopping>, has_validation: bool) -> Result<()> {
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
