//! `mlfs_core::nn`: gradient checks for every activation × output, the no-hidden-layer network
//! against Part 2's logistic regression, reproducibility, training, and one test per error case.

mod support;

use mlfs_core::data::generators::{make_classification, moons, spirals, Classification};
use mlfs_core::logistic::{LogisticRegression, Solver, Status};
use mlfs_core::ndarray::{array, s, Array1, Array2, Axis};
use mlfs_core::nn::{
    check_gradients, gradient_check, rows_away_from_kinks, Activation, Gradients, Init, Mlp,
    Network, Output,
};
use mlfs_core::optim::{Rule, Training};
use mlfs_core::Error;
use support::random_matrix;

/// W⁽¹⁾ … W⁽ᴸ⁾ and b⁽¹⁾ … b⁽ᴸ⁾ of a network, as owned arrays.
fn layers(net: &Network) -> (Vec<Array2<f64>>, Vec<Array1<f64>>) {
    (1..=net.depth())
        .map(|l| {
            (
                net.weights(l).unwrap().to_owned(),
                net.biases(l).unwrap().to_owned(),
            )
        })
        .unzip()
}

/// ∂J/∂W⁽ˡ⁾ and ∂J/∂b⁽ˡ⁾ of every layer, as owned arrays.
fn gradient_layers(g: &Gradients, depth: usize) -> (Vec<Array2<f64>>, Vec<Array1<f64>>) {
    (1..=depth)
        .map(|l| {
            (
                g.weights(l).unwrap().to_owned(),
                g.biases(l).unwrap().to_owned(),
            )
        })
        .unzip()
}

/// The smallest tolerance `Training` accepts: effectively "never converge, run every epoch".
const NO_TOL: f64 = f64::MIN_POSITIVE;

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
                    let (weights, mut biases) = layers(&net);
                    for b in &mut biases {
                        b.fill(0.1);
                    }
                    net = Network::from_layers(hidden, output, weights, biases).unwrap();
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
    // the per-layer round trip is exact
    let (gw, gb) = gradient_layers(&right, net.depth());
    let same = Gradients::from_layers(gw.clone(), gb.clone()).unwrap();
    assert_eq!(same.as_flat(), right.as_flat());
    // a 1% error in one weight's gradient
    let mut bad_w = gw.clone();
    bad_w[0][[2, 3]] *= 1.01;
    let wrong = Gradients::from_layers(bad_w, gb.clone()).unwrap();
    let err = check_gradients(&net, &x, &y, 0.0, &wrong).unwrap();
    assert!(err > 5e-3, "{err}");
    // forgetting the penalty's gradient
    assert!(check_gradients(&net, &x, &y, 1.0, &right).unwrap() > 1e-3);
    // the wrong activation derivative (sigmoid's a(1 − a) for tanh)
    let f = net.forward(&x).unwrap();
    let (w, b) = layers(&net);
    let bad_net = Network::from_layers(Activation::Sigmoid, Output::Sigmoid, w, b).unwrap();
    let g_sigmoid_rule = bad_net.gradients(&x, &y, 0.0).unwrap();
    let mut mixed_w = gw;
    mixed_w[0] = g_sigmoid_rule.weights(1).unwrap().to_owned();
    let mixed = Gradients::from_layers(mixed_w, gb).unwrap();
    // z[0] is the empty placeholder, z[1], z[2] the two layers; a[0] is X itself
    assert!(f.z.len() == 3 && f.z[0].is_empty() && f.a.len() == 3 && f.a[0] == x);
    assert!(check_gradients(&net, &x, &y, 0.0, &mixed).unwrap() > 1e-2);
    // gradients of another architecture are rejected, not misread
    let other = Network::new(5, &[3], Activation::Tanh, Output::Sigmoid, Init::Glorot, 4).unwrap();
    let foreign = other.gradients(&x, &y, 0.0).unwrap();
    assert!(matches!(
        check_gradients(&net, &x, &y, 0.0, &foreign),
        Err(Error::ShapeMismatch { .. })
    ));
}

