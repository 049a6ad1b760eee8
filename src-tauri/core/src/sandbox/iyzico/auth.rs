//! IYZWSv2 checked the way iyzico's server does it (`shared/iyzico.md` §2.8), written here from
//! the reference and not shared with any client's signer: the Authorization header is decoded,
//! the key looked up, and `hex(HMAC-SHA256(secret, randomKey + path + body))` recomputed over the
//! path exactly as received (without the query) and the body bytes exactly as received.

use axum::http::HeaderMap;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Why a request is not authenticated, each with iyzico's code (§3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// No Authorization header (`1007`).
    Missing,
    /// A header that is not `IYZWSv2 <base64 of apiKey:…&randomKey:…&signature:…>` (`1000`).
    Malformed,
    /// An API key the merchant does not have, or one without the sandbox prefix (`1001`).
    UnknownKey,
    /// The signature does not match (`1000`).
    BadSignature,
    /// Strict mode: `x-iyzi-rnd` missing or not the signed random key (`1004`).
    RandomMissing,
}

impl AuthError {
    pub fn code(self) -> &'static str {
        use super::codes::*;
        match self {
            AuthError::Missing => SIGNATURE_MANDATORY,
            AuthError::Malformed | AuthError::BadSignature => INVALID_SIGNATURE,
            AuthError::UnknownKey => UNKNOWN_API_KEY,
            AuthError::RandomMissing => RANDOM_MANDATORY,
        }
    }

    /// iyzico's Turkish text (confirmed for 1000, 1001, 1004, 1007) and an English one.
    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            AuthError::Missing => ("Signature gönderilmesi zorunludur", "Signature is mandatory"),
            AuthError::Malformed | AuthError::BadSignature => ("Geçersiz imza", "Invalid signature"),
            AuthError::UnknownKey => ("api bilgileri bulunamadı", "API information not found"),
            AuthError::RandomMissing => ("Random string gönderilmesi zorunludur", "Random string is mandatory"),
        }
    }
}

/// The merchant's keys as the sandbox knows them.
pub struct Keys<'a> {
    pub api_key: &'a str,
    pub secret_key: &'a str,
}

/// The three parts of a decoded Authorization token.
#[derive(Debug, PartialEq, Eq)]
struct Parts {
    api_key: String,
    random_key: String,
    signature: String,
}

