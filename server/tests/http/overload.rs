//! Overload is refused early, not queued: a cap on connections per client (not for trusted proxies), on
//! requests in flight per client (the proxy-aware key) and in all, slow readers losing their connection,
//! and oEmbed refusing to answer without a public address.

use crate::common::{expect_error, fixture, Server};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn connect(s: &Server) -> TcpStream {
    TcpStream::connect(s.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// A comment post whose body never finishes arriving: it stays in flight for the body timeout.
async fn stuck_request(s: &Server, forwarded: Option<&str>) -> TcpStream {
    let mut sock = connect(s).await;
    let xff = forwarded.map_or(String::new(), |f| format!("x-forwarded-for: {f}\r\n"));
    sock.write_all(
        format!(
            "POST /api/v1/articles/1/comments HTTP/1.1\r\nhost: x\r\n{xff}content-type: application/json\r\n\
             idempotency-key: stuck-request-1\r\ncontent-length: 100\r\n\r\n{{\"author\""
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    sock
}

/// Waits until `path` is answered with `status` (the stuck request above reaches its handler a moment
/// after it is sent).
async fn answered(
    s: &Server,
    path: &str,
    forwarded: Option<&str>,
    status: u16,
) -> reqwest::Response {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut req = s.client.get(s.url(path));
        if let Some(f) = forwarded {
            req = req.header("x-forwarded-for", f);
        }
        let res = req.send().await.unwrap();
        if res.status() == status {
            return res;
        }
        assert!(
            Instant::now() < deadline,
            "{path}: never {status}, last {}",
            res.status()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn one_client_cannot_hold_every_connection() {
    let s = Server::start_with(|c| c.max_client_connections = 2).await;
    let mut held = vec![connect(&s).await, connect(&s).await];
    for sock in &mut held {
        sock.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 64];
        assert!(sock.read(&mut buf).await.unwrap() > 0);
    }
    // A third from the same address is told to come back and closed at once.
    let mut third = connect(&s).await;
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(2), third.read_to_string(&mut answer))
        .await
        .expect("closed at once")
        .ok();
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    assert!(answer.contains("retry-after: 1"), "{answer:?}");
    // One closes: there is room again.
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(res) = reqwest::Client::new().get(s.url("/healthz")).send().await {
            if res.status() == 200 {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no room after a connection closed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A trusted proxy carries many clients: its connections are not capped.
    let s = Server::start_with(|c| {
        c.max_client_connections = 1;
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let _a = connect(&s).await;
    let _b = connect(&s).await;
    assert_eq!(s.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn one_client_cannot_take_every_request_slot() {
    let s = Server::start_with(|c| {
        c.max_client_requests = 1;
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let _stuck = stuck_request(&s, Some("203.0.113.7")).await;
    // The same client (behind the proxy) is refused at once; another client is served.
    let refused = answered(&s, "/api/v1/site", Some("203.0.113.7"), 429).await;
    assert_eq!(refused.headers()["retry-after"], "1");
    expect_error(refused, 429, "rate_limited").await;
    assert_eq!(
        answered(&s, "/api/v1/site", Some("203.0.113.8"), 200)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn past_the_requests_in_flight_the_rest_are_shed_at_once() {
    let s = Server::start_with(|c| c.max_in_flight = 1).await;
    let _stuck = stuck_request(&s, None).await;
    let started = Instant::now();
    let shed = answered(&s, "/api/v1/site", None, 503).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refused, not queued"
    );
    assert_eq!(shed.headers()["retry-after"], "1");
    expect_error(shed, 503, "unavailable").await;
}

#[tokio::test]
async fn a_reader_that_stops_reading_loses_its_connection() {
    // A file far larger than the socket buffers, read by nobody.
    let dist = tempfile::tempdir().unwrap();
    for f in ["index.html", "sw.js"] {
        std::fs::copy(fixture(&format!("dist/{f}")), dist.path().join(f)).unwrap();
    }
    std::fs::write(
        dist.path().join("big-0123456789abcdef.wasm"),
        vec![7u8; 64 << 20],
    )
    .unwrap();
    let dir = dist.path().to_owned();
    let s = Server::start_with(|c| {
        c.dist_dir = dir;
        c.write_timeout = Duration::from_millis(500);
        c.max_connections = 1;
    })
    .await;
    let sock = tokio::net::TcpSocket::new_v4().unwrap();
    sock.set_recv_buffer_size(4096).unwrap();
    let mut slow = sock
        .connect(s.base.trim_start_matches("http://").parse().unwrap())
        .await
        .unwrap();
    slow.write_all(b"GET /big-0123456789abcdef.wasm HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    // The only connection slot is freed by the write timeout: another client is served.
    let res = reqwest::Client::new()
        .get(s.url("/healthz"))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // And the slow reader's connection ended long before the file did.
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(n) = slow.read(&mut buf).await {
            if n == 0 {
                break;
            }
            got += n;
        }
    })
    .await;
    assert!(read.is_ok(), "the connection was closed");
    assert!(got < 64 << 20, "{got} bytes: the whole file came");
}

#[tokio::test]
async fn oembed_refuses_without_a_public_address() {
    // Bound to every address with no --public-url: it could only answer addresses that resolve on the
    // consumer's own site.
    let s = Server::start_with(|c| c.bind = "0.0.0.0:0".parse().unwrap()).await;
    let port = s.base.rsplit(':').next().unwrap().to_owned();
    let local = format!("http://127.0.0.1:{port}");
    let res = reqwest::get(format!(
        "{local}/api/v1/oembed?url=https%3A%2F%2Fanother.example%2Fa%2F1"
    ))
    .await
    .unwrap();
    let e = expect_error(res, 404, "not_found").await;
    assert!(
        e["message"].as_str().unwrap().contains("--public-url"),
        "{e}"
    );
    // With one, it answers for its own pages.
    let s = Server::start_with(|c| c.public_url = Some("https://news.example".into())).await;
    let res = s
        .get("/api/v1/oembed?url=https%3A%2F%2Fnews.example%2Fa%2F1")
        .await;
    assert_eq!(res.status(), 200);
}
