//! Reading a posted PayTR form in both encodings PayTR accepts (providers.md §4.2, §9.9):
//! `application/x-www-form-urlencoded` (the Node/.NET samples, Postman) and `multipart/form-data`
//! (PayTR's own PHP samples: curl posts a PHP array that way).

use axum::http::{header, HeaderMap};
use std::collections::HashMap;

/// A posted form's fields (the last value wins), trimmed.
pub(crate) type Fields = HashMap<String, String>;

/// Reads the body by its `Content-Type`: multipart when it says so (with a boundary), else
/// urlencoded. A multipart body that cannot be read yields no fields, so the request is refused
/// the way PayTR refuses a form without its token.
pub(crate) fn read(headers: &HeaderMap, body: &[u8]) -> Fields {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    match boundary(content_type) {
        Some(b) => multipart(body, &b).unwrap_or_default(),
        None => urlencoded(body),
    }
}

pub(crate) fn urlencoded(body: &[u8]) -> Fields {
    url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.trim().to_string())).collect()
}

/// The boundary of a `multipart/form-data` content type, unquoted.
fn boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    if !parts.next()?.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parts
        .find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_string())
        })
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// RFC 7578 parts: `--boundary CRLF headers CRLF CRLF value CRLF --boundary … --boundary--`.
/// Only `form-data` parts with a `name` are kept (files are not part of any PayTR form).
fn multipart(body: &[u8], boundary: &str) -> Option<Fields> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut fields = Fields::new();
    let mut at = find(body, delimiter, 0)? + delimiter.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(fields);
        }
        let start = at + 2; // the CRLF after the delimiter
        let head_end = find(body, b"\r\n\r\n", start)?;
        let head = std::str::from_utf8(&body[start..head_end]).ok()?;
        let next = find(body, delimiter, head_end + 4)?;
        // The value ends with the CRLF that precedes the next delimiter.
        let value = body.get(head_end + 4..next.checked_sub(2)?)?;
        if let Some(name) = part_name(head) {
            fields.insert(name, String::from_utf8_lossy(value).trim().to_string());
        }
        at = next + delimiter.len();
    }
}

/// The `name` of a `Content-Disposition: form-data; name="…"` part header.
fn part_name(head: &str) -> Option<String> {
    let line = head.lines().find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    let (_, params) = line.split_once(':')?;
    let mut parts = params.split(';');
    if !parts.next()?.trim().eq_ignore_ascii_case("form-data") {
        return None;
    }
    parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "name").then(|| v.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, ct.parse().unwrap());
        h
    }

    #[test]
    fn reads_what_php_curl_posts_for_an_array() {
        let body =
            "--------------------------a1b2\r\nContent-Disposition: form-data; name=\"merchant_id\"\r\n\r\n100001\r\n\
--------------------------a1b2\r\nContent-Disposition: form-data; name=\"paytr_token\"\r\n\r\nab+c/=\r\n\
--------------------------a1b2\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nÇay ocağı\r\n\
--------------------------a1b2--\r\n";
        let f = read(&headers("multipart/form-data; boundary=------------------------a1b2"), body.as_bytes());
        assert_eq!(f["merchant_id"], "100001");
        assert_eq!(f["paytr_token"], "ab+c/=", "no urlencoding inside a part");
        assert_eq!(f["name"], "Çay ocağı");
    }

    #[test]
    fn urlencoded_stays_the_default_and_broken_multipart_reads_as_nothing() {
        assert_eq!(read(&HeaderMap::new(), b"a=1&b=x%2By")["b"], "x+y");
        assert_eq!(read(&headers("application/x-www-form-urlencoded"), b"a=1")["a"], "1");
        assert!(read(&headers("multipart/form-data; boundary=zz"), b"--zz\r\nno end").is_empty());
        assert!(read(&headers("multipart/form-data; boundary=\"zz\""), b"garbage").is_empty());
    }
}
