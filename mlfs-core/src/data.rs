//! Data in: CSV files into ndarray, seeded splits, standardisation.
//!
//! ```no_run
//! use mlfs_core::data;
//! let d = data::load_csv("../data/diabetes.csv", "target")?;   // X: 442×10, y: 442
//! let split = data::train_test_split(&d.x, &d.y, 0.2, 42)?;    // seeded 80/20
//! let scaler = data::Standardizer::fit(&split.x_train)?;        // train rows only
//! let x_test = scaler.transform(&split.x_test)?;
//! # Ok::<(), mlfs_core::Error>(())
//! ```

mod csv;
#[cfg(feature = "polars")]
mod frame;
pub mod generators;

#[cfg(feature = "polars")]
pub use frame::{column_to_array1, columns_to_array2, read_csv};

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::check;
use crate::error::{Error, Result};
use crate::linalg::norm::power_of_two_below;
use csv::{read_text, CsvText};

/// A design matrix with its target and the names of both.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Features, one row per sample: n×p.
    pub x: Array2<f64>,
    /// Target, one value per sample: n.
    pub y: Array1<f64>,
    /// The p feature names, in column order.
    pub feature_names: Vec<String>,
    /// The target's column name.
    pub target_name: String,
}

/// Load a CSV file as a [`Dataset`]: `target` is y, every other column is a feature.
///
/// The file needs a header row, at least one row of data and numbers in every field (see
/// [`Dataset`]); a leading UTF-8 byte-order mark is skipped. Errors name the problem and where
/// it is: [`Error::FileNotFound`], [`Error::Io`] (unreadable, or a directory), [`Error::Csv`]
/// (a ragged or malformed line, a file with no header, or a header with no rows after it),
/// [`Error::UnknownColumn`], [`Error::NullValues`], [`Error::NonNumeric`], [`Error::NonFinite`].
pub fn load_csv(path: impl AsRef<Path>, target: &str) -> Result<Dataset> {
    let table = CsvText::read(path.as_ref(), "data::load_csv")?;
    let t = table.column_index(target)?;
    let features: Vec<usize> = (0..table.names.len()).filter(|&j| j != t).collect();
    let mut x = Array2::<f64>::zeros((table.records.len(), features.len()));
    for (k, &j) in features.iter().enumerate() {
        x.column_mut(k).assign(&table.numeric_column(j)?);
    }
    Ok(Dataset {
        x,
        y: table.numeric_column(t)?,
        feature_names: features.iter().map(|&j| table.names[j].clone()).collect(),
        target_name: target.to_string(),
    })
}

impl Dataset {
    /// The same rows with only the named features, in the order given.
    ///
    /// Errors: [`Error::UnknownColumn`] for a name that is not a feature (the target is not one),
    /// [`Error::EmptyInput`] for an empty list.
    pub fn select(&self, names: &[&str]) -> Result<Dataset> {
        if names.is_empty() {
            return Err(Error::EmptyInput {
                context: "Dataset::select (no feature names)".into(),
            });
        }
        let columns = names
            .iter()
            .map(|name| {
                self.feature_names
                    .iter()
                    .position(|f| f == name)
                    .ok_or_else(|| Error::UnknownColumn {
                        context: "Dataset::select".into(),
                        column: name.to_string(),
                        available: self.feature_names.join(", "),
                    })
            })
            .collect::<Result<Vec<usize>>>()?;
        Ok(Dataset {
            x: self.x.select(Axis(1), &columns),
            y: self.y.clone(),
            feature_names: names.iter().map(|n| n.to_string()).collect(),
            target_name: self.target_name.clone(),
        })
    }
}

/// Reference values written by `tools/make_fixtures.py` (statsmodels', scikit-learn's, NIST's):
/// one `name: v1 v2 …` line per quantity, `#` starts a comment line.
///
/// The tests compare against these files, and the notebooks print them beside our own numbers.
/// Errors: [`Error::FileNotFound`], or [`Error::Csv`] naming the line that does not parse (or
/// saying the file has no values at all).
pub fn read_reference(path: impl AsRef<Path>) -> Result<BTreeMap<String, Vec<f64>>> {
    const CONTEXT: &str = "data::read_reference";
    let path = path.as_ref();
    let text = read_text(path, CONTEXT)?;
    let malformed = |k: usize, why: &str| Error::Csv {
        context: CONTEXT.into(),
        path: path.to_path_buf(),
        message: format!(
            "line {}: {why}; expected `name: v1 v2 …` (regenerate with `make fixtures`)",
            k + 1
        ),
    };
    let mut out = BTreeMap::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, values) = line.split_once(':').ok_or_else(|| malformed(k, "no `:`"))?;
        let values = values
            .split_whitespace()
            .map(|v| {
                v.parse::<f64>()
                    .map_err(|_| malformed(k, &format!("`{v}` is not a number")))
            })
            .collect::<Result<Vec<f64>>>()?;
        out.insert(name.trim().to_string(), values);
    }
    if out.is_empty() {
        return Err(Error::Csv {
            context: CONTEXT.into(),
            path: path.to_path_buf(),
            message: "the file has no `name: v1 v2 …` lines, only comments or blank lines \
                      (regenerate it with `make fixtures`)"
                .into(),
        });
    }
    Ok(out)
}

