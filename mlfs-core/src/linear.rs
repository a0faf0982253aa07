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

use std::fmt;

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, Axis};
use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

use crate::check;
use crate::error::{within, Error, Result};
use crate::linalg;
use crate::optim::{History, Status};

/// OLS hyper-parameters. `fit` returns an [`OlsFit`].
#[derive(Debug, Clone)]
pub struct Ols {
    /// Prepend a column of ones (default true).
    pub fit_intercept: bool,
    /// Relative tolerance for rank detection on |R_kk| (default max(n, p)·ε).
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
    /// Errors: shape mismatch, empty input, fewer rows than parameters, NaN/∞, rank deficiency.
    pub fn fit(&self, x: &Array2<f64>, y: &Array1<f64>) -> Result<OlsFit> {
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
            )
            .within("Ols::fit"));
        }
        // R of [X | y] (with the column of ones first): its top-left p×p block is R of X, its
        // last column holds c = (Qᵀy)[..p] and |R_qq| = ‖y − Xθ̂‖ (see `augmented_r`).
        let (r_aug, sums_finite) = self.augmented_r(x, y).map_err(within("Ols::fit"))?;
        if !sums_finite || p_features == 0 {
            // The exact checks name the first NaN/∞ (and reject an X without columns).
            check::finite_matrix(x.view(), "Ols::fit x")?;
            check::finite_vector(y.view(), "Ols::fit y")?;
        }
        let r = r_aug.slice(s![..p, ..p]).to_owned();
        check_full_rank(
            r.view(),
            &names,
            self.rank_tol.unwrap_or(linalg::default_rank_tol(n, p)),
        )?;
        let theta = linalg::back_substitute(r.view(), r_aug.slice(s![..p, p]))
            .map_err(within("Ols::fit"))?;
        let intercept = if self.fit_intercept { theta[0] } else { 0.0 };
        let residuals =
            y - &(x.dot(&theta.slice(s![usize::from(self.fit_intercept)..])) + intercept);
        Ok(OlsFit {
            theta,
            fit_intercept: self.fit_intercept,
            names,
            r,
            residuals,
            y: y.clone(),
        })
    }
}

