//! `mlfs_core::nn`: gradient checks for every activation × output, the no-hidden-layer network
//! against Part 2's logistic regression, reproducibility, training, and one test per error case.

mod support;

use mlfs_core::data::generators::{make_classification, moons, spirals, Classification};
use mlfs_core::logistic::{LogisticRegression, Solver, Status};
use mlfs_core::ndarray::{array, s, Array1, Array2, Axis};
use mlfs_core::nn::{
    check_gradients, gradient_check, rows_away_from_kinks, Activation, Init, Network, Optimizer,
    Output, Training,
};
use mlfs_core::Error;
use support::random_matrix;

const ACTIVATIONS: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

fn binary_data(n: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    make_classification(&Classification {
        n_samples: n,
        n_features: 5,
        n_informative: 3,
        n_redundant: 1,
        seed,
        ..Classification::default()
    })
    .unwrap()
}

fn three_class_data(n: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    make_classification(&Classification {
        n_samples: n,
        n_features: 4,
        n_informative: 3,
        n_redundant: 0,
        n_classes: 3,
        n_clusters_per_class: 1,
        seed,
        ..Classification::default()
    })
    .unwrap()
}

/// (x, y) restricted to the rows away from ReLU's kink (see `rows_away_from_kinks`).
fn away_from_kinks(net: &Network, x: &Array2<f64>, y: &Array1<f64>) -> (Array2<f64>, Array1<f64>) {
    let keep = rows_away_from_kinks(net, x, 0.01).unwrap();
    assert!(
        keep.len() >= x.nrows() / 2,
        "too few rows away from the kinks"
    );
    (x.select(Axis(0), &keep), y.select(Axis(0), &keep))
}

#[test]
fn backprop_matches_finite_differences_for_every_activation_and_output() {
    for seed in [1, 2, 3] {
        for hidden in ACTIVATIONS {
            for (output, (x, y)) in [
                (Output::Sigmoid, binary_data(30, seed)),
                (Output::Softmax { classes: 3 }, three_class_data(30, seed)),
            ] {
                let init = if hidden == Activation::Relu {
                    Init::He
                } else {
                    Init::Glorot
                };
                let mut net = Network::new(x.ncols(), &[6, 4], hidden, output, init, seed).unwrap();
                let (x, y) = if hidden == Activation::Relu {
                    // He leaves b = 0, so a unit whose inputs are all dead sits exactly on ReLU's
                    // kink (z = 0), where no derivative exists and finite differences see ½.
                    for b in &mut net.biases {
                        b.fill(0.1);
                    }
                    away_from_kinks(&net, &x, &y)
                } else {
                    (x, y)
                };
                for l2 in [0.0, 0.5] {
                    let err = gradient_check(&net, &x, &y, l2).unwrap();
                    assert!(
                        err < 1e-6,
                        "{hidden:?} / {output:?} / seed {seed} / λ {l2}: max relative error {err:.2e}"
                    );
                }
            }
        }
    }
}

#[test]
fn gradient_check_catches_a_wrong_gradient() {
    let (x, y) = binary_data(30, 4);
    let net = Network::new(5, &[4], Activation::Tanh, Output::Sigmoid, Init::Glorot, 4).unwrap();
    let right = net.gradients(&x, &y, 0.0).unwrap();
    assert!(check_gradients(&net, &x, &y, 0.0, &right).unwrap() < 1e-6);
    // a 1% error in one weight's gradient
    let mut wrong = right.clone();
    wrong.weights[0][[2, 3]] *= 1.01;
    let err = check_gradients(&net, &x, &y, 0.0, &wrong).unwrap();
    assert!(err > 5e-3, "{err}");
    // forgetting the penalty's gradient
    assert!(check_gradients(&net, &x, &y, 1.0, &right).unwrap() > 1e-3);
    // the wrong activation derivative (sigmoid's a(1 − a) for tanh)
    let f = net.forward(&x).unwrap();
    let mut bad_net = net.clone();
    bad_net.hidden = Activation::Sigmoid;
    let mut mixed = right.clone();
    let g_sigmoid_rule = bad_net.gradients(&x, &y, 0.0).unwrap();
    mixed.weights[0] = g_sigmoid_rule.weights[0].clone();
    assert!(f.z.len() == 2 && check_gradients(&net, &x, &y, 0.0, &mixed).unwrap() > 1e-2);
}

