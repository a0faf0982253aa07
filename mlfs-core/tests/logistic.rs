//! `mlfs_core::logistic`: numerics, the gradient, Newton against statsmodels, penalised Newton
//! against scikit-learn, separation, reproducibility, and one test per error case.

mod support;

use mlfs_core::data::{self, Dataset};
use mlfs_core::logistic::loss::{self, log_loss_from_logit, sigmoid};
use mlfs_core::logistic::{LogisticRegression, Solver, Status};
use mlfs_core::ndarray::{array, s, Array1, Array2, Axis};
use mlfs_core::optim::{Rule, Training};
use mlfs_core::Error;
use support::{data_path, fixture, max_rel_err, random_matrix};

const LOGIT_FEATURES: [&str; 5] = [
    "mean_radius",
    "mean_texture",
    "mean_smoothness",
    "mean_concave_points",
    "mean_symmetry",
];

fn cancer() -> Dataset {
    data::load_csv(data_path("breast_cancer.csv"), "malignant").unwrap()
}

fn cancer_subset() -> (Array2<f64>, Array1<f64>) {
    let d = cancer().select(&LOGIT_FEATURES).unwrap();
    (d.x, d.y)
}

/// Labels from a logistic model with known weights, so that the classes overlap.
fn synthetic(n: usize, p: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    let x = random_matrix(n, p, seed);
    let u = random_matrix(n, 1, seed + 1).column(0).mapv(sigmoid);
    let w = Array1::linspace(-1.0, 1.0, p);
    let y = x
        .dot(&w)
        .iter()
        .zip(&u)
        .map(|(&z, &u)| if u < sigmoid(z + 0.3) { 1.0 } else { 0.0 })
        .collect();
    (x, y)
}

#[test]
fn sigmoid_and_loss_stay_finite_far_out() {
    for z in [-1e3, -745.0, -40.0, 0.0, 40.0, 745.0, 1e3] {
        let p = sigmoid(z);
        assert!(p.is_finite() && (0.0..=1.0).contains(&p), "σ({z}) = {p}");
        for y in [0.0, 1.0] {
            let l = log_loss_from_logit(y, z);
            assert!(l.is_finite() && l >= 0.0, "ℓ({y}, {z}) = {l}");
        }
    }
    // the loss keeps its precision where σ saturates: ℓ(0, z) ≈ z and ℓ(1, −z) ≈ z for large z
    assert!((log_loss_from_logit(0.0, 1e3) - 1e3).abs() < 1e-9);
    assert!((log_loss_from_logit(1.0, -1e3) - 1e3).abs() < 1e-9);
    let tiny = log_loss_from_logit(1.0, 40.0); // = ln(1 + e^−40) ≈ e^−40, not rounded to 0
    assert!((tiny / (-40.0f64).exp() - 1.0).abs() < 1e-12, "{tiny}");
    assert_eq!(sigmoid(-1e3), 0.0);
    assert_eq!(sigmoid(1e3), 1.0);
}

#[test]
fn logit_inverts_sigmoid_and_the_derivative_is_sigma_one_minus_sigma() {
    for p in [1e-9, 0.01, 0.3, 0.5, 0.9, 1.0 - 1e-9] {
        assert!((sigmoid(loss::logit(p)) - p).abs() < 1e-15 * (1.0 + 1.0 / p));
    }
    let h = 1e-5;
    for z in [-6.0, -1.0, 0.0, 0.5, 3.0] {
        let numeric = (sigmoid(z + h) - sigmoid(z - h)) / (2.0 * h);
        let exact = sigmoid(z) * (1.0 - sigmoid(z));
        assert!((numeric - exact).abs() < 1e-10, "z = {z}");
    }
}

