//! HTTPS trusts the operating system's certificate store (antivirus HTTPS scanning and company
//! proxies put their own root there on shop PCs), not only the roots built into the app. On
//! Linux the store is the system bundle, which `SSL_CERT_FILE` names for this test: a root made
//! here is trusted when the store has it and refused when it does not.
//!
//! One test in this binary: the store is read from the environment, which is per process.

use chrono::Utc;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose, SanType};
use secrecy::SecretString;
use std::net::SocketAddr;
use std::sync::Arc;
use tahsildar_core::providers::paynet::{ListQuery, PaynetClient};
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY};
use tahsildar_core::time::to_istanbul;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
}

fn make_ca(name: &str) -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let key = KeyPair::generate().unwrap();
    Ca { cert: params.self_signed(&key).unwrap(), key }
}

/// A TLS front for the sandbox on 127.0.0.1, with a certificate signed by `ca`: what an
/// antivirus or company proxy does to every HTTPS connection.
async fn tls_front(ca: &Ca, backend: SocketAddr) -> SocketAddr {
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params.subject_alt_names.push(SanType::IpAddress("127.0.0.1".parse().unwrap()));
    params.distinguished_name.push(DnType::CommonName, "127.0.0.1");
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &ca.cert, &ca.key).unwrap();
    let chain = vec![CertificateDer::from(cert.der().to_vec())];
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake is the client's verdict; nothing to forward then.
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let Ok(mut plain) = TcpStream::connect(backend).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    addr
}

async fn list_today(base: &str) -> Result<(), tahsildar_core::providers::ProviderError> {
    let client = PaynetClient::new(base, SecretString::from(DEMO_PAYNET_SECRET_KEY)).unwrap();
    let today = to_istanbul(Utc::now()).date();
    match client.list(&ListQuery { from: today, to: today, limit: 1, starting_after: None }).await {
        // "No links today" is an answer from the server: the connection worked.
        Ok(_) => Ok(()),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn https_trusts_a_root_the_os_store_has_and_refuses_one_it_does_not() {
    let sandbox = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let backend: SocketAddr = sandbox.base_url().trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let scanner = make_ca("Tahsildar test HTTPS scanner root");
    let front = tls_front(&scanner, backend).await;
    let base = format!("https://127.0.0.1:{}", front.port());

    let dir = tempfile::tempdir().unwrap();
    let trusted = dir.path().join("store-with-root.pem");
    std::fs::write(&trusted, scanner.cert.pem()).unwrap();
    let other = dir.path().join("store-without-root.pem");
    std::fs::write(&other, make_ca("Some other root").cert.pem()).unwrap();

    // The OS store holds the scanner's root: the app's HTTPS goes through.
    std::env::remove_var("SSL_CERT_DIR");
    std::env::set_var("SSL_CERT_FILE", &trusted);
    list_today(&base).await.expect("a root in the OS store is trusted");

    // The OS store does not: refused, as a network failure (never a silent accept).
    std::env::set_var("SSL_CERT_FILE", &other);
    let err = list_today(&base).await.expect_err("a root the OS does not trust is refused");
    assert_eq!(err.kind, ErrorKind::Network, "{err:?}");
}