/// A network without hidden layers, sigmoid output and zero initial weights, and a logistic
/// regression without standardisation minimise the same J(θ) through the same `optim::minimise`:
/// with the same `Training` their iterates agree up to rounding.
fn assert_network_matches_logistic(training: &Training, x: &Array2<f64>, y: &Array1<f64>) {
    let name = training.rule.name();
    let trained = Mlp::new(&[], training.clone())
        .init(Init::Zeros)
        .fit(x, y, None)
        .unwrap();
    let logistic = LogisticRegression::new(Solver::FirstOrder(training.clone()))
        .standardize(false)
        .fit(x, y, None)
        .unwrap();
    assert_eq!(trained.n_iter(), logistic.n_iter(), "{name}");
    assert_eq!(trained.status(), logistic.status(), "{name}");
    assert_eq!(trained.n_iter(), training.epochs, "{name}");
    // θ: the network stores [W, b], logistic regression [b, w]
    let b = trained.network().biases(1).unwrap()[0];
    let w = trained.network().weights(1).unwrap().row(0).to_owned();
    assert!(
        (b - logistic.intercept()).abs() < 1e-10,
        "{name}: {b} vs {}",
        logistic.intercept()
    );
    let dw = (&w - &logistic.coefficients()).mapv(f64::abs);
    assert!(dw.iter().all(|&d| d < 1e-10), "{name}: {dw}");
    // the histories, entry by entry
    let (hn, hl) = (trained.history(), logistic.history());
    assert_eq!(hn.len(), hl.len(), "{name}");
    assert!(hn.validation_loss.is_empty() && hl.validation_loss.is_empty());
    assert!(hn.validation_auc.is_empty() && hl.validation_auc.is_empty());
    for (e, (a, b)) in hn.train_loss.iter().zip(&hl.train_loss).enumerate() {
        assert!((a - b).abs() < 1e-12, "{name}, epoch {}: {a} vs {b}", e + 1);
    }
    // and the models answer alike
    let (pn, pl) = (
        trained.predict_proba(x).unwrap(),
        logistic.predict_proba(x).unwrap(),
    );
    assert!((&pn - &pl).iter().all(|d| d.abs() < 1e-10), "{name}");
    assert_eq!(trained.predict(x).unwrap(), logistic.predict(x).unwrap());
}

#[test]
fn no_hidden_layers_is_logistic_regression_by_gradient_descent() {
    let (x, y) = binary_data(200, 5);
    let training = Training::new(Rule::gradient_descent(0.5), 300).tol(NO_TOL);
    assert_network_matches_logistic(&training, &x, &y);
}

#[test]
fn no_hidden_layers_is_logistic_regression_by_nesterov_too() {
    // Part 3 gets Part 2's Nesterov for free: the same optimiser runs both models.
    let (x, y) = binary_data(200, 5);
    let full_batch = Training::new(Rule::nesterov(0.5, 0.9), 300).tol(NO_TOL);
    assert_network_matches_logistic(&full_batch, &x, &y);
    // mini-batches: the same seed gives both models the same shuffles
    let mini_batch = Training::new(Rule::nesterov(0.1, 0.9), 50)
        .batch_size(32)
        .seed(4)
        .tol(NO_TOL);
    assert_network_matches_logistic(&mini_batch, &x, &y);
}

#[test]
fn the_same_seed_gives_identical_results_and_another_does_not() {
    let (x, y) = binary_data(120, 6);
    let run = |seed| {
        let training = Training::new(Rule::adam(0.01), 20)
            .batch_size(16)
            .seed(seed);
        Mlp::new(&[8, 3], training)
            .activation(Activation::Relu)
            .init(Init::He)
            .seed(seed)
            .fit(&x, &y, None)
            .unwrap()
    };
    let (a, b, c) = (run(7), run(7), run(8));
    assert_eq!(a.network(), b.network());
    assert_eq!(a.history(), b.history());
    assert_ne!(a.network(), c.network());
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
    assert_eq!(net.depth(), 3);
    assert_eq!(net.params().len(), 199);
    // θ = [W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾, W⁽³⁾, b⁽³⁾], each W row-major
    assert_eq!(net.weights(1).unwrap().dim(), (8, 20));
    assert_eq!(net.biases(2).unwrap().len(), 3);
    assert_eq!(net.weights(3).unwrap().dim(), (1, 3));
    assert_eq!(net.weights(1).unwrap()[[0, 1]], net.params()[1]);
    assert_eq!(net.biases(1).unwrap()[0], net.params()[160]);
    assert_eq!(net.weights(2).unwrap()[[0, 0]], net.params()[168]);
    assert_eq!(net.biases(3).unwrap()[0], net.params()[198]);
    // from_layers and with_params rebuild the same network
    let (w, b) = layers(&net);
    let again = Network::from_layers(Activation::Sigmoid, Output::Sigmoid, w, b).unwrap();
    assert_eq!(again, net);
    assert_eq!(net.with_params(net.params().to_owned()).unwrap(), net);
}

