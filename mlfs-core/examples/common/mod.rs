//! Shared by the benchmark examples: a counting global allocator (for peak memory), the
//! reader of the raw f64 files that tools/bench_part*.py write, and the timer.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use mlfs_core::ndarray::{Array1, Array2};

/// The system allocator, counting live bytes and their high-water mark.
pub struct Counting;

pub static LIVE: AtomicUsize = AtomicUsize::new(0);
pub static PEAK: AtomicUsize = AtomicUsize::new(0);

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

pub fn read_f64s(path: &str, len: usize) -> Vec<f64> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    assert_eq!(bytes.len(), 8 * len, "{path}: expected {len} f64 values");
    bytes
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
        .collect()
}

/// Parse `X.f64 y.f64 N P REPEATS [extra…]` and read X (N×P) and y (N).
pub fn read_problem(usage: &str) -> (Array2<f64>, Array1<f64>, usize, Vec<String>) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [x_path, y_path, n, p, repeats, extra @ ..] = args.as_slice() else {
        panic!("usage: {usage}");
    };
    let (n, p, repeats): (usize, usize, usize) = (
        n.parse().expect("N"),
        p.parse().expect("P"),
        repeats.parse().expect("REPEATS"),
    );
    let x = Array2::from_shape_vec((n, p), read_f64s(x_path, n * p)).expect("shape");
    let y = Array1::from_vec(read_f64s(y_path, n));
    (x, y, repeats, extra.to_vec())
}

/// Peak bytes allocated while running `f`, above what was live before it.
pub fn peak_bytes_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed) - before)
}

/// The wall time of each of `repeats` runs of `f`, in seconds.
#[allow(dead_code)] // bench_mlp times its steps its own way
pub fn times<T>(repeats: usize, mut f: impl FnMut() -> T) -> Vec<f64> {
    (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect()
}

/// The smallest of `v` (the fastest of the repeats).
#[allow(dead_code)] // not every example reports parts
pub fn fastest(v: Vec<f64>) -> f64 {
    v.into_iter().fold(f64::INFINITY, f64::min)
}
