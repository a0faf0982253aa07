//! Tables with polars (feature `polars`): a CSV file as a `DataFrame` to look at, and its
//! numeric columns as ndarray arrays.
//!
//! The models never need this: [`crate::data::load_csv`] reads the notebooks' data files without
//! polars. It is for exploring a table — its head, column types, summaries — as Part 0 does.
//! Enable it in a notebook with
//! `:dep mlfs-core = { path = "../mlfs-core", features = ["polars"] }`.

use std::path::Path;

use ndarray::{Array1, Array2};
use polars::prelude::*;

use crate::error::{Error, Result};

/// Read a CSV file (with a header row) into a polars `DataFrame`.
///
/// A leading UTF-8 byte-order mark is skipped (polars does), as in [`crate::data::load_csv`].
/// Errors: [`Error::FileNotFound`] when the file is missing, [`Error::Io`] when the path is a
/// directory, [`Error::Csv`] when polars cannot parse it.
pub fn read_csv(path: impl AsRef<Path>) -> Result<DataFrame> {
    const CONTEXT: &str = "data::read_csv";
    let path = path.as_ref();
    super::csv::check_is_file(path, CONTEXT)?;
    let csv_error = |e: PolarsError| Error::Csv {
        context: CONTEXT.into(),
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None) // read every row before choosing a column's type
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .map_err(csv_error)?
        .finish()
        .map_err(csv_error)
}

/// One numeric column of `df` as an `Array1<f64>`.
///
/// Errors: unknown column, a non-numeric column, nulls, NaN or infinity.
pub fn column_to_array1(df: &DataFrame, name: &str) -> Result<Array1<f64>> {
    column_in(df, name, "data::column_to_array1")
}

/// [`column_to_array1`] for the public function `context`.
fn column_in(df: &DataFrame, name: &str, context: &str) -> Result<Array1<f64>> {
    let column = df.column(name).map_err(|_| Error::UnknownColumn {
        context: context.into(),
        column: name.to_string(),
        available: df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    let dtype = column.dtype();
    if !dtype.is_primitive_numeric() {
        return Err(Error::NonNumeric {
            context: context.into(),
            column: name.to_string(),
            dtype: dtype.to_string(),
        });
    }
    let nulls = column.null_count();
    if nulls > 0 {
        return Err(Error::NullValues {
            context: context.into(),
            column: name.to_string(),
            count: nulls,
        });
    }
    let as_f64 = column
        .as_materialized_series()
        .cast(&DataType::Float64)
        .map_err(|e| Error::NonNumeric {
            context: context.into(),
            column: name.to_string(),
            dtype: format!("{dtype} ({e})"),
        })?;
    let values: Array1<f64> = as_f64
        .f64()
        .map_err(|e| Error::NonNumeric {
            context: context.into(),
            column: name.to_string(),
            dtype: format!("{dtype} ({e})"),
        })?
        .into_no_null_iter()
        .collect();
    if let Some((row, &v)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite {
            context: format!("{context} (column '{name}')"),
            position: format!("row {row}"),
            value: v,
        });
    }
    Ok(values)
}

/// The named numeric columns of `df` as an n×p `Array2<f64>`, in the order given.
pub fn columns_to_array2(df: &DataFrame, names: &[&str]) -> Result<Array2<f64>> {
    if names.is_empty() {
        return Err(Error::EmptyInput {
            context: "data::columns_to_array2 (no column names)".into(),
        });
    }
    let mut x = Array2::<f64>::zeros((df.height(), names.len()));
    for (j, name) in names.iter().enumerate() {
        x.column_mut(j)
            .assign(&column_in(df, name, "data::columns_to_array2")?);
    }
    Ok(x)
}
