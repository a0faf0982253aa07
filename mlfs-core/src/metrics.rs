//! Model-quality metrics.

use ndarray::Array1;

use crate::check;
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
    check::finite_vector(y.view(), context)?;
    check::finite_vector(y_hat.view(), context)
}

/// Mean squared error, MSE = (1/n) Σ (yᵢ − ŷᵢ)².
pub fn mse(y: &Array1<f64>, y_hat: &Array1<f64>) -> Result<f64> {
    check_pair(y, y_hat, "metrics::mse")?;
    Ok((y - y_hat).mapv(|e| e * e).mean().unwrap_or(0.0))
}

/// Coefficient of determination, R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)².
///
/// On data the model was not fitted to (a test set) R² can be negative.
pub fn r_squared(y: &Array1<f64>, y_hat: &Array1<f64>) -> Result<f64> {
    check_pair(y, y_hat, "metrics::r_squared")?;
    let mean = y.mean().unwrap_or(0.0);
    let tss = y.mapv(|v| (v - mean).powi(2)).sum();
    if tss == 0.0 {
        return Err(Error::invalid(
            "y",
            "a constant vector",
            "R² is undefined when y has no variance",
        )
        .within("metrics::r_squared"));
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

fn check_scored(y: &Array1<f64>, scores: &Array1<f64>, context: &str) -> Result<()> {
    check_pair(y, scores, context)?;
    check::binary_labels(y.view(), context)
}

/// Accuracy: the fraction of predictions ŷᵢ equal to the labels yᵢ. Labels are class numbers
/// (0/1, or 0 … K − 1) compared exactly.
pub fn accuracy(y: &Array1<f64>, y_hat: &Array1<f64>) -> Result<f64> {
    check_pair(y, y_hat, "metrics::accuracy")?;
    let correct = y.iter().zip(y_hat).filter(|(a, b)| a == b).count();
    Ok(correct as f64 / y.len() as f64)
}

/// The 2×2 confusion matrix of 0/1 labels y against 0/1 predictions ŷ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfusionMatrix {
    /// y = 0, ŷ = 0.
    pub tn: usize,
    /// y = 0, ŷ = 1.
    pub fp: usize,
    /// y = 1, ŷ = 0.
    pub fn_: usize,
    /// y = 1, ŷ = 1.
    pub tp: usize,
}

impl ConfusionMatrix {
    /// Sensitivity (recall, true-positive rate) tp / (tp + fn).
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_) as f64
    }
    /// Precision tp / (tp + fp).
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp) as f64
    }
    /// Specificity (true-negative rate) tn / (tn + fp).
    pub fn specificity(&self) -> f64 {
        self.tn as f64 / (self.tn + self.fp) as f64
    }
}

impl std::fmt::Display for ConfusionMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "              predicted 0  predicted 1")?;
        writeln!(f, "actual 0     {:>11}  {:>11}", self.tn, self.fp)?;
        write!(f, "actual 1     {:>11}  {:>11}", self.fn_, self.tp)
    }
}

/// Count (tn, fp, fn, tp) for 0/1 labels and 0/1 predictions.
pub fn confusion_matrix(y: &Array1<f64>, y_hat: &Array1<f64>) -> Result<ConfusionMatrix> {
    check_scored(y, y_hat, "metrics::confusion_matrix")?;
    check::binary_labels(y_hat.view(), "metrics::confusion_matrix (predictions)")?;
    let mut m = ConfusionMatrix {
        tn: 0,
        fp: 0,
        fn_: 0,
        tp: 0,
    };
    for (&a, &b) in y.iter().zip(y_hat) {
        match (a == 1.0, b == 1.0) {
            (false, false) => m.tn += 1,
            (false, true) => m.fp += 1,
            (true, false) => m.fn_ += 1,
            (true, true) => m.tp += 1,
        }
    }
    Ok(m)
}

/// Points of the ROC curve: for each distinct score s (from high to low), the false- and
/// true-positive rates of the rule "predict 1 when score ≥ s". Starts at (0, 0), ends at (1, 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Roc {
    pub fpr: Vec<f64>,
    pub tpr: Vec<f64>,
    /// The threshold of each point (+∞ for the first, (0, 0), point).
    pub thresholds: Vec<f64>,
}

