//! Time `mlfs_core::linear::Ols::fit` on a design matrix written by `tools/bench_part1.py`, and
//! report the peak memory it allocates, for the Part 1 comparison table (docs/benchmarks/).
//!
//! ```text
//! cargo run --release --example bench_ols -- X.f64 y.f64 N P REPEATS
//! ```
//!
//! `X.f64` holds N×P little-endian f64 in row-major order, `y.f64` N of them. Prints one JSON line:
//! every repeat's wall time in seconds, the peak bytes allocated during one fit (by a counting
//! global allocator, so it includes every temporary), the fitted θ for the agreement check, and
//! for the report's explanation the parts of a fit timed alone: the streaming QR of [1 | X | y]
//! (`qr_seconds`), the residual pass y − Xθ (`residual_seconds`), and the rate of ndarray's
//! matrix product on one block's shape, (q×512)·(512×q) (`matmul_gflops`).

use std::time::Instant;

use mlfs_core::linalg;
use mlfs_core::linear::Ols;
use mlfs_core::ndarray::linalg::general_mat_mul;
use mlfs_core::ndarray::{s, Array2};

mod common; // also installs the counting global allocator
use common::times;

fn main() {
    let (x, y, repeats, _) = common::read_problem("bench_ols X.f64 y.f64 N P REPEATS");
    // Peak memory of one fit, above what is live before it (X and y themselves).
    let (fit, peak_bytes) = common::peak_bytes_of(|| Ols::new().fit(&x, &y).expect("fit"));
    let theta = fit.params().to_vec();
    drop(fit);
    let seconds = times(repeats, || Ols::new().fit(&x, &y).expect("fit"));

    // The parts, timed alone: R of A = [1 | X | y] as `Ols::fit` computes it, and y − Xθ.
    let (n, p) = x.dim();
    let q = p + 2;
    let qr_seconds = times(repeats, || {
        linalg::streaming_r(n, q, |i0, i1, mut block| {
            block.row_mut(0).fill(1.0);
            block
                .slice_mut(s![1..=p, ..])
                .assign(&x.slice(s![i0..i1, ..]).t());
            block.row_mut(q - 1).assign(&y.slice(s![i0..i1]));
        })
        .expect("qr")
    });
    let coef = mlfs_core::ndarray::Array1::from(theta[1..].to_vec());
    let residual_seconds = times(repeats, || &y - &(x.dot(&coef) + theta[0]));
    println!(
        "{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"theta\": {theta:?}, \
         \"qr_seconds\": {qr_seconds:?}, \"residual_seconds\": {residual_seconds:?}, \
         \"matmul_gflops\": {}}}",
        matmul_gflops(q)
    );
}

/// GFLOP/s of ndarray's matrix product (matrixmultiply) on C += A·Aᵀ with A q×512: the
/// shape of the products a compact-WY update of one block of rows would make.
fn matmul_gflops(q: usize) -> f64 {
    let a = Array2::<f64>::from_shape_fn((q, 512), |(i, j)| ((i * 7 + j * 3) % 11) as f64 - 5.0);
    let mut c = Array2::<f64>::zeros((q, q));
    let reps = (2e9 / (2.0 * 512.0 * (q * q) as f64)).ceil() as usize; // ~2 GFLOP
    let t = Instant::now();
    for _ in 0..reps {
        general_mat_mul(1.0, &a, &a.t(), 1.0, &mut c);
    }
    std::hint::black_box(&c);
    2.0 * 512.0 * (q * q * reps) as f64 / t.elapsed().as_secs_f64() / 1e9
}