#[test]
fn no_hidden_layers_is_logistic_regression_by_gradient_descent() {
    let (x, y) = binary_data(200, 5);
    let (eta, steps) = (0.5, 300);
    let net = Network::new(5, &[], Activation::Sigmoid, Output::Sigmoid, Init::Zeros, 0).unwrap();
    let optimizer = Optimizer::GradientDescent {
        learning_rate: eta,
        tol: 0.0,
    };
    let trained = Training::new(optimizer, steps)
        .fit(net, &x, &y, None)
        .unwrap();
    let solver = Solver::GradientDescent {
        learning_rate: eta,
        max_iter: steps,
        tol: 0.0,
    };
    let logistic = LogisticRegression::new(solver)
        .standardize(false)
        .fit(&x, &y, None)
        .unwrap();
    assert_eq!(trained.n_epochs, logistic.n_iter());
    let b = trained.network.biases[0][0];
    let w = trained.network.weights[0].row(0).to_owned();
    assert!(
        (b - logistic.intercept()).abs() < 1e-10,
        "{b} vs {}",
        logistic.intercept()
    );
    let dw = (&w - &logistic.coefficients()).mapv(f64::abs);
    assert!(dw.iter().all(|&d| d < 1e-10), "{dw}");
    for (a, b) in trained
        .history
        .train_loss
        .iter()
        .zip(&logistic.history().train_loss)
    {
        assert!((a - b).abs() < 1e-12);
    }
}

#[test]
fn the_same_seed_gives_identical_results_and_another_does_not() {
    let (x, y) = binary_data(120, 6);
    let run = |seed| {
        let net = Network::new(
            5,
            &[8, 3],
            Activation::Relu,
            Output::Sigmoid,
            Init::He,
            seed,
        )
        .unwrap();
        Training::new(Optimizer::adam(0.01, 16), 20)
            .seed(seed)
            .fit(net, &x, &y, None)
            .unwrap()
    };
    let (a, b, c) = (run(7), run(7), run(8));
    assert_eq!(a.network, b.network);
    assert_eq!(a.history, b.history);
    assert_ne!(a.network, c.network);
}

#[test]
fn parameter_count_of_the_series_network() {
    let net = Network::new(
        20,
        &[8, 3],
        Activation::Sigmoid,
        Output::Sigmoid,
        Init::Normal { std: 0.1 },
        0,
    )
    .unwrap();
    assert_eq!(net.n_params(), 20 * 8 + 8 + 8 * 3 + 3 + 3 + 1);
    assert_eq!(net.n_params(), 199);
    assert_eq!(net.hidden_widths(), vec![8, 3]);
}

#[test]
fn a_hidden_layer_learns_moons_which_logistic_regression_cannot() {
    let (x, y) = moons(400, 0.1, 1).unwrap();
    let accuracy = |hidden: &[usize]| {
        let net = Network::new(
            2,
            hidden,
            Activation::Tanh,
            Output::Sigmoid,
            Init::Glorot,
            2,
        )
        .unwrap();
        let t = Training::new(Optimizer::adam(0.02, 32), 300)
            .seed(3)
            .fit(net, &x, &y, None)
            .unwrap();
        let yhat = t.network.predict(&x).unwrap();
        mlfs_core::metrics::accuracy(&y, &yhat).unwrap()
    };
    let (linear, deep) = (accuracy(&[]), accuracy(&[16, 16]));
    assert!(linear < 0.9, "linear model: {linear}");
    assert!(deep > 0.97, "two hidden layers: {deep}");
}

#[test]
fn softmax_learns_three_spirals_and_predict_gives_classes() {
    let (x, y) = spirals(300, 3, 1.0, 0.02, 4).unwrap();
    let net = Network::new(
        2,
        &[32, 32],
        Activation::Relu,
        Output::Softmax { classes: 3 },
        Init::He,
        5,
    )
    .unwrap();
    let t = Training::new(Optimizer::adam(0.01, 32), 400)
        .seed(6)
        .fit(net, &x, &y, None)
        .unwrap();
    let p = t.network.predict_proba(&x).unwrap();
    assert_eq!(p.dim(), (300, 3));
    assert!(p.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-12));
    let yhat = t.network.predict(&x).unwrap();
    assert!(yhat.iter().all(|&c| c == 0.0 || c == 1.0 || c == 2.0));
    let acc = mlfs_core::metrics::accuracy(&y, &yhat).unwrap();
    assert!(acc > 0.9, "training accuracy on three spirals: {acc}");
}

