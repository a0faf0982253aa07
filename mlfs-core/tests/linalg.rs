//! `mlfs_core::linalg`: the classic QR and triangular-solve cases, and property tests.

mod support;

use mlfs_core::linalg::{self, back_substitute, householder, qr};
use mlfs_core::ndarray::{array, s, Array1, Array2};
use mlfs_core::Error;
use proptest::prelude::*;
use support::{max_abs, random_matrix, random_vector};

#[test]
fn two_by_two_triangular_system() {
    // [[1,1],[0,1]]·x = [2,3]  ⇒  x = [−1, 3]
    let x = back_substitute(
        array![[1.0, 1.0], [0.0, 1.0]].view(),
        array![2.0, 3.0].view(),
    )
    .unwrap();
    assert_eq!(x, array![-1.0, 3.0]);
}

#[test]
fn random_triangular_systems_of_size_1_to_19() {
    for n in 1..20 {
        let mut r = random_matrix(n, n, n as u64);
        for i in 0..n {
            for j in 0..i {
                r[[i, j]] = 0.0;
            }
            r[[i, i]] += 4.0 * r[[i, i]].signum(); // well conditioned
        }
        let x_true = random_vector(n, 100 + n as u64);
        let b = r.dot(&x_true);
        let x = back_substitute(r.view(), b.view()).unwrap();
        let err = (&x - &x_true).iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!(err < 1e-12, "n = {n}: error {err}");
    }
}

#[test]
fn rectangular_triangular_systems_use_the_top_rows() {
    // [R; 0]θ = b with extra rows: the solution uses the first p rows only.
    let r = array![[2.0, 1.0], [0.0, 4.0], [0.0, 0.0], [0.0, 0.0]];
    let b = array![4.0, 8.0, 5.0, -7.0];
    let x = back_substitute(r.view(), b.view()).unwrap();
    assert_eq!(x, array![1.0, 2.0]);
}

