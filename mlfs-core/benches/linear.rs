//! Criterion benches for Part 1: Householder QR, the streaming blocked QR, and OLS, on the
//! diabetes data (442×10) and on synthetic designs. `cargo bench -p mlfs-core --bench linear`.
//!
//! These track our own speed from commit to commit; the comparison against numpy, scikit-learn
//! and statsmodels is `tools/bench_part1.py` (docs/benchmarks/part1-ols.md).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use mlfs_core::linalg;
use mlfs_core::linear::Ols;
use mlfs_core::ndarray::{Array1, Array2};
use mlfs_core::ndarray_rand::rand_distr::StandardNormal;
use mlfs_core::ndarray_rand::RandomExt;
use mlfs_core::rand::{rngs::StdRng, SeedableRng};

fn synthetic(n: usize, p: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let x = Array2::<f64>::random_using((n, p), StandardNormal, &mut rng);
    let noise = Array1::<f64>::random_using(n, StandardNormal, &mut rng);
    let y = x.sum_axis(mlfs_core::ndarray::Axis(1)) + 3.0 + noise;
    (x, y)
}

fn diabetes() -> (Array2<f64>, Array1<f64>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/diabetes.csv");
    let d = mlfs_core::data::load_csv(path, "target").expect("data/diabetes.csv");
    (d.x, d.y)
}

fn bench_qr(c: &mut Criterion) {
    let mut group = c.benchmark_group("qr");
    for (n, p) in [(442, 11), (10_000, 20)] {
        let (a, _) = synthetic(n, p, 1);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{n}x{p}")),
            &a,
            |b, a| b.iter(|| linalg::qr(black_box(a.view())).expect("qr")),
        );
    }
    group.finish();
}

/// The streaming compact-WY QR alone (the hot path of `Ols::fit`): column-by-column leaf at 22
/// columns, one recursive split into matrix products at 128.
fn bench_streaming_r(c: &mut Criterion) {
    let mut group = c.benchmark_group("streaming_r");
    group.sample_size(10);
    for (n, q) in [(100_000, 22), (20_000, 128)] {
        let (a, _) = synthetic(n, q, 3);
        let at = a.t().as_standard_layout().into_owned();
        group.bench_function(format!("{n}x{q}"), |b| {
            b.iter(|| {
                linalg::streaming_r(n, q, |i0, i1, mut block| {
                    block.assign(&at.slice(mlfs_core::ndarray::s![.., i0..i1]))
                })
                .expect("streaming_r")
            })
        });
    }
    group.finish();
}

fn bench_ols(c: &mut Criterion) {
    let mut group = c.benchmark_group("ols");
    let (x, y) = diabetes();
    group.bench_function("diabetes 442x10", |b| {
        b.iter(|| Ols::new().fit(black_box(&x), black_box(&y)).expect("fit"))
    });
    group.sample_size(10);
    for (n, p) in [(100_000, 50), (1_000_000, 20)] {
        let (x, y) = synthetic(n, p, 2);
        group.bench_function(format!("synthetic {n}x{p}"), |b| {
            b.iter(|| Ols::new().fit(black_box(&x), black_box(&y)).expect("fit"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_qr, bench_streaming_r, bench_ols);
criterion_main!(benches);
