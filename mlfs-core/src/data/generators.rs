//! Synthetic classification data: a `make_classification`-style generator following
//! scikit-learn's documented construction, and the 2-D moons, circles and spirals.
//! Every generator takes an explicit seed and returns (X, y) with labels 0, 1, ….

use ndarray::{concatenate, s, Array1, Array2, Axis};
use ndarray_rand::rand_distr::{Normal, StandardNormal, Uniform};
use ndarray_rand::RandomExt;
use rand::rngs::StdRng;
use rand::seq::{index, SliceRandom};
use rand::{Rng, SeedableRng};

use crate::error::{within, Error, Result};

/// Parameters of [`make_classification`]; the defaults are scikit-learn's.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub n_samples: usize,
    pub n_features: usize,
    pub n_informative: usize,
    pub n_redundant: usize,
    pub n_repeated: usize,
    pub n_classes: usize,
    pub n_clusters_per_class: usize,
    /// Fraction of labels replaced by a uniformly random class (so about
    /// flip_y · (1 − 1/n_classes) of them end up wrong).
    pub flip_y: f64,
    /// Half the side of the hypercube whose vertices are the cluster centres.
    pub class_sep: f64,
    pub seed: u64,
}

impl Default for Classification {
    fn default() -> Self {
        Classification {
            n_samples: 100,
            n_features: 20,
            n_informative: 2,
            n_redundant: 2,
            n_repeated: 0,
            n_classes: 2,
            n_clusters_per_class: 2,
            flip_y: 0.01,
            class_sep: 1.0,
            seed: 0,
        }
    }
}

/// A random n-class problem built as scikit-learn's `make_classification` documents it:
///
/// 1. n_classes · n_clusters_per_class cluster centres on distinct vertices of a hypercube of
///    side 2·class_sep in the n_informative-dimensional space;
/// 2. each cluster: standard normal points, given a random covariance (multiplied by a random
///    matrix with entries in [−1, 1]) and moved to their centre; cluster k has class k mod n_classes,
///    and the clusters share the samples equally (the first ones get one more if n does not divide);
/// 3. n_redundant features: random linear combinations (coefficients in [−1, 1]) of the informative ones;
/// 4. n_repeated features: copies of randomly chosen informative or redundant ones;
/// 5. the remaining features: pure N(0, 1) noise;
/// 6. a fraction flip_y of the labels replaced by random classes;
/// 7. rows and columns shuffled.
///
/// The random stream differs from scikit-learn's, so the numbers differ; the construction and its
/// statistics do not.
pub fn make_classification(spec: &Classification) -> Result<(Array2<f64>, Array1<f64>)> {
    spec.check()
        .map_err(within("generators::make_classification"))?;
    let c = spec;
    let mut rng = StdRng::seed_from_u64(c.seed);
    let n_clusters = c.n_classes * c.n_clusters_per_class;
    let centres = hypercube_vertices(n_clusters, c.n_informative, &mut rng) * (2.0 * c.class_sep)
        - c.class_sep;

    let mut x_inf =
        Array2::<f64>::random_using((c.n_samples, c.n_informative), StandardNormal, &mut rng);
    let mut y = Array1::<f64>::zeros(c.n_samples);
    let (per, extra) = (c.n_samples / n_clusters, c.n_samples % n_clusters);
    let mut start = 0;
    for k in 0..n_clusters {
        let stop = start + per + usize::from(k < extra);
        let a = Array2::random_using(
            (c.n_informative, c.n_informative),
            Uniform::new(-1.0, 1.0).expect("valid"),
            &mut rng,
        );
        let mut block = x_inf.slice_mut(s![start..stop, ..]);
        let moved = block.dot(&a) + centres.row(k);
        block.assign(&moved);
        y.slice_mut(s![start..stop]).fill((k % c.n_classes) as f64);
        start = stop;
    }
    let b = Array2::random_using(
        (c.n_informative, c.n_redundant),
        Uniform::new(-1.0, 1.0).expect("valid"),
        &mut rng,
    );
    let x_red = x_inf.dot(&b);
    let useful = concatenate(Axis(1), &[x_inf.view(), x_red.view()]).expect("same rows");
    let picks: Vec<usize> = (0..c.n_repeated)
        .map(|_| rng.random_range(0..useful.ncols()))
        .collect();
    let x_rep = useful.select(Axis(1), &picks);
    let n_useless = c.n_features - c.n_informative - c.n_redundant - c.n_repeated;
    let x_useless = Array2::<f64>::random_using((c.n_samples, n_useless), StandardNormal, &mut rng);
    let x =
        concatenate(Axis(1), &[useful.view(), x_rep.view(), x_useless.view()]).expect("same rows");

    // Draw a uniform and a random class for every row whatever flip_y is, so that the random
    // stream (and the shuffles below) do not depend on flip_y.
    for label in y.iter_mut() {
        let (u, class): (f64, usize) = (rng.random(), rng.random_range(0..c.n_classes));
        if u < c.flip_y {
            *label = class as f64;
        }
    }
    let mut rows: Vec<usize> = (0..c.n_samples).collect();
    rows.shuffle(&mut rng);
    let mut cols: Vec<usize> = (0..c.n_features).collect();
    cols.shuffle(&mut rng);
    Ok((
        x.select(Axis(0), &rows).select(Axis(1), &cols),
        y.select(Axis(0), &rows),
    ))
}

