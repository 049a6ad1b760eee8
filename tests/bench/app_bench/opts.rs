//! The benchmark's command line.

use std::path::PathBuf;
use tahsildar_e2e::paths;

pub const USAGE: &str = "app-bench [--app PATH] [--blank PATH] [--deb PATH] [--rows N] [--runs N] [--idle-secs N] \
[--memory-only] [--start-only] [--settle-ms N] [--search-debounce-ms N] [--store-bench FILE]";

pub struct Opts {
    pub app: PathBuf,
    /// The blank Tauri window (tests/bench/blank) the memory is compared with.
    pub blank: Option<PathBuf>,
    pub deb: Option<PathBuf>,
    pub rows: usize,
    /// Launches per phase; the first is dropped (cold disk cache).
    pub runs: usize,
    /// 0 skips the memory phase.
    pub idle_secs: u64,
    /// Skips the timed launches (cold start, Linkler, searches): the memory phase alone.
    pub memory_only: bool,
    /// The cold starts (and the blank window's) alone: for A/B runs of start-up changes.
    pub start_only: bool,
    /// How long after the start view is ready "Linkler" is clicked: an owner looks at the window
    /// first, and the app finishes starting meanwhile (first tracker cycle, counts). 0 clicks at once.
    pub settle_ms: u64,
    /// The UI waits this long after the last keystroke before it searches (views/links.ts).
    pub debounce_ms: f64,
    pub store_bench: Option<PathBuf>,
}

pub fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        app: paths::target_dir().join("release").join("tahsildar-app"),
        blank: None,
        deb: None,
        rows: 100_000,
        runs: 6,
        idle_secs: 600,
        memory_only: false,
        start_only: false,
        settle_ms: 2000,
        debounce_ms: 300.0,
        store_bench: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value\nusage: {USAGE}"));
        let bad = |v: &str| format!("{flag}: '{v}' is not a number\nusage: {USAGE}");
        match flag.as_str() {
            "--app" => o.app = PathBuf::from(value()?),
            "--blank" => o.blank = Some(PathBuf::from(value()?)),
            "--deb" => o.deb = Some(PathBuf::from(value()?)),
            "--memory-only" => o.memory_only = true,
            "--start-only" => o.start_only = true,
            "--store-bench" => o.store_bench = Some(PathBuf::from(value()?)),
            "--rows" => o.rows = value().and_then(|v| v.parse().map_err(|_| bad(&v)))?,
            "--runs" => o.runs = value().and_then(|v| v.parse().map_err(|_| bad(&v)))?,
            "--idle-secs" => o.idle_secs = value().and_then(|v| v.parse().map_err(|_| bad(&v)))?,
            "--settle-ms" => o.settle_ms = value().and_then(|v| v.parse().map_err(|_| bad(&v)))?,
            "--search-debounce-ms" => o.debounce_ms = value().and_then(|v| v.parse().map_err(|_| bad(&v)))?,
            "-h" | "--help" => return Err(format!("usage: {USAGE}")),
            other => return Err(format!("unknown argument '{other}'\nusage: {USAGE}")),
        }
    }
    if o.runs < 2 {
        return Err("--runs must be at least 2: the first run is dropped".into());
    }
    if let Some(blank) = &o.blank {
        o.blank =
            Some(blank.canonicalize().map_err(|e| format!("blank window {}: {e} (build it first)", blank.display()))?);
    }
    o.app = o.app.canonicalize().map_err(|e| format!("app binary {}: {e} (build it first)", o.app.display()))?;
    Ok(o)
}
