//! Test helpers: fixture files written by tools/make_fixtures.py, and seeded random matrices.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use mlfs_core::ndarray::{Array1, Array2};
use mlfs_core::ndarray_rand::RandomExt;
use mlfs_core::rand::{rngs::StdRng, SeedableRng};
use mlfs_core::rand_distr::StandardNormal;

/// `name: v1 v2 …` lines of a fixture file.
pub fn fixture(name: &str) -> BTreeMap<String, Vec<f64>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    mlfs_core::data::read_reference(&path).unwrap_or_else(|e| panic!("{e}"))
}

pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name)
}

pub fn random_matrix(n: usize, p: usize, seed: u64) -> Array2<f64> {
    Array2::random_using((n, p), StandardNormal, &mut StdRng::seed_from_u64(seed))
}

pub fn random_vector(n: usize, seed: u64) -> Array1<f64> {
    Array1::random_using(n, StandardNormal, &mut StdRng::seed_from_u64(seed))
}

/// max |a − b| / max(|b|, tiny), element-wise.
pub fn max_rel_err(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs() / y.abs().max(1e-300))
        .fold(0.0, f64::max)
}

pub fn max_abs(a: &Array2<f64>) -> f64 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}