#[test]
fn early_stopping_restores_the_best_validation_network() {
    let (x, y) = binary_data(300, 9);
    let (xt, yt) = (
        x.slice(s![..200, ..]).to_owned(),
        y.slice(s![..200]).to_owned(),
    );
    let (xv, yv) = (
        x.slice(s![200.., ..]).to_owned(),
        y.slice(s![200..]).to_owned(),
    );
    let net = Network::new(5, &[32, 32], Activation::Relu, Output::Sigmoid, Init::He, 1).unwrap();
    let t = Training::new(Optimizer::adam(0.01, 16), 2000)
        .early_stopping(10)
        .seed(2)
        .fit(net, &xt, &yt, Some((&xv, &yv)))
        .unwrap();
    let Status::StoppedEarly { best_epoch } = t.status else {
        panic!("expected early stopping, got {:?}", t.status)
    };
    let best = t.history.validation_loss[best_epoch - 1];
    let min = t
        .history
        .validation_loss
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min);
    assert_eq!(best, min);
    let restored = t.network.loss(&xv, &yv, 0.0).unwrap();
    assert!((restored - best).abs() < 1e-12);
}

#[test]
fn full_batch_gradient_descent_reports_convergence() {
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![0.0, 1.0, 0.0, 1.0];
    let net = Network::new(1, &[], Activation::Sigmoid, Output::Sigmoid, Init::Zeros, 0).unwrap();
    let t = Training::new(Optimizer::gradient_descent(1.0), 10_000)
        .fit(net, &x, &y, None)
        .unwrap();
    assert!(t.converged(), "{:?} after {}", t.status, t.n_epochs);
    assert!(t.n_epochs < 10_000);
}

// ---------------------------------------------------------------- generators

#[test]
fn make_classification_has_the_documented_statistics() {
    let spec = Classification {
        n_samples: 5000,
        n_features: 20,
        n_informative: 15,
        n_redundant: 3,
        flip_y: 0.05,
        class_sep: 1.0,
        seed: 42,
        ..Classification::default()
    };
    let (x, y) = make_classification(&spec).unwrap();
    assert_eq!(x.dim(), (5000, 20));
    // class balance: equal clusters, then 5% of labels redrawn at random
    let ones = y.sum();
    assert!((ones - 2500.0).abs() < 100.0, "{ones} of 5000 in class 1");
    // rank: 15 informative + 2 noise columns; the 3 redundant ones are combinations
    let r = mlfs_core::linalg::qr(x.view()).unwrap().r().clone();
    let sv = mlfs_core::linalg::singular_values(r.view()); // those of X, since Q is orthogonal
    let rank = sv.iter().filter(|&&s| s > 1e-10 * sv[0]).count();
    assert_eq!(rank, 17, "singular values {sv:.3e}");
    // flip rate: without flipping, the same seed gives the clean labels in the same order
    let (_, clean) = make_classification(&Classification {
        flip_y: 0.0,
        ..spec.clone()
    })
    .unwrap();
    let flipped = y.iter().zip(&clean).filter(|(a, b)| a != b).count() as f64 / 5000.0;
    assert!(
        (flipped - 0.025).abs() < 0.01,
        "flip rate {flipped} (expected ≈ 0.05 · ½)"
    );
}

#[test]
fn generator_errors_and_shapes() {
    let bad = Classification {
        n_informative: 15,
        n_redundant: 10,
        ..Classification::default()
    };
    assert!(matches!(
        make_classification(&bad),
        Err(Error::InvalidParameter { .. })
    ));
    let bad = Classification {
        n_informative: 1,
        n_classes: 3,
        ..Classification::default()
    };
    assert!(make_classification(&bad).is_err());
    let bad = Classification {
        flip_y: 1.5,
        ..Classification::default()
    };
    assert!(make_classification(&bad).is_err());
    assert!(moons(1, 0.1, 0).is_err());
    assert!(moons(10, -1.0, 0).is_err());
    assert!(mlfs_core::data::generators::circles(10, 0.1, 1.5, 0).is_err());
    assert!(spirals(10, 1, 1.0, 0.0, 0).is_err());
    let (x, y) = mlfs_core::data::generators::circles(101, 0.0, 0.5, 0).unwrap();
    assert_eq!(x.dim(), (101, 2));
    let radius = |i: usize| (x[[i, 0]].powi(2) + x[[i, 1]].powi(2)).sqrt();
    for i in 0..101 {
        let expected = if y[i] == 0.0 { 1.0 } else { 0.5 };
        assert!((radius(i) - expected).abs() < 1e-12);
    }
}

// ---------------------------------------------------------------- errors, one per case

