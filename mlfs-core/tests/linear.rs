//! `mlfs_core::linear`: OLS against statsmodels and NIST, and one test per error case.

mod support;

use mlfs_core::data;
use mlfs_core::linear::Ols;
use mlfs_core::ndarray::{array, s, Array1, Array2};
use mlfs_core::Error;
use support::{data_path, fixture, max_rel_err, random_matrix, random_vector};

#[test]
fn diabetes_matches_statsmodels_to_1e_8() {
    let d = data::load_csv(data_path("diabetes.csv"), "target").unwrap();
    let fit = Ols::new()
        .with_names(&d.feature_names)
        .fit(&d.x, &d.y)
        .unwrap();
    let s = fit.summary().unwrap();
    let f = fixture("ols_diabetes.txt");
    let check = |name: &str, ours: &[f64]| {
        let err = max_rel_err(ours, &f[name]);
        assert!(err < 1e-8, "{name}: relative error {err:.2e}");
    };
    check("coef", s.coef.as_slice().unwrap());
    check("bse", s.std_err.as_slice().unwrap());
    check("tvalues", s.t.as_slice().unwrap());
    check("ci_low", s.ci_low.as_slice().unwrap());
    check("ci_high", s.ci_high.as_slice().unwrap());
    check("rsquared", &[s.r_squared]);
    check("rsquared_adj", &[s.adj_r_squared]);
    check("fvalue", &[s.f_statistic]);
    check("llf", &[s.log_likelihood]);
    check("aic", &[s.aic]);
    check("bic", &[s.bic]);
    check("condition_number", &[s.condition_number]);
    // p-values go through statrs' incomplete beta: compared absolutely
    for (ours, theirs) in s.p_values.iter().zip(&f["pvalues"]) {
        assert!((ours - theirs).abs() < 1e-10, "p-value {ours} vs {theirs}");
    }
    assert!((s.f_p_value - f["f_pvalue"][0]).abs() < 1e-12);
    assert_eq!(s.n as f64, f["nobs"][0]);
    assert_eq!(s.df_model as f64, f["df_model"][0]);
    assert_eq!(s.df_resid as f64, f["df_resid"][0]);
    assert_eq!(fit.names()[0], "const");
    assert!(s.to_string().contains("bmi"));
}

/// Significant digits of agreement: −log10 of the relative error.
fn digits(ours: f64, certified: f64) -> f64 {
    -((ours - certified).abs() / certified.abs()).log10()
}

#[test]
fn longley_agrees_with_nist_to_at_least_10_digits() {
    let d = data::load_csv(data_path("longley.csv"), "TOTEMP").unwrap();
    let fit = Ols::new().fit(&d.x, &d.y).unwrap();
    let s = fit.summary().unwrap();
    let nist = fixture("longley_nist.txt");
    for (k, (&ours, &certified)) in s.coef.iter().zip(&nist["coef"]).enumerate() {
        let lre = digits(ours, certified);
        assert!(
            lre >= 10.0,
            "coefficient {k}: {lre:.1} digits ({ours} vs {certified})"
        );
    }
    for (k, (&ours, &certified)) in s.std_err.iter().zip(&nist["bse"]).enumerate() {
        let lre = digits(ours, certified);
        assert!(lre >= 9.0, "std err {k}: {lre:.1} digits");
    }
    let residual_sd = (fit.residuals().dot(fit.residuals()) / s.df_resid as f64).sqrt();
    assert!(digits(residual_sd, nist["residual_sd"][0]) >= 9.0);
    assert!(digits(s.r_squared, nist["r_squared"][0]) >= 9.0);
}

