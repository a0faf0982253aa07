//! The fitted-model surface of the crate docs' table, held for every model: each method is pinned
//! to its exact signature (a drift in name, type or ownership fails to compile), then called on
//! a fit and checked for what the table says it answers.

mod support;

use mlfs_core::data::generators::{make_classification, Classification};
use mlfs_core::linear::{Ols, OlsFit, OlsSummary};
use mlfs_core::logistic::{LogisticFit, LogisticRegression, LogitSummary, Solver};
use mlfs_core::ndarray::{s, Array1, Array2};
use mlfs_core::nn::{Activation, Mlp, MlpFit, MlpSummary, Output};
use mlfs_core::optim::{History, Rule, Status, Training};
use mlfs_core::{Error, Result};
use support::random_matrix;

/// The questions every fitted model answers, pinned to one signature each.
macro_rules! pin_common_surface {
    ($fit:ty, $summary:ty) => {{
        let _: fn(&$fit, &Array2<f64>) -> Result<Array1<f64>> = <$fit>::predict;
        let _: fn(&$fit) -> usize = <$fit>::n_iter;
        let _: fn(&$fit) -> bool = <$fit>::converged;
        let _: fn(&$fit) -> Status = <$fit>::status;
        let _: fn(&$fit) -> &History = <$fit>::history;
        let _: fn(&$fit) -> &Array1<f64> = <$fit>::params;
        let _: fn(&$fit) -> Result<$summary> = <$fit>::summary;
        let _: fn(&$fit) -> &[String] = <$fit>::feature_names;
    }};
}

/// The questions a classifier answers besides, pinned the same way.
macro_rules! pin_classifier_surface {
    ($fit:ty) => {{
        let _: fn(&$fit, &Array2<f64>) -> Result<Array2<f64>> = <$fit>::predict_proba;
        let _: fn(&$fit, &Array2<f64>) -> Result<Array1<f64>> = <$fit>::decision_function;
    }};
}

