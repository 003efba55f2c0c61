//! The server under slow clients and contention: header, idle and body timeouts, the connection cap,
//! shutdown's deadline, reads during a held write lock, rate limits behind proxies and over IPv6, the cache.

use crate::common::{expect_error, Server};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn connect(s: &Server) -> TcpStream {
    TcpStream::connect(s.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the server closes the connection; panics if that takes longer than `within`.
async fn until_closed(sock: &mut TcpStream, within: Duration) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(within, async {
        loop {
            match sock.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "still open after {within:?}");
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn half_sent_request_is_closed_within_the_header_timeout() {
    let s = Server::start_with(|c| c.header_timeout = Duration::from_millis(500)).await;
    let mut sock = connect(&s).await;
    sock.write_all(b"GET /api/v1/site HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = until_closed(&mut sock, Duration::from_secs(3)).await;
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "closed by the timeout, not at once"
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[tokio::test]
async fn idle_keep_alive_is_closed() {
    let s = Server::start_with(|c| c.header_timeout = Duration::from_millis(500)).await;
    let mut sock = connect(&s).await;
    sock.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = until_closed(&mut sock, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"status\":\"ok\""), "{answer}");
}

#[tokio::test]
async fn half_sent_body_is_refused_within_the_body_timeout() {
    let s = Server::start_with(|c| c.body_timeout = Duration::from_millis(500)).await;
    let mut sock = connect(&s).await;
    sock.write_all(
        b"POST /api/v1/articles/1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Idempotency-Key: abcdefgh1234\r\nContent-Length: 100\r\n\r\n{\"author\":",
    )
    .await
    .unwrap();
    let started = Instant::now();
    let answer = until_closed(&mut sock, Duration::from_secs(3)).await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    let status = answer.split(' ').nth(1).unwrap_or("");
    assert!(status.starts_with('4'), "{answer}");
    assert!(
        answer.contains(r#""error":{"code":"#),
        "JSON error: {answer}"
    );
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    let s = Server::start_with(|c| c.max_connections = 1).await;
    let mut first = connect(&s).await;
    first
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    let n = first.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    // `first` is an open keep-alive connection: the only slot is taken.
    let client = reqwest::Client::new();
    let waiting = client
        .get(s.url("/healthz"))
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    assert!(waiting.unwrap_err().is_timeout());
    drop(first);
    let res = client
        .get(s.url("/healthz"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn shutdown_does_not_wait_past_its_deadline() {
    let mut s = Server::start_with(|c| {
        c.header_timeout = Duration::from_secs(60);
        c.shutdown_timeout = Duration::from_millis(300);
    })
    .await;
    let mut half = connect(&s).await;
    half.write_all(b"GET /api/v1/site HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut idle = connect(&s).await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    assert!(idle.read(&mut buf).await.unwrap() > 0);
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), s.handle.take().unwrap().shutdown())
        .await
        .expect("shutdown within 5 s")
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    until_closed(&mut half, Duration::from_secs(1)).await;
    until_closed(&mut idle, Duration::from_secs(1)).await;
}

#[tokio::test]
async fn reads_go_on_while_another_connection_holds_the_write_lock() {
    let s = Server::start().await;
    // Another connection holding the write lock: SQLite's, or on PostgreSQL the tables posts write.
    let lock = Holder::take(&s).await;
    let started = Instant::now();
    for path in [
        "/api/v1/articles/1",
        "/api/v1/articles/2",
        "/api/v1/widgets?kinds=hot-ranking,hot-reading,related,guess-you-like&article=1",
        "/api/v1/articles/1/comments",
        "/api/v1/channels/ziyang-news/articles",
        "/a/1",
    ] {
        let res = tokio::time::timeout(Duration::from_secs(1), s.get(path))
            .await
            .unwrap_or_else(|_| panic!("{path} waited for the lock"));
        assert_eq!(res.status(), 200, "{path}");
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    // A write cannot go on: a 503 the client may retry, never a 500.
    let res = s
        .post_comment("1", "abcdefgh1234", &json!({"author": "a", "text": "x"}))
        .await;
    assert_eq!(res.headers()["retry-after"], "2");
    expect_error(res, 503, "unavailable").await;
    lock.release().await;
    let res = s
        .post_comment("1", "abcdefgh1234", &json!({"author": "a", "text": "x"}))
        .await;
    assert_eq!(res.status(), 201);
}

/// A transaction of another connection that keeps writers out until released.
enum Holder {
    Sqlite(rusqlite::Connection),
    Postgres(tokio_postgres::Client),
}

impl Holder {
    async fn take(s: &Server) -> Holder {
        match &s.config.database {
            None => {
                let c = rusqlite::Connection::open(s.data.path().join("difang.db")).unwrap();
                c.execute_batch(
                    "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('held', '1');",
                )
                .unwrap();
                Holder::Sqlite(c)
            }
            Some(url) => {
                let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(conn);
                c.batch_execute(
                    "BEGIN; LOCK TABLE comments, articles, idempotency IN EXCLUSIVE MODE",
                )
                .await
                .unwrap();
                Holder::Postgres(c)
            }
        }
    }

    async fn release(self) {
        match self {
            Holder::Sqlite(c) => c.execute_batch("COMMIT").unwrap(),
            Holder::Postgres(c) => c.batch_execute("COMMIT").await.unwrap(),
        }
    }
}

async fn post_from(s: &Server, forwarded: &str, n: u32) -> reqwest::Response {
    s.client
        .post(s.url("/api/v1/articles/1/comments"))
        .header("content-type", "application/json")
        .header("idempotency-key", format!("key-{n:08}"))
        .header("x-forwarded-for", forwarded)
        .body(json!({"author": "a", "text": format!("{n}")}).to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn forwarded_for_is_ignored_from_untrusted_peers() {
    let s = Server::start_with(|c| c.rate_limit_per_minute = 2).await;
    assert_eq!(post_from(&s, "203.0.113.1", 1).await.status(), 201);
    assert_eq!(post_from(&s, "203.0.113.2", 2).await.status(), 201);
    // Every reader behind the untrusted peer is the peer: its bucket is full.
    expect_error(post_from(&s, "203.0.113.3", 3).await, 429, "rate_limited").await;
}

#[tokio::test]
async fn trusted_proxies_name_the_client_and_ipv6_counts_by_64() {
    let s = Server::start_with(|c| {
        c.rate_limit_per_minute = 2;
        c.trusted_proxies = vec![
            "127.0.0.0/8".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
    })
    .await;
    assert_eq!(post_from(&s, "203.0.113.1", 1).await.status(), 201);
    // Through a second trusted hop, and with a forged entry on the left: still 203.0.113.1.
    assert_eq!(
        post_from(&s, "203.0.113.1, 10.0.0.7", 2).await.status(),
        201
    );
    expect_error(
        post_from(&s, "198.51.100.9, 203.0.113.1", 3).await,
        429,
        "rate_limited",
    )
    .await;
    assert_eq!(post_from(&s, "203.0.113.2", 4).await.status(), 201);
    assert_eq!(post_from(&s, "2001:db8:1:2::1", 5).await.status(), 201);
    assert_eq!(post_from(&s, "2001:db8:1:2:ffff::9", 6).await.status(), 201);
    expect_error(
        post_from(&s, "2001:db8:1:2::abcd", 7).await,
        429,
        "rate_limited",
    )
    .await;
    assert_eq!(
        post_from(&s, "2001:db8:1:3::1", 8).await.status(),
        201,
        "another /64"
    );
}

#[tokio::test]
async fn answers_are_cached_for_their_max_age_and_kinds_deduplicated() {
    let s = Server::start_with(|c| c.cache_ttl = Duration::from_secs(30)).await;
    let set = s.get_json("/api/v1/widgets?kinds=hot-ranking").await;
    let top = set["widgets"][0]["items"][0]["id"].as_u64().unwrap();
    s.execute(&format!(
        "UPDATE articles SET title = '改过的标题' WHERE id = {top}"
    ))
    .await;
    // Within max-age the same answer, also for a list that names the kind twice (one widget, one key).
    let again = s
        .get_json("/api/v1/widgets?kinds=hot-ranking,hot-ranking")
        .await;
    assert_eq!(again, set);
    assert_eq!(again["widgets"].as_array().unwrap().len(), 1);
    // So does the single widget (it shares the set's list), and any other limit: lists are built once at
    // their full length and cut, so no `limit` reaches the database (the title is still the old one).
    let one = s.get_json("/api/v1/widgets/hot-ranking").await;
    assert_eq!(one["items"][0], set["widgets"][0]["items"][0]);
    let all = s.get_json("/api/v1/widgets/hot-ranking?limit=50").await["items"]
        .as_array()
        .unwrap()
        .len();
    for limit in [1, 3, 7, 50] {
        let cut = s
            .get_json(&format!("/api/v1/widgets/hot-ranking?limit={limit}"))
            .await;
        assert_eq!(
            cut["items"][0], set["widgets"][0]["items"][0],
            "limit {limit}"
        );
        assert_eq!(
            cut["items"].as_array().unwrap().len(),
            limit.min(all),
            "limit {limit}"
        );
    }
    // A new comment drops the article's cached answer (its comment count changed).
    let before: Value = s.get_json("/api/v1/articles/1").await;
    let posted = s
        .post_comment("1", "abcdefgh1234", &json!({"author": "a", "text": "x"}))
        .await;
    assert_eq!(posted.status(), 201);
    let after: Value = s.get_json("/api/v1/articles/1").await;
    assert_eq!(
        after["comment_count"].as_u64().unwrap(),
        before["comment_count"].as_u64().unwrap() + 1
    );
    let nine = "related,hot-ranking,recommended,guess-you-like,channel-picks,picture-highlights,neighbourhood,hot-reading,related";
    expect_error(
        s.get(&format!("/api/v1/widgets?kinds={nine}")).await,
        400,
        "bad_request",
    )
    .await;
}