#[test]
fn without_intercept_matches_the_normal_equations_on_a_well_conditioned_problem() {
    let x = random_matrix(50, 3, 11);
    let theta = array![1.5, -2.0, 0.25];
    let y = x.dot(&theta) + 0.01 * random_vector(50, 12);
    let fit = Ols::without_intercept().fit(&x, &y).unwrap();
    assert_eq!(fit.params().len(), 3);
    assert_eq!(fit.intercept(), 0.0);
    // θ̂ satisfies the normal equations (XᵀX)θ̂ = Xᵀy
    let g = x.t().dot(&x);
    let b = x.t().dot(&y);
    let r = g.dot(&fit.params().view()) - &b;
    assert!(r.iter().all(|v| v.abs() < 1e-10), "gradient {r}");
    let pred = fit.predict(&x).unwrap();
    assert!((&pred - &fit.fitted_values())
        .iter()
        .all(|v| v.abs() < 1e-12));
}

#[test]
fn mismatched_rows_are_an_error() {
    let err = Ols::new()
        .fit(&Array2::zeros((5, 2)), &Array1::zeros(4))
        .unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err}");
}

#[test]
fn too_few_rows_is_an_error() {
    let err = Ols::new()
        .fit(&random_matrix(3, 3, 1), &random_vector(3, 2))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
    // n = p fits exactly but has no degrees of freedom for a summary
    let fit = Ols::new()
        .fit(&random_matrix(4, 3, 1), &random_vector(4, 2))
        .unwrap();
    assert!(matches!(fit.summary(), Err(Error::InvalidParameter { .. })));
}

#[test]
fn empty_input_is_an_error() {
    let err = Ols::new()
        .fit(&Array2::zeros((0, 2)), &Array1::zeros(0))
        .unwrap_err();
    assert!(matches!(err, Error::EmptyInput { .. }), "{err}");
    let err = Ols::without_intercept()
        .fit(&Array2::zeros((3, 0)), &Array1::zeros(3))
        .unwrap_err();
    assert!(matches!(err, Error::EmptyInput { .. }), "{err}");
}

