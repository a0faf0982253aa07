//! Time `mlfs_core::linear::Ols::fit` on a design matrix written by `tools/bench_part1.py`, and
//! report the peak memory it allocates, for the Part 1 comparison table (docs/benchmarks/).
//!
//! ```text
//! cargo run --release --example bench_ols -- X.f64 y.f64 N P REPEATS
//! ```
//!
//! `X.f64` holds N×P little-endian f64 in row-major order, `y.f64` N of them. Prints one JSON line:
//! every repeat's wall time in seconds, the peak bytes allocated during one fit (by a counting
//! global allocator, so it includes every temporary), and the fitted θ for the agreement check.

use std::time::Instant;

use mlfs_core::linear::Ols;

mod common; // also installs the counting global allocator

fn main() {
    let (x, y, repeats, _) = common::read_problem("bench_ols X.f64 y.f64 N P REPEATS");
    // Peak memory of one fit, above what is live before it (X and y themselves).
    let (fit, peak_bytes) = common::peak_bytes_of(|| Ols::new().fit(&x, &y).expect("fit"));
    let theta = fit.params().to_vec();
    drop(fit);

    let seconds: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            let fit = Ols::new().fit(&x, &y).expect("fit");
            let s = t.elapsed().as_secs_f64();
            std::hint::black_box(fit);
            s
        })
        .collect();
    println!("{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"theta\": {theta:?}}}");
}
