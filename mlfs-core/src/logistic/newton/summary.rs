//! statsmodels-Logit-style inference from a Newton fit: standard errors, z, p-values,
//! confidence intervals, pseudo-R², the likelihood-ratio test, AIC and BIC.

use std::fmt;

use ndarray::{Array1, Array2};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

use super::chord::Passes;
use crate::error::{Error, Result};

/// What a Newton fit keeps for inference.
#[derive(Debug, Clone)]
pub(crate) struct NewtonInfo {
    /// H⁻¹ at θ̂ (the unpenalised inverse Hessian of the log-likelihood's negative).
    pub(super) covariance: Array2<f64>,
    /// Log-likelihood at θ̂ and of the intercept-only model.
    pub(super) llf: f64,
    pub(super) llnull: f64,
    pub(super) n: usize,
    pub(super) converged: bool,
    pub(super) n_iter: usize,
    pub(super) passes: Passes,
}

/// statsmodels-Logit-style inference for an unpenalised Newton fit.
#[derive(Debug, Clone)]
pub struct LogitSummary {
    pub names: Vec<String>,
    pub coef: Array1<f64>,
    pub std_err: Array1<f64>,
    /// z = coef / std err.
    pub z: Array1<f64>,
    /// Two-sided P(|Z| > |z|) under N(0, 1).
    pub p_values: Array1<f64>,
    pub ci_low: Array1<f64>,
    pub ci_high: Array1<f64>,
    /// Log-likelihood at θ̂.
    pub llf: f64,
    /// Log-likelihood of the intercept-only model.
    pub llnull: f64,
    /// McFadden's pseudo-R² = 1 − llf / llnull.
    pub pseudo_r2: f64,
    /// Likelihood-ratio statistic 2(llf − llnull) and its χ²(df_model) p-value.
    pub llr: f64,
    pub llr_pvalue: f64,
    pub aic: f64,
    pub bic: f64,
    pub n: usize,
    pub df_model: usize,
    pub df_resid: usize,
    pub converged: bool,
    pub n_iter: usize,
    /// The passes over X₁ the fit made, by what they computed.
    pub passes: Passes,
}

pub(crate) fn summary(theta: &Array1<f64>, info: &NewtonInfo) -> Result<LogitSummary> {
    let k = theta.len();
    let std_err = info.covariance.diag().mapv(f64::sqrt);
    let z = theta / &std_err;
    let normal = Normal::new(0.0, 1.0).map_err(|e| Error::invalid("normal", 0, &e.to_string()))?;
    let p_values = z.mapv(|z| 2.0 * normal.sf(z.abs()));
    let crit = normal.inverse_cdf(0.975);
    let df_model = k - 1;
    let llr = 2.0 * (info.llf - info.llnull);
    let llr_pvalue = if df_model == 0 {
        f64::NAN
    } else {
        ChiSquared::new(df_model as f64)
            .map_err(|e| Error::invalid("df", df_model, &e.to_string()))?
            .sf(llr)
    };
    let names = std::iter::once("const".to_string())
        .chain((1..k).map(|j| format!("x{j}")))
        .collect();
    Ok(LogitSummary {
        names,
        coef: theta.clone(),
        ci_low: theta - &(&std_err * crit),
        ci_high: theta + &(&std_err * crit),
        std_err,
        z,
        p_values,
        llf: info.llf,
        llnull: info.llnull,
        pseudo_r2: 1.0 - info.llf / info.llnull,
        llr,
        llr_pvalue,
        aic: -2.0 * info.llf + 2.0 * k as f64,
        bic: -2.0 * info.llf + k as f64 * (info.n as f64).ln(),
        n: info.n,
        df_model,
        df_resid: info.n - k,
        converged: info.converged,
        n_iter: info.n_iter,
        passes: info.passes,
    })
}

impl LogitSummary {
    /// Replace the default names x1, x2, … by the feature names (the intercept stays "const").
    pub fn with_names<S: AsRef<str>>(mut self, features: &[S]) -> Result<Self> {
        if features.len() + 1 != self.names.len() {
            return Err(Error::shape(
                "LogitSummary::with_names",
                format!("{} names", self.names.len() - 1),
                format!("{} names", features.len()),
            ));
        }
        for (slot, name) in self.names.iter_mut().skip(1).zip(features) {
            *slot = name.as_ref().to_string();
        }
        Ok(self)
    }
}

impl fmt::Display for LogitSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = "=".repeat(78);
        writeln!(f, "{:^78}", "Logit Regression Results (Newton / IRLS)")?;
        writeln!(f, "{rule}")?;
        writeln!(
            f,
            "No. Observations: {:>10}      Log-Likelihood: {:>14.4}",
            self.n, self.llf
        )?;
        writeln!(
            f,
            "Df Residuals:     {:>10}      LL-Null:        {:>14.4}",
            self.df_resid, self.llnull
        )?;
        writeln!(
            f,
            "Df Model:         {:>10}      Pseudo R-squ.:  {:>14.4}",
            self.df_model, self.pseudo_r2
        )?;
        writeln!(
            f,
            "converged:        {:>10}      LLR p-value:    {:>14.4e}",
            format!("{} ({} it)", self.converged, self.n_iter),
            self.llr_pvalue
        )?;
        writeln!(
            f,
            "AIC:              {:>10.2}      BIC:            {:>14.2}",
            self.aic, self.bic
        )?;
        writeln!(f, "{}", "-".repeat(78))?;
        writeln!(
            f,
            "{:<22}{:>10}{:>10}{:>8}{:>9}{:>10}{:>10}",
            "", "coef", "std err", "z", "P>|z|", "[0.025", "0.975]"
        )?;
        writeln!(f, "{}", "-".repeat(78))?;
        for j in 0..self.coef.len() {
            writeln!(
                f,
                "{:<22}{:>10.4}{:>10.3}{:>8.3}{:>9.3}{:>10.3}{:>10.3}",
                self.names[j],
                self.coef[j],
                self.std_err[j],
                self.z[j],
                self.p_values[j],
                self.ci_low[j],
                self.ci_high[j]
            )?;
        }
        write!(f, "{rule}")
    }
}
