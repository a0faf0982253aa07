//! The logistic function σ and the binary log-loss, written to be numerically stable. Part 2's
//! logistic regression and Part 3's sigmoid units and outputs share them.
//!
//! ```text
//!     σ(z) = 1 / (1 + e^(−z)),    logit(p) = ln(p / (1 − p)),    ℓ(y, z) = −y ln σ(z) − (1 − y) ln(1 − σ(z))
//! ```

/// σ(z) = 1 / (1 + e^(−z)) without overflow: for z < 0 it is computed as e^z / (1 + e^z), so
/// e^(−z) is never evaluated at a large positive argument.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// logit(p) = ln(p / (1 − p)), the inverse of σ: σ(logit(p)) = p for p in (0, 1).
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// ln(1 + e^z) without overflow or loss of precision: max(z, 0) + ln(1 + e^(−|z|)).
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// ℓ(y, z) = −y ln σ(z) − (1 − y) ln(1 − σ(z)) computed from the logit z.
///
/// Since −ln σ(z) = softplus(−z) and −ln(1 − σ(z)) = softplus(z), the loss is
/// y·softplus(−z) + (1 − y)·softplus(z): finite for every finite z, however close σ(z) is to 0
/// or 1, and accurate to the last digit even when it is tiny (ℓ(1, 40) ≈ e^(−40), where the
/// shorter form softplus(z) − y·z would cancel to 0).
pub fn log_loss_from_logit(y: f64, z: f64) -> f64 {
    y * softplus(-z) + (1.0 - y) * softplus(z)
}

/// ℓ(y, z) and p = σ(z) from one exponential e = exp(−|z|):
///
/// ```text
///     ℓ = ln(1 + e) + y·max(−z, 0) + (1 − y)·max(z, 0),     σ(z) = 1/(1 + e) (z ≥ 0), e/(1 + e) (z < 0)
/// ```
///
/// the same stable forms as [`log_loss_from_logit`] and [`sigmoid`], sharing e (used by the
/// logistic-regression passes, first-order and Newton).
#[inline]
pub fn loss_and_probability(y: f64, z: f64) -> (f64, f64) {
    let e = (-z.abs()).exp();
    let loss = e.ln_1p() + y * (-z).max(0.0) + (1.0 - y) * z.max(0.0);
    let p = if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    (loss, p)
}

// ---------------------------------------------------------------------------------------------
// Branch-free versions, for whole arrays
// ---------------------------------------------------------------------------------------------
//
// The functions above call the C library's `exp` and `log1p` once per element, and a loop over
// an array cannot be vectorised through such calls. The versions below compute the same values
// with plain arithmetic on the bits of an f64 and a polynomial — no branches, no calls, no
// tables — so a loop over an array becomes SIMD code (with `-C target-cpu=native`, AVX2 + FMA).
// Each is accurate to about one unit in the last place (ulp) over its whole domain, and tested
// against the C library's `exp` and `ln_1p`.

/// a·b + c, in one rounding where the target has FMA; plain a·b + c otherwise (the C library's
/// `fma`, which `f64::mul_add` calls without the instruction, would be far slower).
#[inline(always)]
fn mul_add(a: f64, b: f64, c: f64) -> f64 {
    #[cfg(target_feature = "fma")]
    {
        a.mul_add(b, c)
    }
    #[cfg(not(target_feature = "fma"))]
    {
        a * b + c
    }
}

/// 1.5 · 2⁵²: adding it to a number of magnitude below 2⁵¹ rounds it to an integer, which then
/// sits in the low bits of the sum's representation.
const SHIFT: f64 = 6_755_399_441_055_744.0;
/// ln 2 = LN2_HI + LN2_LO, where LN2_HI has 32 significant bits, so k·LN2_HI is exact for |k| < 2²¹
/// (fdlibm's constants, with the digits it publishes).
#[allow(clippy::excessive_precision)]
const LN2_HI: f64 = 6.931_471_803_691_238_164_9e-1;
#[allow(clippy::excessive_precision)]
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;

/// 2^k for an integer-valued k in [−1022, 1023], by writing k + 1023 into the exponent bits.
#[inline(always)]
fn pow2(k: f64) -> f64 {
    f64::from_bits((k + SHIFT).to_bits().wrapping_add(1023) << 52)
}

