//! Time the series' `[8, 3]` experiment with `mlfs_core::nn` on data written by
//! `tools/bench_part3.py`, for the Part 3 comparison table (docs/benchmarks/).
//!
//! ```text
//! cargo run --release --example bench_mlp -- X.f64 y.f64 N P REPEATS N_TRAIN
//! ```
//!
//! The first N_TRAIN rows train, the rest test: sigmoid units, N(0, 0.1²) initial weights,
//! full-batch gradient descent with learning rate 1.0 for 2000 iterations. Prints one JSON line:
//! every repeat's wall time in seconds, the peak bytes allocated during one fit, and the test
//! accuracy and AUC.

use std::time::Instant;

use mlfs_core::metrics;
use mlfs_core::ndarray::s;
use mlfs_core::nn::{Activation, Init, Network, Optimizer, Output, Training};

mod common; // also installs the counting global allocator

fn main() {
    let (x, y, repeats, extra) = common::read_problem("bench_mlp X.f64 y.f64 N P REPEATS N_TRAIN");
    let n_train: usize = extra.first().expect("N_TRAIN").parse().expect("N_TRAIN");
    let (x_train, y_train) = (
        x.slice(s![..n_train, ..]).to_owned(),
        y.slice(s![..n_train]).to_owned(),
    );
    let (x_test, y_test) = (
        x.slice(s![n_train.., ..]).to_owned(),
        y.slice(s![n_train..]).to_owned(),
    );
    let fit = || {
        let net = Network::new(
            x.ncols(),
            &[8, 3],
            Activation::Sigmoid,
            Output::Sigmoid,
            Init::Normal { std: 0.1 },
            0,
        )
        .expect("network");
        Training::new(Optimizer::gradient_descent(1.0), 2000)
            .fit(net, &x_train, &y_train, None)
            .expect("fit")
    };
    let (trained, peak_bytes) = common::peak_bytes_of(fit);
    let scores = trained.network.predict_scores(&x_test).expect("scores");
    let accuracy = metrics::accuracy(&y_test, &trained.network.predict(&x_test).expect("predict"))
        .expect("acc");
    let auc = metrics::auc(&y_test, &scores).expect("auc");
    let seconds: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(fit());
            t.elapsed().as_secs_f64()
        })
        .collect();
    println!(
        "{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"accuracy\": {accuracy}, \"auc\": {auc}}}"
    );
}