/// The ROC curve of 0/1 labels y against real-valued scores (higher means "more likely 1").
///
/// Tied scores move the curve diagonally in one step — the same points as scikit-learn's
/// `roc_curve(..., drop_intermediate=False)`. Needs both classes present.
pub fn roc_curve(y: &Array1<f64>, scores: &Array1<f64>) -> Result<Roc> {
    check_scored(y, scores, "metrics::roc_curve")?;
    let positives = y.sum();
    let negatives = y.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return Err(Error::SingleClass {
            context: "metrics::roc_curve".into(),
            class: if positives == 0.0 { 0 } else { 1 },
        });
    }
    let mut order: Vec<usize> = (0..y.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut fpr, mut tpr, mut thresholds) = (vec![0.0], vec![0.0], vec![f64::INFINITY]);
    let (mut tp, mut fp) = (0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        tp += y[i];
        fp += 1.0 - y[i];
        let last_of_tie = order.get(k + 1).is_none_or(|&j| scores[j] != scores[i]);
        if last_of_tie {
            fpr.push(fp / negatives);
            tpr.push(tp / positives);
            thresholds.push(scores[i]);
        }
    }
    Ok(Roc {
        fpr,
        tpr,
        thresholds,
    })
}

/// The K×K confusion matrix of class labels 0 … K − 1: entry (i, j) counts the rows with
/// label i predicted as j.
pub fn confusion_matrix_multiclass(
    y: &Array1<f64>,
    y_hat: &Array1<f64>,
    classes: usize,
) -> Result<ndarray::Array2<usize>> {
    check_pair(y, y_hat, "metrics::confusion_matrix_multiclass")?;
    let class_of = |v: f64, i: usize| -> Result<usize> {
        if v >= 0.0 && v < classes as f64 && v.fract() == 0.0 {
            Ok(v as usize)
        } else {
            Err(Error::InvalidClassLabel {
                context: "metrics::confusion_matrix_multiclass".into(),
                position: i,
                value: v,
                classes,
                max: classes.saturating_sub(1),
            })
        }
    };
    let mut m = ndarray::Array2::zeros((classes, classes));
    for (i, (&a, &b)) in y.iter().zip(y_hat).enumerate() {
        m[[class_of(a, i)?, class_of(b, i)?]] += 1;
    }
    Ok(m)
}

/// Area under the ROC curve by the trapezoid rule over [`roc_curve`]'s points.
///
/// Equals P(score of a random positive > score of a random negative) + ½·P(tie) — the
/// Mann–Whitney statistic, with ties counted half, as scikit-learn's `roc_auc_score`.
///
/// Computed in one sort of (score, label) pairs: walking down the scores, a group of tied scores
/// with p positives and q negatives adds the trapezoid q·(tp_before + p/2) to the area.
pub fn auc(y: &Array1<f64>, scores: &Array1<f64>) -> Result<f64> {
    check_scored(y, scores, "metrics::auc")?;
    let mut pairs: Vec<(f64, f64)> = scores.iter().copied().zip(y.iter().copied()).collect();
    pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut area, mut negatives) = (0.0, 0.0, 0.0);
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let p: f64 = group.iter().map(|&(_, y)| y).sum();
        let q = group.len() as f64 - p;
        area += q * (tp + p / 2.0);
        tp += p;
        negatives += q;
    }
    if tp == 0.0 || negatives == 0.0 {
        return Err(Error::SingleClass {
            context: "metrics::auc".into(),
            class: u8::from(tp > 0.0),
        });
    }
    Ok(area / (tp * negatives))
}

/// Mean log-loss −(1/n) Σ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)] of probabilities p.
///
/// p is clipped to [1e−15, 1 − 1e−15] (as scikit-learn does), so the loss stays finite when a
/// probability reaches exactly 0 or 1. To train, use the loss from logits in
/// `logistic::loss`, which needs no clipping.
pub fn log_loss(y: &Array1<f64>, p: &Array1<f64>) -> Result<f64> {
    check_scored(y, p, "metrics::log_loss")?;
    if let Some((i, &v)) = p.indexed_iter().find(|(_, &v)| !(0.0..=1.0).contains(&v)) {
        return Err(Error::invalid(
            "probability",
            v,
            &format!("entry {i} is outside [0, 1]; pass probabilities, not scores"),
        )
        .within("metrics::log_loss"));
    }
    const EPS: f64 = 1e-15;
    let total: f64 = y
        .iter()
        .zip(p)
        .map(|(&y, &p)| {
            let p = p.clamp(EPS, 1.0 - EPS);
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    Ok(total / y.len() as f64)
}