#[test]
fn gradient_agrees_with_central_finite_differences() {
    let (x, y) = synthetic(200, 4, 7);
    let x1 = loss::with_intercept(x.view());
    for (l2, seed) in [(0.0, 1), (2.5, 2)] {
        let theta = random_matrix(5, 1, seed).column(0).to_owned();
        let g = loss::gradient(x1.view(), y.view(), theta.view(), l2);
        let h = 1e-6;
        for j in 0..theta.len() {
            let mut plus = theta.clone();
            let mut minus = theta.clone();
            plus[j] += h;
            minus[j] -= h;
            let numeric = (loss::objective(x1.view(), y.view(), plus.view(), l2)
                - loss::objective(x1.view(), y.view(), minus.view(), l2))
                / (2.0 * h);
            let err = (numeric - g[j]).abs() / g[j].abs().max(1e-3);
            assert!(err < 1e-7, "λ = {l2}, ∂J/∂θ{j}: {numeric} vs {}", g[j]);
        }
    }
}

#[test]
fn newton_matches_statsmodels_logit_to_1e_6() {
    for solver in [Solver::newton(), Solver::newton_chord()] {
        newton_matches_statsmodels(solver);
    }
}

fn newton_matches_statsmodels(solver: Solver) {
    let (x, y) = cancer_subset();
    let fit = LogisticRegression::new(solver)
        .standardize(false)
        .fit(&x, &y, None)
        .unwrap();
    assert!(fit.converged());
    assert!(
        fit.n_iter() <= 16,
        "Newton took {} iterations",
        fit.n_iter()
    );
    let s = fit.summary().unwrap().with_names(&LOGIT_FEATURES).unwrap();
    let f = fixture("logit_breast_cancer_statsmodels.txt");
    let check = |name: &str, ours: &[f64]| {
        let err = max_rel_err(ours, &f[name]);
        assert!(err < 1e-6, "{name}: relative error {err:.2e}");
    };
    check("coef", s.coef.as_slice().unwrap());
    check("bse", s.std_err.as_slice().unwrap());
    check("zvalues", s.z.as_slice().unwrap());
    check("ci_low", s.ci_low.as_slice().unwrap());
    check("ci_high", s.ci_high.as_slice().unwrap());
    check("llf", &[s.llf]);
    check("llnull", &[s.llnull]);
    check("prsquared", &[s.pseudo_r2]);
    check("llr", &[s.llr]);
    check("aic", &[s.aic]);
    check("bic", &[s.bic]);
    for (ours, theirs) in s.p_values.iter().zip(&f["pvalues"]) {
        assert!((ours - theirs).abs() < 1e-9, "p-value {ours} vs {theirs}");
    }
    assert!((s.llr_pvalue - f["llr_pvalue"][0]).abs() < 1e-12);
    assert_eq!(s.n as f64, f["nobs"][0]);
    assert_eq!(s.df_model as f64, f["df_model"][0]);
    assert_eq!(s.df_resid as f64, f["df_resid"][0]);
    let table = s.to_string();
    assert!(table.contains("mean_concave_points") && table.contains("Pseudo R"));
}

/// λ = 1/C with C = 1; both sides standardise with the population σ of all 569 rows.
fn check_penalised(x: &Array2<f64>, y: &Array1<f64>, fixture_name: &str, tol: f64) {
    let fit = LogisticRegression::new(Solver::newton())
        .l2(1.0)
        .fit(x, y, None)
        .unwrap();
    assert!(fit.converged());
    let f = fixture(fixture_name);
    let err = max_rel_err(fit.coefficients().as_slice().unwrap(), &f["coef"])
        .max(max_rel_err(&[fit.intercept()], &f["intercept"]));
    assert!(err < tol, "{fixture_name}: relative error {err:.2e}");
    // a summary needs an unpenalised fit: the error names the penalty, not the solver
    let err = fit.summary().unwrap_err();
    assert!(
        matches!(&err, Error::InvalidParameter { name, value, .. } if name == "l2" && value == "1"),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with("LogisticFit::summary: invalid l2 = 1:") && text.contains("l2(0.0)"),
        "{text}"
    );
}

#[test]
fn penalised_newton_matches_scikit_learn_lbfgs_to_1e_6() {
    let (x, y) = cancer_subset();
    check_penalised(&x, &y, "logit_l2_lbfgs_5_features.txt", 1e-6);
}

#[test]
fn penalised_newton_matches_scikit_learn_newton_cg_on_30_features_to_1e_9() {
    // lbfgs stops at ‖∇‖∞ ≈ 6e−6 here (see tools/make_fixtures.py); newton-cg goes to 4e−15
    let d = cancer();
    check_penalised(&d.x, &d.y, "logit_l2_newton_cg_30_features.txt", 1e-9);
}