/// Coefficients 1/i! of the Taylor polynomial of e^r, i = 0 … 13. On |r| ≤ ln 2 / 2 its
/// truncation error is below r¹⁴/14! < 5·10⁻¹⁸, under a twentieth of an ulp of e^r.
const EXP_TAYLOR: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// e^x in plain arithmetic, for loops that the compiler vectorises (within about 1 ulp of
/// `f64::exp`; 0 below x ≈ −745, ∞ above x ≈ 709.8, NaN for NaN).
///
/// Range reduction: x = k ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2 (Cody–Waite: ln 2
/// in two parts, so r is exact to the last bits), then e^x = 2^k · e^r with e^r from its Taylor
/// polynomial. 2^k is applied as two factors 2^⌊k/2⌉ · 2^(k − ⌊k/2⌉), each a normal number, so that
/// results in the subnormal range round once, like the C library's.
#[inline(always)]
pub fn exp_poly(x: f64) -> f64 {
    // Beyond ±1000, e^x is 0 or ∞ in f64 anyway; the clamp keeps both factors 2^(k/2) normal
    // (and passes a NaN through).
    let x = x.clamp(-1000.0, 1000.0);
    let k = mul_add(x, std::f64::consts::LOG2_E, SHIFT) - SHIFT;
    let r = mul_add(-k, LN2_LO, mul_add(-k, LN2_HI, x));
    let mut p = EXP_TAYLOR[13];
    for &c in EXP_TAYLOR[..13].iter().rev() {
        p = mul_add(p, r, c);
    }
    let k1 = (0.5 * k + SHIFT) - SHIFT;
    p * pow2(k1) * pow2(k - k1)
}

/// σ(z) = 1 / (1 + e^(−z)) in plain arithmetic (see [`exp_poly`]); like [`sigmoid`], it only
/// ever evaluates e^(−|z|) ≤ 1, so nothing overflows: σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e)
/// for z < 0, with e = e^(−|z|). Within about 2 ulp of [`sigmoid`].
#[inline(always)]
pub fn sigmoid_poly(z: f64) -> f64 {
    let e = exp_poly(-z.abs());
    let numerator = if z >= 0.0 { 1.0 } else { e };
    numerator / (1.0 + e)
}

