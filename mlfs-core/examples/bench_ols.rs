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

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use mlfs_core::linear::Ols;
use mlfs_core::ndarray::{Array1, Array2};

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn read_f64s(path: &str, len: usize) -> Vec<f64> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    assert_eq!(bytes.len(), 8 * len, "{path}: expected {len} f64 values");
    bytes
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [x_path, y_path, n, p, repeats] = args.as_slice() else {
        panic!("usage: bench_ols X.f64 y.f64 N P REPEATS");
    };
    let (n, p, repeats): (usize, usize, usize) = (
        n.parse().expect("N"),
        p.parse().expect("P"),
        repeats.parse().expect("REPEATS"),
    );
    let x = Array2::from_shape_vec((n, p), read_f64s(x_path, n * p)).expect("shape");
    let y = Array1::from_vec(read_f64s(y_path, n));

    // Peak memory of one fit, above what is live before it (X and y themselves).
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let fit = Ols::new().fit(&x, &y).expect("fit");
    let peak_bytes = PEAK.load(Relaxed) - before;
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
