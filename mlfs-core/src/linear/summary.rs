//! The statsmodels-style summary of an OLS fit: inference for every coefficient (standard
//! errors, t, p-values, confidence intervals) and the fit statistics (R², F, log-likelihood,
//! AIC, BIC, condition number).
//!
//! Every sum of squares is taken as a scaled norm ([`linalg::norm2`]) and every statistic is
//! written as a ratio of norms, so X and y scaled by 10^±300 give the same R², F and t as the
//! unscaled data, and finite standard errors and intervals wherever the numbers themselves are
//! representable. Not finite, as in numpy and statsmodels: the condition number when the columns'
//! scales differ by more than ~10³⁰⁰ (its smallest singular value underflows), and the history's
//! mean squared residual above ~10³⁰⁸.

use std::fmt;

use ndarray::{Array1, Axis};
use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

use super::OlsFit;
use crate::error::{Error, Result};
use crate::linalg;

impl OlsFit {
    /// The statsmodels-style summary: inference for every coefficient and the fit statistics.
    ///
    /// Needs n > p (residual degrees of freedom to estimate σ²).
    pub fn summary(&self) -> Result<OlsSummary> {
        self.summary_unnamed()
            .map_err(crate::error::within("OlsFit::summary"))
    }

    fn summary_unnamed(&self) -> Result<OlsSummary> {
        let n = self.y.len();
        let p = self.theta.len();
        let k_const = usize::from(self.fit_intercept);
        if n <= p {
            return Err(Error::invalid(
                "number of rows",
                n,
                &format!("a summary needs more rows than the {p} parameters to estimate σ²"),
            ));
        }
        let df_resid = (n - p) as f64;
        let df_model = (p - k_const) as f64;
        let norms = self.norms();
        let std_err = self.std_errors(norms.residual / df_resid.sqrt())?;
        let t = &self.theta / &std_err;
        let t_dist = StudentsT::new(0.0, 1.0, df_resid)
            .map_err(|e| Error::invalid("df", df_resid, &e.to_string()))?;
        let p_values = t.mapv(|ti| 2.0 * t_dist.sf(ti.abs()));
        let t_crit = t_dist.inverse_cdf(0.975);
        // R² = 1 − SSR/TSS = 1 − (‖e‖/‖y − ȳ‖)²   (or ‖y‖ without an intercept)
        let unexplained = (norms.residual / norms.total).powi(2);
        let r_squared = 1.0 - unexplained;
        let adj_r_squared = 1.0 - (n - k_const) as f64 / df_resid * unexplained;
        let (f_statistic, f_p_value) = f_test(norms, df_model, df_resid)?;
        let log_likelihood = log_likelihood(norms.residual, n);
        let sv = linalg::singular_values(self.r.view());
        let nf = n as f64;
        Ok(OlsSummary {
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

    /// ‖e‖ = √SSR and ‖y − ȳ‖ = √TSS (‖y‖ = √TSS without an intercept), as scaled norms.
    fn norms(&self) -> Norms {
        let total = if self.fit_intercept {
            let mean = self.y.mean().unwrap_or(0.0);
            linalg::norm2(self.y.mapv(|v| v - mean).view())
        } else {
            linalg::norm2(self.y.view())
        };
        Norms {
            residual: linalg::norm2(self.residuals.view()),
            total,
        }
    }

    /// se(θ̂_i) = σ̂·‖(R⁻¹)_{i,:}‖, from Cov(θ̂) = σ² (XᵀX)⁻¹ = σ² R⁻¹R⁻ᵀ; σ̂ = ‖e‖/√(n − p).
    fn std_errors(&self, sigma: f64) -> Result<Array1<f64>> {
        let r_inv = linalg::upper_triangular_inverse(self.r.view())?;
        Ok(r_inv.map_axis(Axis(1), |row| sigma * linalg::norm2(row)))
    }
}

/// The two square roots every fit statistic is a ratio of.
#[derive(Clone, Copy)]
struct Norms {
    /// ‖e‖ = ‖y − Xθ̂‖
    residual: f64,
    /// ‖y − ȳ‖ with an intercept, ‖y‖ without
    total: f64,
}

/// F = (ESS/df_model) / (SSR/df_resid) = ((‖y − ȳ‖/‖e‖)² − 1)·df_resid/df_model and its p-value;
/// NaN for a model without features (df_model = 0), as statsmodels.
fn f_test(norms: Norms, df_model: f64, df_resid: f64) -> Result<(f64, f64)> {
    if df_model == 0.0 {
        return Ok((f64::NAN, f64::NAN));
    }
    let f = ((norms.total / norms.residual).powi(2) - 1.0) * df_resid / df_model;
    let dist = FisherSnedecor::new(df_model, df_resid)
        .map_err(|e| Error::invalid("df", df_model, &e.to_string()))?;
    Ok((f, dist.sf(f)))
}

/// ℓ = −n/2·(ln 2π + ln(SSR/n) + 1), with ln(SSR/n) = 2 ln‖e‖ − ln n (finite for any scale).
fn log_likelihood(residual_norm: f64, n: usize) -> f64 {
    let nf = n as f64;
    -nf / 2.0 * ((2.0 * std::f64::consts::PI).ln() + 2.0 * residual_norm.ln() - nf.ln() + 1.0)
}

/// Inference for an OLS fit, laid out like statsmodels' `OLSResults.summary()`.
#[derive(Debug, Clone)]
pub struct OlsSummary {
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

impl fmt::Display for OlsSummary {
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