/// `count` distinct vertices of the unit hypercube {0, 1}^d, as rows.
fn hypercube_vertices(count: usize, d: usize, rng: &mut StdRng) -> Array2<f64> {
    let mut v = Array2::zeros((count, d));
    if d < 30 {
        for (row, code) in index::sample(rng, 1 << d, count).into_iter().enumerate() {
            for j in 0..d {
                v[[row, j]] = ((code >> j) & 1) as f64;
            }
        }
    } else {
        // 2^d is astronomically larger than count: random bit strings are distinct in practice,
        // but we still make sure.
        let mut seen = std::collections::HashSet::new();
        let mut row = 0;
        while row < count {
            let bits: Vec<bool> = (0..d).map(|_| rng.random()).collect();
            if seen.insert(bits.clone()) {
                for (j, &b) in bits.iter().enumerate() {
                    v[[row, j]] = f64::from(u8::from(b));
                }
                row += 1;
            }
        }
    }
    v
}

impl Classification {
    fn check(&self) -> Result<()> {
        let bad = |name: &str, value: usize, reason: &str| Err(Error::invalid(name, value, reason));
        if self.n_samples == 0 {
            return bad("n_samples", 0, "must be at least 1");
        }
        if self.n_classes < 2 {
            return bad("n_classes", self.n_classes, "must be at least 2");
        }
        if self.n_informative == 0 {
            return bad("n_informative", 0, "must be at least 1");
        }
        if self.n_clusters_per_class == 0 {
            return bad("n_clusters_per_class", 0, "must be at least 1");
        }
        let used = self.n_informative + self.n_redundant + self.n_repeated;
        if used > self.n_features {
            return bad(
                "n_features",
                self.n_features,
                &format!("must be at least n_informative + n_redundant + n_repeated = {used}"),
            );
        }
        let clusters = self.n_classes * self.n_clusters_per_class;
        if self.n_informative < 63 && clusters as u128 > 1u128 << self.n_informative {
            return bad(
                "n_informative",
                self.n_informative,
                &format!(
                    "2^n_informative must be at least n_classes · n_clusters_per_class = {clusters} \
                     (one hypercube vertex per cluster)"
                ),
            );
        }
        if !(0.0..=1.0).contains(&self.flip_y) {
            return Err(Error::invalid("flip_y", self.flip_y, "must be in [0, 1]"));
        }
        if !(self.class_sep > 0.0 && self.class_sep.is_finite()) {
            return Err(Error::invalid(
                "class_sep",
                self.class_sep,
                "must be a finite number > 0",
            ));
        }
        Ok(())
    }
}

/// Check the common arguments of the 2-D generators.
fn check_2d(n: usize, noise: f64, context: &str) -> Result<()> {
    if n < 2 {
        return Err(Error::invalid("n_samples", n, "needs at least 2 points").within(context));
    }
    if !(noise >= 0.0 && noise.is_finite()) {
        return Err(Error::invalid("noise", noise, "must be a finite number ≥ 0").within(context));
    }
    Ok(())
}

/// Add N(0, noise²) to every coordinate.
fn jitter(x: Array2<f64>, noise: f64, rng: &mut StdRng) -> Array2<f64> {
    if noise == 0.0 {
        return x;
    }
    let d = Normal::new(0.0, noise).expect("noise checked");
    let e = Array2::random_using(x.dim(), d, rng);
    x + e
}