#[test]
fn a_hidden_layer_learns_moons_which_logistic_regression_cannot() {
    let (x, y) = moons(400, 0.1, 1).unwrap();
    let accuracy = |hidden: &[usize]| {
        let training = Training::new(Rule::adam(0.02), 300).batch_size(32).seed(3);
        let t = Mlp::new(hidden, training)
            .activation(Activation::Tanh)
            .init(Init::Glorot)
            .seed(2)
            .fit(&x, &y, None)
            .unwrap();
        let yhat = t.predict(&x).unwrap();
        mlfs_core::metrics::accuracy(&y, &yhat).unwrap()
    };
    let (linear, deep) = (accuracy(&[]), accuracy(&[16, 16]));
    assert!(linear < 0.9, "linear model: {linear}");
    assert!(deep > 0.97, "two hidden layers: {deep}");
}

#[test]
fn softmax_learns_three_spirals_and_predict_gives_classes() {
    let (x, y) = spirals(300, 3, 1.0, 0.02, 4).unwrap();
    let training = Training::new(Rule::adam(0.01), 400).batch_size(32).seed(6);
    let t = Mlp::new(&[32, 32], training)
        .activation(Activation::Relu)
        .output(Output::Softmax { classes: 3 })
        .init(Init::He)
        .seed(5)
        .fit(&x, &y, None)
        .unwrap();
    let p = t.predict_proba(&x).unwrap();
    assert_eq!(p.dim(), (300, 3));
    assert!(p.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-12));
    let yhat = t.predict(&x).unwrap();
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
    let training = Training::new(Rule::adam(0.01), 2000)
        .batch_size(16)
        .early_stopping(10)
        .seed(2);
    let t = Mlp::new(&[32, 32], training)
        .activation(Activation::Relu)
        .init(Init::He)
        .seed(1)
        .fit(&xt, &yt, Some((&xv, &yv)))
        .unwrap();
    let Status::StoppedEarly { best_epoch } = t.status() else {
        panic!("expected early stopping, got {:?}", t.status())
    };
    assert!(!t.converged());
    assert_eq!(t.history().validation_loss.len(), t.n_iter());
    assert_eq!(t.history().train_loss.len(), t.n_iter());
    assert!(best_epoch < t.n_iter() && t.n_iter() < 2000);
    let best = t.history().validation_loss[best_epoch - 1];
    let min = t
        .history()
        .validation_loss
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min);
    assert_eq!(best, min);
    // the restored parameters are the best epoch's: their validation loss is the minimum
    let restored = t.network().loss(&xv, &yv, 0.0).unwrap();
    assert!((restored - best).abs() < 1e-12);
}

#[test]
fn full_batch_gradient_descent_reports_convergence() {
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![0.0, 1.0, 0.0, 1.0];
    let t = Mlp::new(&[], Training::new(Rule::gradient_descent(1.0), 10_000))
        .init(Init::Zeros)
        .fit(&x, &y, None)
        .unwrap();
    assert!(t.converged(), "{:?} after {}", t.status(), t.n_iter());
    assert_eq!(t.status(), Status::Converged);
    assert!(t.n_iter() < 10_000);
    assert_eq!(t.history().len(), t.n_iter());
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
    assert!(net.decision_function(&Array2::zeros((2, 5))).is_err());
    assert!(net.predict_proba(&Array2::zeros((2, 5))).is_err());
    assert!(net.decision_function(&Array2::zeros((2, 4))).is_ok());
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
    let mlp = Mlp::new(&[3], Training::new(Rule::gradient_descent(0.1), 5))
        .activation(Activation::Tanh)
        .init(Init::Glorot);
    let e = mlp.fit(&x, &y, None).unwrap_err();
    assert!(matches!(e, Error::NonFinite { .. }), "{e:?}");
    let net = mlp.initial_network(5).unwrap();
    x[[3, 2]] = f64::INFINITY;
    assert!(matches!(net.predict(&x), Err(Error::NonFinite { .. })));
}

