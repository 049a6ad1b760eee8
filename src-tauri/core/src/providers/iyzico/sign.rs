//! IYZWSv2, exactly as `shared/iyzico.md` §2 describes it:
//! `signature = lowercase_hex(HMAC-SHA256(secret, randomKey + path + body))`, where `path` is the
//! request path without the query and `body` the very bytes sent (empty when none), and
//! `Authorization: IYZWSv2 base64("apiKey:…&randomKey:…&signature:…")`.

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::distributions::{Alphanumeric, DistString};
use sha2::Sha256;

/// The lowercase hex HMAC-SHA256 of `random_key + path + body` under `secret_key` (§2.1 steps 4–5).
pub fn signature(secret_key: &str, random_key: &str, path: &str, body: &[u8]) -> String {
    // `new_from_slice` takes keys of any length for HMAC; it cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes()).expect("HMAC takes any key length");
    mac.update(random_key.as_bytes());
    mac.update(path.as_bytes());
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// The `Authorization` header value for one request (§2.1 steps 6–8). `path` must not carry the
/// query (the caller signs the bare path; the query goes only on the URL).
pub fn authorization(api_key: &str, secret_key: &str, random_key: &str, path: &str, body: &[u8]) -> String {
    let sig = signature(secret_key, random_key, path, body);
    let plain = format!("apiKey:{api_key}&randomKey:{random_key}&signature:{sig}");
    format!("IYZWSv2 {}", base64::engine::general_purpose::STANDARD.encode(plain.as_bytes()))
}

/// A fresh random key: 24 characters of `[A-Za-z0-9]` (no `&` or `:`, which would make the auth
/// string ambiguous; §2.5), from the OS-seeded thread RNG.
pub fn random_key() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_are_fresh_and_plain() {
        let (a, b) = (random_key(), random_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn published_d_auth_header_layout() {
        // §2.6: the decoded D-AUTH header is exactly this layout; re-encoding gives the header.
        let sig = "079df4b2426fc7f4208d8f22fbc0349794019f8ce2b0711de7808b4874f4e796";
        let plain = format!("apiKey:sandbox-l9Md1Gj3IYcmu4NdaWxaSUoCoX7DC5RA&randomKey:123456789&signature:{sig}");
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(plain),
            "YXBpS2V5OnNhbmRib3gtbDlNZDFHajNJWWNtdTROZGFXeGFTVW9Db1g3REM1UkEmcmFuZG9tS2V5OjEyMzQ1Njc4OSZzaWduYXR1cmU6MDc5ZGY0YjI0MjZmYzdmNDIwOGQ4ZjIyZmJjMDM0OTc5NDAxOWY4Y2UyYjA3MTFkZTc4MDhiNDg3NGY0ZTc5Ng=="
        );
    }

    /// §2.9: the official SDKs' own unit-test vectors (string signed = rnd + path + body).
    #[test]
    fn official_sdk_vectors() {
        let cases: [(&str, &str, &str, &str, &str); 6] = [
            (
                "test",
                "123456789",
                "/v2/subscription/customers/",
                "",
                "6f384099aae328f72daf9cdab105eb37fb29620251c47b4c583d748d9d0ab764",
            ),
            (
                "test",
                "123456789",
                "/v2/subscription/initialize",
                "",
                "bc44b2f4dfb8df74147b1f527ff636444c3b3d3a1ff97dcb3366bc293facf298",
            ),
            (
                "secretKey",
                "rnd",
                "/payment/test",
                r#"{"locale":"tr","conversationId":"123456"}"#,
                "d00baa4b6dc5930472e4d22a3c50fb07de50b0dfb8f5af5b9f73158d6b184ff6",
            ),
            (
                "secret_key",
                "random_string",
                "uri",
                r#""body""#,
                "017508921a29ee5601bcd1fbe83efd2e2be43af02eceff30cf2e91a539aab355",
            ),
            (
                "secretKey",
                "random",
                "/v2/uri?test=true",
                r#""[data\u003dvalue]""#,
                "1c404f72827c254123433ebf13f577975d805b61033139f20f5f13cab7eabb61",
            ),
            (
                "secretKey",
                "random",
                "/v2/uri?test=true",
                "",
                "b7a2f634de9cd593accd9a53af28f78b82ec76dc2627f657f6643cf662c2667a",
            ),
        ];
        for (secret, rnd, path, body, want) in cases {
            assert_eq!(signature(secret, rnd, path, body.as_bytes()), want, "{rnd}{path}{body}");
        }
    }
}