#[test]
fn first_order_solvers_reach_the_newton_minimum() {
    let (x, y) = cancer_subset();
    let newton = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap();
    let j_min = *newton.history().train_loss.last().unwrap();
    // (solver, allowed excess loss J − J_min): constant-step mini-batch methods hover near the
    // minimum rather than converge to it
    for (solver, excess) in [
        (Solver::gradient_descent(1.0, 20_000), 1e-9),
        (Solver::momentum(0.05, 32, 0.9, 300), 1e-3),
        (Solver::nesterov(0.05, 32, 0.9, 300), 1e-3),
        (Solver::adam(0.01, 32, 300), 1e-3),
    ] {
        let fit = LogisticRegression::new(solver).fit(&x, &y, None).unwrap();
        let h = fit.history();
        assert_eq!(h.train_loss.len(), fit.n_iter(), "{}", fit.solver());
        // no validation set: no validation loss or AUC is recorded
        assert!(h.validation_auc.is_empty());
        assert!(h.validation_loss.is_empty());
        let gap = h.train_loss.last().unwrap() - j_min;
        assert!(
            (-1e-12..excess).contains(&gap),
            "{}: J − J_min = {gap:.2e}",
            fit.solver()
        );
    }
    // batch gradient descent with a tight tolerance converges to Newton's θ itself
    let tight = Training::new(Rule::gradient_descent(1.0), 100_000).tol(1e-10);
    let gd = LogisticRegression::new(Solver::FirstOrder(tight))
        .fit(&x, &y, None)
        .unwrap();
    assert!(gd.converged(), "{:?} after {}", gd.status(), gd.n_iter());
    let err = max_rel_err(
        gd.params().as_slice().unwrap(),
        newton.params().as_slice().unwrap(),
    );
    assert!(err < 1e-6, "gradient descent θ differs by {err:.2e}");
    // and a budget that runs out is reported as such
    let short = LogisticRegression::new(Solver::gradient_descent(1.0, 5))
        .fit(&x, &y, None)
        .unwrap();
    assert_eq!((short.n_iter(), short.status()), (5, Status::MaxIterations));
    assert!(!short.converged());
}

#[test]
fn early_stopping_restores_the_best_validation_weights() {
    let d = cancer();
    let split = data::train_test_split(&d.x, &d.y, 0.3, 42).unwrap();
    let inner = data::train_test_split(&split.x_train, &split.y_train, 0.25, 43).unwrap();
    let training = Training::new(Rule::nesterov(0.5, 0.9), 3000)
        .batch_size(16)
        .early_stopping(20)
        .seed(1);
    let fit = LogisticRegression::new(training)
        .fit(
            &inner.x_train,
            &inner.y_train,
            Some((&inner.x_test, &inner.y_test)),
        )
        .unwrap();
    let Status::StoppedEarly { best_epoch } = fit.status() else {
        panic!("expected early stopping, got {:?}", fit.status())
    };
    assert!(!fit.converged());
    let h = fit.history();
    assert_eq!(h.validation_loss.len(), fit.n_iter());
    assert!(fit.n_iter() < 3000 && fit.n_iter() > 40);
    let best = h
        .validation_loss
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min);
    assert_eq!(h.validation_loss[best_epoch - 1], best);
    // the restored weights are the best epoch's: their validation loss is the minimum
    let p = fit.predict_proba(&inner.x_test).unwrap();
    let restored = mlfs_core::metrics::log_loss(&inner.y_test, &p.column(1).to_owned()).unwrap();
    assert!((restored - best).abs() < 1e-12, "{restored} vs {best}");
}

#[test]
fn the_same_seed_gives_identical_fits_and_another_seed_does_not() {
    let (x, y) = synthetic(300, 3, 11);
    let fit = |seed| {
        let training = Training::new(Rule::adam(0.05), 30)
            .batch_size(17)
            .seed(seed);
        LogisticRegression::new(training).fit(&x, &y, None).unwrap()
    };
    let (a, b, c) = (fit(5), fit(5), fit(6));
    assert_eq!(a.params(), b.params());
    assert_eq!(a.history(), b.history());
    assert_ne!(a.params(), c.params());
}

