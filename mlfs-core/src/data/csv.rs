//! A numeric CSV file as text: one header row of column names, then one record per row.
//!
//! This is the whole of what the notebooks' data files need (comma-separated numbers, names that
//! may be quoted), in plain `std`, so that loading data does not pull a data-frame library into
//! every notebook's kernel. [`crate::data::load_csv`] parses the numbers; with the `polars`
//! feature, `data::read_csv` gives a polars `DataFrame` for exploring a table instead.

use std::path::{Path, PathBuf};

use ndarray::Array1;

use crate::error::{Error, Result};

/// The fields of a CSV file, unparsed: column names and one `Vec` of fields per record.
#[derive(Debug, Clone)]
pub(crate) struct CsvText {
    /// The public function reading the file, for error messages.
    pub context: &'static str,
    pub path: PathBuf,
    /// Column names from the header row, in file order.
    pub names: Vec<String>,
    /// Records (data rows), each with exactly `names.len()` fields.
    pub records: Vec<Vec<String>>,
    /// The 1-based file line of each record, for error messages.
    pub lines: Vec<usize>,
}

impl CsvText {
    /// Read `path`: a header row, then records with as many fields as the header.
    ///
    /// Errors: [`Error::FileNotFound`], [`Error::Io`] (also for a directory), and [`Error::Csv`]
    /// for a file with no header (empty, or only blank lines), a header without rows, a record with the wrong number of fields or an unterminated quote
    /// (naming the line).
    pub fn read(path: &Path, context: &'static str) -> Result<Self> {
        Self::parse(path, &read_text(path, context)?, context)
    }

    fn parse(path: &Path, text: &str, context: &'static str) -> Result<Self> {
        let malformed = |line: usize, why: String| Error::Csv {
            context: context.into(),
            path: path.to_path_buf(),
            message: format!("line {line}: {why}"),
        };
        let mut rows = text
            .lines()
            .enumerate()
            .map(|(k, l)| (k + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty());
        let (header_line, header) = rows.next().ok_or_else(|| Error::Csv {
            context: context.into(),
            path: path.to_path_buf(),
            message: no_header(text),
        })?;
        let names = split_record(header).map_err(|why| malformed(header_line, why))?;
        let (mut records, mut lines) = (Vec::new(), Vec::new());
        for (line, row) in rows {
            let fields = split_record(row).map_err(|why| malformed(line, why))?;
            if fields.len() != names.len() {
                let why = format!(
                    "{} fields, but the header has {} columns",
                    fields.len(),
                    names.len()
                );
                return Err(malformed(line, why));
            }
            records.push(fields);
            lines.push(line);
        }
        if records.is_empty() {
            let why = format!(
                "the header row ({}) is followed by no rows of data; the file has no rows. Check \
                 that it was written completely, or pick the file with the data",
                names.join(", ")
            );
            return Err(malformed(header_line, why));
        }
        Ok(CsvText {
            context,
            path: path.to_path_buf(),
            names,
            records,
            lines,
        })
    }

    /// The index of column `name`, or [`Error::UnknownColumn`] listing the columns there are.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| Error::UnknownColumn {
                context: self.context.into(),
                column: name.to_string(),
                available: self.names.join(", "),
            })
    }

    /// Column `j` parsed as numbers.
    ///
    /// Errors, in this order: [`Error::NullValues`] (empty fields, counted),
    /// [`Error::NonNumeric`] (a field that is not a number, quoted with its line),
    /// [`Error::NonFinite`] (NaN or ±inf, with its 0-based row).
    pub fn numeric_column(&self, j: usize) -> Result<Array1<f64>> {
        let name = &self.names[j];
        let fields = || self.records.iter().map(move |r| r[j].trim());
        let nulls = fields().filter(|f| f.is_empty()).count();
        if nulls > 0 {
            return Err(Error::NullValues {
                context: self.context.into(),
                column: name.clone(),
                count: nulls,
            });
        }
        let mut values = Vec::with_capacity(self.records.len());
        for (row, field) in fields().enumerate() {
            let v = field.parse::<f64>().map_err(|_| Error::NonNumeric {
                context: self.context.into(),
                column: name.clone(),
                dtype: format!("text (line {}: `{field}`)", self.lines[row]),
            })?;
            if !v.is_finite() {
                return Err(Error::NonFinite {
                    context: format!(
                        "{} (column '{name}' of {})",
                        self.context,
                        self.path.display()
                    ),
                    position: format!("row {row}"),
                    value: v,
                });
            }
            values.push(v);
        }
        Ok(Array1::from(values))
    }
}

/// Why a file with no non-blank line has no header: it is empty, or all its lines are blank.
fn no_header(text: &str) -> String {
    if text.is_empty() {
        "the file is empty (0 bytes): it has no header row of column names and no rows of data"
            .into()
    } else {
        format!(
            "the file's {} line(s) are all blank: it has no header row of column names and no \
             rows of data",
            text.lines().count()
        )
    }
}

/// The UTF-8 byte-order mark U+FEFF, which spreadsheet programs write at the start of a CSV file.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// The text of the file at `path`, without a leading byte-order mark (so that the first column's
/// name is what it reads as). Errors as [`check_is_file`], and [`Error::Io`] if it cannot be
/// read; `context` names the public function.
pub(crate) fn read_text(path: &Path, context: &str) -> Result<String> {
    check_is_file(path, context)?;
    let mut text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        context: context.into(),
        path: path.to_path_buf(),
        source,
    })?;
    if text.starts_with(BYTE_ORDER_MARK) {
        text.drain(..BYTE_ORDER_MARK.len_utf8());
    }
    Ok(text)
}

/// Error unless `path` names a file: [`Error::FileNotFound`] (with a hint about relative paths)
/// if nothing is there, [`Error::Io`] saying it is a directory if it is one.
pub(crate) fn check_is_file(path: &Path, context: &str) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Io {
            context: context.into(),
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "this is a directory, not a file; pass the path of a CSV file in it",
            ),
        });
    }
    if !path.is_file() {
        return Err(Error::FileNotFound {
            context: context.into(),
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Split one CSV line at commas. A field may be quoted ("a, b"), with "" for a quote inside it;
/// quoted fields that span lines are not supported.
fn split_record(line: &str) -> std::result::Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(
            "a quote (\") is opened and never closed on this line; close it, or \
                    remove line breaks inside quoted fields"
                .into(),
        );
    }
    fields.push(field);
    Ok(fields.into_iter().map(|f| f.trim().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_at_commas_outside_quotes() {
        assert_eq!(split_record("1, 2,3").unwrap(), ["1", "2", "3"]);
        assert_eq!(
            split_record(r#""a, b","say ""hi""",c"#).unwrap(),
            ["a, b", r#"say "hi""#, "c"]
        );
        assert_eq!(split_record("1,,3").unwrap(), ["1", "", "3"]);
        assert!(split_record("\"open").is_err());
    }

    #[test]
    fn crlf_and_blank_lines_are_tolerated() {
        let t = CsvText::parse(Path::new("t.csv"), "a,b\r\n1,2\r\n\r\n3,4\r\n", "test").unwrap();
        assert_eq!(t.names, ["a", "b"]);
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.lines, [2, 4]);
        assert_eq!(t.numeric_column(1).unwrap().to_vec(), [2.0, 4.0]);
    }
}
