//! Wider vector instructions where the processor has them, chosen at run time.
//!
//! The element-wise passes of training (σ, e^x and ln(1 + x) by the branch-free polynomials in
//! [`crate::sigmoid`]) are loops the compiler turns into SIMD code. By default it may only use
//! the instructions every x86-64 processor has (SSE2: two f64 per instruction). A notebook's
//! kernel cannot pass `-C target-cpu=native` (evcxr sets RUSTFLAGS itself), so instead
//! [`vectorised`] runs a closure compiled for AVX2 (four f64 per instruction) when the processor
//! reports it, and the plain version otherwise.
//!
//! Only AVX2 is enabled, not FMA: a fused a·b + c rounds once instead of twice, which would make
//! results depend on the machine. Without it, both versions perform the same operations in the
//! same order, so they return bit-for-bit the same numbers (tested); the AVX2 version handles
//! four f64 per instruction where the plain one handles two.

/// `f()`, compiled for AVX2 when the processor has it (see the module documentation). The
/// closure and what it calls inline into the AVX2 version, so its loops use 256-bit vectors.
#[inline(always)]
pub(crate) fn vectorised<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `on_avx2` is compiled for AVX2 only, and the processor has just reported it.
        return unsafe { on_avx2(f) };
    }
    f()
}

/// `f()` in a function compiled with AVX2 enabled.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn on_avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(test)]
mod tests {
    use super::vectorised;
    use crate::sigmoid::{log_loss_from_logit_poly, sigmoid_poly};

    #[test]
    fn the_avx2_version_returns_the_same_bits_as_the_plain_one() {
        let z: Vec<f64> = (0..4099)
            .map(|i| (i as f64 * 0.618_033_988_7) % 60.0 - 30.0)
            .collect();
        let pass = |z: &[f64]| -> (Vec<f64>, f64) {
            let a: Vec<f64> = z.iter().map(|&z| sigmoid_poly(z)).collect();
            let loss: f64 = z.iter().map(|&z| log_loss_from_logit_poly(1.0, z)).sum();
            (a, loss)
        };
        let (plain_a, plain_loss) = pass(&z);
        let (wide_a, wide_loss) = vectorised(|| pass(&z));
        assert!(plain_a
            .iter()
            .zip(&wide_a)
            .all(|(p, w)| p.to_bits() == w.to_bits()));
        assert_eq!(plain_loss.to_bits(), wide_loss.to_bits());
    }
}
