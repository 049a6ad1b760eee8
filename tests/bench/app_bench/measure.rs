//! The in-page measurements, timed with `performance.now()` inside the page (WebDriver round
//! trips never count). Each script resolves with a small JSON object.

use fantoccini::Client;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// When the start view became usable: `#amount` present and focused.
pub struct Ready {
    /// Unix ms of that moment (`performance.timeOrigin + performance.now()`).
    pub at: f64,
    /// The field was already focused when the first script ran: `at` is then an upper bound.
    pub already: bool,
    /// Unix ms when the page's navigation started (the webview is up, the UI starts loading).
    pub origin: f64,
    /// The page's load event, ms after `origin`.
    pub load: Option<f64>,
}

const READY_JS: &str = r#"
const done = arguments[arguments.length - 1];
const stamp = () => performance.timeOrigin + performance.now();
const ready = () => { const a = document.getElementById('amount'); return !!a && document.activeElement === a; };
// The page's timeline: when navigation started (Unix ms) and its load event (ms after that).
const marks = () => {
  const nav = performance.getEntriesByType('navigation')[0];
  return { origin: performance.timeOrigin, load: nav ? nav.loadEventEnd : null };
};
if (!/^(tauri:|https?:\/\/tauri\.localhost)/.test(location.href)) return done({ notYet: location.href });
// The app marks the moment it drew and focused the start view (User Timing): exact even when
// this script runs later. Without the mark (an older build), the moment this script saw it.
const mark = performance.getEntriesByName('tahsildar-start-ready')[0];
if (ready() && mark) return done({ already: false, at: performance.timeOrigin + mark.startTime, marks: marks() });
if (ready()) return done({ already: true, at: stamp(), marks: marks() });
let over = false;
const check = () => {
  if (over || !ready()) return;
  over = true;
  clearInterval(timer);
  done({ already: false, at: stamp(), marks: marks() });
};
// focusin fires when the focus moves, with activeElement already updated: the exact moment.
document.addEventListener('focusin', check, true);
const timer = setInterval(check, 2);
"#;

