//! The Euclidean norm ‖x‖₂ = √(Σ xᵢ²) without overflow or underflow.
//!
//! The plain sum of squares fails at both ends of the floating-point range: for |xᵢ| ≳ 1.3·10¹⁵⁴
//! the squares overflow to ∞, and for |xᵢ| ≲ 1.5·10⁻¹⁵⁴ they underflow to 0 — so a column scaled
//! by 10²⁰⁰ has norm ∞ and one scaled by 10⁻²⁰⁰ has norm 0 ("rank 0"). LAPACK's `dnrm2` avoids
//! both by scaling (Blue's algorithm). We do the same in two steps, keeping the fast path:
//!
//! ```text
//!     s = Σ xᵢ²                          (one dot product: the usual case)
//!     if s is finite and s ≥ n·λ:  ‖x‖ = √s       λ = 2⁻¹⁰²² (smallest normal number)
//!     else:  m = 2^⌊log₂ max|xᵢ|⌋,  ‖x‖ = m·√(Σ (xᵢ/m)²)
//! ```
//!
//! Why s ≥ n·λ is safe: a square that underflows is rounded to a multiple of 2⁻¹⁰⁷⁴, an error of
//! at most 2⁻¹⁰⁷⁵ per term, so n of them cost at most n·2⁻¹⁰⁷⁵ ≤ (ε/2)·s once s ≥ n·λ. And since
//! every partial sum of squares is at most s, a finite s means no partial sum overflowed.
//! Dividing by a power of two m is exact, so the scaled branch adds no rounding of its own.

use ndarray::ArrayView1;

/// ‖x‖₂, accurate for entries anywhere in the floating-point range (see the module doc).
///
/// numpy: `np.linalg.norm(x)` (which calls LAPACK's scaled `dnrm2` for this reason).
pub fn norm2(x: ArrayView1<f64>) -> f64 {
    let s = x.dot(&x);
    if s.is_finite() && s >= x.len() as f64 * f64::MIN_POSITIVE {
        return s.sqrt();
    }
    scaled_norm2(x)
}

/// ‖x‖₂ = m·√(Σ (xᵢ/m)²) with m the power of two at or below max|xᵢ|.
fn scaled_norm2(x: ArrayView1<f64>) -> f64 {
    let max = x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if max == 0.0 || !max.is_finite() || x.iter().any(|v| v.is_nan()) {
        // 0, ∞, or NaN (any NaN entry makes the norm NaN, as the plain sum would).
        return if x.iter().any(|v| v.is_nan()) {
            f64::NAN
        } else {
            max
        };
    }
    let (up, down) = power_of_two_below(max);
    let s: f64 = x.iter().map(|v| (v * down).powi(2)).sum();
    s.sqrt() * up
}

/// (m, 1/m) for m = 2^e, e = ⌊log₂ x⌋ clamped to ±1022, so that both are normal
/// powers of two and x/m ∈ [1, 2) (or a little larger for a subnormal x).
pub(crate) fn power_of_two_below(x: f64) -> (f64, f64) {
    let e = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023; // unbiased exponent; −1023 if subnormal
    let e = e.clamp(-1022, 1022);
    (pow2(e), pow2(-e))
}

/// 2^e for −1022 ≤ e ≤ 1023, exactly (built from its bits).
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}
