//! Criterion benches for Part 3: one full-batch gradient of the series' `[8, 3]` sigmoid network,
//! and 100 iterations of its training, on make_classification-style data (4000 × 20).
//! `cargo bench -p mlfs-core --bench mlp`.
//!
//! These track our own speed from commit to commit; the comparison against scikit-learn's
//! MLPClassifier is `tools/bench_part3.py` (docs/benchmarks/part3-mlp.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use mlfs_core::data::generators::{make_classification, Classification};
use mlfs_core::ndarray::{Array1, Array2};
use mlfs_core::nn::{Activation, Init, Mlp, Network, Output};
use mlfs_core::optim::{Rule, Training};

fn problem() -> (Array2<f64>, Array1<f64>) {
    let spec = Classification {
        n_samples: 4000,
        n_features: 20,
        n_informative: 15,
        n_redundant: 3,
        flip_y: 0.05,
        seed: 42,
        ..Classification::default()
    };
    make_classification(&spec).expect("data")
}

fn network(n_inputs: usize) -> Network {
    let init = Init::Normal { std: 0.1 };
    Network::new(
        n_inputs,
        &[8, 3],
        Activation::Sigmoid,
        Output::Sigmoid,
        init,
        0,
    )
    .expect("net")
}

fn bench_mlp(c: &mut Criterion) {
    let (x, y) = problem();
    let net = network(x.ncols());
    let mut group = c.benchmark_group("mlp [8, 3], 4000x20");
    // Network::gradients: the input checks, the buffers (copies of X) and one evaluation
    group.bench_function("gradients with set-up", |b| {
        b.iter(|| {
            net.gradients(black_box(&x), black_box(&y), 0.0)
                .expect("gradient")
        })
    });
    group.sample_size(20);
    let training = Training::new(Rule::gradient_descent(1.0), 100);
    let mlp = Mlp::new(&[8, 3], training)
        .init(Init::Normal { std: 0.1 })
        .seed(0);
    group.bench_function("train, 100 iterations", |b| {
        b.iter(|| mlp.fit(black_box(&x), black_box(&y), None).expect("fit"))
    });
    group.finish();
}

criterion_group!(benches, bench_mlp);
criterion_main!(benches);
