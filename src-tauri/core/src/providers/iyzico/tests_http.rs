//! What the client puts on the wire, caught by a raw `TcpListener`: each endpoint's method, path,
//! query, headers and body, signed as §8's vectors say; and transport failures mapped to kinds.
//! The iyzico sandbox's integration tests (`tests/iyzico_api.rs`) are the strict half.

use super::tests::{tiny_png, v1_fields, v6_fields, V1_BODY, V6_BODY, VECTORS};
use super::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Serves `answers` in order, one per connection (`Connection: close`), recording each request.
async fn server(answers: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        for (status, body) in answers {
            let (mut sock, _) = listener.accept().await.unwrap();
            let req = read_request(&mut sock).await;
            log.lock().unwrap().push(req);
            let answer = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            sock.write_all(answer.as_bytes()).await.unwrap();
            sock.shutdown().await.ok();
        }
    });
    (base, seen)
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Seen {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = sock.read(&mut chunk).await.unwrap();
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        assert!(n > 0, "connection closed mid-request");
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap().split(' ');
    let (method, target) = (first.next().unwrap().to_string(), first.next().unwrap().to_string());
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(": ").map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))).collect();
    let len: usize = headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut chunk).await.unwrap();
        body.extend_from_slice(&chunk[..n]);
    }
    Seen { method, target, headers, body: String::from_utf8(body).unwrap() }
}

fn client(base: &str, rnd: &'static str) -> IyzicoClient {
    IyzicoClient::new(base, "sandbox-apikey-123".into(), "sandbox-secret-456".into(), Duration::from_secs(5))
        .unwrap()
        .with_random_keys(move || rnd.to_string())
}

const CREATED: &str = r#"{"status":"success","locale":"tr","systemTime":1687827915258,"conversationId":"conv-0001","data":{"token":"AbC123","url":"https://sandbox.iyzi.link/AbC123","imageUrl":"https://sandbox-img.iyzi.link/Ab/C123.jpg"}}"#;
const ENVELOPE: &str = r#"{"status":"success","locale":"tr","systemTime":1537165387437}"#;

fn token() -> IyzicoToken {
    IyzicoToken::parse("AbC123").unwrap()
}

fn check(seen: &Seen, method: &str, target: &str, vector: usize) {
    let (rnd, _, body, _, auth) = VECTORS[vector];
    assert_eq!((seen.method.as_str(), seen.target.as_str()), (method, target));
    assert_eq!(seen.header("authorization"), Some(auth), "{method} {target}");
    assert_eq!(seen.header("x-iyzi-rnd"), Some(rnd));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.body, body, "{method} {target}: the body sent is the body signed");
}

#[tokio::test]
async fn create_sends_v1_exactly() {
    let (base, seen) = server(vec![(200, CREATED)]).await;
    let c = client(&base, "1722246017090123456789").create(&v1_fields(), &tiny_png()).await.unwrap();
    assert_eq!((c.token.0.as_str(), c.url.as_str()), ("AbC123", "https://sandbox.iyzi.link/AbC123"));
    let seen = seen.lock().unwrap();
    check(&seen[0], "POST", "/v2/iyzilink/products", 0);
    assert_eq!(seen[0].body, V1_BODY);
}

#[tokio::test]
async fn list_signs_the_path_without_its_query_v2() {
    let page = r#"{"status":"success","data":{"totalCount":1,"currentPage":1,"pageCount":1,"items":[{"token":"AbC123","soldCount":1}]}}"#;
    let (base, seen) = server(vec![(200, page)]).await;
    let p = client(&base, "1722246017091123456789").list(1, 10, crate::Lang::Tr).await.unwrap();
    assert_eq!(p.items[0].sold_count, Some(1));
    check(&seen.lock().unwrap()[0], "GET", "/v2/iyzilink/products?locale=tr&productType=IYZILINK&page=1&count=10", 1);
}

