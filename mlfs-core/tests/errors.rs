//! Errors that every model reports alike: a zero iteration budget, rank deficiency, a CSV file
//! without rows — and one error per public entry point, whose message names that entry point.

mod support;

use mlfs_core::data::generators::{self, Classification};
use mlfs_core::data::{self, Standardizer};
use mlfs_core::linalg;
use mlfs_core::linear::Ols;
use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::ndarray::{array, Array1, Array2};
use mlfs_core::nn::{self, Activation, Gradients, Init, Mlp, Network, Output};
use mlfs_core::optim::{Rule, Training, BUDGET};
use mlfs_core::plot::{self, Chart, Figure};
use mlfs_core::{metrics, Error, Result};
use support::random_matrix;

/// 40 rows of 3 features and labels of both classes that overlap.
fn small() -> (Array2<f64>, Array1<f64>) {
    let x = random_matrix(40, 3, 11);
    let noise = random_matrix(40, 1, 12);
    let y = Array1::from_shape_fn(40, |i| f64::from(x[[i, 0]] + noise[[i, 0]] > 0.0));
    (x, y)
}

// ---------------------------------------------------------------- a zero iteration budget

/// The one error every solver gives for a budget of 0 iterations or epochs: same variant, same
/// name, same reason.
fn assert_zero_budget(err: Error) {
    let reference = Training::new(Rule::adam(0.1), 0)
        .check(10, false)
        .unwrap_err();
    let (
        Error::InvalidParameter {
            name,
            value,
            reason,
            ..
        },
        Error::InvalidParameter {
            reason: expected, ..
        },
    ) = (&err, &reference)
    else {
        panic!("expected InvalidParameter, got {err:?}");
    };
    assert_eq!(name, BUDGET, "{err}");
    assert_eq!(value, "0", "{err}");
    assert_eq!(reason, expected, "{err}");
}

fn logistic_with(solver: Solver) -> Error {
    let (x, y) = small();
    LogisticRegression::new(solver)
        .fit(&x, &y, None)
        .unwrap_err()
}

#[test]
fn zero_iterations_of_gradient_descent_is_invalid() {
    assert_zero_budget(logistic_with(Solver::gradient_descent(0.1, 0)));
}

#[test]
fn zero_epochs_of_mini_batch_sgd_is_invalid() {
    assert_zero_budget(logistic_with(Solver::momentum(0.1, 8, 0.9, 0)));
    assert_zero_budget(logistic_with(Solver::adam(0.1, 8, 0)));
}

#[test]
fn zero_iterations_of_newton_is_invalid() {
    assert_zero_budget(logistic_with(Solver::Newton {
        max_iter: 0,
        tol: 1e-10,
        chord: false,
    }));
}

#[test]
fn zero_iterations_of_newton_chord_is_invalid() {
    assert_zero_budget(logistic_with(Solver::Newton {
        max_iter: 0,
        tol: 1e-10,
        chord: true,
    }));
}

#[test]
fn zero_epochs_of_network_training_is_invalid() {
    let (x, y) = small();
    for training in [
        Training::new(Rule::gradient_descent(0.1), 0),
        Training::new(Rule::nesterov(0.1, 0.9), 0).batch_size(8),
    ] {
        assert_zero_budget(Mlp::new(&[4], training).fit(&x, &y, None).unwrap_err());
    }
}

// ---------------------------------------------------------------- rank deficiency

/// (rank, columns, dependent) of a RankDeficient error.
fn rank_deficiency(err: &Error) -> (usize, usize, String) {
    match err {
        Error::RankDeficient {
            rank,
            columns,
            dependent,
            ..
        } => (*rank, *columns, dependent.clone()),
        _ => panic!("expected RankDeficient, got {err:?}"),
    }
}

/// Ols::fit and Newton (plain and chord, standardising or not) on the same design: the same
/// RankDeficient error, naming the same column.
fn assert_same_rank_deficiency(x: &Array2<f64>, names: &[&str], dependent: &str) {
    let (_, y) = small();
    let ols = Ols::new().with_names(names).fit(x, &y).unwrap_err();
    let expected = rank_deficiency(&ols);
    assert_eq!(expected.2, dependent, "{ols}");
    for solver in [Solver::newton(), Solver::newton_chord()] {
        for standardize in [true, false] {
            let err = LogisticRegression::new(solver.clone())
                .standardize(standardize)
                .with_names(names)
                .fit(x, &y, None)
                .unwrap_err();
            assert_eq!(
                rank_deficiency(&err),
                expected,
                "{solver:?}, standardize {standardize}: {err}"
            );
        }
    }
}

