//! Ordinary least squares by Householder QR, with a statsmodels-style summary.
//!
//! Model: y = Xθ + ε with ε ~ N(0, σ²I). Maximising the likelihood is minimising ‖y − Xθ‖².
//! With X = QR (Householder, [`crate::linalg`]),
//!
//! ```text
//!     ‖y − Xθ‖² = ‖Qᵀy − Rθ‖²  ⇒  θ̂ solves  Rθ = (Qᵀy)[..p]   (back-substitution)
//! ```
//!
//! which never forms XᵀX and so never squares the condition number. The fit runs the QR on
//! [X | y] block by block ([`linalg::streaming_r`]), so it reads X once and copies none of it.
//! Every norm in it is scaled ([`linalg::norm2`]), so X and y may be of any magnitude (10^±300).
//! A fit that is exact to working precision gets one step of iterative refinement ([`refine`]).
//!
//! Modules: this one fits ([`Ols`] → [`OlsFit`]); `refine` polishes an exact fit; `summary`
//! computes and prints the statsmodels-style [`OlsSummary`].
//!
//! ```
//! use mlfs_core::linear::Ols;
//! use mlfs_core::ndarray::array;
//! let x = array![[1.0], [2.0], [3.0], [4.0]];
//! let y = array![3.0, 5.0, 7.0, 9.0];          // y = 1 + 2x
//! let fit = Ols::new().fit(&x, &y)?;
//! assert!((fit.intercept() - 1.0).abs() < 1e-12);
//! assert!((fit.coefficients()[0] - 2.0).abs() < 1e-12);
//! # Ok::<(), mlfs_core::Error>(())
//! ```

mod refine;
mod summary;

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2};

use crate::check;
use crate::error::{within, Error, Result};
use crate::linalg::{self, rank};
use crate::optim::{History, Status};

pub use summary::OlsSummary;

/// OLS hyper-parameters. `fit` returns an [`OlsFit`].
#[derive(Debug, Clone)]
pub struct Ols {
    /// Prepend a column of ones (default true).
    pub fit_intercept: bool,
    /// Rank tolerance in [0, 1): column k is dependent on the columns before it when
    /// |R_kk| ≤ rank_tol·‖x_k‖, the sine of its angle to them ([`linalg::rank`]); default
    /// max(n, p)·ε. Anything else (negative, NaN, ∞, ≥ 1) is an `InvalidParameter` error.
    pub rank_tol: Option<f64>,
    /// Names for the feature columns (default x1, x2, …).
    pub feature_names: Option<Vec<String>>,
}

impl Default for Ols {
    fn default() -> Self {
        Ols {
            fit_intercept: true,
            rank_tol: None,
            feature_names: None,
        }
    }
}

/// A fitted OLS model.
#[derive(Debug, Clone)]
pub struct OlsFit {
    /// θ̂ in design order (intercept first when fitted).
    theta: Array1<f64>,
    fit_intercept: bool,
    names: Vec<String>,
    /// R of the design matrix (p×p).
    r: Array2<f64>,
    residuals: Array1<f64>,
    y: Array1<f64>,
    history: History,
}
impl Ols {
    /// OLS with an intercept.
    pub fn new() -> Self {
        Ols::default()
    }

    /// OLS through the origin (no intercept column).
    pub fn without_intercept() -> Self {
        Ols {
            fit_intercept: false,
            ..Ols::default()
        }
    }

    /// Name the feature columns (used in errors and the summary).
    pub fn with_names(mut self, names: &[impl AsRef<str>]) -> Self {
        self.feature_names = Some(names.iter().map(|s| s.as_ref().to_string()).collect());
        self
    }

    /// The design matrix's column names: "const" first if there is an intercept.
    fn design_names(&self, p_features: usize) -> Result<Vec<String>> {
        let features = match &self.feature_names {
            Some(names) if names.len() != p_features => {
                return Err(Error::shape(
                    "Ols::fit (feature names)",
                    p_features,
                    names.len(),
                ))
            }
            Some(names) => names.clone(),
            None => (1..=p_features).map(|j| format!("x{j}")).collect(),
        };
        Ok(self
            .fit_intercept
            .then(|| "const".to_string())
            .into_iter()
            .chain(features)
            .collect())
    }

