//! Criterion benches for Part 2's Newton/IRLS logistic regression: the breast-cancer subset of
//! the notebook (569×5) and a synthetic 100 000×30 problem like `make bench-part2`'s.
//! `cargo bench -p mlfs-core --bench newton`.
//!
//! These track our own speed from commit to commit; the comparison against statsmodels and
//! scikit-learn is `tools/bench_part2.py` (docs/benchmarks/part2-logistic.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::ndarray::{Array1, Array2, Axis};
use mlfs_core::ndarray_rand::rand_distr::{StandardNormal, Uniform};
use mlfs_core::ndarray_rand::RandomExt;
use mlfs_core::rand::{rngs::StdRng, SeedableRng};

const FEATURES: [&str; 5] = [
    "mean_radius",
    "mean_texture",
    "mean_smoothness",
    "mean_concave_points",
    "mean_symmetry",
];

/// The five breast-cancer features of Part 2 and the malignant label.
fn cancer() -> (Array2<f64>, Array1<f64>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/breast_cancer.csv");
    let d = mlfs_core::data::load_csv(path, "malignant").expect("data/breast_cancer.csv");
    let columns: Vec<usize> = FEATURES
        .iter()
        .map(|f| d.feature_names.iter().position(|n| n == f).expect(f))
        .collect();
    (d.x.select(Axis(1), &columns), d.y)
}

/// n rows of p standard-normal features, labels drawn from a logistic model with intercept ½
/// and weights uniform on [−1, 1] (the shape of tools/bench_part2.py's synthetic problem).
fn synthetic(n: usize, p: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let x = Array2::<f64>::random_using((n, p), StandardNormal, &mut rng);
    let unit = Uniform::new(0.0, 1.0).expect("interval");
    let beta = Array1::<f64>::random_using(p, Uniform::new(-1.0, 1.0).expect("interval"), &mut rng);
    let u = Array1::<f64>::random_using(n, unit, &mut rng);
    let z = x.dot(&beta) + 0.5;
    let y = Array1::from_iter(
        z.iter()
            .zip(&u)
            .map(|(z, u)| f64::from(*u < 1.0 / (1.0 + (-z).exp()))),
    );
    (x, y)
}

fn bench_newton(c: &mut Criterion) {
    let mut group = c.benchmark_group("newton");
    let model = LogisticRegression::new(Solver::newton());
    let (x, y) = cancer();
    group.bench_function("breast cancer 569x5", |b| {
        b.iter(|| model.fit(black_box(&x), black_box(&y), None).expect("fit"))
    });
    group.sample_size(20);
    let (x, y) = synthetic(100_000, 30, 3);
    let model = model.standardize(false);
    group.bench_function("synthetic 100000x30", |b| {
        b.iter(|| model.fit(black_box(&x), black_box(&y), None).expect("fit"))
    });
    group.finish();
}

criterion_group!(benches, bench_newton);
criterion_main!(benches);