#[test]
fn a_duplicated_column_is_the_same_rank_deficiency_in_ols_and_newton() {
    let (mut x, _) = small();
    let first = x.column(0).to_owned();
    x.column_mut(2).assign(&first);
    assert_same_rank_deficiency(&x, &["a", "b", "a_copy"], "a_copy");
}

#[test]
fn a_constant_column_beside_the_intercept_is_the_same_rank_deficiency() {
    let (mut x, _) = small();
    x.column_mut(1).fill(2.5);
    assert_same_rank_deficiency(&x, &["a", "flat", "c"], "flat");
}

#[test]
fn a_combination_of_columns_is_the_same_rank_deficiency() {
    let (mut x, _) = small();
    let sum = &x.column(0) * 2.0 - x.column(1);
    x.column_mut(2).assign(&sum);
    assert_same_rank_deficiency(&x, &["a", "b", "two_a_minus_b"], "two_a_minus_b");
}

// ---------------------------------------------------------------- every message names its entry point

/// The error of `result`, whose context and message both start with `entry`.
fn assert_named<T: std::fmt::Debug>(entry: &str, result: Result<T>) {
    let err = result.expect_err(entry);
    assert!(
        err.context().starts_with(entry),
        "{entry}: context {:?}",
        err.context()
    );
    assert!(err.to_string().starts_with(entry), "{entry}: {err}");
}

/// A file in a fresh temporary folder.
fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mlfs-errors-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn data_errors_name_their_entry_point() {
    assert_named("data::load_csv", data::load_csv("no/such/file.csv", "y"));
    let header_only = temp_file("header_only.csv", "a,y\n");
    assert_named("data::load_csv", data::load_csv(&header_only, "y"));
    let table = temp_file("table.csv", "a,y\n1,0\n2,1\n");
    assert_named("data::load_csv", data::load_csv(&table, "target"));
    assert_named(
        "data::read_reference",
        data::read_reference("no/such/file.txt"),
    );
    assert_named("data::read_csv", data::read_csv("no/such/file.csv"));
    let df = data::read_csv(&table).unwrap();
    assert_named("data::column_to_array1", data::column_to_array1(&df, "b"));
    assert_named(
        "data::columns_to_array2",
        data::columns_to_array2(&df, &["a", "b"]),
    );
    let d = data::load_csv(&table, "y").unwrap();
    assert_named("Dataset::select", d.select(&["b"]));
    let (x, y) = small();
    assert_named(
        "data::train_test_split",
        data::train_test_split(&x, &y, 1.5, 0),
    );
    assert_named(
        "Standardizer::fit",
        Standardizer::fit(&Array2::zeros((0, 2))),
    );
    let s = Standardizer::fit(&x).unwrap();
    assert_named(
        "Standardizer::transform",
        s.transform(&Array2::zeros((2, 5))),
    );
    assert_named(
        "Standardizer::inverse_transform",
        s.inverse_transform(&Array2::zeros((2, 5))),
    );
}

#[test]
fn generator_errors_name_their_entry_point() {
    let bad = Classification {
        n_classes: 1,
        ..Classification::default()
    };
    assert_named(
        "generators::make_classification",
        generators::make_classification(&bad),
    );
    assert_named("generators::moons", generators::moons(1, 0.1, 0));
    assert_named("generators::circles", generators::circles(10, 0.1, 1.5, 0));
    assert_named(
        "generators::spirals",
        generators::spirals(10, 1, 1.0, 0.0, 0),
    );
}

#[test]
fn metric_errors_name_their_entry_point() {
    let (y, short) = (array![0.0, 1.0, 1.0], array![0.5, 0.5]);
    let ones = array![1.0, 1.0, 1.0];
    assert_named("metrics::mse", metrics::mse(&y, &short));
    assert_named("metrics::r_squared", metrics::r_squared(&ones, &y));
    assert_named("metrics::accuracy", metrics::accuracy(&y, &short));
    assert_named(
        "metrics::confusion_matrix",
        metrics::confusion_matrix(&y, &array![0.0, 2.0, 1.0]),
    );
    assert_named("metrics::roc_curve", metrics::roc_curve(&ones, &y));
    assert_named("metrics::auc", metrics::auc(&ones, &y));
    assert_named(
        "metrics::log_loss",
        metrics::log_loss(&y, &array![0.5, 1.5, 0.5]),
    );
    assert_named(
        "metrics::confusion_matrix_multiclass",
        metrics::confusion_matrix_multiclass(&y, &array![0.0, 7.0, 1.0], 2),
    );
}

