//! Model-quality metrics.

use ndarray::Array1;

use crate::error::{Error, Result};

fn check_pair(y: &Array1<f64>, y_hat: &Array1<f64>, context: &str) -> Result<()> {
    if y.len() != y_hat.len() {
        return Err(Error::shape(context, y.len(), y_hat.len()));
    }
    if y.is_empty() {
        return Err(Error::EmptyInput {
            context: context.to_string(),
        });
    }
    crate::linear::check_finite_vector(y.view(), context)?;
    crate::linear::check_finite_vector(y_hat.view(), context)
}

/// Mean squared error, MSE = (1/n) Σ (yᵢ − ŷᵢ)².
pub fn mse(y: &Array1<f64>, y_hat: &Array1<f64>) -> Result<f64> {
    check_pair(y, y_hat, "mse")?;
    Ok((y - y_hat).mapv(|e| e * e).mean().unwrap_or(0.0))
}

/// Coefficient of determination, R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)².
///
/// On data the model was not fitted to (a test set) R² can be negative.
pub fn r_squared(y: &Array1<f64>, y_hat: &Array1<f64>) -> Result<f64> {
    check_pair(y, y_hat, "r_squared")?;
    let mean = y.mean().unwrap_or(0.0);
    let tss = y.mapv(|v| (v - mean).powi(2)).sum();
    if tss == 0.0 {
        return Err(Error::invalid(
            "y",
            "a constant vector",
            "R² is undefined when y has no variance",
        ));
    }
    Ok(1.0 - (y - y_hat).mapv(|e| e * e).sum() / tss)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn mse_and_r_squared_by_hand() {
        let y = array![1.0, 2.0, 3.0, 4.0];
        let y_hat = array![1.0, 2.0, 3.0, 6.0];
        assert_eq!(mse(&y, &y_hat).unwrap(), 1.0);
        // TSS = 5, SSE = 4
        assert!((r_squared(&y, &y_hat).unwrap() - 0.2).abs() < 1e-15);
        assert!(mse(&y, &array![1.0]).is_err());
        assert!(r_squared(&array![2.0, 2.0], &array![2.0, 2.0]).is_err());
    }
}