#[test]
fn divergence_is_an_error_that_says_to_lower_the_learning_rate() {
    let (x, y) = binary_data(50, 2);
    let x = x * 1e150;
    let e = Mlp::new(&[4], Training::new(Rule::gradient_descent(1e10), 50))
        .activation(Activation::Relu)
        .init(Init::He)
        .fit(&x, &y, None)
        .unwrap_err();
    assert!(matches!(e, Error::Diverged { .. }), "{e:?}");
    assert!(e.to_string().contains("lower the learning rate"));
}

#[test]
fn bad_training_settings_are_errors() {
    let (x, y) = binary_data(20, 3);
    let mlp = |t: Training| Mlp::new(&[3], t).activation(Activation::Tanh);
    let bad = [
        Training::new(Rule::gradient_descent(0.0), 5),
        Training::new(Rule::momentum(0.1, 0.9), 5).batch_size(0),
        Training::new(Rule::momentum(0.1, 0.9), 5).batch_size(21),
        Training::new(Rule::momentum(0.1, 1.0), 5).batch_size(8),
        Training::new(Rule::nesterov(0.1, -0.1), 5),
        Training::new(Rule::adam(0.1), 0).batch_size(8),
        Training::new(Rule::adam(0.1), 5).tol(0.0),
        Training::new(Rule::adam(0.1), 5).progress_every(0),
        Training::new(
            Rule::Adam {
                learning_rate: 0.1,
                beta1: 0.9,
                beta2: 1.0,
                epsilon: 1e-8,
            },
            5,
        ),
        Training::new(Rule::adam(0.1), 5)
            .batch_size(8)
            .early_stopping(3), // no validation set
    ];
    for t in bad {
        assert!(
            matches!(
                mlp(t.clone()).fit(&x, &y, None),
                Err(Error::InvalidParameter { .. })
            ),
            "{t:?}"
        );
    }
    // λ is the model's setting
    let negative = mlp(Training::new(Rule::adam(0.1), 5)).l2(-1.0);
    let e = negative.fit(&x, &y, None).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidParameter { name, .. } if name == "l2"),
        "{e:?}"
    );
}

