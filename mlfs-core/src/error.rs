//! One error type for the whole crate.
//!
//! Every variant carries the data a reader needs to fix the problem (the path, the column, the
//! shapes, the offending value) and its message says what to do next. Nothing in `mlfs-core`
//! panics on user data: bad input comes back as one of these.

use std::path::PathBuf;

/// `Result<T, mlfs_core::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in `mlfs-core`.
///
/// Every variant carries a `context`: the public function the user called (`"Ols::fit"`,
/// `"data::load_csv"`, …), sometimes with a note on which input (`"… (validation set)"`). Every
/// message starts with it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The CSV file does not exist.
    #[error(
        "{}file not found: {path} (relative paths start from the current directory, which for a \
         notebook is the notebooks/ folder: try \"../data/<name>.csv\")",
        lead(.context)
    )]
    FileNotFound { context: String, path: PathBuf },

    /// The file is not well-formed CSV (the message names the line and the problem).
    #[error("{}could not read {path} as CSV: {message}", lead(.context))]
    Csv {
        context: String,
        path: PathBuf,
        message: String,
    },

    /// A column name that the table does not have.
    #[error(
        "{}unknown column '{column}'; the table's columns are: {available}",
        lead(.context)
    )]
    UnknownColumn {
        context: String,
        column: String,
        available: String,
    },

    /// A column with missing values.
    #[error(
        "{}column '{column}' has {count} missing value(s); drop those rows or impute them before \
         converting to an array",
        lead(.context)
    )]
    NullValues {
        context: String,
        column: String,
        count: usize,
    },

    /// A column that is not a number.
    #[error(
        "{}column '{column}' has type {dtype}, which is not numeric; encode it as numbers or leave \
         it out of the selected columns",
        lead(.context)
    )]
    NonNumeric {
        context: String,
        column: String,
        dtype: String,
    },

    /// Two inputs whose shapes do not fit together.
    #[error("{}shape mismatch: expected {expected}, found {found}", lead(.context))]
    ShapeMismatch {
        context: String,
        expected: String,
        found: String,
    },

    /// An input with no rows or no columns.
    #[error(
        "{}the input is empty; pass at least one row and one column",
        lead(.context)
    )]
    EmptyInput { context: String },

    /// A NaN or an infinity in the input.
    #[error(
        "{}value {value} at {position} is not finite; remove or impute NaN and infinite values \
         first",
        lead(.context)
    )]
    NonFinite {
        context: String,
        position: String,
        value: f64,
    },

    /// A hyper-parameter or argument outside its valid range.
    #[error("{}invalid {name} = {value}: {reason}", lead(.context))]
    InvalidParameter {
        context: String,
        name: String,
        value: String,
        reason: String,
    },

    /// The design matrix does not have full column rank.
    #[error(
        "{}the design matrix is rank deficient: rank {rank} < {columns} columns; column \
         '{dependent}' is (numerically) a linear combination of the columns before it. Drop it \
         (or the columns it duplicates), or use a penalised fit",
        lead(.context)
    )]
    RankDeficient {
        context: String,
        rank: usize,
        columns: usize,
        dependent: String,
    },

    /// Class labels other than 0 and 1.
    #[error(
        "{}label {value} at index {position} is not 0 or 1; encode the two classes as 0.0 and \
         1.0",
        lead(.context)
    )]
    InvalidLabels {
        context: String,
        position: usize,
        value: f64,
    },

    /// A multiclass label that is not one of 0, 1, …, K − 1.
    #[error(
        "{}label {value} at index {position} is not a class number 0, 1, …, {max}; encode the \
         {classes} classes as 0.0, 1.0, …",
        lead(.context)
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
        "{}every label is {class}; a classifier needs examples of both classes (check the split \
         or the label column)",
        lead(.context)
    )]
    SingleClass { context: String, class: u8 },

    /// An iterative fit diverged: its training loss or parameters stopped being finite, or the
    /// fit it would return has a training loss above twice max(J(θ₀), ln 2) (the rule of
    /// [`optim::DIVERGENCE_FACTOR`](crate::optim::DIVERGENCE_FACTOR)). `advice` says what to
    /// change for the solver that ran.
    #[error(
        "{}diverged: the training loss went from {start_loss:.4} at the start to {loss:.4} at \
         iteration {iteration}; {advice}",
        lead(.context)
    )]
    Diverged {
        context: String,
        iteration: usize,
        loss: f64,
        start_loss: f64,
        advice: String,
    },

    /// The classes are (quasi-)completely separated, so the maximum-likelihood estimate does
    /// not exist.
    #[error(
        "{}the classes are separated ({detail}), so the maximum-likelihood estimate does not \
         exist — the log-likelihood keeps rising as ‖θ‖ → ∞. Add an L2 penalty (l2 > 0), stop \
         early on a validation set, or drop the features that separate the classes",
        lead(.context)
    )]
    Separation { context: String, detail: String },

    /// Drawing or encoding a figure failed.
    #[error(
        "{}plot failed: {message} (check the chart's ranges and sizes; if it persists, report \
         it with the chart's code)",
        lead(.context)
    )]
    Plot { context: String, message: String },

    /// Reading or writing a file failed.
    #[error(
        "{}I/O error on {path}: {source} (check the path and its permissions)",
        lead(.context)
    )]
    Io {
        context: String,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// "context: ", the start of every message (nothing if an error escaped without one).
fn lead(context: &str) -> String {
    if context.is_empty() {
        String::new()
    } else {
        format!("{context}: ")
    }
}

/// `$body` with `$context` bound to the `context` field of whichever variant `$error` is: every
/// variant carries one, and this is the one place that lists them.
macro_rules! with_context {
    ($error:expr, $context:ident => $body:expr) => {
        match $error {
            Error::FileNotFound {
                context: $context, ..
            }
            | Error::Csv {
                context: $context, ..
            }
            | Error::UnknownColumn {
                context: $context, ..
            }
            | Error::NullValues {
                context: $context, ..
            }
            | Error::NonNumeric {
                context: $context, ..
            }
            | Error::ShapeMismatch {
                context: $context, ..
            }
            | Error::EmptyInput {
                context: $context, ..
            }
            | Error::NonFinite {
                context: $context, ..
            }
            | Error::InvalidParameter {
                context: $context, ..
            }
            | Error::RankDeficient {
                context: $context, ..
            }
            | Error::InvalidLabels {
                context: $context, ..
            }
            | Error::InvalidClassLabel {
                context: $context, ..
            }
            | Error::SingleClass {
                context: $context, ..
            }
            | Error::Diverged {
                context: $context, ..
            }
            | Error::Separation {
                context: $context, ..
            }
            | Error::Plot {
                context: $context, ..
            }
            | Error::Io {
                context: $context, ..
            } => $body,
        }
    };
}

impl Error {
    /// The public function the user called (and, sometimes, which of its inputs).
    pub fn context(&self) -> &str {
        with_context!(self, context => context)
    }

    fn context_mut(&mut self) -> &mut String {
        with_context!(self, context => context)
    }

    /// Name the public function `entry` the user called: the context becomes `entry` if it was
    /// empty, stays if it already starts with `entry`, and otherwise becomes
    /// "`entry` (in `inner`)" — an error from a function `entry` called on the user's behalf.
    pub(crate) fn within(mut self, entry: &str) -> Self {
        let context = self.context_mut();
        if context.is_empty() {
            *context = entry.to_string();
        } else if !context.starts_with(entry) {
            *context = format!("{entry} (in {context})");
        }
        self
    }

    pub(crate) fn shape(context: &str, expected: impl ToString, found: impl ToString) -> Self {
        Error::ShapeMismatch {
            context: context.to_string(),
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }

    /// An invalid parameter; its context is set by the entry point ([`Error::within`]).
    pub(crate) fn invalid(name: &str, value: impl ToString, reason: &str) -> Self {
        Error::InvalidParameter {
            context: String::new(),
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// `map_err` adapter: `result.map_err(within("Ols::fit"))`.
pub(crate) fn within(entry: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| e.within(entry)
}
