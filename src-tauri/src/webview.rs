//! How the window's web engine is set up where we choose it (Linux, WebKitGTK; WebView2 and
//! WKWebView manage themselves).
//!
//! The page is local and never navigates: WebKit's memory caches for browsing (page cache,
//! resource caches sized for a web browser) are off. Accelerated compositing stays on, as
//! WebKitGTK ships it: turned off it saved ~95 MB in the page process under Xvfb, but every frame
//! was then painted on the CPU and a search took ~110 ms more to draw (measured with the bench
//! and a frame-timing script). WebKitGTK 2.50's `WEBKIT_DISABLE_DMABUF_RENDERER=1` gives the same
//! trade: 225 MB instead of 319 MB for the three processes, but opening Linkler took 130 ms
//! instead of 42 and a search 134 ms instead of 49 (the bench's targets are 100 and 50).
//!
//! What the page process held beyond a blank Tauri window was mostly Skia's GPU painting thread:
//! its own GL context, compiled shaders and texture caches (under Xvfb that "GPU" is Mesa's
//! llvmpipe, on the CPU anyway). With no GPU painting thread Skia paints the tiles on its CPU
//! painting thread and they are still composited with GL: `npm run bench` (debug build, 300 s idle,
//! 100,000 links) measured the page process at +6.6 MiB over the blank window's instead of +64.1.
//!
//! JavaScriptCore runs our page without its JIT compilers (`JSC_useJIT=false`: the interpreter
//! only, as Apple's Lockdown Mode runs web pages). The page is our own few hundred lines of UI
//! code waiting on the owner; a JIT gives it nothing measurable (`npm run bench`: Linkler, the
//! searches and start-up no slower without it) and costs memory that stays, the compilers' code
//! and the compiled code (the page's JavaScriptCore code +5.3 → +0.5 MiB over the blank window's),
//! and it is the part of the engine most attacks on a web engine go through.
//!
//! WebKit's processes also start with glibc's allocator set as the app's own is (`memory.rs`: two
//! arenas, fixed trim and mmap thresholds): the page process held ~1.5 MiB less after start.
//!
//! These variables are for WebKit's processes only: the browser the app opens for WhatsApp is
//! started without them (`launch.rs`, from [`set_for_web_engine`]).

/// The variables [`prepare`] set (not those the environment already had).
#[cfg(target_os = "linux")]
static SET: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Environment the web process reads once at its start, so set before the window exists (and
/// before any other thread runs: the environment is process-wide). A value already set wins, so
/// the bench can compare and an owner can undo it.
pub fn prepare() {
    #[cfg(target_os = "linux")]
    {
        let mut set = Vec::new();
        for (key, value) in linux::ENV {
            if std::env::var_os(key).is_none() {
                std::env::set_var(key, value);
                set.push(*key);
            }
        }
        let _ = SET.set(set);
    }
}

/// What [`prepare`] added to the environment: programs the app starts for the owner (a browser)
/// are started without it.
#[cfg(target_os = "linux")]
pub fn set_for_web_engine() -> &'static [&'static str] {
    SET.get().map_or(&[], Vec::as_slice)
}

/// Applies the settings to `window` (a no-op off Linux). A failure is logged: the app still runs.
pub fn tune<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    if let Err(e) = window.with_webview(|w| linux::tune(&w.inner())) {
        log::warn!("web view settings not applied: {e}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(target_os = "linux")]
mod linux {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};

    /// WebKitGTK 2.50's Skia: 0 GPU painting threads paints the tiles on the CPU painting thread.
    /// JavaScriptCore reads its options from `JSC_*` variables in each process that starts it.
    /// glibc reads `GLIBC_TUNABLES` as a process starts (ours has: `memory.rs` sets the same by call).
    pub const ENV: &[(&str, &str)] = &[
        ("WEBKIT_SKIA_GPU_PAINTING_THREADS", "0"),
        ("JSC_useJIT", "false"),
        ("GLIBC_TUNABLES", crate::memory::TUNABLES),
    ];

    pub fn tune(view: &webkit2gtk::WebView) {
        if let Some(settings) = WebViewExt::settings(view) {
            settings.set_enable_page_cache(false);
        }
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    }
}