/// A train/test split: the rows of X and y, and which original rows went where.
#[derive(Debug, Clone)]
pub struct Split {
    pub x_train: Array2<f64>,
    pub x_test: Array2<f64>,
    pub y_train: Array1<f64>,
    pub y_test: Array1<f64>,
    /// Original row numbers of the training rows.
    pub train_rows: Vec<usize>,
    /// Original row numbers of the test rows.
    pub test_rows: Vec<usize>,
}

/// A seeded random permutation of `0..n`.
pub fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut StdRng::seed_from_u64(seed));
    rows
}

/// Shuffle the rows with `seed`, then put `round(test_fraction·n)` of them in the test set.
///
/// The same seed always gives the same split. Errors when the shapes disagree, when
/// `test_fraction` is not in (0, 1), or when either side would be empty.
pub fn train_test_split(
    x: &Array2<f64>,
    y: &Array1<f64>,
    test_fraction: f64,
    seed: u64,
) -> Result<Split> {
    const CONTEXT: &str = "data::train_test_split";
    let n = x.nrows();
    if y.len() != n {
        return Err(Error::shape(
            CONTEXT,
            format!("y of length {n} (the rows of x)"),
            format!("y of length {}", y.len()),
        ));
    }
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(Error::invalid(
            "test_fraction",
            test_fraction,
            "must be strictly between 0 and 1, e.g. 0.2 for an 80/20 split",
        )
        .within(CONTEXT));
    }
    let n_test = (test_fraction * n as f64).round() as usize;
    if n_test == 0 || n_test == n {
        return Err(Error::invalid(
            "test_fraction",
            test_fraction,
            &format!("with {n} rows it leaves an empty train or test set"),
        )
        .within(CONTEXT));
    }
    let rows = permutation(n, seed);
    let (test_rows, train_rows) = rows.split_at(n_test);
    Ok(Split {
        x_train: x.select(Axis(0), train_rows),
        x_test: x.select(Axis(0), test_rows),
        y_train: y.select(Axis(0), train_rows),
        y_test: y.select(Axis(0), test_rows),
        train_rows: train_rows.to_vec(),
        test_rows: test_rows.to_vec(),
    })
}

/// Standardisation z = (x − μ) / σ, with μ and σ estimated on the rows passed to
/// [`Standardizer::fit`] (the training rows; never the test rows).
///
/// σ is the population standard deviation (divide by n), as scikit-learn's `StandardScaler`. A
/// constant column has σ = 0; it is left unscaled (σ is stored as 1) so that it maps to 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer {
    /// Column means μ.
    pub mean: Array1<f64>,
    /// Column standard deviations σ (1 for constant columns).
    pub std: Array1<f64>,
}

impl Standardizer {
    /// Estimate μ and σ of each column of `x`.
    ///
    /// Each column is scaled by a power of two m near its largest |xᵢ| first,
    /// μ = m·mean(x/m) and σ = m·std(x/m): exact (dividing by a power of two does not round),
    /// and finite for any finite column — squaring entries of size 10³⁰⁰ directly would give
    /// σ = ∞ (as [`crate::linalg::norm2`] avoids for ‖x‖).
    ///
    /// Errors: [`Error::EmptyInput`] without rows or columns, [`Error::NonFinite`] for NaN or ±∞.
    pub fn fit(x: &Array2<f64>) -> Result<Self> {
        check::finite_matrix(x.view(), "Standardizer::fit")?;
        let (mean, std): (Vec<f64>, Vec<f64>) = x.columns().into_iter().map(mean_and_std).unzip();
        Ok(Standardizer {
            mean: Array1::from(mean),
            std: Array1::from(std).mapv(|s| if s > 0.0 { s } else { 1.0 }),
        })
    }

    /// z = (x − μ) / σ, column by column.
    pub fn transform(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        self.check_width(x, "Standardizer::transform")?;
        Ok((x - &self.mean) / &self.std)
    }

    /// x = z·σ + μ, the inverse of [`Standardizer::transform`].
    pub fn inverse_transform(&self, z: &Array2<f64>) -> Result<Array2<f64>> {
        self.check_width(z, "Standardizer::inverse_transform")?;
        Ok(z * &self.std + &self.mean)
    }

    fn check_width(&self, x: &Array2<f64>, context: &str) -> Result<()> {
        if x.ncols() != self.mean.len() {
            return Err(Error::shape(
                context,
                format!("{} columns (as at fit time)", self.mean.len()),
                format!("{} columns", x.ncols()),
            ));
        }
        Ok(())
    }
}

/// (μ, σ) of a non-empty finite column, computed on the column divided by a power of two m
/// near max |xᵢ| (exact), so that no square overflows: μ = m·mean(x/m), σ = m·std(x/m).
fn mean_and_std(column: ArrayView1<f64>) -> (f64, f64) {
    let max = column.fold(0.0_f64, |m, v| m.max(v.abs()));
    if max == 0.0 {
        return (0.0, 0.0);
    }
    let (m, inverse) = power_of_two_below(max);
    let scaled = column.mapv(|v| v * inverse);
    let mean = scaled.mean().unwrap_or(0.0);
    (mean * m, scaled.std(0.0) * m)
}