#[test]
fn no_inputs_or_a_layer_of_width_zero_is_an_error() {
    let e = Network::new(0, &[3], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap_err();
    assert!(matches!(e, Error::InvalidParameter { .. }));
    let e = Network::new(
        4,
        &[3, 0],
        Activation::Tanh,
        Output::Sigmoid,
        Init::Glorot,
        0,
    )
    .unwrap_err();
    assert!(e.to_string().contains("hidden layer 2 has width 0"), "{e}");
    assert!(Network::new(
        4,
        &[3],
        Activation::Tanh,
        Output::Softmax { classes: 1 },
        Init::Glorot,
        0
    )
    .is_err());
    assert!(Network::new(
        4,
        &[3],
        Activation::Tanh,
        Output::Sigmoid,
        Init::Normal { std: -1.0 },
        0
    )
    .is_err());
}

#[test]
fn a_wrong_input_width_at_predict_time_is_an_error() {
    let net = Network::new(4, &[3], Activation::Relu, Output::Sigmoid, Init::He, 0).unwrap();
    let e = net.predict(&Array2::zeros((2, 5))).unwrap_err();
    assert!(matches!(e, Error::ShapeMismatch { .. }), "{e:?}");
    assert!(net.predict_scores(&Array2::zeros((2, 4))).is_ok());
}

#[test]
fn invalid_labels_are_an_error() {
    let x = random_matrix(6, 2, 1);
    let binary = Network::new(2, &[3], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap();
    let e = binary
        .loss(&x, &array![0.0, 1.0, 2.0, 0.0, 1.0, 0.0], 0.0)
        .unwrap_err();
    assert!(
        matches!(e, Error::InvalidLabels { position: 2, .. }),
        "{e:?}"
    );
    let multi = Network::new(
        2,
        &[3],
        Activation::Tanh,
        Output::Softmax { classes: 3 },
        Init::Glorot,
        0,
    )
    .unwrap();
    let e = multi
        .loss(&x, &array![0.0, 1.0, 2.0, 3.0, 1.0, 0.0], 0.0)
        .unwrap_err();
    assert!(
        matches!(e, Error::InvalidClassLabel { position: 3, .. }),
        "{e:?}"
    );
    let e = multi
        .loss(&x, &array![0.0, 1.5, 2.0, 0.0, 1.0, 0.0], 0.0)
        .unwrap_err();
    assert!(
        matches!(e, Error::InvalidClassLabel { position: 1, .. }),
        "{e:?}"
    );
    assert!(multi.loss(&x, &array![0.0, 1.0], 0.0).is_err()); // length
}

#[test]
fn non_finite_input_is_an_error() {
    let (mut x, y) = binary_data(20, 1);
    x[[3, 2]] = f64::NAN;
    let net = Network::new(5, &[3], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap();
    let e = Training::new(Optimizer::gradient_descent(0.1), 5)
        .fit(net.clone(), &x, &y, None)
        .unwrap_err();
    assert!(matches!(e, Error::NonFinite { .. }), "{e:?}");
    x[[3, 2]] = f64::INFINITY;
    assert!(matches!(net.predict(&x), Err(Error::NonFinite { .. })));
}

#[test]
fn divergence_is_an_error_that_says_to_lower_the_learning_rate() {
    let (x, y) = binary_data(50, 2);
    let x = x * 1e150;
    let net = Network::new(5, &[4], Activation::Relu, Output::Sigmoid, Init::He, 0).unwrap();
    let e = Training::new(Optimizer::gradient_descent(1e10), 50)
        .fit(net, &x, &y, None)
        .unwrap_err();
    assert!(matches!(e, Error::Diverged { .. }), "{e:?}");
    assert!(e.to_string().contains("lower the learning rate"));
}

#[test]
fn bad_training_settings_are_errors() {
    let (x, y) = binary_data(20, 3);
    let net = || Network::new(5, &[3], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap();
    let bad = [
        Training::new(Optimizer::gradient_descent(0.0), 5),
        Training::new(Optimizer::momentum(0.1, 0, 0.9), 5),
        Training::new(Optimizer::momentum(0.1, 21, 0.9), 5),
        Training::new(Optimizer::momentum(0.1, 8, 1.0), 5),
        Training::new(Optimizer::adam(0.1, 8), 0),
        Training::new(Optimizer::adam(0.1, 8), 5).l2(-1.0),
        Training::new(Optimizer::adam(0.1, 8), 5).early_stopping(3), // no validation set
    ];
    for t in bad {
        assert!(
            matches!(
                t.fit(net(), &x, &y, None),
                Err(Error::InvalidParameter { .. })
            ),
            "{t:?}"
        );
    }
}
