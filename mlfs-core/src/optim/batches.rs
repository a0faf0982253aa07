//! Seeded mini-batches: every epoch reshuffles the row indices and cuts them into batches.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// The row order of the current epoch and the generator that shuffles it.
pub(crate) struct Batches {
    rows: Vec<usize>,
    rng: StdRng,
}

impl Batches {
    /// Rows 0 … n−1, shuffled by a generator seeded with `seed`.
    pub(crate) fn new(n: usize, seed: u64) -> Self {
        Batches {
            rows: (0..n).collect(),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// Reshuffle, then the batches of `size` rows (the last one keeps the leftover rows).
    pub(crate) fn epoch(&mut self, size: usize) -> std::slice::Chunks<'_, usize> {
        self.rows.shuffle(&mut self.rng);
        self.rows.chunks(size)
    }
}
