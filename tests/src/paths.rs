//! Where things are. Everything is resolved to an absolute path: tauri-driver needs one for the
//! application, and the tests may run from any directory.

use std::path::{Path, PathBuf};

/// The repository root (this crate lives in `<root>/tests`).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().unwrap_or(manifest);
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                repo_root().join(dir)
            }
        }
        _ => repo_root().join("target"),
    }
}

fn debug_binary(name: &str) -> PathBuf {
    target_dir().join("debug").join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// The desktop app as `cargo build` leaves it.
pub fn app_binary() -> PathBuf {
    debug_binary("tahsildar-app")
}

/// The `tahsildar` command-line tool (from `tahsildar-core`).
pub fn cli_binary() -> PathBuf {
    debug_binary("tahsildar")
}

/// Where the tests save screenshots.
pub fn shots_dir() -> PathBuf {
    target_dir().join("e2e-shots")
}

/// tauri-driver: `TAURI_DRIVER` if set, else `<root>/.tools/bin/tauri-driver` (where
/// `npm test` installs it), else the one on PATH.
pub fn tauri_driver() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() { Ok(p) } else { Err(format!("TAURI_DRIVER={} is not a file", p.display())) };
    }
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let local = repo_root().join(".tools").join("bin").join(&name);
    if local.is_file() {
        return Ok(local);
    }
    find_on_path(&name).ok_or_else(|| {
        format!("tauri-driver not found in {} nor on PATH (cargo install --locked tauri-driver --version 2.1.0 --root .tools)", local.display())
    })
}

/// The first `name` on PATH.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file())
}