#[test]
fn nan_or_infinity_is_an_error() {
    let mut x = random_matrix(10, 2, 3);
    x[[4, 1]] = f64::NAN;
    assert!(matches!(
        Ols::new().fit(&x, &random_vector(10, 4)),
        Err(Error::NonFinite { .. })
    ));
    let mut y = random_vector(10, 4);
    y[2] = f64::INFINITY;
    assert!(matches!(
        Ols::new().fit(&random_matrix(10, 2, 3), &y),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn duplicated_column_is_rank_deficient_and_named() {
    let d = data::load_csv(data_path("diabetes.csv"), "target").unwrap();
    let mut x = Array2::zeros((d.x.nrows(), 11));
    x.slice_mut(mlfs_core::ndarray::s![.., ..10]).assign(&d.x);
    x.column_mut(10).assign(&d.x.column(2));
    let mut names = d.feature_names.clone();
    names.push("bmi_copy".into());
    let err = Ols::new().with_names(&names).fit(&x, &d.y).unwrap_err();
    match &err {
        Error::RankDeficient {
            context,
            rank,
            columns,
            dependent,
        } => {
            assert_eq!(context, "Ols::fit");
            assert_eq!((*rank, *columns), (11, 12));
            assert_eq!(dependent, "bmi_copy");
        }
        other => panic!("expected RankDeficient, got {other:?}"),
    }
    assert!(err.to_string().contains("bmi_copy"));
}

#[test]
fn constant_column_with_an_intercept_is_rank_deficient() {
    let mut x = random_matrix(20, 3, 8);
    x.column_mut(1).fill(5.0);
    let err = Ols::new().fit(&x, &random_vector(20, 9)).unwrap_err();
    assert!(
        matches!(err, Error::RankDeficient { ref dependent, .. } if dependent == "x2"),
        "{err}"
    );
}

#[test]
fn predict_checks_its_input() {
    let fit = Ols::new()
        .fit(&random_matrix(20, 3, 8), &random_vector(20, 9))
        .unwrap();
    assert!(matches!(
        fit.predict(&Array2::zeros((2, 4))),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        fit.predict(&array![[1.0, f64::NAN, 0.0]]),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn ols_over_several_qr_blocks_matches_the_unblocked_qr_solution() {
    // Enough rows that `Ols::fit` streams several blocks; the reference is θ = R⁻¹(Qᵀy) from one
    // unblocked QR of [1 | X].
    let n = 3 * mlfs_core::linalg::STREAMING_BLOCK_ROWS + 17;
    let x = support::random_matrix(n, 4, 3);
    let noise = support::random_vector(n, 4);
    let y = x.dot(&mlfs_core::ndarray::array![1.0, -2.0, 0.5, 3.0]) + 7.0 + &noise * 0.1;
    let fit = Ols::new().fit(&x, &y).unwrap();

    let mut design = Array2::<f64>::ones((n, 5));
    design.slice_mut(s![.., 1..]).assign(&x);
    let qr = mlfs_core::linalg::qr(design.view()).unwrap();
    let qty = qr.qt_mul(y.view()).unwrap();
    let theta = mlfs_core::linalg::back_substitute(qr.r().view(), qty.slice(s![..5])).unwrap();
    let err = support::max_rel_err(fit.params().as_slice().unwrap(), theta.as_slice().unwrap());
    assert!(err < 1e-12, "max relative error {err:e}");
}

#[test]
fn nan_in_a_later_block_is_named_by_its_position() {
    // The finiteness check runs inside the streaming QR, block by block; the error must still
    // name the first non-finite entry of X (or y) exactly.
    let n = 2 * mlfs_core::linalg::STREAMING_BLOCK_ROWS + 100;
    let mut x = support::random_matrix(n, 3, 5);
    let y = support::random_vector(n, 6);
    x[[n - 7, 2]] = f64::NAN;
    match Ols::new().fit(&x, &y) {
        Err(Error::NonFinite { position, .. }) => {
            assert_eq!(position, format!("row {}, column 2", n - 7))
        }
        other => panic!("expected NonFinite, got {other:?}"),
    }
    let x = support::random_matrix(n, 3, 5);
    let mut y = y;
    y[n - 1] = f64::NEG_INFINITY;
    match Ols::new().fit(&x, &y) {
        Err(Error::NonFinite { position, .. }) => assert_eq!(position, format!("index {}", n - 1)),
        other => panic!("expected NonFinite, got {other:?}"),
    }
}

/// The design [1 | x | x² | … | x^d] of a NIST StRD polynomial problem, each power multiplied up
/// from the one before (x^k = x^(k−1)·x), exactly as numpy's `vander` builds the matrix that
/// tools/make_fixtures.py hands LAPACK — so both fit the same floating-point numbers.
fn polynomial_design(x: &[f64], degree: usize) -> Array2<f64> {
    let mut design = Array2::<f64>::zeros((x.len(), degree));
    for (i, &xi) in x.iter().enumerate() {
        let mut power = 1.0;
        for k in 0..degree {
            power *= xi;
            design[[i, k]] = power;
        }
    }
    design
}

/// Correct digits −log10(|b − c|/|c|), capped as in tools/make_fixtures.py (DIGITS_CAP): NIST
/// certifies 15 significant digits, and an exact answer would otherwise be +∞ digits.
fn capped_digits(ours: f64, certified: f64, cap: f64) -> f64 {
    digits(ours, certified).min(cap)
}

#[test]
fn nist_higher_difficulty_every_coefficient_as_accurate_as_lapack() {
    let lapack = fixture("nist_strd_lapack_digits.txt");
    let cap = lapack["cap"][0];
    let mut report = String::new();
    let mut failures = Vec::new();
    for name in [
        "filip", "wampler1", "wampler2", "wampler3", "wampler4", "wampler5",
    ] {
        let problem = fixture(&format!("nist_strd/{name}.txt"));
        let x = polynomial_design(&problem["x"], problem["degree"][0] as usize);
        let y = Array1::from(problem["y"].clone());
        let fit = Ols::new()
            .fit(&x, &y)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours: Vec<f64> = (fit.params().iter().zip(&problem["coef"]))
            .map(|(&b, &c)| capped_digits(b, c, cap))
            .collect();
        let theirs = &lapack[name];
        let min = |v: &[f64]| v.iter().cloned().fold(f64::INFINITY, f64::min);
        // For the record: the exact solution of the rounded (f64) data, which refinement
        // converges to; rounding errors that happen to cancel the data's own can beat it.
        let exact = &lapack[&format!("{name}_exact_f64")];
        report += &format!(
            "{name:>9}: ours min {:5.2}, LAPACK min {:5.2}, exact f64 solution min {:5.2}; \
             ours {ours:.2?}\n",
            min(&ours),
            min(theirs),
            min(exact)
        );
        for (k, (o, t)) in ours.iter().zip(theirs).enumerate() {
            if o < t {
                failures.push(format!("{name} B{k}: {o:.2} digits < LAPACK's {t:.2}"));
            }
        }
    }
    // Longley (average difficulty) from data/: at least LAPACK's digits, and never below 13.
    let d = data::load_csv(data_path("longley.csv"), "TOTEMP").unwrap();
    let fit = Ols::new().fit(&d.x, &d.y).unwrap();
    let nist = fixture("longley_nist.txt");
    let ours: Vec<f64> = (fit.params().iter().zip(&nist["coef"]))
        .map(|(&b, &c)| capped_digits(b, c, cap))
        .collect();
    report += &format!("  longley: ours {ours:.2?}\n");
    for (k, (o, t)) in ours.iter().zip(&lapack["longley"]).enumerate() {
        if *o < t.max(13.0) {
            failures.push(format!(
                "longley B{k}: {o:.2} digits < max(13, LAPACK's {t:.2})"
            ));
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{failures:#?}\n{report}");
}

#[test]
fn rank_tolerance_must_be_a_finite_number_in_0_1() {
    let (x, y) = (random_matrix(20, 3, 8), random_vector(20, 9));
    for tol in [
        -1e-12,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1.0,
        2.0,
    ] {
        let ols = Ols {
            rank_tol: Some(tol),
            ..Ols::new()
        };
        let err = ols.fit(&x, &y).unwrap_err();
        assert!(
            matches!(err, Error::InvalidParameter { .. }),
            "{tol}: {err}"
        );
        assert!(err.to_string().starts_with("Ols::fit"), "{err}");
    }
    for tol in [0.0, 1e-10, 0.5] {
        let ols = Ols {
            rank_tol: Some(tol),
            ..Ols::new()
        };
        assert!(ols.fit(&x, &y).is_ok(), "{tol}");
    }
}

#[test]
fn intercept_only_model_fits_the_mean() {
    let y = random_vector(12, 31) * 3.0 + 10.0;
    let x = Array2::<f64>::zeros((12, 0));
    let fit = Ols::new().fit(&x, &y).unwrap();
    let mean = y.mean().unwrap();
    assert_eq!(fit.params().len(), 1);
    assert!((fit.intercept() - mean).abs() < 1e-13 * mean.abs());
    assert_eq!(fit.coefficients().len(), 0);
    let pred = fit.predict(&Array2::zeros((3, 0))).unwrap();
    assert!(pred.iter().all(|p| (p - mean).abs() < 1e-13 * mean.abs()));
    // statsmodels on a constant alone: se = s/√n with s the sample SD, R² = 0, F undefined
    let s = fit.summary().unwrap();
    let sd = (y.mapv(|v| (v - mean).powi(2)).sum() / 11.0).sqrt();
    assert!((s.std_err[0] - sd / 12f64.sqrt()).abs() < 1e-12 * sd);
    assert!((s.t[0] - mean / s.std_err[0]).abs() < 1e-10 * s.t[0].abs());
    assert!(s.r_squared.abs() < 1e-14 && s.adj_r_squared.abs() < 1e-14);
    assert!(s.f_statistic.is_nan() && s.f_p_value.is_nan());
    assert_eq!((s.df_model, s.df_resid), (0, 11));
    assert!((s.condition_number - 1.0).abs() < 1e-15);
    assert_eq!(s.names, vec!["const".to_string()]);
    assert!(s.to_string().contains("const"));
}