#[test]
fn triangular_solve_errors() {
    let lower = array![[1.0, 0.0], [1.0, 1.0]];
    assert!(matches!(
        back_substitute(lower.view(), array![1.0, 1.0].view()),
        Err(Error::InvalidParameter { .. })
    ));
    let singular = array![[1.0, 1.0], [0.0, 0.0]];
    assert!(matches!(
        back_substitute(singular.view(), array![1.0, 1.0].view()),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        back_substitute(singular.view(), array![1.0].view()),
        Err(Error::ShapeMismatch { .. })
    ));
    let wide = array![[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]];
    assert!(matches!(
        back_substitute(wide.view(), array![1.0, 1.0].view()),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn reflection_maps_ones_to_a_multiple_of_e1() {
    let x = array![1.0, 1.0, 1.0];
    let h = householder(x.view());
    // sign opposite to x₀: α = −√3
    assert!((h.alpha + 3f64.sqrt()).abs() < 1e-15);
    let hx = &x - &(2.0 * h.v.dot(&x) * &h.v);
    assert!((hx[0] + 3f64.sqrt()).abs() < 1e-15);
    assert!(hx[1].abs() < 1e-15 && hx[2].abs() < 1e-15);
    assert!((h.v.dot(&h.v) - 1.0).abs() < 1e-15);
}

#[test]
fn reflection_of_zero_is_the_identity() {
    let h = householder(array![0.0, 0.0].view());
    assert_eq!(h.alpha, 0.0);
    assert_eq!(h.v, array![0.0, 0.0]);
}

/// A random orthogonal matrix: the Q of a random matrix.
fn random_orthogonal(n: usize, seed: u64) -> Array2<f64> {
    qr(random_matrix(n, n, seed).view()).unwrap().thin_q()
}

#[test]
fn square_qr_recovers_q_and_r_up_to_signs() {
    let n = 6;
    let q0 = random_orthogonal(n, 1);
    let mut r0 = random_matrix(n, n, 2);
    for i in 0..n {
        for j in 0..i {
            r0[[i, j]] = 0.0;
        }
    }
    let a = q0.dot(&r0);
    let f = qr(a.view()).unwrap();
    // R is unique up to the sign of each row: |R| = |R0|
    let diff = (&f.r().mapv(f64::abs) - &r0.mapv(f64::abs)).mapv(f64::abs);
    assert!(max_abs(&diff) < 1e-12, "{}", max_abs(&diff));
    assert!(max_abs(&(f.thin_q().dot(f.r()) - &a)) < 1e-12);
}

#[test]
fn rectangular_four_by_two() {
    let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]];
    let f = qr(a.view()).unwrap();
    let q = f.thin_q();
    assert_eq!(q.dim(), (4, 2));
    assert!(max_abs(&(q.dot(f.r()) - &a)) < 1e-13);
    assert!(max_abs(&(q.t().dot(&q) - Array2::<f64>::eye(2))) < 1e-14);
    // |R11| = ‖a₁‖ = √84
    assert!((f.r()[[0, 0]].abs() - 84f64.sqrt()).abs() < 1e-13);
    assert_eq!(f.r()[[1, 0]], 0.0);
}

#[test]
fn qt_and_q_are_inverse_and_isometric() {
    let a = random_matrix(30, 5, 3);
    let f = qr(a.view()).unwrap();
    let y = random_vector(30, 4);
    let z = f.qt_mul(y.view()).unwrap();
    assert!((z.dot(&z) - y.dot(&y)).abs() < 1e-12 * y.dot(&y));
    let back = f.q_mul(z.view()).unwrap();
    assert!((&back - &y).iter().all(|d| d.abs() < 1e-13));
    // the first p entries of Qᵀy are thin_qᵀ y
    let thin = f.thin_q().t().dot(&y);
    assert!((&z.slice(s![..5]) - &thin).iter().all(|d| d.abs() < 1e-13));
    assert!(matches!(
        f.qt_mul(Array1::zeros(29).view()),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn qr_errors_instead_of_panics() {
    assert!(matches!(
        qr(Array2::zeros((2, 3)).view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        qr(Array2::zeros((0, 0)).view()),
        Err(Error::EmptyInput { .. })
    ));
    assert!(matches!(
        qr(array![[1.0], [f64::NAN]].view()),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn numerical_rank_sees_a_duplicated_column() {
    let mut a = random_matrix(20, 4, 5);
    let c1 = a.column(1).to_owned();
    a.column_mut(3).assign(&c1);
    let f = qr(a.view()).unwrap();
    let tol = linalg::default_rank_tol(20, 4);
    assert_eq!(f.rank(tol), 3);
    assert_eq!(f.first_dependent_column(tol), Some(3));
}

#[test]
fn singular_values_of_a_diagonal_and_a_rotation() {
    let d = array![[3.0, 0.0], [0.0, -0.5]];
    assert_eq!(linalg::singular_values(d.view()), array![3.0, 0.5]);
    let q = random_orthogonal(4, 9);
    let sv = linalg::singular_values((&q * 2.0).view());
    assert!(sv.iter().all(|s| (s - 2.0).abs() < 1e-12), "{sv}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn qr_properties_hold_for_random_shapes(p in 1usize..8, extra in 0usize..12, seed in 0u64..1000) {
        let n = p + extra;
        let a = random_matrix(n, p, seed);
        let f = qr(a.view()).unwrap();
        let q = f.thin_q();
        let eps = f64::EPSILON;
        let c = 10.0 * (n * p) as f64;
        // QᵀQ = I
        prop_assert!(max_abs(&(q.t().dot(&q) - Array2::<f64>::eye(p))) < c * eps);
        // R is upper triangular
        for i in 0..p { for j in 0..i { prop_assert_eq!(f.r()[[i, j]], 0.0); } }
        // QR = A to within c·ε·‖A‖
        prop_assert!(max_abs(&(q.dot(f.r()) - &a)) < c * eps * max_abs(&a));
    }
}

/// Flip each row of R so that its diagonal is non-negative (R is unique up to these signs).
fn positive_diagonal(mut r: Array2<f64>) -> Array2<f64> {
    for mut row in r.rows_mut() {
        let i = row.iter().position(|v| *v != 0.0).unwrap_or(0);
        if row[i] < 0.0 {
            row.mapv_inplace(|v| -v);
        }
    }
    r
}

#[test]
fn streaming_r_over_several_blocks_equals_r_of_one_piece() {
    // 1300 rows = two full blocks of 512 and a remainder of 276.
    let n = 2 * linalg::STREAMING_BLOCK_ROWS + 276;
    let a = random_matrix(n, 6, 42);
    let whole = positive_diagonal(qr(a.view()).unwrap().r().clone());
    let streamed = linalg::streaming_r(n, 6, |i0, i1, mut block| {
        block.assign(&a.slice(s![i0..i1, ..]).t());
    })
    .unwrap();
    let streamed = positive_diagonal(streamed);
    let err = max_abs(&(&whole - &streamed)) / max_abs(&whole);
    assert!(err < 1e-13, "relative difference {err:e}");
}

#[test]
fn streaming_r_with_fewer_rows_than_columns_leaves_trailing_rows_zero() {
    let a = random_matrix(2, 4, 7);
    let r = linalg::streaming_r(2, 4, |_, _, mut block| block.assign(&a.t())).unwrap();
    let trailing = max_abs(&r.slice(s![2.., ..]).to_owned());
    assert!(trailing < 1e-14 * max_abs(&a), "trailing rows {trailing:e}");
    assert!(r[[0, 0]].abs() > 0.0 && r[[1, 1]].abs() > 0.0);
}

/// streaming_r of `a` (all rows, several blocks), with positive diagonal.
fn streamed_r(a: &Array2<f64>) -> Array2<f64> {
    let (n, q) = a.dim();
    let r = linalg::streaming_r(n, q, |i0, i1, mut block| {
        block.assign(&a.slice(s![i0..i1, ..]).t());
    })
    .unwrap();
    positive_diagonal(r)
}

#[test]
fn blocked_streaming_r_equals_unblocked_qr_for_narrow_and_wide_matrices() {
    // Widths below, at and above the column-by-column leaf (32 columns), where the compact-WY
    // recursion (Q = I − V T Vᵀ, matrix products) does the work; 2½ blocks of rows.
    let n = 2 * linalg::STREAMING_BLOCK_ROWS + 256;
    for (q, seed) in [(1, 1), (12, 2), (32, 3), (33, 4), (70, 5), (129, 6)] {
        let a = random_matrix(n, q, seed);
        let whole = positive_diagonal(qr(a.view()).unwrap().r().clone());
        let err = max_abs(&(&whole - &streamed_r(&a))) / max_abs(&whole);
        assert!(err < 1e-13, "q = {q}: relative difference {err:e}");
    }
}

#[test]
fn blocked_streaming_r_reproduces_the_gram_matrix() {
    // RᵀR = AᵀA for any orthogonal reduction; checks the upper-triangular structure too.
    let a = random_matrix(1500, 80, 11);
    let r = streamed_r(&a);
    for i in 0..80 {
        for j in 0..i {
            assert_eq!(r[[i, j]], 0.0, "R[{i},{j}] below the diagonal");
        }
    }
    let gram = a.t().dot(&a);
    let err = max_abs(&(r.t().dot(&r) - &gram)) / max_abs(&gram);
    assert!(err < 1e-13, "relative difference {err:e}");
}

#[test]
fn blocked_streaming_r_keeps_a_zero_column_zero_without_nan() {
    // A zero column has nothing to fold: τ = 0 (H = I), R_kk = 0 and no division by zero.
    let mut a = random_matrix(700, 40, 12);
    a.column_mut(17).fill(0.0);
    let r = streamed_r(&a);
    assert!(r.iter().all(|v| v.is_finite()));
    assert_eq!(r[[17, 17]], 0.0);
}

#[test]
fn blocked_streaming_r_with_fewer_rows_than_columns() {
    let a = random_matrix(20, 45, 13);
    let r = streamed_r(&a);
    let trailing = max_abs(&r.slice(s![20.., ..]).to_owned());
    assert!(trailing < 1e-13 * max_abs(&a), "trailing rows {trailing:e}");
    let gram = a.t().dot(&a);
    assert!(max_abs(&(r.t().dot(&r) - &gram)) < 1e-12 * max_abs(&gram));
}

#[test]
fn norm2_neither_overflows_nor_underflows() {
    use linalg::norm2;
    // 3-4-5 at every scale, including where the squares over- or underflow
    for s in [1.0, 1e150, 1e-150, 1e200, 1e-200, 1e300, 1e-300, 1e-310] {
        let n = norm2(array![3.0 * s, 4.0 * s].view());
        assert!(
            (n - 5.0 * s).abs() <= 4.0 * f64::EPSILON * 5.0 * s,
            "{s:e}: {n:e}"
        );
    }
    let x = random_vector(1000, 17);
    let plain = x.dot(&x).sqrt();
    for s in [1e-300, 1e300] {
        let n = norm2((&x * s).view());
        assert!((n / s - plain).abs() < 1e-14 * plain, "{s:e}");
    }
    // tiny entries beside a large one count for nothing, and do not trigger the scaled branch
    assert_eq!(norm2(array![1.0, 1e-200, -1e-300].view()), 1.0);
    assert_eq!(norm2(array![0.0, 0.0].view()), 0.0);
    assert_eq!(norm2(Array1::<f64>::zeros(0).view()), 0.0);
    assert_eq!(norm2(array![f64::MAX, 0.0].view()), f64::MAX);
    assert!(norm2(array![1.0, f64::NAN].view()).is_nan());
    assert_eq!(norm2(array![1e300, f64::INFINITY].view()), f64::INFINITY);
}

#[test]
fn householder_and_qr_are_scale_equivariant_at_the_ends_of_the_range() {
    let a = random_matrix(30, 4, 19);
    let r = positive_diagonal(qr(a.view()).unwrap().r().clone());
    for s in [1e-300, 1e-200, 1e200, 1e300] {
        let h = householder((&a.column(0) * s).view());
        let alpha = -a.column(0)[0].signum() * a.column(0).dot(&a.column(0)).sqrt() * s;
        assert!((h.alpha - alpha).abs() < 1e-14 * alpha.abs(), "{s:e}");
        assert!((h.v.dot(&h.v) - 1.0).abs() < 1e-14);
        let scaled = positive_diagonal(qr((&a * s).view()).unwrap().r().clone());
        let err = max_abs(&(&scaled / s - &r)) / max_abs(&r);
        assert!(err < 1e-13, "qr ·{s:e}: {err:e}");
        let streamed = streamed_r(&(&a * s));
        let err = max_abs(&(&streamed / s - &r)) / max_abs(&r);
        assert!(err < 1e-13, "streaming_r ·{s:e}: {err:e}");
        assert_eq!(linalg::qr((&a * s).view()).unwrap().rank(1e-12), 4);
    }
}

#[test]
fn rank_is_judged_per_column_whatever_its_scale() {
    // A column 10³⁰⁰ times smaller than the others is independent; a tiny multiple of column 0
    // is dependent.
    let mut a = random_matrix(25, 3, 23);
    a.column_mut(1).mapv_inplace(|v| v * 1e-300);
    let f = qr(a.view()).unwrap();
    let tol = linalg::default_rank_tol(25, 3);
    assert_eq!((f.rank(tol), f.first_dependent_column(tol)), (3, None));
    let c0 = a.column(0).to_owned();
    a.column_mut(2).assign(&(&c0 * 1e-250));
    let f = qr(a.view()).unwrap();
    assert_eq!((f.rank(tol), f.first_dependent_column(tol)), (2, Some(2)));
    assert!(linalg::rank::check_rank_tol(f64::NAN, "test").is_err());
}

#[test]
fn singular_values_at_the_ends_of_the_range() {
    let d = array![[3.0, 0.0], [0.0, -0.5]];
    for s in [1e-300, 1e300] {
        let sv = linalg::singular_values((&d * s).view());
        assert!(
            (sv[0] / s - 3.0).abs() < 1e-14 && (sv[1] / s - 0.5).abs() < 1e-14,
            "{sv}"
        );
    }
}