#[test]
fn linear_algebra_errors_name_their_entry_point() {
    let empty = Array2::<f64>::zeros((0, 0));
    assert_named("linalg::qr", linalg::qr(empty.view()));
    let r = array![[1.0, 2.0], [0.0, 0.0]];
    assert_named(
        "linalg::back_substitute",
        linalg::back_substitute(r.view(), array![1.0].view()),
    );
    assert_named(
        "linalg::back_substitute",
        linalg::back_substitute(r.view(), array![1.0, 1.0].view()),
    );
    assert_named(
        "linalg::upper_triangular_inverse",
        linalg::upper_triangular_inverse(r.view()),
    );
    let qr = linalg::qr(random_matrix(4, 2, 1).view()).unwrap();
    assert_named("Qr::qt_mul", qr.qt_mul(array![1.0].view()));
    assert_named("Qr::q_mul", qr.q_mul(array![1.0].view()));
}

#[test]
fn ols_errors_name_their_entry_point() {
    let (x, y) = small();
    assert_named(
        "Ols::fit",
        Ols::new().fit(&Array2::zeros((0, 2)), &Array1::zeros(0)),
    );
    assert_named(
        "Ols::fit",
        Ols::new().fit(&x, &y.slice(mlfs_core::ndarray::s![..5]).to_owned()),
    );
    assert_named("Ols::fit", Ols::new().with_names(&["a"]).fit(&x, &y));
    let fit = Ols::new().fit(&x, &y).unwrap();
    assert_named("OlsFit::predict", fit.predict(&Array2::zeros((2, 7))));
    let square = x.slice(mlfs_core::ndarray::s![..4, ..]).to_owned();
    let exact = Ols::new()
        .fit(&square, &y.slice(mlfs_core::ndarray::s![..4]).to_owned())
        .unwrap();
    assert_named("OlsFit::summary", exact.summary());
}

#[test]
fn logistic_errors_name_their_entry_point() {
    let (x, y) = small();
    let bad_y = Array1::from_elem(x.nrows(), 3.0);
    assert_named(
        "LogisticRegression::fit",
        LogisticRegression::new(Solver::newton()).fit(&x, &bad_y, None),
    );
    assert_named(
        "LogisticRegression::fit",
        LogisticRegression::new(Solver::newton())
            .l2(-1.0)
            .fit(&x, &y, None),
    );
    assert_named(
        "LogisticRegression::fit",
        LogisticRegression::new(Solver::gradient_descent(0.1, 0)).fit(&x, &y, None),
    );
    let wide = Array2::zeros((2, 7));
    let fit = LogisticRegression::new(Solver::gradient_descent(0.5, 20))
        .fit(&x, &y, None)
        .unwrap();
    assert_named(
        "LogisticFit::decision_function",
        fit.decision_function(&wide),
    );
    assert_named("LogisticFit::predict_proba", fit.predict_proba(&wide));
    assert_named("LogisticFit::predict", fit.predict(&wide));
    assert_named("LogisticFit::predict_at", fit.predict_at(&x, 1.5));
    assert_named("LogisticFit::predict_at", fit.predict_at(&wide, 0.5));
    assert_named("LogisticFit::summary", fit.summary());
    let newton = LogisticRegression::new(Solver::newton())
        .fit(&x, &y, None)
        .unwrap();
    let summary = newton.summary().unwrap();
    assert_named("LogitSummary::with_names", summary.with_names(&["a"]));
}

#[test]
fn logistic_fit_errors_from_inside_the_solvers_name_it_too() {
    // separation (Newton), rank deficiency (Newton) and divergence (gradient descent)
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![0.0, 0.0, 1.0, 1.0];
    assert_named(
        "LogisticRegression::fit",
        LogisticRegression::new(Solver::newton()).fit(&x, &y, None),
    );
    let (mut x, y) = small();
    x.column_mut(2).fill(1.0);
    let err = LogisticRegression::new(Solver::newton()).fit(&x, &y, None);
    assert!(matches!(err, Err(Error::RankDeficient { .. })), "{err:?}");
    assert_named("LogisticRegression::fit", err);
    let (x, y) = small();
    let huge = x * 1e150;
    let diverged = LogisticRegression::new(Solver::gradient_descent(1e10, 100))
        .standardize(false)
        .fit(&huge, &y, None);
    assert!(
        matches!(diverged, Err(Error::Diverged { .. })),
        "{diverged:?}"
    );
    assert_named("LogisticRegression::fit", diverged);
}