/// Waits (≤ 30 s) until the start view is ready. A script that lands on the blank page before
/// the app's own, or dies with a navigation, is simply sent again.
pub async fn wait_ready(c: &Client) -> Result<Ready, String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = String::new();
    while Instant::now() < deadline {
        match c.execute_async(READY_JS, vec![]).await {
            Ok(v) if v.get("at").is_some() => {
                return Ok(Ready {
                    at: num(&v, "at")?,
                    already: v["already"].as_bool().unwrap_or(false),
                    origin: num(&v["marks"], "origin")?,
                    load: v["marks"]["load"].as_f64(),
                });
            }
            Ok(v) => last = v.to_string(),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(format!("the start view was not ready within 30 s (last answer: {last})"))
}

/// The blank window's page timeline: navigation start (Unix ms) and its load event (ms after it).
const LOADED_JS: &str = r#"
const done = arguments[arguments.length - 1];
if (!/^(tauri:|https?:\/\/tauri\.localhost)/.test(location.href)) return done({ notYet: location.href });
const answer = () => {
  const nav = performance.getEntriesByType('navigation')[0];
  done({ origin: performance.timeOrigin, load: nav ? nav.loadEventEnd : null });
};
if (document.readyState === 'complete') answer(); else addEventListener('load', () => setTimeout(answer, 0));
"#;

/// Waits (≤ 30 s) for a page's load event; returns (navigation start in Unix ms, load event
/// ms after it). For the blank window, the baseline of the app's time to its navigation start.
pub async fn wait_loaded(c: &Client) -> Result<(f64, Option<f64>), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = String::new();
    while Instant::now() < deadline {
        match c.execute_async(LOADED_JS, vec![]).await {
            Ok(v) if v.get("origin").is_some() => return Ok((num(&v, "origin")?, v["load"].as_f64())),
            Ok(v) => last = v.to_string(),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(format!("the page did not load within 30 s (last answer: {last})"))
}

/// Time from an action to the table showing its answer: `dom` when the rows are in the DOM,
/// `frame` after the next frame (rendered).
pub struct Update {
    pub dom: f64,
    /// After style and layout (forced); only measured when opening "Linkler".
    pub layout: Option<f64>,
    pub frame: f64,
    pub rows: u64,
    pub total: String,
    /// The rows were already in the hidden view (fetched while idle) when it was clicked.
    pub prefetched: bool,
}

const NAV_LINKS_JS: &str = r#"
const done = arguments[arguments.length - 1];
const nav = document.getElementById('nav-links');
const view = document.querySelector('.view-links');
if (!nav || !view) return done({ error: 'no #nav-links / .view-links in the page: does this build have the Linkler view?' });
if (!view.hidden) return done({ error: 'Linkler is already shown: the bench must click it from another view' });
const rowsNow = () => document.querySelectorAll('#links-table tr[data-link-id]');
// Rows already in the hidden view were fetched while the app was idle (the UI's prefetch): they
// count as soon as the view shows them. Otherwise the first rows the click brings.
const before = rowsNow()[0] || null;
let over = false;
const finish = (r) => { if (!over) { over = true; obs.disconnect(); done(r); } };
const check = () => {
  const err = document.getElementById('links-error');
  if (err && !err.hidden) return finish({ error: err.textContent });
  const rows = rowsNow();
  if (view.hidden || rows.length === 0) return;
  const dom = performance.now() - t0;
  obs.disconnect();
  // Style and layout forced now, so what is left until the frame is painting.
  void document.body.getBoundingClientRect();
  const layout = performance.now() - t0;
  requestAnimationFrame(() => setTimeout(() => finish({ dom, layout, frame: performance.now() - t0, rows: rows.length,
    prefetched: rows[0] === before, total: (document.getElementById('links-total') || {}).textContent || '' }), 0));
};
const obs = new MutationObserver(check);
obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
setTimeout(() => finish({ error: 'no rows within 20 s' }), 20000);
const t0 = performance.now();
nav.click();
check();
"#;

/// Clicks "Linkler" and waits for its first rows.
pub async fn open_links(c: &Client) -> Result<Update, String> {
    update(c.execute_async(NAV_LINKS_JS, vec![]).await.map_err(|e| e.to_string())?)
}

const SEARCH_JS: &str = r#"
const term = arguments[0];
const done = arguments[arguments.length - 1];
const input = document.getElementById('links-search');
const body = document.querySelector('#links-table tbody');
const total = document.getElementById('links-total');
if (!input || !body || !total) return done({ error: 'the Linkler view is not shown' });
let over = false;
const finish = (r) => { if (!over) { over = true; obs.disconnect(); done(r); } };
// The table and the total are redrawn in the same task; the first change is the answer.
const obs = new MutationObserver(() => {
  const dom = performance.now() - t0;
  obs.disconnect();
  requestAnimationFrame(() => setTimeout(() => finish({ dom, frame: performance.now() - t0,
    rows: body.querySelectorAll('tr[data-link-id]').length, total: total.textContent }), 0));
});
// Rows already in the table are drawn again in place: their text changes, not the table's rows.
obs.observe(body, { childList: true, subtree: true, characterData: true });
obs.observe(total, { childList: true, characterData: true, subtree: true });
setTimeout(() => finish({ error: 'the table did not change within 20 s' }), 20000);
const t0 = performance.now();
input.value = term;
input.dispatchEvent(new Event('input', { bubbles: true }));
"#;

/// Types `term` into the search box (one `input` event, as a paste) and waits for the table.
pub async fn search(c: &Client, term: &str) -> Result<Update, String> {
    update(c.execute_async(SEARCH_JS, vec![json!(term)]).await.map_err(|e| e.to_string())?)
}

const IPC_JS: &str = r#"
const args = arguments[0];
const done = arguments[arguments.length - 1];
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke('list_links', args).then(
  (p) => done({ ms: performance.now() - t0, total: p.total }),
  (e) => done({ error: (e && e.message) || JSON.stringify(e) }));
"#;

/// One `list_links` call from the page (IPC + store query + JSON, no drawing), in ms.
pub async fn ipc_list(c: &Client, text: Option<&str>) -> Result<f64, String> {
    let mut args = json!({ "offset": 0, "limit": 50, "lang": "tr" });
    if let Some(t) = text {
        args["text"] = json!(t);
    }
    let v = c.execute_async(IPC_JS, vec![args]).await.map_err(|e| e.to_string())?;
    if let Some(e) = v.get("error") {
        return Err(format!("list_links failed: {e}"));
    }
    num(&v, "ms")
}

fn update(v: Value) -> Result<Update, String> {
    if let Some(e) = v.get("error") {
        return Err(e.to_string());
    }
    Ok(Update {
        dom: num(&v, "dom")?,
        layout: v["layout"].as_f64(),
        frame: num(&v, "frame")?,
        rows: v["rows"].as_u64().unwrap_or(0),
        total: v["total"].as_str().unwrap_or("").trim().to_string(),
        prefetched: v["prefetched"].as_bool().unwrap_or(false),
    })
}

fn num(v: &Value, key: &str) -> Result<f64, String> {
    v[key].as_f64().ok_or_else(|| format!("the page answered without `{key}`: {v}"))
}
