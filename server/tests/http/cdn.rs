//! Caching for a CDN in front: Cache-Control with s-maxage and stale-*, Surrogate-Keys on every read,
//! pages kept after their first render and compressed once, and the purges writes send (`--purge-url`):
//! to a listener here that records them, as Varnish would receive them (the real Varnish is in e2e).

use crate::common::{expect_error, Server};
use serde_json::{json, Value};
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn every_read_names_its_surrogate_keys() {
    let s = Server::start().await;
    for (path, keys) in [
        ("/api/v1/site", "site"),
        (
            "/api/v1/channels/ziyang-news/articles",
            "site c:ziyang-news",
        ),
        ("/api/v1/articles/1", "site a:1"),
        ("/api/v1/articles/1/comments", "a:1"),
        ("/api/v1/widgets?kinds=hot-ranking", "site lists"),
        ("/api/v1/widgets/related?article=1", "site lists a:1"),
        ("/", "site lists"),
        ("/c/ziyang-news", "site c:ziyang-news"),
        ("/a/1", "site a:1"),
        ("/p/ziyang", "site lists"),
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["surrogate-key"], keys, "{path}");
        let cc = res.headers()["cache-control"].to_str().unwrap();
        for part in ["public", "s-maxage=", "stale-if-error="] {
            assert!(cc.contains(part), "{path}: {cc}");
        }
        // Comments are never served stale while revalidating: a reader's
        // own comment must show on the next read.
        assert_eq!(
            cc.contains("stale-while-revalidate="),
            !path.ends_with("/comments"),
            "{path}: {cc}"
        );
        assert!(res.headers().contains_key("etag"), "{path}");
    }
    // Writes and errors are never kept.
    let res = s.get("/api/v1/articles/999").await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(!res.headers().contains_key("surrogate-key"));
}

#[tokio::test]
async fn pages_are_kept_compressed_and_dropped_by_a_purge() {
    let s = Server::start_with(|c| c.cache_ttl = Duration::from_secs(30)).await;
    let first = s.get("/a/1").await.text().await.unwrap();
    assert!(first.contains("坚决打好文明城市创建总体仗"));
    // Changed behind the server's back: the kept page is what it sends.
    s.execute("UPDATE articles SET title = '改过的标题' WHERE id = 1")
        .await;
    let kept = s.get("/a/1").await;
    let etag = kept.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        kept.text().await.unwrap(),
        first,
        "the page is the kept one"
    );
    let again = s
        .client
        .get(s.url("/a/1"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    // Compressed once; each client gets what it accepts, with its own validator.
    for (enc, unpack) in [
        ("br", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
    ] {
        let res = s
            .client
            .get(s.url("/a/1"))
            .header("accept-encoding", enc)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], unpack, "{enc}");
        assert!(res.headers()["etag"]
            .to_str()
            .unwrap()
            .ends_with(&format!("-{unpack}\"")));
        let packed = res.bytes().await.unwrap();
        let mut text = String::new();
        if unpack == "br" {
            brotli::Decompressor::new(&packed[..], 4096)
                .read_to_string(&mut text)
                .unwrap();
        } else {
            flate2::read::GzDecoder::new(&packed[..])
                .read_to_string(&mut text)
                .unwrap();
        }
        assert_eq!(text, first, "{enc}");
    }
    // A comment on the article purges its page: drawn again, with the title as it is now.
    let posted = s
        .post_comment("1", "cdn-test-0001", &json!({"author": "a", "text": "好"}))
        .await;
    assert_eq!(posted.status(), 201);
    let fresh = s.get("/a/1").await.text().await.unwrap();
    assert!(fresh.contains("改过的标题"), "drawn again after the purge");
    // Another article's page was not touched by it.
    assert_eq!(s.get("/a/2").await.status(), 200);
}

/// A listener recording each request's method, path and Surrogate-Key; answers 200.
async fn recorder() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]).to_string();
                let method = req.split(' ').next().unwrap_or("").to_owned();
                let keys = req
                    .lines()
                    .find_map(|l| l.strip_prefix("surrogate-key: "))
                    .unwrap_or("")
                    .to_owned();
                log.lock().unwrap().push((method, keys));
                let _ = sock
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    (url, seen)
}

async fn purged(seen: &Arc<Mutex<Vec<(String, String)>>>, keys: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        if seen
            .lock()
            .unwrap()
            .iter()
            .any(|(m, k)| m == "PURGE" && k == keys)
        {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no PURGE of {keys:?}: {:?}",
            seen.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn writes_purge_the_keys_they_change() {
    let (url, seen) = recorder().await;
    let s = Server::start_with(|c| c.purge_urls = vec![url]).await;
    // A comment: its article (page, answer, thread).
    let posted = s
        .post_comment("2", "cdn-purge-001", &json!({"author": "a", "text": "好"}))
        .await;
    assert_eq!(posted.status(), 201);
    purged(&seen, "a:2").await;
    // Publishing: the article, its channel's lists (old and new channel when it moves), every list.
    let token = difang_server::auth::new_token().unwrap();
    s.store()
        .token_add("cms", "admin", &difang_server::auth::digest(&token))
        .await
        .unwrap();
    let mut a: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::common::fixture("content/articles/2.json")).unwrap(),
    )
    .unwrap();
    a["channel"] = json!("anyue-news");
    let put = s
        .client
        .put(s.url("/api/v1/admin/articles/2"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(a.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    purged(&seen, "lists a:2 c:anyue-news c:ziyang-news").await;
    let del = s
        .client
        .delete(s.url("/api/v1/admin/articles/3"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 200);
    purged(&seen, "lists a:3 c:ziyang-news").await;
    // The site tree: everything.
    let site = s.get_json("/api/v1/site").await;
    let res = s
        .client
        .put(s.url("/api/v1/admin/site"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(site.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    purged(&seen, "site").await;
    // Reads purge nothing; a refused write neither: after them, the next purge is the next write's.
    let before = seen.lock().unwrap().len();
    s.get("/a/1").await;
    expect_error(
        s.client
            .delete(s.url("/api/v1/admin/articles/999"))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    let posted = s
        .post_comment("4", "cdn-purge-002", &json!({"author": "a", "text": "好"}))
        .await;
    assert_eq!(posted.status(), 201);
    purged(&seen, "a:4").await;
    assert_eq!(
        seen.lock().unwrap()[before..],
        [("PURGE".to_owned(), "a:4".to_owned())]
    );
}