/// Shuffle the rows of (x, y) together.
fn shuffled(x: Array2<f64>, y: Array1<f64>, rng: &mut StdRng) -> (Array2<f64>, Array1<f64>) {
    let mut rows: Vec<usize> = (0..y.len()).collect();
    rows.shuffle(rng);
    (x.select(Axis(0), &rows), y.select(Axis(0), &rows))
}

/// Two interleaving half circles (class 0 on top, class 1 shifted below), as scikit-learn's
/// `make_moons`: ⌈n/2⌉ + ⌊n/2⌋ points plus N(0, noise²) jitter.
pub fn moons(n_samples: usize, noise: f64, seed: u64) -> Result<(Array2<f64>, Array1<f64>)> {
    check_2d(n_samples, noise, "generators::moons")?;
    let mut rng = StdRng::seed_from_u64(seed);
    let (n0, n1) = (n_samples - n_samples / 2, n_samples / 2);
    let mut x = Array2::zeros((n_samples, 2));
    let mut y = Array1::zeros(n_samples);
    for i in 0..n0 {
        let t = std::f64::consts::PI * i as f64 / (n0.max(2) - 1) as f64;
        x[[i, 0]] = t.cos();
        x[[i, 1]] = t.sin();
    }
    for i in 0..n1 {
        let t = std::f64::consts::PI * i as f64 / (n1.max(2) - 1) as f64;
        x[[n0 + i, 0]] = 1.0 - t.cos();
        x[[n0 + i, 1]] = 0.5 - t.sin();
        y[n0 + i] = 1.0;
    }
    let x = jitter(x, noise, &mut rng);
    Ok(shuffled(x, y, &mut rng))
}

/// Two concentric circles: class 0 of radius 1, class 1 of radius `factor` ∈ (0, 1).
pub fn circles(
    n_samples: usize,
    noise: f64,
    factor: f64,
    seed: u64,
) -> Result<(Array2<f64>, Array1<f64>)> {
    const CONTEXT: &str = "generators::circles";
    check_2d(n_samples, noise, CONTEXT)?;
    if !(factor > 0.0 && factor < 1.0) {
        let reason = "the inner circle's radius must be in (0, 1)";
        return Err(Error::invalid("factor", factor, reason).within(CONTEXT));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let (n0, n1) = (n_samples - n_samples / 2, n_samples / 2);
    let mut x = Array2::zeros((n_samples, 2));
    let mut y = Array1::zeros(n_samples);
    let mut i = 0;
    for (count, radius, label) in [(n0, 1.0, 0.0), (n1, factor, 1.0)] {
        for k in 0..count {
            let t = 2.0 * std::f64::consts::PI * k as f64 / count as f64;
            x[[i, 0]] = radius * t.cos();
            x[[i, 1]] = radius * t.sin();
            y[i] = label;
            i += 1;
        }
    }
    let x = jitter(x, noise, &mut rng);
    Ok(shuffled(x, y, &mut rng))
}

/// Interleaved spirals, one per class (`classes` ≥ 2), each making `turns` turns outwards from
/// the origin to radius 1.
pub fn spirals(
    n_samples: usize,
    classes: usize,
    turns: f64,
    noise: f64,
    seed: u64,
) -> Result<(Array2<f64>, Array1<f64>)> {
    const CONTEXT: &str = "generators::spirals";
    check_2d(n_samples, noise, CONTEXT)?;
    if classes < 2 || classes > n_samples {
        let reason = "must be between 2 and n_samples";
        return Err(Error::invalid("classes", classes, reason).within(CONTEXT));
    }
    if !(turns > 0.0 && turns.is_finite()) {
        let reason = "must be a finite number > 0";
        return Err(Error::invalid("turns", turns, reason).within(CONTEXT));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let mut x = Array2::zeros((n_samples, 2));
    let mut y = Array1::zeros(n_samples);
    let mut i = 0;
    for c in 0..classes {
        let count = n_samples / classes + usize::from(c < n_samples % classes);
        for k in 0..count {
            let r = (k as f64 + 1.0) / count as f64;
            let t = 2.0 * std::f64::consts::PI * (turns * r + c as f64 / classes as f64);
            x[[i, 0]] = r * t.cos();
            x[[i, 1]] = r * t.sin();
            y[i] = c as f64;
            i += 1;
        }
    }
    let x = jitter(x, noise, &mut rng);
    Ok(shuffled(x, y, &mut rng))
}