/// Binary data with five features, and names for them.
fn binary_data() -> (Array2<f64>, Array1<f64>, [&'static str; 5]) {
    let (x, y) = make_classification(&Classification {
        n_samples: 120,
        n_features: 5,
        n_informative: 3,
        n_redundant: 0,
        seed: 5,
        ..Classification::default()
    })
    .unwrap();
    (x, y, ["a", "b", "c", "d", "e"])
}

/// What every fit reports about its run: n_iter, converged and status agree with each other and
/// with the history.
fn assert_run_record(n_iter: usize, converged: bool, status: Status, history: &History) {
    assert_eq!(converged, status == Status::Converged);
    assert_eq!(history.len(), n_iter);
    assert!(history.train_loss.iter().all(|j| j.is_finite()));
}

/// predict_proba is n × 2 with rows [1 − p, p], p = σ(decision_function), and predict is p ≥ ½.
fn assert_binary_classifier(
    x: &Array2<f64>,
    proba: Array2<f64>,
    scores: Array1<f64>,
    labels: Array1<f64>,
) {
    let n = x.nrows();
    assert_eq!((proba.dim(), scores.len(), labels.len()), ((n, 2), n, n));
    for i in 0..n {
        let p = 1.0 / (1.0 + (-scores[i]).exp());
        assert!((proba[[i, 1]] - p).abs() < 1e-12);
        assert!((proba[[i, 0]] + proba[[i, 1]] - 1.0).abs() < 1e-12);
        assert_eq!(labels[i], f64::from(proba[[i, 1]] >= 0.5));
    }
}

#[test]
fn ols_fit_answers_the_whole_surface() {
    pin_common_surface!(OlsFit, OlsSummary);
    let x = random_matrix(50, 3, 1);
    let y = x.dot(&Array1::from(vec![1.0, -2.0, 0.5])) + 3.0 + random_matrix(50, 1, 2).column(0);
    let fit = Ols::new().with_names(&["a", "b", "c"]).fit(&x, &y).unwrap();
    let yhat = fit.predict(&x).unwrap();
    assert_eq!(yhat.len(), 50);
    assert_eq!(fit.params().len(), 4);
    assert_eq!(fit.params()[0], fit.intercept());
    let (n_iter, converged, status) = (fit.n_iter(), fit.converged(), fit.status());
    assert_eq!((n_iter, converged, status), (1, true, Status::Converged));
    assert_run_record(n_iter, converged, status, fit.history());
    // the history's one entry is the mean squared residual of the returned θ̂
    let mse = (&y - &yhat).mapv(|e| e * e).mean().unwrap();
    assert!((fit.history().train_loss[0] - mse).abs() < 1e-12 * mse);
    let summary = fit.summary().unwrap();
    assert_eq!(summary.coef, *fit.params());
    assert!(summary.to_string().contains("const"));
    assert_eq!(fit.feature_names(), ["a", "b", "c"]);
    assert_eq!(
        Ols::new().fit(&x, &y).unwrap().feature_names(),
        ["x1", "x2", "x3"]
    );
}

#[test]
fn logistic_fit_answers_the_whole_surface() {
    pin_common_surface!(LogisticFit, LogitSummary);
    pin_classifier_surface!(LogisticFit);
    let (x, y, names) = binary_data();
    let fit = LogisticRegression::new(Solver::newton())
        .with_names(&names)
        .fit(&x, &y, None)
        .unwrap();
    assert_binary_classifier(
        &x,
        fit.predict_proba(&x).unwrap(),
        fit.decision_function(&x).unwrap(),
        fit.predict(&x).unwrap(),
    );
    assert_eq!(fit.params().len(), 6);
    assert_eq!(fit.params()[0], fit.intercept());
    assert_run_record(fit.n_iter(), fit.converged(), fit.status(), fit.history());
    assert!(fit.converged());
    let summary = fit.summary().unwrap();
    assert_eq!(summary.coef, *fit.params());
    assert_eq!(summary.names[1..], names);
    assert_eq!(fit.feature_names(), names);
    // a first-order fit answers the same questions; its summary is an error that says why
    let validation = (
        x.slice(s![..30, ..]).to_owned(),
        y.slice(s![..30]).to_owned(),
    );
    let training = Training::new(Rule::nesterov(0.1, 0.9), 15)
        .batch_size(16)
        .seed(2);
    let first_order = LogisticRegression::new(training)
        .fit(&x, &y, Some((&validation.0, &validation.1)))
        .unwrap();
    assert_run_record(
        first_order.n_iter(),
        first_order.converged(),
        first_order.status(),
        first_order.history(),
    );
    assert_eq!(first_order.history().validation_auc.len(), 15);
    assert_eq!(first_order.feature_names(), ["x1", "x2", "x3", "x4", "x5"]);
    let err = first_order.summary().unwrap_err();
    assert!(
        matches!(&err, Error::InvalidParameter { name, .. } if name == "solver"),
        "{err:?}"
    );
}

#[test]
fn mlp_fit_answers_the_whole_surface() {
    pin_common_surface!(MlpFit, MlpSummary);
    pin_classifier_surface!(MlpFit);
    let (x, y, names) = binary_data();
    let validation = (
        x.slice(s![..30, ..]).to_owned(),
        y.slice(s![..30]).to_owned(),
    );
    let training = Training::new(Rule::adam(0.01), 25).batch_size(16).seed(2);
    let fit = Mlp::new(&[4], training)
        .activation(Activation::Tanh)
        .seed(1)
        .l2(0.1)
        .with_names(&names)
        .fit(&x, &y, Some((&validation.0, &validation.1)))
        .unwrap();
    assert_binary_classifier(
        &x,
        fit.predict_proba(&x).unwrap(),
        fit.decision_function(&x).unwrap(),
        fit.predict(&x).unwrap(),
    );
    assert_eq!(fit.params(), fit.network().params());
    assert_eq!(fit.params().len(), 5 * 4 + 4 + 4 + 1);
    assert_run_record(fit.n_iter(), fit.converged(), fit.status(), fit.history());
    assert_eq!(fit.history().validation_loss.len(), fit.n_iter());
    let summary = fit.summary().unwrap();
    assert_eq!(
        (summary.widths.clone(), summary.n_params, summary.l2),
        (vec![5, 4, 1], fit.params().len(), 0.1)
    );
    assert_eq!(
        summary.train_loss,
        *fit.history().train_loss.last().unwrap()
    );
    assert_eq!(fit.feature_names(), names);
    // a softmax network answers predict_proba with K columns; decision_function is an error
    let y3 = x.column(0).mapv(|v| {
        if v < -0.5 {
            0.0
        } else if v < 0.5 {
            1.0
        } else {
            2.0
        }
    });
    let softmax = Mlp::new(&[4], Training::new(Rule::adam(0.01), 5))
        .output(Output::Softmax { classes: 3 })
        .fit(&x, &y3, None)
        .unwrap();
    assert_eq!(softmax.predict_proba(&x).unwrap().dim(), (120, 3));
    assert!(matches!(
        softmax.decision_function(&x),
        Err(Error::InvalidParameter { .. })
    ));
}