#[test]
fn separation_on_all_30_features_is_a_typed_error() {
    let d = cancer();
    let err = LogisticRegression::new(Solver::newton())
        .fit(&d.x, &d.y, None)
        .unwrap_err();
    let Error::Separation { detail, .. } = &err else {
        panic!("expected Error::Separation, got {err:?}")
    };
    let msg = err.to_string();
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(!detail.is_empty());
    // an L2 penalty makes the estimate exist again
    assert!(LogisticRegression::new(Solver::newton())
        .l2(1.0)
        .fit(&d.x, &d.y, None)
        .unwrap()
        .converged());
}

#[test]
fn perfectly_separated_toy_data_is_a_typed_error() {
    let x = array![[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]];
    let y = array![0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    let err = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap_err();
    assert!(matches!(err, Error::Separation { .. }), "{err:?}");
}

#[test]
fn predict_uses_the_threshold_and_checks_width() {
    let (x, y) = cancer_subset();
    let fit = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap();
    let p = fit.predict_proba(&x).unwrap().column(1).to_owned();
    let at_half = fit.predict(&x).unwrap();
    assert_eq!(at_half, fit.predict_at(&x, 0.5).unwrap());
    let at_09 = fit.predict_at(&x, 0.9).unwrap();
    assert_ne!(at_half, at_09);
    for i in 0..p.len() {
        assert_eq!(at_half[i], f64::from(p[i] >= 0.5));
        assert_eq!(at_09[i], f64::from(p[i] >= 0.9));
    }
    let wide = Array2::zeros((3, 6));
    assert!(matches!(
        fit.predict_proba(&wide),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        fit.predict_at(&x, 1.5),
        Err(Error::InvalidParameter { .. })
    ));
}

// ---------------------------------------------------------------- errors, one per case

fn small() -> (Array2<f64>, Array1<f64>) {
    let (x, y) = synthetic(40, 2, 3);
    (x, y)
}

#[test]
fn labels_other_than_0_and_1_are_an_error() {
    let (x, mut y) = small();
    y[7] = 2.0;
    let err = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidLabels { position: 7, value, .. } if value == 2.0),
        "{err:?}"
    );
    y[7] = -1.0;
    assert!(LogisticRegression::new(Solver::gradient_descent(0.1, 10))
        .fit(&x, &y, None)
        .is_err());
}