#[tokio::test]
async fn status_get_delete_and_update_are_v3_v4_v5_v6() {
    let got = r#"{"status":"success","data":{"token":"AbC123","price":"149.90000000","soldCount":0}}"#;
    let (base, seen) = server(vec![(200, ENVELOPE), (200, ENVELOPE), (200, got), (200, CREATED)]).await;
    let t = token();
    client(&base, "k2Rq7Zp1").set_status(&t, SetStatus::Passive, crate::Lang::Tr).await.unwrap();
    client(&base, "5b9f5000c5310").delete(&t, crate::Lang::Tr).await.unwrap();
    let l = client(&base, "0f8fad5b-d9cb-469f-a165-70867728950e").get(&t, crate::Lang::En).await.unwrap();
    assert_eq!(l.price_minor, Some(14990));
    let img = tiny_png();
    client(&base, "1722246017095123456789").update(&t, &v6_fields(), Some(&img)).await.unwrap();
    let seen = seen.lock().unwrap();
    check(&seen[0], "PATCH", "/v2/iyzilink/products/AbC123/status/PASSIVE?locale=tr", 2);
    check(&seen[1], "DELETE", "/v2/iyzilink/products/AbC123?locale=tr", 3);
    check(&seen[2], "GET", "/v2/iyzilink/products/AbC123?locale=en", 4);
    check(&seen[3], "PUT", "/v2/iyzilink/products/AbC123", 5);
    assert_eq!(seen[3].body, V6_BODY);
}

#[tokio::test]
async fn each_request_gets_a_fresh_random_key_by_default() {
    let (base, seen) = server(vec![(200, ENVELOPE), (200, ENVELOPE)]).await;
    let c = IyzicoClient::new(&base, "k".into(), "s".into(), Duration::from_secs(5)).unwrap();
    c.delete(&token(), crate::Lang::Tr).await.unwrap();
    c.delete(&token(), crate::Lang::Tr).await.unwrap();
    let seen = seen.lock().unwrap();
    let (a, b) = (seen[0].header("x-iyzi-rnd").unwrap(), seen[1].header("x-iyzi-rnd").unwrap());
    assert_ne!(a, b);
    let want = sign::authorization("k", "s", a, "/v2/iyzilink/products/AbC123", b"");
    assert_eq!(seen[0].header("authorization"), Some(want.as_str()));
}

#[tokio::test]
async fn failures_over_http_keep_code_status_and_message() {
    let (base, _) = server(vec![
        (200, r#"{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza","locale":"tr"}"#),
        (404, r#"{"status":"failure","errorCode":"404","errorMessage":"Not found"}"#),
        (200, r#"{"status":"failure","errorCode":50000,"errorMessage":"Request Limit Exceeded"}"#),
    ])
    .await;
    let c = client(&base, "r");
    let e = c.get(&token(), crate::Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref(), e.message.as_str()), (ErrorKind::Auth, Some("1000"), "Geçersiz imza"));
    let e = c.delete(&token(), crate::Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(404)));
    let e = c.list(1, 100, crate::Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::RateLimited, Some("50000")));
}

#[tokio::test]
async fn refused_before_sending_nothing_reaches_the_server() {
    let (base, seen) = server(vec![]).await;
    let c = client(&base, "r");
    assert_eq!(c.list(0, 10, crate::Lang::Tr).await.unwrap_err().kind, ErrorKind::Validation);
    assert_eq!(c.list(1, 101, crate::Lang::Tr).await.unwrap_err().kind, ErrorKind::Validation);
    let bad = IyzicoToken("../x".into());
    assert_eq!(c.get(&bad, crate::Lang::Tr).await.unwrap_err().kind, ErrorKind::Validation);
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn no_answer_is_a_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hold = tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(sock);
    });
    let c = IyzicoClient::new(&base, "k".into(), "s".into(), Duration::from_millis(300)).unwrap();
    let e = c.get(&token(), crate::Lang::Tr).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.kind.outcome_uncertain());
    hold.abort();
}

#[tokio::test]
async fn a_dropped_or_refused_connection_is_network() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let _ = read_request(&mut sock).await;
        drop(sock);
    });
    let c = IyzicoClient::new(&base, "k".into(), "s".into(), Duration::from_secs(5)).unwrap();
    assert_eq!(c.create(&v1_fields(), &tiny_png()).await.unwrap_err().kind, ErrorKind::Network);
    // Nothing listens there any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let c = IyzicoClient::new(&closed, "k".into(), "s".into(), Duration::from_secs(5)).unwrap();
    assert_eq!(c.get(&token(), crate::Lang::Tr).await.unwrap_err().kind, ErrorKind::Network);
}

#[tokio::test]
async fn a_non_json_answer_is_protocol_or_server() {
    let (base, _) = server(vec![(200, "<html>hi</html>"), (503, "<html>down</html>")]).await;
    let c = client(&base, "r");
    assert_eq!(c.get(&token(), crate::Lang::Tr).await.unwrap_err().kind, ErrorKind::Protocol);
    let e = c.get(&token(), crate::Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(503)));
}
