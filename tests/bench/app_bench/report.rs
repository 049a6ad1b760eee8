//! The closing table: one line per figure, with its target and a verdict.

/// The median of `xs` after dropping the first `drop` (a cold disk cache), or `None` if empty.
pub fn median_after(xs: &[f64], drop: usize) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().skip(drop).copied().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

pub struct Line {
    pub what: String,
    pub value: Option<f64>,
    pub unit: &'static str,
    /// `None`: a figure shown for context, without a target.
    pub target: Option<f64>,
    pub note: String,
}

impl Line {
    pub fn new(what: impl Into<String>, value: Option<f64>, unit: &'static str, target: Option<f64>) -> Line {
        Line { what: what.into(), value, unit, target, note: String::new() }
    }
    pub fn note(mut self, note: impl Into<String>) -> Line {
        self.note = note.into();
        self
    }
}

fn fmt(v: f64, unit: &str) -> String {
    match unit {
        "ms" => format!("{v:.1} ms"),
        "MB" => format!("{v:.2} MB"),
        "MiB" => format!("{v:.1} MiB"),
        _ => format!("{v:.1} {unit}"),
    }
}

/// Prints the table; returns how many targets were missed.
pub fn print(lines: &[Line]) -> usize {
    let w = lines.iter().map(|l| l.what.chars().count()).max().unwrap_or(10).max(7);
    println!("\n{:<w$}  {:>12}  {:>10}  verdict", "measure", "figure", "target");
    println!("{}", "-".repeat(w + 40));
    let mut missed = 0;
    for l in lines {
        let figure = l.value.map(|v| fmt(v, l.unit)).unwrap_or_else(|| "n/a".into());
        let target = l.target.map(|t| format!("≤ {}", fmt(t, l.unit))).unwrap_or_else(|| "-".into());
        let verdict = match (l.value, l.target) {
            (Some(v), Some(t)) if v <= t => "ok".to_string(),
            (Some(v), Some(t)) => {
                missed += 1;
                format!("MISSED by {} (+{:.0} %)", fmt(v - t, l.unit), (v - t) / t * 100.0)
            }
            (None, Some(_)) => {
                missed += 1;
                "NOT MEASURED".into()
            }
            _ => "info".into(),
        };
        let note = if l.note.is_empty() { String::new() } else { format!("   ({})", l.note) };
        println!("{:<w$}  {figure:>12}  {target:>10}  {verdict}{note}", l.what);
    }
    missed
}