    /// R of the augmented matrix A = [1 | X | y] (no column of ones without an intercept),
    /// by blocked Householder QR ([`linalg::streaming_r`]): one pass over X, no copy of it.
    ///
    /// Why append y: QᵀA = [R c; 0 d] with c = (Qᵀy)[..p], so the least-squares system Rθ = c
    /// can be read off A's R without storing Q, and the last diagonal entry is ±‖d‖ = ±‖y − Xθ̂‖.
    ///
    /// Also returns whether every block of A summed to a finite number. A NaN or ±∞ in X or y
    /// makes its block's sum NaN or ±∞, so this is the finiteness check done in the same pass,
    /// on data already in cache (a false alarm from a sum that overflows only costs the exact
    /// check, which `fit` then runs).
    fn augmented_r(&self, x: &Array2<f64>, y: &Array1<f64>) -> Result<(Array2<f64>, bool)> {
        let (n, p_features) = x.dim();
        let offset = usize::from(self.fit_intercept);
        let q = offset + p_features + 1;
        let mut sums_finite = true;
        let r = linalg::streaming_r(n, q, |i0, i1, mut block| {
            if self.fit_intercept {
                block.row_mut(0).fill(1.0);
            }
            block
                .slice_mut(s![offset..offset + p_features, ..])
                .assign(&x.slice(s![i0..i1, ..]).t());
            block.row_mut(q - 1).assign(&y.slice(s![i0..i1]));
            sums_finite &= block.sum().is_finite();
        })?;
        Ok((r, sums_finite))
    }

    /// Fit θ̂ = argmin ‖y − Xθ‖² by Householder QR and back-substitution.
    ///
    /// With an intercept, X may have no columns at all: the model y = θ₀ + ε, fitted by the mean
    /// of y. Errors: shape mismatch, empty input, fewer rows than parameters, NaN/∞, a rank
    /// tolerance outside [0, 1), rank deficiency.
    pub fn fit(&self, x: &Array2<f64>, y: &Array1<f64>) -> Result<OlsFit> {
        self.fit_unnamed(x, y).map_err(within("Ols::fit"))
    }

    /// [`Ols::fit`]; its errors get their entry point's name there.
    fn fit_unnamed(&self, x: &Array2<f64>, y: &Array1<f64>) -> Result<OlsFit> {
        let names = self.check_shapes(x, y)?;
        let (n, p_features) = x.dim();
        let p = names.len();
        let tol = self.rank_tol.unwrap_or(linalg::default_rank_tol(n, p));
        rank::check_rank_tol(tol, "Ols::fit")?;
        // R of [X | y] (with the column of ones first): its top-left p×p block is R of X, its
        // last column holds c = (Qᵀy)[..p] and |R_qq| = ‖y − Xθ̂‖ (see `augmented_r`).
        let (r_aug, sums_finite) = self.augmented_r(x, y)?;
        if !sums_finite {
            // The exact checks name the first NaN/∞.
            if p_features > 0 {
                check::finite_matrix(x.view(), "Ols::fit x")?;
            }
            check::finite_vector(y.view(), "Ols::fit y")?;
        }
        let r = r_aug.slice(s![..p, ..p]).to_owned();
        check_full_rank(r.view(), &names, tol)?;
        let mut theta = linalg::back_substitute(r.view(), r_aug.slice(s![..p, p]))?;
        if refine::is_exact_fit(r_aug.view(), usize::from(self.fit_intercept)) {
            theta += &self.refinement(x, y, &theta, r.view())?;
        }
        check_representable(&theta, &names)?;
        let residuals = y - &self.predict_design(x, &theta);
        Ok(OlsFit {
            theta,
            fit_intercept: self.fit_intercept,
            names,
            r,
            history: one_entry_history(&residuals),
            residuals,
            y: y.clone(),
        })
    }

    /// The shape checks of [`Ols::fit`]; returns the design's column names.
    fn check_shapes(&self, x: &Array2<f64>, y: &Array1<f64>) -> Result<Vec<String>> {
        let (n, p_features) = x.dim();
        if n == 0 || (p_features == 0 && !self.fit_intercept) {
            return Err(Error::EmptyInput {
                context: "Ols::fit".into(),
            });
        }
        if y.len() != n {
            return Err(Error::shape(
                "Ols::fit (rows of x vs length of y)",
                format!("y of length {n}"),
                format!("y of length {}", y.len()),
            ));
        }
        let names = self.design_names(p_features)?;
        let p = names.len();
        if n < p {
            return Err(Error::invalid(
                "number of rows",
                n,
                &format!("{p} parameters need at least {p} rows (and more to estimate σ²)"),
            ));
        }
        Ok(names)
    }

    /// One step of iterative refinement, δ = R⁻¹ (Qᵀ r̃)[..p] with r̃ = y − Xθ̂ computed to twice
    /// the working precision ([`refine`]). Qᵀr̃ comes from the QR of [X | r̃], whose reflectors are
    /// those of the first pass (same X, same blocks), so no Q is stored.
    fn refinement(
        &self,
        x: &Array2<f64>,
        y: &Array1<f64>,
        theta: &Array1<f64>,
        r: ArrayView2<f64>,
    ) -> Result<Array1<f64>> {
        let residual = refine::accurate_residual(x, y, theta.view(), self.fit_intercept);
        let (r_aug, _) = self.augmented_r(x, &residual)?;
        let p = r.nrows();
        linalg::back_substitute(r, r_aug.slice(s![..p, p]))
    }

