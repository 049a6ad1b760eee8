//! The app process's allocator, where we choose it: glibc's malloc on Linux (Windows' and macOS's
//! allocators are left as they are). glibc's defaults keep freed memory for later, sized for a
//! busy server, while Tahsildar is an app that starts, sweeps and then mostly waits.
//!
//! - Two arenas at most, not eight per core: each thread that allocates (tokio's workers, the
//!   blocking pool, zbus, the tracker) otherwise gets an arena of its own, each keeping its own
//!   free pages.
//! - Fixed trim and mmap thresholds (128 KiB, glibc's starting values): glibc raises both each
//!   time a large block is freed (up to 32 MiB), so after the tracker's first sweeps over a big book
//!   (HTTP bodies, SQLite rows) the freed top of each arena stayed resident.
//!
//! Measured on a release build (100,000-link book, demo mode, 40 s after start, the same binary
//! with the same settings given through `GLIBC_TUNABLES`): the app process's anonymous memory
//! 13.7 → 10.6 MiB (heap 7.0 → 7.0, the arenas 6.7 → 3.6). Blocks over 128 KiB are now mapped
//! and unmapped each time they are made and freed.

/// At most this many arenas.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: libc::c_int = 2;
/// The trim and mmap thresholds, in bytes.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const THRESHOLD: libc::c_int = 128 * 1024;

/// The same settings for the processes the app starts (WebKit's, `webview.rs`): glibc reads
/// them from the environment as each process starts (a test checks they name the values above).
#[cfg(target_os = "linux")]
pub const TUNABLES: &str =
    "glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072";

/// Applies the settings; true when glibc took every one. Call first thing in `main`, before any
/// other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune() -> bool {
    // SAFETY: `mallopt` only sets allocator parameters; it is called before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS) == 1
            && libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD) == 1
            && libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD) == 1
    }
}

/// Not glibc's allocator: nothing to set.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() -> bool {
    true
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// Blocks glibc currently has mapped on their own (`mallinfo2().hblks`).
    fn mapped_blocks() -> usize {
        // SAFETY: `mallinfo2` only reads the allocator's counters.
        unsafe { libc::mallinfo2() }.hblks
    }

    /// Whether a block of `size` bytes is mapped on its own (not carved from an arena).
    fn mapped(size: usize) -> bool {
        let before = mapped_blocks();
        let block = std::hint::black_box(vec![1u8; size]);
        let after = mapped_blocks();
        drop(block);
        after > before
    }

    #[test]
    fn the_child_processes_get_the_same_settings() {
        let expected = format!(
            "glibc.malloc.arena_max={}:glibc.malloc.trim_threshold={t}:glibc.malloc.mmap_threshold={t}",
            super::ARENAS,
            t = super::THRESHOLD
        );
        assert_eq!(super::TUNABLES, expected);
    }

    #[test]
    fn a_large_block_freed_does_not_raise_the_threshold_for_the_next() {
        assert!(super::tune(), "glibc refused a setting");
        // Without the fixed threshold, freeing the first 1 MiB block raises glibc's mmap threshold
        // to 1 MiB, and the next, slightly smaller block comes from (and stays in) an arena. Other
        // tests allocate at the same time: one clean pair out of a few is enough.
        let ok = (0..8).any(|_| mapped(1 << 20) && mapped((1 << 20) - 64 * 1024));
        assert!(ok, "a 960 KiB block after a freed 1 MiB one was not mapped on its own");
    }
}