#[test]
fn a_single_class_is_an_error() {
    let (x, _) = small();
    let y = Array1::ones(x.nrows());
    let err = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap_err();
    assert!(
        matches!(err, Error::SingleClass { class: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn nan_or_infinity_is_an_error() {
    let (mut x, y) = small();
    x[[3, 1]] = f64::NAN;
    assert!(matches!(
        LogisticRegression::new(Solver::newton()).fit(&x, &y, None),
        Err(Error::NonFinite { .. })
    ));
    let (x, y) = small();
    let mut xv = x.slice(s![..5, ..]).to_owned();
    xv[[0, 0]] = f64::INFINITY;
    let yv = y.slice(s![..5]).to_owned();
    assert!(matches!(
        LogisticRegression::new(Solver::gradient_descent(0.1, 5)).fit(&x, &y, Some((&xv, &yv))),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn mismatched_shapes_are_an_error() {
    let (x, y) = small();
    let short = y.slice(s![..10]).to_owned();
    assert!(matches!(
        LogisticRegression::new(Solver::newton()).fit(&x, &short, None),
        Err(Error::ShapeMismatch { .. })
    ));
    let xv = x.select(Axis(1), &[0]);
    assert!(matches!(
        LogisticRegression::new(Solver::newton()).fit(&x, &y, Some((&xv, &y))),
        Err(Error::ShapeMismatch { .. })
    ));
    let empty = Array2::<f64>::zeros((0, 2));
    assert!(LogisticRegression::new(Solver::newton())
        .fit(&empty, &Array1::zeros(0), None)
        .is_err());
}

#[test]
fn a_learning_rate_of_zero_or_less_is_an_error() {
    let (x, y) = small();
    for lr in [0.0, -0.1, f64::NAN] {
        for solver in [
            Solver::gradient_descent(lr, 10),
            Solver::momentum(lr, 8, 0.9, 10),
            Solver::adam(lr, 8, 10),
        ] {
            let err = LogisticRegression::new(solver)
                .fit(&x, &y, None)
                .unwrap_err();
            assert!(
                matches!(&err, Error::InvalidParameter { name, .. } if name == "learning_rate"),
                "{err:?}"
            );
        }
    }
}

#[test]
fn a_batch_size_of_zero_or_above_n_is_an_error() {
    let (x, y) = small();
    for b in [0, x.nrows() + 1] {
        let err = LogisticRegression::new(Solver::nesterov(0.1, b, 0.9, 10))
            .fit(&x, &y, None)
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidParameter { name, .. } if name == "batch_size"),
            "{err:?}"
        );
    }
    // the whole set as one batch is fine
    assert!(
        LogisticRegression::new(Solver::nesterov(0.1, x.nrows(), 0.9, 10))
            .fit(&x, &y, None)
            .is_ok()
    );
}

#[test]
fn divergence_is_an_error_that_says_to_lower_the_learning_rate() {
    // unstandardised features of size 1e150: the first step sends the logits to ±∞
    let (x, y) = small();
    let x = x * 1e150;
    let err = LogisticRegression::new(Solver::gradient_descent(1e10, 100))
        .standardize(false)
        .fit(&x, &y, None)
        .unwrap_err();
    assert!(matches!(err, Error::Diverged { .. }), "{err:?}");
    assert!(err.to_string().contains("lower the learning rate"), "{err}");
}

#[test]
fn early_stopping_without_a_validation_set_is_an_error() {
    let (x, y) = small();
    let training = Training::new(Rule::momentum(0.1, 0.9), 10)
        .batch_size(8)
        .early_stopping(5);
    let err = LogisticRegression::new(training)
        .fit(&x, &y, None)
        .unwrap_err();
    assert!(err.to_string().contains("validation set"), "{err}");
}

#[test]
fn other_bad_hyper_parameters_are_errors() {
    let (x, y) = small();
    let bad = [
        LogisticRegression::new(Solver::newton()).l2(-1.0),
        LogisticRegression::new(Solver::momentum(0.1, 8, 1.0, 10)),
        LogisticRegression::new(
            Training::new(Rule::momentum(0.1, 0.9), 10)
                .batch_size(8)
                .early_stopping(0),
        ),
        LogisticRegression::new(Solver::Newton {
            max_iter: 10,
            tol: 0.0,
            chord: true,
        }),
        LogisticRegression::new(Solver::FirstOrder(
            Training::new(Rule::adam(0.1), 10).tol(-1.0),
        )),
    ];
    for model in bad {
        assert!(
            matches!(model.fit(&x, &y, None), Err(Error::InvalidParameter { .. })),
            "{model:?}"
        );
    }
}

#[test]
fn predict_proba_is_n_by_2_and_agrees_with_decision_function() {
    let (x, y) = synthetic(50, 3, 21);
    let fit = LogisticRegression::new(Solver::gradient_descent(0.5, 200))
        .fit(&x, &y, None)
        .unwrap();
    let p = fit.predict_proba(&x).unwrap();
    assert_eq!(p.dim(), (50, 2));
    let z = fit.decision_function(&x).unwrap();
    assert_eq!(z.len(), 50);
    for (i, row) in p.rows().into_iter().enumerate() {
        assert!((row.sum() - 1.0).abs() < 1e-12);
        assert!((row[1] - sigmoid(z[i])).abs() < 1e-15);
    }
    // the logits are b + x·w on the standardised features
    let s = fit.standardizer().unwrap();
    let xs = s.transform(&x).unwrap();
    let direct = xs.dot(&fit.coefficients()) + fit.intercept();
    assert!((&direct - &z).iter().all(|d| d.abs() < 1e-12));
    assert!(matches!(
        fit.decision_function(&Array2::zeros((2, 2))),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn feature_names_default_to_x1_and_can_be_set() {
    let (x, y) = synthetic(60, 3, 22);
    let fit = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap();
    assert_eq!(fit.feature_names(), ["x1", "x2", "x3"]);
    let named = LogisticRegression::new(Solver::newton())
        .with_names(&["a", "b", "c"])
        .fit(&x, &y, None)
        .unwrap();
    assert_eq!(named.feature_names(), ["a", "b", "c"]);
    let summary = named.summary().unwrap().to_string();
    assert!(
        summary.contains('a') && summary.contains("const"),
        "{summary}"
    );
    assert!(matches!(
        LogisticRegression::new(Solver::newton())
            .with_names(&["a", "b"])
            .fit(&x, &y, None),
        Err(Error::ShapeMismatch { .. })
    ));
    // a first-order fit has no summary (no standard errors without the Newton Hessian)
    let gd = LogisticRegression::new(Solver::gradient_descent(0.5, 50))
        .fit(&x, &y, None)
        .unwrap();
    let err = gd.summary().unwrap_err();
    assert!(
        matches!(&err, Error::InvalidParameter { name, .. } if name == "solver"),
        "{err:?}"
    );
    assert!(err.to_string().contains("Solver::newton()"), "{err}");
    assert_eq!(gd.solver(), "gradient descent");
}

#[test]
fn a_validation_set_records_loss_and_auc_per_epoch() {
    let (x, y) = synthetic(120, 3, 23);
    let (xt, yt) = (
        x.slice(s![..90, ..]).to_owned(),
        y.slice(s![..90]).to_owned(),
    );
    let (xv, yv) = (
        x.slice(s![90.., ..]).to_owned(),
        y.slice(s![90..]).to_owned(),
    );
    for solver in [Solver::nesterov(0.1, 10, 0.9, 15), Solver::newton()] {
        let fit = LogisticRegression::new(solver.clone())
            .fit(&xt, &yt, Some((&xv, &yv)))
            .unwrap();
        let h = fit.history();
        assert_eq!(h.len(), fit.n_iter(), "{solver:?}");
        assert_eq!(h.validation_loss.len(), fit.n_iter(), "{solver:?}");
        assert_eq!(h.validation_auc.len(), fit.n_iter(), "{solver:?}");
        // the last entries describe the returned θ
        let p = fit.predict_proba(&xv).unwrap().column(1).to_owned();
        let loss = mlfs_core::metrics::log_loss(&yv, &p).unwrap();
        assert!(
            (h.validation_loss.last().unwrap() - loss).abs() < 1e-12,
            "{solver:?}"
        );
        let auc = mlfs_core::metrics::auc(&yv, &p).unwrap();
        assert!(
            (h.validation_auc.last().unwrap() - auc).abs() < 1e-12,
            "{solver:?}"
        );
    }
}

#[test]
fn a_divergence_that_stays_finite_is_an_error_not_a_budget_used_up() {
    // on standardised features a step of 1e6 overshoots at every iteration: the loss stays
    // finite but ends far above ln 2, where θ = 0 starts
    let (x, y) = synthetic(200, 3, 8);
    let err = LogisticRegression::new(Solver::gradient_descent(1e6, 100))
        .fit(&x, &y, None)
        .unwrap_err();
    let Error::Diverged {
        iteration,
        loss,
        start_loss,
        ref advice,
        ..
    } = err
    else {
        panic!("expected Diverged, got {err:?}")
    };
    assert!(
        loss.is_finite() && loss > 2.0 * std::f64::consts::LN_2,
        "{loss}"
    );
    assert!((start_loss - std::f64::consts::LN_2).abs() < 1e-12);
    assert_eq!(iteration, 100);
    assert!(
        advice.contains("lower the learning rate (it is 1000000)"),
        "{advice}"
    );
    assert!(
        err.to_string()
            .starts_with("LogisticRegression::fit: diverged"),
        "{err}"
    );
    // a step that works ends below its start, and is no error
    let fit = LogisticRegression::new(Solver::gradient_descent(0.5, 100))
        .fit(&x, &y, None)
        .unwrap();
    assert!(fit.history().train_loss[99] < std::f64::consts::LN_2);
}