#[test]
fn layers_out_of_range_and_bad_parameters_are_errors_not_panics() {
    let net = Network::new(3, &[4], Activation::Tanh, Output::Sigmoid, Init::Glorot, 0).unwrap();
    let depth = net.depth();
    assert_eq!(depth, 2);
    for l in [0, depth + 1, 100] {
        assert!(
            matches!(net.weights(l), Err(Error::InvalidParameter { .. })),
            "weights({l})"
        );
        assert!(
            matches!(net.biases(l), Err(Error::InvalidParameter { .. })),
            "biases({l})"
        );
    }
    assert!(net.weights(1).is_ok() && net.biases(depth).is_ok());
    let (x, y) = (
        random_matrix(8, 3, 2),
        array![0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0],
    );
    let g = net.gradients(&x, &y, 0.0).unwrap();
    assert!(g.weights(0).is_err() && g.weights(depth + 1).is_err());
    assert!(g.biases(0).is_err() && g.biases(depth + 1).is_err());
    assert_eq!(g.as_flat().len(), net.n_params());

    // with_params: wrong length, non-finite values
    let n = net.n_params();
    for len in [0, n - 1, n + 1] {
        assert!(matches!(
            net.with_params(Array1::zeros(len)),
            Err(Error::ShapeMismatch { .. })
        ));
    }
    let mut theta = net.params().to_owned();
    theta[3] = f64::NAN;
    assert!(matches!(
        net.with_params(theta),
        Err(Error::NonFinite { .. })
    ));

    // from_layers: every way the layers can fail to chain
    let (w, b) = layers(&net);
    let build = |output: Output, w: Vec<Array2<f64>>, b: Vec<Array1<f64>>| {
        Network::from_layers(Activation::Tanh, output, w, b)
    };
    assert!(build(Output::Sigmoid, w.clone(), b.clone()).is_ok());
    assert!(matches!(
        build(Output::Sigmoid, vec![], vec![]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        build(Output::Sigmoid, w.clone(), b[..1].to_vec()),
        Err(Error::ShapeMismatch { .. })
    ));
    // W⁽²⁾ does not take W⁽¹⁾'s 4 outputs
    let mut w_bad = w.clone();
    w_bad[1] = Array2::zeros((1, 5));
    assert!(matches!(
        build(Output::Sigmoid, w_bad, b.clone()),
        Err(Error::ShapeMismatch { .. })
    ));
    // b⁽¹⁾ of the wrong length
    let mut b_bad = b.clone();
    b_bad[0] = Array1::zeros(3);
    assert!(matches!(
        build(Output::Sigmoid, w.clone(), b_bad),
        Err(Error::ShapeMismatch { .. })
    ));
    // a layer with no units
    assert!(build(
        Output::Sigmoid,
        vec![Array2::zeros((0, 3)), Array2::zeros((1, 0))],
        vec![Array1::zeros(0), Array1::zeros(1)]
    )
    .is_err());
    // the last layer's width must fit the output: 1 unit for sigmoid, K for softmax
    assert!(matches!(
        build(Output::Softmax { classes: 3 }, w.clone(), b.clone()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(build(Output::Softmax { classes: 1 }, w.clone(), b.clone()).is_err());
    // non-finite weights
    let mut w_nan = w.clone();
    w_nan[0][[1, 1]] = f64::INFINITY;
    assert!(matches!(
        build(Output::Sigmoid, w_nan, b.clone()),
        Err(Error::NonFinite { .. })
    ));
    // gradients built by hand are checked the same way
    assert!(Gradients::from_layers(vec![], vec![]).is_err());
    let mut w_bad = w.clone();
    w_bad[1] = Array2::zeros((1, 5));
    assert!(Gradients::from_layers(w_bad, b).is_err());
}

#[test]
fn predict_proba_has_one_column_per_class_for_every_model() {
    let (x, y) = binary_data(60, 11);
    let n = x.nrows();
    let rows_sum_to_one = |p: &Array2<f64>| {
        p.rows()
            .into_iter()
            .all(|r| (r.sum() - 1.0).abs() < 1e-12 && r.iter().all(|&v| (0.0..=1.0).contains(&v)))
    };
    // logistic regression: n × 2, [1 − p, p] with p = σ(decision_function)
    let logistic = LogisticRegression::new(Solver::newton())
        .l2(1.0)
        .fit(&x, &y, None)
        .unwrap();
    let p = logistic.predict_proba(&x).unwrap();
    assert_eq!(p.dim(), (n, 2));
    assert!(rows_sum_to_one(&p));
    let z = logistic.decision_function(&x).unwrap();
    assert_eq!(z.len(), n);
    for i in 0..n {
        let sigma = 1.0 / (1.0 + (-z[i]).exp());
        assert!((p[[i, 1]] - sigma).abs() < 1e-12);
        assert_eq!(
            logistic.predict(&x).unwrap()[i],
            f64::from(p[[i, 1]] >= 0.5)
        );
    }

    // a binary network: n × 2 as well, column 1 = σ(logit)
    let training = Training::new(Rule::nesterov(0.1, 0.9), 20).batch_size(16);
    let t = Mlp::new(&[4], training)
        .activation(Activation::Tanh)
        .seed(1)
        .fit(&x, &y, None)
        .unwrap();
    let p = t.predict_proba(&x).unwrap();
    assert_eq!(p.dim(), (n, 2));
    assert!(rows_sum_to_one(&p));
    assert_eq!(p, t.network().predict_proba(&x).unwrap());
    let z = t.decision_function(&x).unwrap();
    assert_eq!(z, t.network().logits(&x).unwrap().column(0));
    let yhat = t.predict(&x).unwrap();
    for i in 0..n {
        assert!((p[[i, 1]] - 1.0 / (1.0 + (-z[i]).exp())).abs() < 1e-12);
        assert_eq!(yhat[i], f64::from(p[[i, 1]] >= 0.5));
    }

    // a softmax network: n × K, predict = the most probable class
    let (x3, y3) = three_class_data(60, 12);
    let t = Mlp::new(&[5], Training::new(Rule::adam(0.01), 10))
        .activation(Activation::Relu)
        .output(Output::Softmax { classes: 3 })
        .init(Init::He)
        .seed(2)
        .fit(&x3, &y3, None)
        .unwrap();
    let p = t.predict_proba(&x3).unwrap();
    assert_eq!(p.dim(), (60, 3));
    assert!(rows_sum_to_one(&p));
    assert_eq!(t.network().logits(&x3).unwrap().dim(), (60, 3));
    let yhat = t.predict(&x3).unwrap();
    for (row, &c) in p.rows().into_iter().zip(&yhat) {
        let max = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(row[c as usize], max);
    }
    // one score per row exists only for binary networks
    assert!(matches!(
        t.decision_function(&x3),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn a_trained_network_reports_like_every_fitted_model() {
    let (x, y) = binary_data(80, 13);
    let (xt, yt) = (
        x.slice(s![..60, ..]).to_owned(),
        y.slice(s![..60]).to_owned(),
    );
    let (xv, yv) = (
        x.slice(s![60.., ..]).to_owned(),
        y.slice(s![60..]).to_owned(),
    );
    let training = Training::new(Rule::momentum(0.2, 0.5), 7).batch_size(20);
    let t = Mlp::new(&[3], training)
        .seed(3)
        .l2(0.1)
        .fit(&xt, &yt, Some((&xv, &yv)))
        .unwrap();
    assert_eq!(t.n_iter(), 7);
    assert_eq!(t.status(), Status::MaxIterations);
    assert!(!t.converged());
    assert_eq!(t.feature_names(), ["x1", "x2", "x3", "x4", "x5"]);
    let h = t.history();
    assert_eq!((h.train_loss.len(), h.validation_loss.len()), (7, 7));
    // the last entries are the final network's J (with the penalty) and validation loss
    let last_train = t.network().loss(&xt, &yt, 0.1).unwrap();
    let last_valid = t.network().loss(&xv, &yv, 0.0).unwrap();
    assert!((h.train_loss[6] - last_train).abs() < 1e-12);
    assert!((h.validation_loss[6] - last_valid).abs() < 1e-12);
    let summary = t.summary().unwrap();
    assert_eq!(summary.widths, vec![5, 3, 1]);
    assert_eq!(summary.n_params, 5 * 3 + 3 + 3 + 1);
    assert_eq!(
        (summary.n_iter, summary.rule, summary.l2),
        (7, "momentum", 0.1)
    );
    assert_eq!(summary.train_loss, h.train_loss[6]);
    assert_eq!(summary.validation_loss, Some(h.validation_loss[6]));
    let text = summary.to_string();
    assert!(
        text.contains("5 → 3 → 1") && text.contains("validation"),
        "{text}"
    );
    let network = t.clone().into_network();
    assert_eq!(&network, t.network());
}

#[test]
fn validation_rows_are_checked_like_training_rows() {
    let (x, y) = binary_data(40, 14);
    let mlp = Mlp::new(&[3], Training::new(Rule::gradient_descent(0.1), 5));
    let xv = Array2::zeros((4, 4));
    let yv = array![0.0, 1.0, 0.0, 1.0];
    assert!(matches!(
        mlp.fit(&x, &y, Some((&xv, &yv))),
        Err(Error::ShapeMismatch { .. })
    ));
    let xv = Array2::zeros((4, 5));
    let yv = array![0.0, 1.0, 2.0, 1.0];
    assert!(matches!(
        mlp.fit(&x, &y, Some((&xv, &yv))),
        Err(Error::InvalidLabels { .. })
    ));
}

#[test]
fn a_network_whose_finite_loss_explodes_has_diverged() {
    let (x, y) = binary_data(200, 15);
    let mlp = |eta| {
        Mlp::new(&[8], Training::new(Rule::gradient_descent(eta), 50))
            .init(Init::Normal { std: 0.1 })
            .seed(1)
    };
    let err = mlp(1e6).fit(&x, &y, None).unwrap_err();
    let Error::Diverged {
        loss, start_loss, ..
    } = err
    else {
        panic!("expected Diverged, got {err:?}")
    };
    assert!(
        loss > 2.0 * start_loss.max(std::f64::consts::LN_2),
        "{loss} vs {start_loss}"
    );
    assert!(
        err.to_string()
            .contains("lower the learning rate (it is 1000000)"),
        "{err}"
    );
    // the same network at a workable step trains, ending below its start
    let fit = mlp(0.1).fit(&x, &y, None).unwrap();
    let start = mlp(0.1)
        .initial_network(5)
        .unwrap()
        .loss(&x, &y, 0.0)
        .unwrap();
    assert!(*fit.history().train_loss.last().unwrap() < start);
}
