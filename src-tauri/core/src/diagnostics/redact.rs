//! Redaction of a provider answer before it is kept: no keys, tokens, hashes or card data at all;
//! names, phones and e-mail addresses masked. Works on JSON and, for an answer too broken to
//! parse, on its raw text.

use serde_json::Value;

/// Fields whose values never leave the machine, in any form: any field whose name contains one
/// of these words…
const SECRET_WORDS: [&str; 7] = ["key", "token", "hash", "salt", "secret", "password", "authorization"];
/// …and these exact fields (card data).
const CARD: [&str; 8] = ["card_number", "kart_no", "masked_pan", "cvc", "cvv", "pan", "card_no", "expiry"];
/// Fields holding a person's name.
const NAME: [&str; 6] = ["name_surname", "card_holder", "user_name", "customer", "name", "holder"];
/// Fields holding a phone number or an e-mail address.
const CONTACT: [&str; 4] = ["phone", "cell_phone", "gsm", "email"];

pub const HIDDEN: &str = "[gizlendi]";

fn key_is(key: &str, list: &[&str]) -> bool {
    let k = key.to_ascii_lowercase();
    list.iter().any(|w| k == *w || k.ends_with(&format!("_{w}")))
}

fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| k.contains(w)) || key_is(key, &CARD)
}

/// `Ayşe Yılmaz` → `A*** Y*****`: the first letter of each word.
pub fn mask_name(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| format!("{f}{}", "*".repeat(c.count()))).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keeps the last two digits of a phone, the domain of an e-mail.
pub fn mask_contact(s: &str) -> String {
    if let Some((_, domain)) = s.split_once('@') {
        return format!("***@{domain}");
    }
    let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
    format!("{}{tail}", "*".repeat(digits.len().saturating_sub(2)))
}

/// Any run of 6 or more digits (card numbers, phones, ids that may be personal) in free text,
/// keeping its last two digits.
pub fn mask_digit_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 6 {
            out.push_str(&"#".repeat(run.len() - 2));
            out.push_str(&run[run.len() - 2..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn redact_value(key: Option<&str>, v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                redact_value(Some(k), child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| redact_value(key, i)),
        Value::String(s) => {
            *s = match key {
                Some(k) if is_secret(k) => HIDDEN.to_string(),
                Some(k) if key_is(k, &NAME) => mask_name(s),
                Some(k) if key_is(k, &CONTACT) => mask_contact(s),
                _ => mask_digit_runs(s),
            }
        }
        Value::Number(_) if key.is_some_and(|k| is_secret(k) || key_is(k, &CONTACT)) => {
            *v = Value::String(HIDDEN.into());
        }
        _ => {}
    }
}

/// Text form of a raw answer: JSON redacted field by field, anything else masked as text.
pub fn redact(body: &[u8]) -> String {
    if let Ok(mut v) = serde_json::from_slice::<Value>(body) {
        redact_value(None, &mut v);
        return serde_json::to_string_pretty(&v).unwrap_or_default();
    }
    redact_text(&String::from_utf8_lossy(body))
}

/// For text that is not JSON (a cut-off answer, a log line): every `"field":"value"` or
/// `field=value` of a sensitive field is hidden, then long digit runs are masked.
pub fn redact_text(text: &str) -> String {
    let mut out = text.to_string();
    let fields = ["paytr_token", "merchant_key", "merchant_salt", "secret_key", "hash", "authorization"];
    for field in fields.iter().chain(&CARD).chain(&NAME).chain(&CONTACT) {
        out = hide_after(&out, &format!("\"{field}\""), true);
        out = hide_after(&out, &format!("{field}="), false);
    }
    // `Authorization: Basic sck_…` in a logged header line.
    out = hide_after(&out, "basic ", false);
    mask_digit_runs(&out)
}

/// Replaces the value that follows each `marker` (a JSON string after `:`, or a form value up
/// to `&`/whitespace) with [`HIDDEN`].
fn hide_after(text: &str, marker: &str, json: bool) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find(marker).map(|p| p + at) {
        let value_start = found + marker.len();
        out.push_str(&text[at..value_start]);
        let rest = &text[value_start..];
        let (keep, skip) = if json {
            let trimmed = rest.trim_start_matches([' ', ':', '\t']);
            let lead = rest.len() - trimmed.len();
            if !rest[..lead].contains(':') || !trimmed.starts_with('"') {
                (0, 0)
            } else {
                let end = trimmed[1..].find('"').map_or(trimmed.len(), |e| e + 2);
                (lead, lead + end)
            }
        } else {
            (0, rest.find(['&', ' ', '\n', '\r']).unwrap_or(rest.len()))
        };
        if skip > 0 {
            out.push_str(&rest[..keep]);
            out.push_str(if json { "\"[gizlendi]\"" } else { HIDDEN });
        }
        at = value_start + skip;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_answers_lose_secrets_and_mask_people() {
        let body = br#"{"status":"success","paytr_token":"c2VjcmV0","merchant_key":"KEY123","name_surname":"Ayse Yilmaz",
            "phone":"05321234567","email":"ayse@example.com","data":[{"kart_no":"411111******1111","siparis_no":"PT1","note":"tel 05321234567"}],"amount":120}"#;
        let out = redact(body);
        for gone in ["c2VjcmV0", "KEY123", "Ayse", "Yilmaz", "05321234567", "ayse@", "411111"] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
        assert!(out.contains("A*** Y*****") && out.contains("*********67") && out.contains("***@example.com"));
        assert!(out.contains("\"PT1\"") && out.contains("120"), "the rest stays readable: {out}");
    }

    #[test]
    fn broken_answers_are_masked_as_text() {
        let out = redact(br#"{"status":"success","paytr_token":"c2Vj","name_surname":"Ali Veli","phone":"0532123"#);
        assert!(!out.contains("c2Vj") && !out.contains("Ali Veli") && !out.contains("0532123"), "{out}");
        let form = redact_text("merchant_key=KEYabc&merchant_salt=SALTxyz&id=NB2Zlz3");
        assert!(!form.contains("KEYabc") && !form.contains("SALTxyz") && form.contains("NB2Zlz3"), "{form}");
    }
}