/// ln(1 + x) in plain arithmetic, accurate also for tiny x (within about 1 ulp of `f64::ln_1p`;
/// −∞ at −1, NaN below −1 or for NaN).
///
/// With u = 1 + x rounded, ln(1 + x) = ln u + (x − (u − 1))/u to within an ulp: the second
/// term restores what rounding u lost. ln u follows fdlibm's `log`: u = 2^k·m with m in
/// [√½, √2), f = m − 1, s = f/(2 + f), and ln m = 2 artanh s = f − f²/2 + s(f²/2 + R(s²)) with
/// fdlibm's minimax polynomial R.
#[inline(always)]
pub fn ln_1p_poly(x: f64) -> f64 {
    #[allow(clippy::excessive_precision)] // fdlibm's coefficients Lg1 … Lg7, as published
    const LG: [f64; 7] = [
        6.666_666_666_666_735_130e-1,
        3.999_999_999_940_941_908e-1,
        2.857_142_874_366_239_149e-1,
        2.222_219_843_214_978_396e-1,
        1.818_357_216_161_805_012e-1,
        1.531_383_769_920_937_332e-1,
        1.479_819_860_511_658_591e-1,
    ];
    const MANTISSA: u64 = (1 << 52) - 1;
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let u = 1.0 + x;
    let lost = (x - (u - 1.0)) / u;
    // u = 2^e · m with m in [1, 2): the exponent bits, read as a float, and the mantissa bits.
    let bits = u.to_bits();
    let e = f64::from_bits((bits >> 52) | TWO_52.to_bits()) - (TWO_52 + 1023.0);
    let m = f64::from_bits((bits & MANTISSA) | 1.0_f64.to_bits());
    let high = m > std::f64::consts::SQRT_2;
    let (m, k) = if high { (0.5 * m, e + 1.0) } else { (m, e) };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let (z, w) = (s * s, s * s * s * s);
    let t1 = w * mul_add(w, mul_add(w, LG[5], LG[3]), LG[1]);
    let t2 = z * mul_add(w, mul_add(w, mul_add(w, LG[6], LG[4]), LG[2]), LG[0]);
    let hfsq = 0.5 * f * f;
    let ln_u = k * LN2_HI - ((hfsq - mul_add(s, hfsq + t2 + t1, k * LN2_LO)) - f);
    if x > -1.0 && x < f64::INFINITY {
        ln_u + lost
    } else if x == f64::INFINITY {
        x
    } else if x == -1.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

/// [`log_loss_from_logit`] in plain arithmetic:
/// y·max(−z, 0) + (1 − y)·max(z, 0) + ln(1 + e^(−|z|)), which is y·softplus(−z) +
/// (1 − y)·softplus(z) regrouped (for y = 0 or 1 the first two terms are exact, and the last is
/// accurate however small).
#[inline(always)]
pub fn log_loss_from_logit_poly(y: f64, z: f64) -> f64 {
    y * (-z).max(0.0) + (1.0 - y) * z.max(0.0) + ln_1p_poly(exp_poly(-z.abs()))
}

/// [`loss_and_probability`] in plain arithmetic: ℓ(y, z) and σ(z) from one e = e^(−|z|) by
/// [`exp_poly`] and [`ln_1p_poly`], so that a loop over the rows of a batch vectorises (used by
/// Newton's passes over the data).
#[inline(always)]
pub fn loss_and_probability_poly(y: f64, z: f64) -> (f64, f64) {
    let e = exp_poly(-z.abs());
    let loss = ln_1p_poly(e) + y * (-z).max(0.0) + (1.0 - y) * z.max(0.0);
    let numerator = if z >= 0.0 { 1.0 } else { e };
    (loss, numerator / (1.0 + e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// |a − b| in units of the last place of b (the gap from |b| to the next f64 up).
    fn ulps(a: f64, b: f64) -> f64 {
        if a == b || (a.is_nan() && b.is_nan()) {
            return 0.0;
        }
        let ulp = f64::from_bits(b.abs().to_bits() + 1) - b.abs();
        (a - b).abs() / ulp
    }

    /// Deterministic points spread over [lo, hi].
    fn grid(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> + Clone {
        (0..=n).map(move |i| lo + (hi - lo) * ((i as f64 * 0.618_033_988_749_895) % 1.0))
    }

    #[test]
    fn exp_poly_is_within_an_ulp_of_the_c_library_over_the_whole_range() {
        for x in grid(-760.0, 720.0, 400_000).chain(grid(-2.0, 2.0, 100_000)) {
            let (got, want) = (exp_poly(x), x.exp());
            assert!(ulps(got, want) <= 1.0, "exp({x}) = {got:e}, libm {want:e}");
        }
        assert!(exp_poly(f64::NAN).is_nan());
        assert_eq!(exp_poly(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp_poly(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_poly(709.8), f64::INFINITY);
        assert_eq!(exp_poly(-745.2), 0.0);
        assert_eq!(exp_poly(-745.1), 5e-324);
    }

    #[test]
    fn ln_1p_poly_is_within_an_ulp_of_the_c_library_and_exact_for_tiny_x() {
        let tiny = grid(-300.0, 0.0, 100_000).map(|e| 10f64.powf(e));
        for x in grid(-1.0, 4.0, 200_000)
            .chain(tiny.clone())
            .chain(tiny.map(|x| -x))
        {
            if x > -1.0 {
                let (got, want) = (ln_1p_poly(x), x.ln_1p());
                assert!(
                    ulps(got, want) <= 1.0,
                    "ln_1p({x:e}) = {got:e}, libm {want:e}"
                );
            }
        }
        assert_eq!(ln_1p_poly(1e-300), 1e-300);
        assert_eq!(ln_1p_poly(1e300), 1e300_f64.ln_1p());
        assert_eq!(ln_1p_poly(-1.0), f64::NEG_INFINITY);
        assert_eq!(ln_1p_poly(f64::INFINITY), f64::INFINITY);
        assert!(ln_1p_poly(-1.5).is_nan() && ln_1p_poly(f64::NAN).is_nan());
    }

    #[test]
    fn sigmoid_and_log_loss_poly_match_the_library_versions() {
        for z in grid(-800.0, 800.0, 100_000).chain(grid(-40.0, 40.0, 100_000)) {
            assert!(ulps(sigmoid_poly(z), sigmoid(z)) <= 2.0, "σ({z})");
            for y in [0.0, 1.0] {
                let (got, want) = (log_loss_from_logit_poly(y, z), log_loss_from_logit(y, z));
                assert!(ulps(got, want) <= 3.0, "ℓ({y}, {z}) = {got:e}, {want:e}");
                let (loss, p) = loss_and_probability_poly(y, z);
                let (loss_ref, p_ref) = loss_and_probability(y, z);
                assert!(ulps(loss, loss_ref) <= 3.0, "ℓ({y}, {z}) from the pair");
                assert!(ulps(p, p_ref) <= 2.0, "σ({z}) from the pair");
            }
        }
        // tiny losses keep all their digits (no cancellation)
        assert!(ulps(log_loss_from_logit_poly(1.0, 40.0), (-40f64).exp()) <= 1.0);
        assert_eq!(sigmoid_poly(-800.0), 0.0);
        assert_eq!(sigmoid_poly(800.0), 1.0);
        assert!(sigmoid_poly(f64::NAN).is_nan());
    }
}
