//! `mlfs_core::data`: CSV loading errors, seeded splits, train-only standardisation.

use std::io::Write;
use std::path::PathBuf;

use mlfs_core::data::{self, Standardizer};
use mlfs_core::ndarray::{array, Array1, Array2, Axis};
use mlfs_core::Error;

fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name)
}

fn temp_csv(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mlfs-data-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

#[test]
fn shipped_datasets_have_their_documented_shapes() {
    for (file, target, n, p) in [
        ("diabetes.csv", "target", 442, 10),
        ("breast_cancer.csv", "malignant", 569, 30),
        ("digits.csv", "digit", 1797, 64),
        ("longley.csv", "TOTEMP", 16, 6),
    ] {
        let d = data::load_csv(data_file(file), target).unwrap();
        assert_eq!(d.x.dim(), (n, p), "{file}");
        assert_eq!(d.y.len(), n, "{file}");
        assert_eq!(d.feature_names.len(), p, "{file}");
    }
}

#[test]
fn diabetes_first_row_is_read_exactly() {
    let d = data::load_csv(data_file("diabetes.csv"), "target").unwrap();
    assert_eq!(d.feature_names[2], "bmi");
    assert_eq!(
        d.x.row(0).to_vec(),
        vec![59.0, 2.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0]
    );
    assert_eq!(d.y[0], 151.0);
}

#[test]
fn missing_file_is_a_typed_error_with_a_hint() {
    let err = data::load_csv("no/such/file.csv", "y").unwrap_err();
    assert!(matches!(err, Error::FileNotFound { .. }));
    assert!(err.to_string().contains("../data/"), "{err}");
}

#[cfg(feature = "polars")]
#[test]
fn read_csv_reports_a_missing_file() {
    let err = data::read_csv("no/such/file.csv").unwrap_err();
    assert!(matches!(err, Error::FileNotFound { .. }));
}

#[cfg(feature = "polars")]
#[test]
fn the_polars_frame_and_load_csv_agree() {
    let d = data::load_csv(data_file("breast_cancer.csv"), "malignant").unwrap();
    let df = data::read_csv(data_file("breast_cancer.csv")).unwrap();
    let names: Vec<&str> = d.feature_names.iter().map(String::as_str).collect();
    assert_eq!(data::columns_to_array2(&df, &names).unwrap(), d.x);
    assert_eq!(data::column_to_array1(&df, "malignant").unwrap(), d.y);
}

#[test]
fn select_keeps_the_named_features_in_order() {
    let d = data::load_csv(data_file("diabetes.csv"), "target").unwrap();
    let s = d.select(&["bmi", "age"]).unwrap();
    assert_eq!(s.feature_names, ["bmi", "age"]);
    assert_eq!(s.x.column(0), d.x.column(2));
    assert_eq!(s.x.column(1), d.x.column(0));
    assert_eq!(s.y, d.y);
    let err = d.select(&["bmi", "target"]).unwrap_err();
    assert!(matches!(err, Error::UnknownColumn { ref column, .. } if column == "target"));
    assert!(matches!(d.select(&[]), Err(Error::EmptyInput { .. })));
}

#[test]
fn unknown_column_lists_the_available_ones() {
    let err = data::load_csv(data_file("longley.csv"), "EMPLOYMENT").unwrap_err();
    match &err {
        Error::UnknownColumn {
            context,
            column,
            available,
        } => {
            assert_eq!(context, "data::load_csv");
            assert_eq!(column, "EMPLOYMENT");
            assert!(available.contains("TOTEMP"));
        }
        other => panic!("expected UnknownColumn, got {other:?}"),
    }
}

#[test]
fn nulls_are_reported_with_their_count() {
    let path = temp_csv("nulls.csv", "a,b\n1,2\n,3\n4,\n5,\n");
    let err = data::load_csv(&path, "b").unwrap_err();
    assert!(
        matches!(err, Error::NullValues { ref context, ref column, count: 1 }
            if column == "a" && context == "data::load_csv"),
        "{err}"
    );
    let err = data::load_csv(&path, "a").unwrap_err();
    assert!(matches!(err, Error::NullValues { count: 2, .. }), "{err}");
}

#[cfg(feature = "polars")]
#[test]
fn nulls_in_a_polars_frame_are_reported_with_their_count() {
    let path = temp_csv("nulls_frame.csv", "a,b\n1,2\n,3\n4,\n5,\n");
    let df = data::read_csv(&path).unwrap();
    let err = data::columns_to_array2(&df, &["a", "b"]).unwrap_err();
    assert!(
        matches!(err, Error::NullValues { ref context, ref column, count: 1 }
            if column == "a" && context == "data::columns_to_array2"),
        "{err}"
    );
    let err = data::column_to_array1(&df, "b").unwrap_err();
    assert!(matches!(err, Error::NullValues { count: 2, .. }), "{err}");
}

#[test]
fn non_numeric_column_is_named() {
    let path = temp_csv("text.csv", "x,label\n1,cat\n2,dog\n");
    let err = data::load_csv(&path, "x").unwrap_err();
    assert!(
        matches!(err, Error::NonNumeric { ref column, .. } if column == "label"),
        "{err}"
    );
    assert!(err.to_string().contains("line 2: `cat`"), "{err}");
}

#[test]
fn nan_in_a_column_is_reported_with_its_row() {
    let path = temp_csv("nan.csv", "x,y\n1,2\nNaN,3\n");
    let err = data::load_csv(&path, "y").unwrap_err();
    assert!(
        matches!(err, Error::NonFinite { ref position, .. } if position == "row 1"),
        "{err}"
    );
}

#[test]
fn malformed_csv_is_a_csv_error() {
    let path = temp_csv("ragged.csv", "a,b\n1,2,3,4\n\"unterminated\n");
    #[cfg(feature = "polars")]
    {
        let err = data::read_csv(&path).unwrap_err();
        assert!(matches!(err, Error::Csv { .. }), "{err:?}");
    }
    let err = data::load_csv(&path, "a").unwrap_err();
    assert!(matches!(err, Error::Csv { .. }), "{err:?}");
    assert!(err.to_string().contains("line 2: 4 fields"), "{err}");
    let path = temp_csv("quote.csv", "a,b\n1,2\n\"unterminated,3\n");
    let err = data::load_csv(&path, "a").unwrap_err();
    assert!(err.to_string().contains("line 3: a quote"), "{err}");
}

#[test]
fn a_file_without_a_header_says_whether_it_is_empty_or_blank() {
    let path = temp_csv("empty.csv", "");
    let err = data::load_csv(&path, "a").unwrap_err();
    assert!(matches!(err, Error::Csv { .. }), "{err:?}");
    assert!(
        err.to_string().contains("the file is empty (0 bytes)"),
        "{err}"
    );
    let path = temp_csv("blank.csv", "\n  \n\r\n");
    let err = data::load_csv(&path, "a").unwrap_err();
    assert!(matches!(err, Error::Csv { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("3 line(s) are all blank"), "{message}");
    assert!(message.contains("no header row"), "{message}");
    assert!(!message.contains("empty"), "{message}");
}

#[test]
fn a_directory_is_not_reported_as_a_missing_file() {
    let dir = data_file("");
    let err = data::load_csv(&dir, "y").unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("is a directory, not a file"), "{message}");
    assert!(!message.contains("not found"), "{message}");
    let err = data::read_reference(&dir).unwrap_err();
    assert!(err.to_string().contains("is a directory"), "{err}");
}

#[cfg(feature = "polars")]
#[test]
fn read_csv_says_a_directory_is_one() {
    let err = data::read_csv(data_file("")).unwrap_err();
    assert!(
        err.to_string().contains("is a directory, not a file"),
        "{err}"
    );
}

/// What a spreadsheet program writes: a UTF-8 byte-order mark, then the CSV text.
const WITH_BYTE_ORDER_MARK: &str = "\u{feff}y,a,b\n1,2,3\n0,5,6\n";

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_column_name() {
    let path = temp_csv("bom.csv", WITH_BYTE_ORDER_MARK);
    assert!(std::fs::read(&path)
        .unwrap()
        .starts_with(&[0xef, 0xbb, 0xbf]));
    let d = data::load_csv(&path, "y").unwrap();
    assert_eq!(d.target_name, "y");
    assert_eq!(d.y.to_vec(), [1.0, 0.0]);
    assert_eq!(d.feature_names, ["a", "b"]);
    let d = data::load_csv(&path, "a").unwrap();
    assert_eq!(d.feature_names, ["y", "b"]);
}

#[cfg(feature = "polars")]
#[test]
fn a_byte_order_mark_is_not_part_of_a_polars_column_name() {
    let path = temp_csv("bom_frame.csv", WITH_BYTE_ORDER_MARK);
    let df = data::read_csv(&path).unwrap();
    assert_eq!(
        data::column_to_array1(&df, "y").unwrap().to_vec(),
        [1.0, 0.0]
    );
}

fn toy(n: usize) -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((n, 3), |(i, j)| (i * 3 + j) as f64);
    let y = Array1::from_shape_fn(n, |i| i as f64);
    (x, y)
}

#[test]
fn split_is_seeded_disjoint_and_complete() {
    let (x, y) = toy(50);
    let a = data::train_test_split(&x, &y, 0.2, 7).unwrap();
    let b = data::train_test_split(&x, &y, 0.2, 7).unwrap();
    let c = data::train_test_split(&x, &y, 0.2, 8).unwrap();
    assert_eq!(a.test_rows, b.test_rows);
    assert_ne!(a.test_rows, c.test_rows);
    assert_eq!((a.x_train.nrows(), a.x_test.nrows()), (40, 10));
    let mut all: Vec<usize> = a.train_rows.iter().chain(&a.test_rows).copied().collect();
    all.sort();
    assert_eq!(all, (0..50).collect::<Vec<_>>());
    // rows travel with their targets
    for (k, &r) in a.test_rows.iter().enumerate() {
        assert_eq!(a.y_test[k], r as f64);
        assert_eq!(a.x_test[[k, 0]], (r * 3) as f64);
    }
}

#[test]
fn split_rejects_bad_arguments() {
    let (x, y) = toy(10);
    for f in [0.0, 1.0, -0.5, f64::NAN, 0.01] {
        assert!(matches!(
            data::train_test_split(&x, &y, f, 0),
            Err(Error::InvalidParameter { .. })
        ));
    }
    let short = Array1::zeros(9);
    assert!(matches!(
        data::train_test_split(&x, &short, 0.2, 0),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn standardizer_uses_training_statistics_only() {
    let train = array![[1.0, 10.0, 5.0], [3.0, 30.0, 5.0]];
    let test = array![[5.0, 20.0, 7.0]];
    let s = Standardizer::fit(&train).unwrap();
    assert_eq!(s.mean, array![2.0, 20.0, 5.0]);
    assert_eq!(s.std, array![1.0, 10.0, 1.0]); // constant column keeps σ = 1
    let z = s.transform(&train).unwrap();
    assert!(z
        .mean_axis(Axis(0))
        .unwrap()
        .iter()
        .all(|m| m.abs() < 1e-15));
    assert_eq!(s.transform(&test).unwrap(), array![[3.0, 0.0, 2.0]]);
    let back = s.inverse_transform(&z).unwrap();
    assert!((&back - &train).iter().all(|d| d.abs() < 1e-12));
}

#[test]
fn standardizer_scales_columns_of_size_1e300_to_finite_statistics() {
    // Squares of 10³⁰⁰ overflow: σ must come from the scaled column, not from Σ xᵢ².
    let small = array![[1.0, -2.0], [3.0, 5.0], [2.0, 0.5], [7.0, 1.0]];
    let huge = &small * 1e300;
    let s = Standardizer::fit(&huge).unwrap();
    let reference = Standardizer::fit(&small).unwrap();
    for j in 0..2 {
        assert!(s.std[j].is_finite() && s.mean[j].is_finite(), "{s:?}");
        assert!(
            (s.std[j] / (reference.std[j] * 1e300) - 1.0).abs() < 1e-15,
            "{s:?}"
        );
        assert!(
            (s.mean[j] / (reference.mean[j] * 1e300) - 1.0).abs() < 1e-15,
            "{s:?}"
        );
    }
    let z = s.transform(&huge).unwrap();
    let z_reference = reference.transform(&small).unwrap();
    assert!((&z - &z_reference).iter().all(|d| d.abs() < 1e-13), "{z}");
    // and the other end of the range: entries of size 10⁻³⁰⁰ (whose squares underflow to 0)
    let tiny = &small * 1e-300;
    let s = Standardizer::fit(&tiny).unwrap();
    assert!(
        (s.std[0] / (reference.std[0] * 1e-300) - 1.0).abs() < 1e-15,
        "{s:?}"
    );
}

#[test]
fn standardizer_errors_on_bad_input() {
    let s = Standardizer::fit(&array![[1.0, 2.0], [3.0, 4.0]]).unwrap();
    assert!(matches!(
        s.transform(&array![[1.0, 2.0, 3.0]]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        Standardizer::fit(&Array2::zeros((0, 3))),
        Err(Error::EmptyInput { .. })
    ));
    assert!(matches!(
        Standardizer::fit(&array![[1.0, f64::INFINITY]]),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn reference_files_are_read_and_malformed_lines_named() {
    let f = data::read_reference(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/longley_nist.txt"),
    )
    .unwrap();
    assert_eq!(f["coef"].len(), 7);
    assert_eq!(f["r_squared"], vec![0.995479004577296]);
    let bad = temp_csv("bad_reference.txt", "# comment\ncoef: 1 2\nbse 3 4\n");
    let err = data::read_reference(&bad).unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    let bad = temp_csv("bad_number.txt", "coef: 1 two\n");
    let err = data::read_reference(&bad).unwrap_err();
    assert!(err.to_string().contains("`two` is not a number"), "{err}");
    assert!(matches!(
        data::read_reference("no/such/file.txt"),
        Err(Error::FileNotFound { .. })
    ));
}

#[test]
fn a_header_without_rows_says_the_file_has_no_rows() {
    for text in ["a,b,target\n", "a,b,target\n\n\r\n"] {
        let path = temp_csv("header_only.csv", text);
        let err = data::load_csv(&path, "target").unwrap_err();
        assert!(matches!(err, Error::Csv { .. }), "{err:?}");
        assert!(err.to_string().contains("the file has no rows"), "{err}");
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}

#[test]
fn a_reference_file_without_values_is_an_error() {
    let path = temp_csv("comments_only.txt", "# written by make_fixtures.py\n\n");
    let err = data::read_reference(&path).unwrap_err();
    assert!(matches!(err, Error::Csv { .. }), "{err:?}");
    assert!(
        err.to_string().contains("no `name: v1 v2 …` lines"),
        "{err}"
    );
}