/// Error unless every |R_kk| > tol·max|R_jj|; else name the first column that fails (it is a
/// combination of the columns before it) and count the rank.
fn check_full_rank(r: ArrayView2<f64>, names: &[String], tol: f64) -> Result<()> {
    let diag = r.diag().mapv(f64::abs);
    let threshold = tol * diag.fold(0.0_f64, |m, &d| m.max(d));
    match diag.iter().position(|&d| d <= threshold) {
        None => Ok(()),
        Some(k) => Err(Error::RankDeficient {
            context: "Ols::fit".into(),
            rank: diag.iter().filter(|&&d| d > threshold).count(),
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

    /// A one-entry history: the mean squared residual ‖y − Xθ̂‖²/n on the training rows.
    pub fn history(&self) -> History {
        let mse = self.residuals.dot(&self.residuals) / self.residuals.len() as f64;
        History {
            train_loss: vec![mse],
            ..History::default()
        }
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
        check::finite_matrix(x.view(), "OlsFit::predict")?;
        Ok(x.dot(&self.coefficients()) + self.intercept())
    }

    /// The statsmodels-style summary: inference for every coefficient and the fit statistics.
    ///
    /// Needs n > p (residual degrees of freedom to estimate σ²).
    pub fn summary(&self) -> Result<Summary> {
        let n = self.y.len();
        let p = self.theta.len();
        let k_const = usize::from(self.fit_intercept);
        if n <= p {
            return Err(Error::invalid(
                "number of rows",
                n,
                &format!("a summary needs more rows than the {p} parameters to estimate σ²"),
            )
            .within("OlsFit::summary"));
        }
        let df_resid = (n - p) as f64;
        let df_model = (p - k_const) as f64;
        let ssr = self.residuals.dot(&self.residuals);
        let sigma2 = ssr / df_resid;
        // Cov(θ̂) = σ² (XᵀX)⁻¹ = σ² R⁻¹R⁻ᵀ
        let r_inv =
            linalg::upper_triangular_inverse(self.r.view()).map_err(within("OlsFit::summary"))?;
        let std_err = r_inv
            .map_axis(Axis(1), |row| row.dot(&row))
            .mapv(|v| (sigma2 * v).sqrt());
        let t = &self.theta / &std_err;
        let t_dist = StudentsT::new(0.0, 1.0, df_resid).map_err(|e| {
            Error::invalid("df", df_resid, &e.to_string()).within("OlsFit::summary")
        })?;
        let p_values = t.mapv(|ti| 2.0 * t_dist.sf(ti.abs()));
        let t_crit = t_dist.inverse_cdf(0.975);
        let tss = if self.fit_intercept {
            let mean = self.y.mean().unwrap_or(0.0);
            self.y.mapv(|v| (v - mean).powi(2)).sum()
        } else {
            self.y.dot(&self.y)
        };
        let r_squared = 1.0 - ssr / tss;
        let adj_r_squared = 1.0 - (n - k_const) as f64 / df_resid * (1.0 - r_squared);
        let (f_statistic, f_p_value) = if df_model > 0.0 {
            let f = ((tss - ssr) / df_model) / (ssr / df_resid);
            let dist = FisherSnedecor::new(df_model, df_resid).map_err(|e| {
                Error::invalid("df", df_model, &e.to_string()).within("OlsFit::summary")
            })?;
            (f, dist.sf(f))
        } else {
            (f64::NAN, f64::NAN)
        };
        let nf = n as f64;
        let log_likelihood =
            -nf / 2.0 * ((2.0 * std::f64::consts::PI).ln() + (ssr / nf).ln() + 1.0);
        let sv = linalg::singular_values(self.r.view());
        Ok(Summary {
            names: self.names.clone(),
            coef: self.theta.clone(),
            ci_low: &self.theta - t_crit * &std_err,
            ci_high: &self.theta + t_crit * &std_err,
            std_err,
            t,
            p_values,
            r_squared,
            adj_r_squared,
            f_statistic,
            f_p_value,
            log_likelihood,
            aic: -2.0 * log_likelihood + 2.0 * p as f64,
            bic: -2.0 * log_likelihood + nf.ln() * p as f64,
            condition_number: sv[0] / sv[sv.len() - 1],
            n,
            df_model: p - k_const,
            df_resid: n - p,
        })
    }
}

/// Inference for an OLS fit, laid out like statsmodels' `OLSResults.summary()`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub names: Vec<String>,
    pub coef: Array1<f64>,
    pub std_err: Array1<f64>,
    pub t: Array1<f64>,
    /// Two-sided P>|t|.
    pub p_values: Array1<f64>,
    /// 95% confidence interval.
    pub ci_low: Array1<f64>,
    pub ci_high: Array1<f64>,
    pub r_squared: f64,
    pub adj_r_squared: f64,
    pub f_statistic: f64,
    pub f_p_value: f64,
    pub log_likelihood: f64,
    pub aic: f64,
    pub bic: f64,
    /// σ_max/σ_min of the design matrix (with the constant column), as statsmodels' "Cond. No.".
    pub condition_number: f64,
    pub n: usize,
    pub df_model: usize,
    pub df_resid: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = "=".repeat(78);
        writeln!(
            f,
            "{:^78}",
            "OLS Regression Results (mlfs-core, Householder QR)"
        )?;
        writeln!(f, "{rule}")?;
        let rows = [
            (
                "No. Observations:",
                self.n.to_string(),
                "R-squared:",
                format!("{:.4}", self.r_squared),
            ),
            (
                "Df Residuals:",
                self.df_resid.to_string(),
                "Adj. R-squared:",
                format!("{:.4}", self.adj_r_squared),
            ),
            (
                "Df Model:",
                self.df_model.to_string(),
                "F-statistic:",
                format!("{:.4}", self.f_statistic),
            ),
            (
                "Log-Likelihood:",
                format!("{:.3}", self.log_likelihood),
                "Prob (F-statistic):",
                format!("{:.3e}", self.f_p_value),
            ),
            (
                "AIC:",
                format!("{:.2}", self.aic),
                "BIC:",
                format!("{:.2}", self.bic),
            ),
            (
                "Cond. No.:",
                format!("{:.3e}", self.condition_number),
                "",
                String::new(),
            ),
        ];
        for (a, av, b, bv) in rows {
            writeln!(f, "{a:<20}{av:>17}   {b:<21}{bv:>17}")?;
        }
        writeln!(f, "{rule}")?;
        writeln!(
            f,
            "{:<10}{:>12}{:>11}{:>9}{:>9}{:>13}{:>13}",
            "", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"
        )?;
        writeln!(f, "{}", "-".repeat(78))?;
        for i in 0..self.coef.len() {
            writeln!(
                f,
                "{:<10}{:>12.4}{:>11.4}{:>9.3}{:>9.3}{:>13.4}{:>13.4}",
                truncate(&self.names[i], 10),
                self.coef[i],
                self.std_err[i],
                self.t[i],
                self.p_values[i],
                self.ci_low[i],
                self.ci_high[i]
            )?;
        }
        write!(f, "{rule}")
    }
}

fn truncate(s: &str, width: usize) -> String {
    s.chars().take(width).collect()
}
