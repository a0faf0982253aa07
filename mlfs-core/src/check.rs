//! Input checks shared by every algorithm: finite values, matching shapes, valid labels.
//!
//! Each check returns a typed [`Error`] naming the `context` (the function the user called) and
//! the offending position, so a bad CSV row is found without a debugger. Algorithms import this
//! module, never `data`, `metrics` or `plot`, for their checks.

use ndarray::{ArrayView1, ArrayView2};

use crate::error::{Error, Result};

/// Error unless `x` has at least one row and one column and every entry is finite.
pub fn finite_matrix(x: ArrayView2<f64>, context: &str) -> Result<()> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(Error::EmptyInput {
            context: context.to_string(),
        });
    }
    if let Some(((i, j), &v)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite {
            context: context.to_string(),
            position: format!("row {i}, column {j}"),
            value: v,
        });
    }
    Ok(())
}

/// Error unless every entry of `v` is finite.
pub fn finite_vector(v: ArrayView1<f64>, context: &str) -> Result<()> {
    if let Some((i, &x)) = v.indexed_iter().find(|(_, x)| !x.is_finite()) {
        return Err(Error::NonFinite {
            context: context.to_string(),
            position: format!("index {i}"),
            value: x,
        });
    }
    Ok(())
}

/// Error unless `x` has exactly `p` columns (the width seen at fit time).
pub fn columns(x: ArrayView2<f64>, p: usize, context: &str) -> Result<()> {
    if x.ncols() != p {
        return Err(Error::shape(
            context,
            format!("{p} columns (as at fit time)"),
            format!("{} columns", x.ncols()),
        ));
    }
    Ok(())
}

/// Error unless `y` has one entry per row of `x`.
pub fn rows_match(x: ArrayView2<f64>, y: ArrayView1<f64>, context: &str) -> Result<()> {
    if y.len() != x.nrows() {
        return Err(Error::shape(
            context,
            format!("y of length {} (the rows of x)", x.nrows()),
            format!("y of length {}", y.len()),
        ));
    }
    Ok(())
}

/// Error unless every label is exactly 0 or 1.
pub fn binary_labels(y: ArrayView1<f64>, context: &str) -> Result<()> {
    if let Some((i, &v)) = y.indexed_iter().find(|(_, &v)| v != 0.0 && v != 1.0) {
        return Err(Error::InvalidLabels {
            context: context.to_string(),
            position: i,
            value: v,
        });
    }
    Ok(())
}

/// Error unless every label is a class number 0, 1, …, K − 1.
pub fn class_labels(y: ArrayView1<f64>, classes: usize, context: &str) -> Result<()> {
    let valid = |v: f64| v >= 0.0 && v < classes as f64 && v.fract() == 0.0;
    if let Some((i, &v)) = y.indexed_iter().find(|(_, &v)| !valid(v)) {
        return Err(Error::InvalidClassLabel {
            context: context.to_string(),
            position: i,
            value: v,
            classes,
            max: classes.saturating_sub(1),
        });
    }
    Ok(())
}

/// Error unless both classes 0 and 1 occur in `y`.
pub fn both_classes(y: ArrayView1<f64>, context: &str) -> Result<()> {
    let positives = y.sum();
    if positives == 0.0 || positives == y.len() as f64 {
        return Err(Error::SingleClass {
            context: context.to_string(),
            class: u8::from(positives > 0.0),
        });
    }
    Ok(())
}

/// Feature names: `names` if given (one per column), else x1, x2, …, xp.
pub fn feature_names(names: Option<&[String]>, p: usize, context: &str) -> Result<Vec<String>> {
    match names {
        Some(names) if names.len() != p => Err(Error::shape(
            context,
            format!("{p} feature names (one per column)"),
            format!("{} names", names.len()),
        )),
        Some(names) => Ok(names.to_vec()),
        None => Ok((1..=p).map(|j| format!("x{j}")).collect()),
    }
}
