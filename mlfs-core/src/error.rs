//! One error type for the whole crate.
//!
//! Every variant carries the data a reader needs to fix the problem (the path, the column, the
//! shapes, the offending value) and its message says what to do next. Nothing in `mlfs-core`
//! panics on user data: bad input comes back as one of these.

use std::path::PathBuf;

/// `Result<T, mlfs_core::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in `mlfs-core`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The CSV file does not exist.
    #[error(
        "file not found: {path} (relative paths start from the current directory, which for a \
         notebook is the notebooks/ folder: try \"../data/<name>.csv\")"
    )]
    FileNotFound { path: PathBuf },

    /// The file is not well-formed CSV (the message names the line and the problem).
    #[error("could not read {path} as CSV: {message}")]
    Csv { path: PathBuf, message: String },

    /// A column name that the table does not have.
    #[error("unknown column '{column}'; the table's columns are: {available}")]
    UnknownColumn { column: String, available: String },

    /// A column with missing values.
    #[error(
        "column '{column}' has {count} missing value(s); drop those rows or impute them before \
         converting to an array"
    )]
    NullValues { column: String, count: usize },

    /// A column that is not a number.
    #[error(
        "column '{column}' has type {dtype}, which is not numeric; encode it as numbers or leave \
         it out of the selected columns"
    )]
    NonNumeric { column: String, dtype: String },

    /// Two inputs whose shapes do not fit together.
    #[error("shape mismatch in {context}: expected {expected}, found {found}")]
    ShapeMismatch {
        context: String,
        expected: String,
        found: String,
    },

    /// An input with no rows or no columns.
    #[error("{context}: the input is empty; pass at least one row and one column")]
    EmptyInput { context: String },

    /// A NaN or an infinity in the input.
    #[error(
        "{context}: value {value} at {position} is not finite; remove or impute NaN and \
         infinite values first"
    )]
    NonFinite {
        context: String,
        position: String,
        value: f64,
    },

    /// A hyper-parameter or argument outside its valid range.
    #[error("invalid {name} = {value}: {reason}")]
    InvalidParameter {
        name: String,
        value: String,
        reason: String,
    },

    /// The design matrix does not have full column rank.
    #[error(
        "the design matrix is rank deficient: rank {rank} < {columns} columns; column '{dependent}' \
         is (numerically) a linear combination of the columns before it. Drop it (or the columns \
         it duplicates), or use a penalised fit"
    )]
    RankDeficient {
        rank: usize,
        columns: usize,
        dependent: String,
    },

    /// Class labels other than 0 and 1.
    #[error(
        "{context}: label {value} at index {position} is not 0 or 1; encode the two classes as \
         0.0 and 1.0"
    )]
    InvalidLabels {
        context: String,
        position: usize,
        value: f64,
    },

    /// A multiclass label that is not one of 0, 1, …, K − 1.
    #[error(
        "{context}: label {value} at index {position} is not a class number 0, 1, …, {max}; \
         encode the {classes} classes as 0.0, 1.0, …"
    )]
    InvalidClassLabel {
        context: String,
        position: usize,
        value: f64,
        classes: usize,
        max: usize,
    },

    /// Only one class is present where both are needed.
    #[error(
        "{context}: every label is {class}; a classifier needs examples of both classes (check \
         the split or the label column)"
    )]
    SingleClass { context: String, class: u8 },

    /// An iterative fit produced a non-finite loss.
    #[error(
        "{context} diverged at iteration {iteration}: the loss became {loss}; lower the learning \
         rate (it is {learning_rate}) or standardise the features"
    )]
    Diverged {
        context: String,
        iteration: usize,
        loss: f64,
        learning_rate: f64,
    },

    /// The classes are (quasi-)completely separated, so the maximum-likelihood estimate does
    /// not exist.
    #[error(
        "{context}: the classes are separated ({detail}), so the maximum-likelihood estimate does \
         not exist — the log-likelihood keeps rising as ‖θ‖ → ∞. Add an L2 penalty (l2 > 0), \
         stop early on a validation set, or drop the features that separate the classes"
    )]
    Separation { context: String, detail: String },

    /// Drawing or encoding a figure failed.
    #[error("plot failed: {0}")]
    Plot(String),

    /// Reading or writing a file failed.
    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn shape(context: &str, expected: impl ToString, found: impl ToString) -> Self {
        Error::ShapeMismatch {
            context: context.to_string(),
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }

    pub(crate) fn invalid(name: &str, value: impl ToString, reason: &str) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }
}
