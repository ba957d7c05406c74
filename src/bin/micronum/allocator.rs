//! How the C allocator hands out large blocks, set once at start (Linux with glibc only).
//!
//! Why: glibc serves a block of at least `M_MMAP_THRESHOLD` bytes (128 KiB at start) with its
//! own mapping, returned to the system when freed — but the threshold rises to the size of any
//! such block freed (up to 32 MiB), after which large blocks come from the heap, where a freed
//! block inside the heap is never returned. `train` frees the table's columns (megabytes each)
//! before the trees grow, so with the moving threshold the trees and the growers' buffers were
//! then served from the heap while those holes stayed resident: 27 MB of resident memory over
//! the heap's peak on a million rows (issue 23). Pinning the threshold (which also stops it
//! from moving) gives memory back as soon as a large block is freed.

/// Pins glibc's mmap threshold at its initial 128 KiB (no effect elsewhere).
pub fn pin_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`; M_MMAP_THRESHOLD is -3 in <malloc.h>.
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_MMAP_THRESHOLD: i32 = -3;
        // SAFETY: mallopt only sets an allocator parameter; it is called before any thread
        // starts, and a refusal (return value 0) leaves the allocator as it was.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}
