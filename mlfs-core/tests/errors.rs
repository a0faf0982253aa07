//! Errors that every model reports alike: a zero iteration budget, rank deficiency, a CSV file
//! without rows — and one error per public entry point, whose message names that entry point.

mod support;

use mlfs_core::linear::Ols;
use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::ndarray::{Array1, Array2};
use mlfs_core::nn::{Activation, Init, Network, Output};
use mlfs_core::optim::{Rule, Training, BUDGET};
use mlfs_core::Error;
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
    let net = Network::new(3, &[4], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap();
    for training in [
        Training::new(Rule::gradient_descent(0.1), 0),
        Training::new(Rule::nesterov(0.1, 0.9), 0).batch_size(8),
    ] {
        assert_zero_budget(net.clone().train(&training, &x, &y, None).unwrap_err());
    }
}

#[test]
fn early_stopping_on_newton_names_the_misapplied_setting() {
    for (model, setting) in [
        (
            LogisticRegression::new(Solver::newton()).early_stopping(5),
            "early_stopping",
        ),
        (
            LogisticRegression::new(Solver::newton_chord()).seed(3),
            "seed",
        ),
    ] {
        let (x, y) = small();
        let err = model.fit(&x, &y, None).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidParameter { name, .. } if name == setting),
            "{err:?}"
        );
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
