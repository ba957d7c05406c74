//! Logarithms and exponentials that give the same bits on every platform.
//!
//! `f64::ln`, `exp`, `log2` and `ln_1p` call the platform's C library natively (glibc) and a
//! Rust port of musl's libm in WebAssembly; the two differ in the last bit for some inputs. A
//! p-value, an entropy or a log loss computed in the browser would then differ from the CLI's
//! in its 16th digit — and a ranking or a split decided by such a number could differ outright.
//! Every transcendental function the engine uses goes through here: the `libm` crate, pure
//! Rust, so the CLI and the page compute the same bits. (`sqrt` and the arithmetic operators are
//! correctly rounded by IEEE 754 everywhere and need no wrapper.)

/// Natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// `ln(1 + x)`, accurate for small `x`.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// Base-2 logarithm.
#[inline]
pub fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// `e^x`.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_exact_values() {
        // Values exact in binary or known to the last bit.
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(log2(1024.0), 10.0);
        assert_eq!(ln_1p(0.0), 0.0);
        assert_eq!(ln(std::f64::consts::E), 1.0);
        // Within one ulp of the platform's (they may differ by that much: that is the point).
        for x in [1e-300, 0.3, 2.5, 1e10, 7.0e200] {
            assert!((ln(x) - x.ln()).abs() <= x.ln().abs() * f64::EPSILON, "{x}");
        }
        for x in [-700.0, -1.0, 1.0, 3.7, 700.0] {
            assert!((exp(x) - x.exp()).abs() <= x.exp() * f64::EPSILON, "{x}");
        }
    }
}