    /// Xθ (+ θ₀ when there is an intercept) for the design's own parameter vector θ.
    fn predict_design(&self, x: &Array2<f64>, theta: &Array1<f64>) -> Array1<f64> {
        let offset = usize::from(self.fit_intercept);
        let intercept = if self.fit_intercept { theta[0] } else { 0.0 };
        x.dot(&theta.slice(s![offset..])) + intercept
    }
}

/// The history of a direct fit: one entry, the mean squared residual ‖e‖²/n, computed as
/// ‖e‖·(‖e‖/n) from the scaled norm so that it overflows only when the result itself does.
fn one_entry_history(residuals: &Array1<f64>) -> History {
    let norm = linalg::norm2(residuals.view());
    let mse = norm * (norm / residuals.len() as f64);
    History {
        train_loss: vec![mse],
        ..History::default()
    }
}

/// Error unless every coefficient is finite. It can overflow only when y is far larger than X
/// can explain at the scale of f64 (y at 10²⁰⁰ on X at 10⁻²⁰⁰ gives slopes of 10⁴⁰⁰), where
/// numpy returns ±∞; slopes below 10⁻³⁰⁸ underflow to 0 as in numpy, and are not an error.
fn check_representable(theta: &Array1<f64>, names: &[String]) -> Result<()> {
    match theta.iter().position(|t| !t.is_finite()) {
        None => Ok(()),
        Some(k) => Err(Error::invalid(
            &format!("coefficient of '{}'", names[k]),
            theta[k],
            "the least-squares coefficient is beyond the range of f64 (|θ| > 1.8e308) \
             because y is huge for the scale of x; rescale y or x (e.g. standardise x) and fit \
             again",
        )),
    }
}

/// Error unless every column k of the design has |R_kk| > tol·‖a_k‖ ([`linalg::rank`]); else
/// name the first column that fails (it is a combination of the columns before it) and count
/// the rank.
fn check_full_rank(r: ArrayView2<f64>, names: &[String], tol: f64) -> Result<()> {
    match rank::first_dependent_column(r, tol) {
        None => Ok(()),
        Some(k) => Err(Error::RankDeficient {
            context: "Ols::fit".into(),
            rank: rank::rank(r, tol),
            columns: names.len(),
            dependent: names[k].clone(),
        }),
    }
}

impl OlsFit {
    /// θ̂ in design order: the intercept first (if fitted), then one per feature.
    pub fn params(&self) -> &Array1<f64> {
        &self.theta
    }

    /// The feature coefficients (without the intercept).
    pub fn coefficients(&self) -> ArrayView1<'_, f64> {
        self.theta.slice(s![usize::from(self.fit_intercept)..])
    }

    /// The intercept (0 when fitted without one).
    pub fn intercept(&self) -> f64 {
        if self.fit_intercept {
            self.theta[0]
        } else {
            0.0
        }
    }

    /// Residuals e = y − Xθ̂ on the training rows.
    pub fn residuals(&self) -> &Array1<f64> {
        &self.residuals
    }

    /// Fitted values ŷ = y − e on the training rows.
    pub fn fitted_values(&self) -> Array1<f64> {
        &self.y - &self.residuals
    }

    /// The R factor of the design matrix (p×p).
    pub fn r(&self) -> &Array2<f64> {
        &self.r
    }

    /// Design column names ("const" first when there is an intercept).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The feature names, one per column of x (the design names without "const").
    pub fn feature_names(&self) -> &[String] {
        &self.names[usize::from(self.fit_intercept)..]
    }

    /// A direct method: QR solves the problem exactly, so the status is always `Converged`.
    pub fn status(&self) -> Status {
        Status::Converged
    }

    /// Always true (see [`OlsFit::status`]).
    pub fn converged(&self) -> bool {
        true
    }

    /// One pass of Householder QR over the data.
    pub fn n_iter(&self) -> usize {
        1
    }

    /// A one-entry history: the mean squared residual ‖y − Xθ̂‖²/n on the training rows (+∞
    /// when residuals beyond ~10¹⁵⁴ make it larger than the largest f64).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// ŷ = Xθ̂ (+ intercept) for new rows.
    pub fn predict(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        let p = self.coefficients().len();
        if x.ncols() != p {
            return Err(Error::shape(
                "OlsFit::predict",
                format!("{p} columns"),
                x.ncols(),
            ));
        }
        if p > 0 {
            // (an intercept-only model takes rows without columns: n×0)
            check::finite_matrix(x.view(), "OlsFit::predict")?;
        }
        Ok(x.dot(&self.coefficients()) + self.intercept())
    }
}
