//! A signed update on 127.0.0.1 for the app to find: `latest.json` and its file, signed with a
//! minisign key pair made by the test (the format `tauri signer` writes and the updater checks).
//! The app is pointed at it with `TAHSILDAR_UPDATE_URL` and `TAHSILDAR_UPDATE_PUBKEY`, which only
//! debug builds read.

use minisign::{KeyPair, PublicKey, SecretKey};
use std::io::{Read, Write};
use std::net::TcpListener;

pub const URL_ENV: &str = "TAHSILDAR_UPDATE_URL";
pub const PUBKEY_ENV: &str = "TAHSILDAR_UPDATE_PUBKEY";

pub struct UpdateKey {
    pk: PublicKey,
    sk: SecretKey,
}

impl UpdateKey {
    pub fn new() -> Result<UpdateKey, String> {
        let KeyPair { pk, sk } = KeyPair::generate_unencrypted_keypair().map_err(|e| e.to_string())?;
        Ok(UpdateKey { pk, sk })
    }

    /// As `tauri.conf.json` holds it: base64 of the public key file.
    pub fn pubkey(&self) -> Result<String, String> {
        Ok(base64(self.pk.to_box().map_err(|e| e.to_string())?.to_string().as_bytes()))
    }

    /// As `latest.json` holds it: base64 of the `.sig` file.
    pub fn sign(&self, bytes: &[u8], version: &str) -> Result<String, String> {
        let comment = format!("timestamp:1764374400\tfile:Tahsildar_{version}.bin\tversion:{version}");
        let sig =
            minisign::sign(Some(&self.pk), &self.sk, bytes, Some(comment.as_str()), None).map_err(|e| e.to_string())?;
        Ok(base64(sig.to_string().as_bytes()))
    }
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() { ABC[((n >> (18 - 6 * i)) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// The updater's name for this machine's platform in `latest.json`.
fn platform() -> String {
    let os = if cfg!(target_os = "macos") {
        "darwin"
    } else if cfg!(windows) {
        "windows"
    } else {
        "linux"
    };
    format!("{os}-{}", std::env::consts::ARCH)
}

/// Serves `/latest.json` announcing `version` with `file` and `signature`, on 127.0.0.1 in a
/// thread, for a bounded number of requests. Answers the `latest.json` URL.
pub fn serve_release(version: &str, file: &[u8], signature: &str) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let base = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    let path = format!("/Tahsildar_{version}.bin");
    let manifest = serde_json::json!({
        "version": version,
        "notes": "E2E",
        "pub_date": "2026-11-29T00:00:00Z",
        "platforms": { platform(): { "url": format!("{base}{path}"), "signature": signature } }
    });
    let routes = [("/latest.json".to_string(), manifest.to_string().into_bytes()), (path, file.to_vec())];
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16) {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head);
            let asked = head.split_whitespace().nth(1).unwrap_or("");
            let (status, body) = match routes.iter().find(|(p, _)| p == asked) {
                Some((_, body)) => ("200 OK", body.clone()),
                None => ("404 Not Found", Vec::new()),
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
        }
    });
    Ok(format!("{base}/latest.json"))
}
