//! `mlfs_core::metrics` for classifiers: AUC and the ROC curve against scikit-learn on scores
//! with ties, the confusion matrix and accuracy by hand, and the error cases.

mod support;

use mlfs_core::metrics::{accuracy, auc, confusion_matrix, log_loss, roc_curve};
use mlfs_core::ndarray::{array, Array1};
use mlfs_core::Error;
use support::fixture;

fn tied_fixture() -> (
    Array1<f64>,
    Array1<f64>,
    std::collections::BTreeMap<String, Vec<f64>>,
) {
    let f = fixture("auc_ties_sklearn.txt");
    (
        Array1::from(f["y"].clone()),
        Array1::from(f["scores"].clone()),
        f,
    )
}

#[test]
fn auc_matches_roc_auc_score_with_ties_to_1e_12() {
    let (y, scores, f) = tied_fixture();
    let distinct = {
        let mut s = scores.to_vec();
        s.sort_by(f64::total_cmp);
        s.dedup();
        s.len()
    };
    assert!(
        distinct < scores.len() / 2,
        "the fixture must have many ties"
    );
    let ours = auc(&y, &scores).unwrap();
    assert!(
        (ours - f["auc"][0]).abs() < 1e-12,
        "{ours} vs {}",
        f["auc"][0]
    );
}

#[test]
fn roc_curve_has_scikit_learns_points() {
    let (y, scores, f) = tied_fixture();
    let roc = roc_curve(&y, &scores).unwrap();
    assert_eq!(roc.fpr.len(), f["fpr"].len());
    for (name, ours, theirs) in [("fpr", &roc.fpr, &f["fpr"]), ("tpr", &roc.tpr, &f["tpr"])] {
        for (a, b) in ours.iter().zip(theirs) {
            assert!((a - b).abs() < 1e-15, "{name}: {a} vs {b}");
        }
    }
    assert_eq!(roc.thresholds[0], f64::INFINITY);
    assert_eq!(&roc.thresholds[1..], &f["thresholds"][..]);
}

#[test]
fn auc_of_perfect_reversed_and_constant_scores() {
    let y = array![0.0, 0.0, 1.0, 1.0];
    assert_eq!(auc(&y, &array![0.1, 0.2, 0.3, 0.4]).unwrap(), 1.0);
    assert_eq!(auc(&y, &array![0.4, 0.3, 0.2, 0.1]).unwrap(), 0.0);
    assert_eq!(auc(&y, &array![0.5, 0.5, 0.5, 0.5]).unwrap(), 0.5); // all tied: half credit
                                                                    // one tie between a positive and a negative: (3 + ½) / 4
    assert_eq!(auc(&y, &array![0.1, 0.3, 0.3, 0.4]).unwrap(), 0.875);
}

#[test]
fn confusion_matrix_and_accuracy_by_hand() {
    let y = array![0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
    let y_hat = array![0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0];
    let m = confusion_matrix(&y, &y_hat).unwrap();
    assert_eq!((m.tn, m.fp, m.fn_, m.tp), (2, 1, 1, 3));
    assert_eq!(m.recall(), 0.75);
    assert_eq!(m.precision(), 0.75);
    assert!((m.specificity() - 2.0 / 3.0).abs() < 1e-15);
    assert!((accuracy(&y, &y_hat).unwrap() - 5.0 / 7.0).abs() < 1e-15);
    assert!(m.to_string().contains("predicted 1"));
}

#[test]
fn multiclass_confusion_matrix_by_hand() {
    let y = array![0.0, 1.0, 2.0, 2.0, 1.0, 0.0];
    let y_hat = array![0.0, 2.0, 2.0, 1.0, 1.0, 0.0];
    let m = mlfs_core::metrics::confusion_matrix_multiclass(&y, &y_hat, 3).unwrap();
    assert_eq!(m, array![[2, 0, 0], [0, 1, 1], [0, 1, 1]]);
    assert!((accuracy(&y, &y_hat).unwrap() - 4.0 / 6.0).abs() < 1e-15);
}

#[test]
fn log_loss_is_finite_at_probabilities_0_and_1() {
    let y = array![0.0, 1.0];
    let l = log_loss(&y, &array![1.0, 0.0]).unwrap(); // both maximally wrong
    assert!(l.is_finite() && l > 30.0, "{l}");
    assert!(log_loss(&y, &array![0.0, 1.0]).unwrap() < 1e-14); // both certain and right
    assert!(matches!(
        log_loss(&y, &array![0.5, 1.5]),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn bad_labels_single_class_and_shapes_are_errors() {
    let scores = array![0.1, 0.2, 0.3];
    assert!(matches!(
        auc(&array![0.0, 2.0, 1.0], &scores),
        Err(Error::InvalidLabels { position: 1, .. })
    ));
    assert!(matches!(
        auc(&array![1.0, 1.0, 1.0], &scores),
        Err(Error::SingleClass { class: 1, .. })
    ));
    assert!(matches!(
        roc_curve(&array![0.0, 1.0], &scores),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        auc(&array![0.0, 1.0, 1.0], &array![0.1, f64::NAN, 0.3]),
        Err(Error::NonFinite { .. })
    ));
    assert_eq!(accuracy(&array![0.0, 2.0], &array![0.0, 0.7]).unwrap(), 0.5); // exact comparison
    assert!(matches!(
        mlfs_core::metrics::confusion_matrix_multiclass(&array![0.0, 3.0], &array![0.0, 1.0], 3),
        Err(Error::InvalidClassLabel { position: 1, .. })
    ));
    assert!(matches!(
        accuracy(&array![], &array![]),
        Err(Error::EmptyInput { .. })
    ));
}