/// `IYZWSv2 <base64>` with exactly one space and nothing after the token (§2.1 step 8).
fn parse(header: &str) -> Result<Parts, AuthError> {
    let token = header.strip_prefix("IYZWSv2 ").ok_or(AuthError::Malformed)?;
    if token.is_empty() || token.chars().any(char::is_whitespace) {
        return Err(AuthError::Malformed);
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(token).map_err(|_| AuthError::Malformed)?;
    let text = String::from_utf8(decoded).map_err(|_| AuthError::Malformed)?;
    // The api key has no `&`: split on the first `&randomKey:`, then the first `&signature:`.
    let rest = text.strip_prefix("apiKey:").ok_or(AuthError::Malformed)?;
    let (api_key, rest) = rest.split_once("&randomKey:").ok_or(AuthError::Malformed)?;
    let (random_key, signature) = rest.split_once("&signature:").ok_or(AuthError::Malformed)?;
    if random_key.is_empty() || signature.is_empty() {
        return Err(AuthError::Malformed);
    }
    Ok(Parts { api_key: api_key.to_string(), random_key: random_key.to_string(), signature: signature.to_string() })
}

fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// `hex(HMAC-SHA256(secret, random + path + body))`, lowercase.
fn expected_signature(secret: &str, random: &str, path: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(random.as_bytes());
    mac.update(path.as_bytes());
    mac.update(body);
    hex_lower(&mac.finalize().into_bytes())
}

/// Checks one request. `raw_path` is the request target's path without the query, exactly as it
/// arrived; `body` the bytes exactly as they arrived (empty when none was sent).
pub fn verify(
    keys: &Keys,
    headers: &HeaderMap,
    raw_path: &str,
    body: &[u8],
    require_rnd: bool,
) -> Result<(), AuthError> {
    let header = match headers.get(axum::http::header::AUTHORIZATION) {
        None => return Err(AuthError::Missing),
        Some(h) => h.to_str().map_err(|_| AuthError::Malformed)?,
    };
    if header.trim().is_empty() {
        return Err(AuthError::Missing);
    }
    let parts = parse(header)?;
    let key_ok: bool = parts.api_key.as_bytes().ct_eq(keys.api_key.as_bytes()).into();
    if !key_ok || !parts.api_key.starts_with("sandbox-") {
        return Err(AuthError::UnknownKey);
    }
    let expected = expected_signature(keys.secret_key, &parts.random_key, raw_path, body);
    // Case-sensitive: uppercase hex is refused until a live account says otherwise (§10.5).
    let sig_ok: bool = expected.as_bytes().ct_eq(parts.signature.as_bytes()).into();
    if expected.is_empty() || !sig_ok {
        return Err(AuthError::BadSignature);
    }
    if require_rnd {
        let rnd = headers.get("x-iyzi-rnd").and_then(|v| v.to_str().ok());
        if rnd != Some(parts.random_key.as_str()) {
            return Err(AuthError::RandomMissing);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: Keys = Keys { api_key: "sandbox-apikey-123", secret_key: "sandbox-secret-456" };

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(axum::http::header::AUTHORIZATION, auth.parse().unwrap());
        h
    }

    /// §8 V2, the published header (a GET without body; the query is not part of the path).
    const V2: &str = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MTEyMzQ1Njc4OSZzaWduYXR1cmU6YWFlYWZlNDMyZjI1NTdlY2M5NmM4ZTEzYjZiMjE0OTI5NjZmMDBjZTUzYzY1NTdiYjkyZTNiNjU5NDUxMmZmMQ==";

    #[test]
    fn the_published_list_vector_verifies_and_only_over_its_own_path() {
        assert_eq!(verify(&KEYS, &headers(V2), "/v2/iyzilink/products", b"", false), Ok(()));
        assert_eq!(
            verify(
                &KEYS,
                &headers(V2),
                "/v2/iyzilink/products?locale=tr&conversationId=conv-0002&page=1&count=10",
                b"",
                false
            ),
            Err(AuthError::BadSignature)
        );
        assert_eq!(verify(&KEYS, &headers(V2), "/v2/iyzilink/products", b"{}", false), Err(AuthError::BadSignature));
    }

    #[test]
    fn the_signature_is_the_documented_hex() {
        assert_eq!(
            expected_signature("sandbox-secret-456", "k2Rq7Zp1", "/v2/iyzilink/products/AbC123/status/PASSIVE", b""),
            "a5f7780a5e2c3139f4558d780ed94fd4fc93e07edd8ac3f6c577857d09703ae6"
        );
    }

    #[test]
    fn each_failure_has_its_code() {
        assert_eq!(verify(&KEYS, &HeaderMap::new(), "/v2/x", b"", false), Err(AuthError::Missing));
        for bad in ["IYZWSv2", "IYZWSv2  abc", "IYZWSv1 YQ==", "IYZWSv2 !!!", "IYZWSv2 YWJj"] {
            assert_eq!(verify(&KEYS, &headers(bad), "/v2/x", b"", false), Err(AuthError::Malformed), "{bad}");
        }
        let other = Keys { api_key: "sandbox-other", secret_key: "sandbox-secret-456" };
        assert_eq!(verify(&other, &headers(V2), "/v2/iyzilink/products", b"", false), Err(AuthError::UnknownKey));
        assert_eq!(verify(&KEYS, &headers(V2), "/v2/iyzilink/products", b"", true), Err(AuthError::RandomMissing));
        let mut with_rnd = headers(V2);
        with_rnd.insert("x-iyzi-rnd", "1722246017091123456789".parse().unwrap());
        assert_eq!(verify(&KEYS, &with_rnd, "/v2/iyzilink/products", b"", true), Ok(()));
        assert_eq!(AuthError::UnknownKey.code(), "1001");
        assert_eq!(AuthError::BadSignature.code(), "1000");
    }

    #[test]
    fn parts_split_on_the_first_separators() {
        let token = base64::engine::general_purpose::STANDARD.encode("apiKey:k&randomKey:r:1&signature:s&x");
        let p = parse(&format!("IYZWSv2 {token}")).unwrap();
        assert_eq!((p.api_key.as_str(), p.random_key.as_str(), p.signature.as_str()), ("k", "r:1", "s&x"));
    }
}
