//! The design matrix X₁ = [1 | X] of a Newton fit, stored or with its column of ones implicit.

use ndarray::ArrayView2;

/// The design matrix X₁ = [1 | X] of a Newton fit, as the passes read it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Design<'a> {
    /// X₁ itself, stored (the standardised copy, which includes the column of ones).
    Stored(ArrayView2<'a, f64>),
    /// X only: X₁'s column of ones is implicit, and X is read where the caller keeps it.
    Implicit(ArrayView2<'a, f64>),
}

impl<'a> Design<'a> {
    /// The stored columns: X₁, or X.
    pub(super) fn stored(&self) -> ArrayView2<'a, f64> {
        match *self {
            Design::Stored(x) | Design::Implicit(x) => x,
        }
    }
    /// 1 if the column of ones is implicit, else 0: θ's entries before those of the stored
    /// columns.
    pub(super) fn ones(&self) -> usize {
        match self {
            Design::Stored(_) => 0,
            Design::Implicit(_) => 1,
        }
    }
    /// q = p + 1, the columns of X₁ (the length of θ).
    pub(super) fn ncols(&self) -> usize {
        self.stored().ncols() + self.ones()
    }
}