#[test]
fn training_errors_name_their_entry_point() {
    assert_named(
        "Training::check",
        Training::new(Rule::adam(0.0), 5).check(10, false),
    );
}

#[test]
fn network_errors_name_their_entry_point() {
    let (x, y) = small();
    let wide = Array2::zeros((2, 7));
    let net = || Network::new(3, &[4], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap();
    let (hidden, output) = (Activation::Tanh, Output::Sigmoid);
    assert_named(
        "Network::new",
        Network::new(0, &[3], hidden, output, Init::Glorot, 0),
    );
    assert_named(
        "Network::new",
        Network::new(
            3,
            &[3],
            hidden,
            Output::Softmax { classes: 1 },
            Init::Glorot,
            0,
        ),
    );
    assert_named(
        "Network::from_layers",
        Network::from_layers(hidden, output, vec![], vec![]),
    );
    assert_named("Network::with_params", net().with_params(Array1::zeros(2)));
    assert_named("Network::weights", net().weights(0));
    assert_named("Network::biases", net().biases(9));
    assert_named("Network::forward", net().forward(&wide));
    assert_named("Network::logits", net().logits(&wide));
    assert_named("Network::decision_function", net().decision_function(&wide));
    assert_named("Network::predict_proba", net().predict_proba(&wide));
    assert_named("Network::predict", net().predict(&wide));
    assert_named("Network::loss", net().loss(&x, &y, -1.0));
    assert_named("Network::gradients", net().gradients(&x, &y, f64::NAN));
    let mlp = |epochs| Mlp::new(&[4], Training::new(Rule::adam(0.1), epochs));
    assert_named("Mlp::fit", mlp(0).fit(&x, &y, None));
    assert_named("Mlp::fit", mlp(5).fit(&wide, &y, None));
    assert_named("Mlp::fit", mlp(5).l2(-1.0).fit(&x, &y, None));
    assert_named("Mlp::initial_network", mlp(5).initial_network(0));
    assert_named(
        "Gradients::from_layers",
        Gradients::from_layers(vec![], vec![]),
    );
    let g = net().gradients(&x, &y, 0.0).unwrap();
    assert_named("Gradients::weights", g.weights(0));
    assert_named("Gradients::biases", g.biases(3));
    assert_named(
        "nn::gradient_check",
        nn::gradient_check(&net(), &x, &y, -1.0),
    );
    let other = Network::new(3, &[2], hidden, output, Init::Glorot, 0).unwrap();
    let g_other = other.gradients(&x, &y, 0.0).unwrap();
    assert_named(
        "nn::check_gradients",
        nn::check_gradients(&net(), &x, &y, 0.0, &g_other),
    );
    assert_named(
        "nn::rows_away_from_kinks",
        nn::rows_away_from_kinks(&net(), &wide, 0.1),
    );
    let trained = mlp(3).fit(&x, &y, None).unwrap();
    assert_named("MlpFit::predict", trained.predict(&wide));
    assert_named("MlpFit::predict_proba", trained.predict_proba(&wide));
    assert_named(
        "MlpFit::decision_function",
        trained.decision_function(&wide),
    );
}

#[test]
fn plot_errors_name_their_entry_point() {
    let empty = Chart::new("nothing");
    assert_named("Chart::render", empty.render());
    assert_named(
        "Chart::render_small_multiples",
        empty.render_small_multiples(2),
    );
    let xs = [0.0, 1.0];
    let chart = Chart::new("line").line("a", &xs[..], &xs[..]);
    assert_named(
        "Chart::render_with_zoom",
        chart.render_with_zoom((1.0, 0.0), (0.0, 1.0)),
    );
    assert_named("plot::grid", plot::grid("none", &[], 2));
    assert_named(
        "plot::image_grid",
        plot::image_grid("none", &Array2::zeros((0, 4)), (2, 2), &[], 2),
    );
    let (x, y) = small();
    assert_named(
        "plot::decision_boundary",
        plot::decision_boundary("3 columns", &x, &y, 10, |g| Ok(g.column(0).to_owned())),
    );
    let failing = Figure::draw(10, 10, |_| {
        Err(metrics::mse(&array![1.0], &array![]).unwrap_err())
    });
    assert_named("Figure::draw", failing);
    let figure = chart.render().unwrap();
    assert_named("Figure::save", figure.save("no/such/folder/figure.png"));
}
