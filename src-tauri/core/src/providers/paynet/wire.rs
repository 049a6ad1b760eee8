//! Tolerant reading of Paynet's JSON: numbers that arrive as strings, amounts as `120`, `149.90`
//! or `"20,50"`, dates with or without fractions, unknown fields ignored. Amounts are read from
//! the raw JSON text, never through a float.

use crate::money::parse_provider_amount;
use chrono::NaiveDateTime;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// One JSON object, each field kept as raw JSON text until asked for.
pub(crate) struct Obj(BTreeMap<String, Box<RawValue>>);

/// What was wrong with a field, for a `Protocol` error.
pub(crate) type FieldError = String;

impl Obj {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Obj, String> {
        serde_json::from_slice(bytes).map(Obj).map_err(|e| format!("not a JSON object ({e})"))
    }

    /// The object as JSON text again (for a redacted diagnostics copy).
    pub(crate) fn raw_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    /// A form-encoded body (`a=1&b=x`): every value is a string, as Paynet receives it.
    pub(crate) fn from_form(body: &[u8]) -> Obj {
        let mut map = BTreeMap::new();
        for (k, v) in url::form_urlencoded::parse(body) {
            if let Ok(raw) = serde_json::value::to_raw_value(&v) {
                map.insert(k.into_owned(), raw);
            }
        }
        Obj(map)
    }

    /// The raw field; exact name first, then any capitalization (`Data` vs `data`).
    fn raw(&self, key: &str) -> Option<&str> {
        let v = self.0.get(key).or_else(|| self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))?;
        match v.get().trim() {
            "null" => None,
            t => Some(t),
        }
    }

    /// A string field; a number is taken as its text. Blank (Paynet pads some fields) is `None`.
    pub(crate) fn text(&self, key: &str) -> Option<String> {
        let raw = self.raw(key)?;
        let s = if raw.starts_with('"') { serde_json::from_str::<String>(raw).ok()? } else { raw.to_string() };
        let trimmed = s.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

    /// An integer sent as a number (`7`) or a string (`"7"`).
    pub(crate) fn int(&self, key: &str) -> Result<Option<i64>, FieldError> {
        let Some(raw) = self.raw(key) else { return Ok(None) };
        let text = unquote(raw).ok_or_else(|| bad(key, raw))?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<i64>().map(Some).map_err(|_| bad(key, raw))
    }

    /// An amount in currency units (`120`, `149.9`, `"20,50"`) as minor units.
    pub(crate) fn amount(&self, key: &str) -> Result<Option<i64>, FieldError> {
        let Some(raw) = self.raw(key) else { return Ok(None) };
        if !raw.starts_with('"') {
            // A JSON number: its dot is always the decimal point (`1.250` is 1,25, not 1250).
            return json_number_minor(raw)
                .map(Some)
                .ok_or_else(|| format!("field `{key}` is not an amount in TL with at most two decimals: {raw}"));
        }
        let text = unquote(raw).ok_or_else(|| bad(key, raw))?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        parse_provider_amount(&text).map(Some).map_err(|e| format!("field `{key}` is not an amount ({e}): {raw}"))
    }

    /// `true`/`false`, also as `"true"`, `1`, `"1"`.
    pub(crate) fn flag(&self, key: &str) -> Result<Option<bool>, FieldError> {
        let Some(raw) = self.raw(key) else { return Ok(None) };
        match unquote(raw).ok_or_else(|| bad(key, raw))?.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(bad(key, raw)),
        }
    }

    /// A Turkish local date-time like `2019-10-18T21:46:17.71`. The docs also type list dates as
    /// a number (providers.md §9.13): a Unix time in seconds or milliseconds (years 2000–2100) is
    /// read as such; any other number means nothing we know and reads as no date, never an error.
    pub(crate) fn date(&self, key: &str) -> Result<Option<NaiveDateTime>, FieldError> {
        let Some(raw) = self.raw(key) else { return Ok(None) };
        if !raw.starts_with('"') {
            return Ok(number_date(raw));
        }
        let Some(text) = self.text(key) else { return Ok(None) };
        parse_date(&text).map_err(|_| format!("field `{key}` is not a date: {text}"))
    }

    /// An array of objects (`Data`, `payments`); absent is empty.
    pub(crate) fn objects(&self, key: &str) -> Result<Vec<Obj>, FieldError> {
        let Some(raw) = self.raw(key) else { return Ok(Vec::new()) };
        let items: Vec<BTreeMap<String, Box<RawValue>>> =
            serde_json::from_str(raw).map_err(|_| format!("field `{key}` is not a list of objects"))?;
        Ok(items.into_iter().map(Obj).collect())
    }
}

/// The text inside a JSON string, or a bare number/literal as is.
fn unquote(raw: &str) -> Option<String> {
    if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).ok()
    } else if raw.starts_with('{') || raw.starts_with('[') {
        None
    } else {
        Some(raw.to_string())
    }
}

/// A JSON number in currency units as minor units: `120`, `149.9`, `1.250`, `-3.5`. More than two
/// significant decimals, exponents and overflow are refused (`None`).
pub(crate) fn json_number_minor(raw: &str) -> Option<i64> {
    let (negative, unsigned) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if unsigned.contains('.') && frac.is_empty() {
        return None;
    }
    let (kurus, rest) = frac.split_at(frac.len().min(2));
    if rest.bytes().any(|b| b != b'0') {
        return None;
    }
    let kurus: i64 = format!("{kurus:0<2}").parse().ok()?;
    let minor = whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(kurus)?;
    Some(if negative { -minor } else { minor })
}

fn bad(key: &str, raw: &str) -> FieldError {
    let shown: String = raw.chars().take(40).collect();
    format!("field `{key}` has an unexpected value: {shown}")
}

/// A JSON number as a date: Unix seconds or milliseconds between 2000 and 2100, in Turkish time.
fn number_date(raw: &str) -> Option<NaiveDateTime> {
    let whole = raw.split('.').next()?.parse::<i64>().ok()?;
    const FROM: i64 = 946_684_800; // 2000-01-01
    const TO: i64 = 4_102_444_800; // 2100-01-01
    let secs = if (FROM..TO).contains(&whole) {
        whole
    } else if (FROM * 1000..TO * 1000).contains(&whole) {
        whole / 1000
    } else {
        return None;
    };
    chrono::DateTime::from_timestamp(secs, 0).map(crate::time::to_istanbul)
}

/// Paynet's dates: `2019-10-18T21:46:17.71` (Turkish local time, fraction optional), also with
/// a space instead of `T`. With an explicit offset (`Z`, `+03:00`) it is converted to Turkish
/// time. .NET's empty date `0001-01-01T00:00:00` means "none".
pub(crate) fn parse_date(text: &str) -> Result<Option<NaiveDateTime>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f"))
        .or_else(|_| {
            chrono::DateTime::parse_from_rfc3339(t).map(|d| crate::time::to_istanbul(d.with_timezone(&chrono::Utc)))
        })
        .map_err(|_| ())?;
    if !crate::time::in_range(local.date()) {
        return Err(()); // years 1-9999 only (see crate::time)
    }
    Ok((local.date() > chrono::NaiveDate::from_ymd_opt(1, 1, 1).ok_or(())?).then_some(local))
}
