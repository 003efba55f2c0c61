//! Operations: a backup taken while readers post comments, and the restore procedure of
//! docs/operations.md carried out on it.

use crate::common::{config, postgres, Server};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Posts comments on article 1 from `tasks` writers until `stop`; every acknowledged id goes into
/// `acked`, and `count` tells how many there are.
fn writers(
    s: &Server,
    tasks: usize,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Vec<u64>>>,
    count: tokio::sync::watch::Sender<usize>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let count = Arc::new(count);
    (0..tasks)
        .map(|t| {
            let (client, url) = (s.client.clone(), s.url("/api/v1/articles/1/comments"));
            let (stop, acked, count) = (stop.clone(), acked.clone(), count.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let res = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .header("idempotency-key", format!("backup-{t}-{n:06}"))
                        .body(
                            json!({"author": "备份读者", "text": format!("评论 {t}-{n}")})
                                .to_string(),
                        )
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
                    let v: serde_json::Value = res.json().await.unwrap();
                    let mut a = acked.lock().unwrap();
                    a.push(v["id"].as_u64().unwrap());
                    count.send_replace(a.len());
                }
            })
        })
        .collect()
}

#[tokio::test]
async fn a_backup_under_writes_restores_with_every_acknowledged_comment() {
    if postgres().is_some() {
        // `backup` copies SQLite; PostgreSQL has pg_dump (docs/operations.md).
        return;
    }
    let s = Server::start().await;
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let (tx, mut rx) = tokio::sync::watch::channel(0);
    let tasks = writers(&s, 4, stop.clone(), acked.clone(), tx);
    rx.wait_for(|n| *n >= 40).await.unwrap();

    // Every comment acknowledged before the backup starts must be in it.
    let before: Vec<u64> = acked.lock().unwrap().clone();
    let dest = s.data.path().join("backup.db");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .arg("backup")
        .arg(&dest)
        .args(s.store_args())
        .output()
        .await
        .unwrap();
    let during = acked.lock().unwrap().len() - before.len();
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("integrity check ok"), "{stdout}");
    assert!(during > 0, "the writers kept posting while the backup ran");
    let all: Vec<u64> = acked.lock().unwrap().clone();

    let copy = rusqlite::Connection::open(&dest).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = copy
        .prepare("SELECT id FROM comments WHERE article_id = 1 AND status = 'published'")
        .unwrap();
    let kept: std::collections::BTreeSet<u64> = stmt
        .query_map([], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|id| id.unwrap() as u64)
        .collect();
    for id in &before {
        assert!(
            kept.contains(id),
            "acknowledged comment {id} missing from the backup"
        );
    }
    let posted: std::collections::BTreeSet<u64> = all.iter().copied().collect();
    let fixture_comments = kept.iter().filter(|id| !posted.contains(id)).count();
    drop(stmt);
    drop(copy);

    // The restore procedure: stop the server, put the copy in an empty data folder as difang.db,
    // start on it.
    let mut s = s;
    s.handle.take().unwrap().shutdown().await.unwrap();
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&dest, restored.path().join("difang.db")).unwrap();
    let r = Server::start_config(config(restored.path()), restored).await;
    let article = r.get_json("/api/v1/articles/1").await;
    assert_eq!(
        article["comment_count"].as_u64().unwrap() as usize,
        kept.len(),
        "the restored site counts every comment of the copy ({fixture_comments} from the fixture)"
    );
    let rows = r
        .query("SELECT count(*) FROM comments WHERE article_id = 1 AND status = 'published'")
        .await;
    assert_eq!(rows[0][0].as_deref(), Some(kept.len().to_string().as_str()));
}

#[tokio::test]
async fn healthz_runs_a_query_and_says_503_when_the_database_does_not_answer() {
    let s = Server::start().await;
    let health = s.get_json("/healthz").await;
    assert_eq!(health["database"]["status"], "ok");
    assert!(health["database"]["query_ms"].is_number(), "{health}");
    // The table its query reads gone: the database no longer answers it.
    s.execute("ALTER TABLE changes RENAME TO changes_gone")
        .await;
    let res = s.get("/healthz").await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let health: serde_json::Value = res.json().await.unwrap();
    assert_eq!(health["status"], "unavailable");
    assert_eq!(health["database"]["status"], "unavailable");
}

/// The value of the sample `name` (with its labels, as written) in a metrics text, if there is one.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

async fn metrics(s: &Server) -> String {
    let res = s.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    res.text().await.unwrap()
}

/// The status of `/metrics` asked with `X-Forwarded-For: client`.
async fn forwarded_for(s: &Server, client: &str) -> u16 {
    s.client
        .get(s.url("/metrics"))
        .header("x-forwarded-for", client)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn metrics_are_only_for_allowed_clients() {
    let s = Server::start().await;
    assert_eq!(s.get("/metrics").await.status(), 404, "nobody by default");
    let s = Server::start_with(|c| c.metrics_allow = vec!["10.0.0.0/8".parse().unwrap()]).await;
    assert_eq!(s.get("/metrics").await.status(), 404);
    assert_eq!(
        forwarded_for(&s, "10.1.2.3").await,
        404,
        "a forwarded address counts only from a trusted proxy"
    );
    let s = Server::start_with(|c| {
        c.metrics_allow = vec!["10.0.0.0/8".parse().unwrap()];
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    assert_eq!(
        forwarded_for(&s, "10.1.2.3").await,
        200,
        "the client a trusted proxy names"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_cache_lookups_waits_and_pending_comments() {
    let s = Server::start_with(|c| {
        c.metrics_allow = vec!["127.0.0.1/32".parse().unwrap()];
        c.moderation = true;
        c.cache_ttl = std::time::Duration::from_secs(30);
    })
    .await;
    let before = metrics(&s).await;
    let route =
        r#"difang_http_requests_total{route="/api/v1/articles/{id}",method="GET",status="2xx"}"#;
    let missing =
        r#"difang_http_requests_total{route="/api/v1/articles/{id}",method="GET",status="4xx"}"#;
    assert_eq!(sample(&before, route), None);
    let lookups = |t: &str, result: &str| {
        sample(
            t,
            &format!(r#"difang_cache_lookups_total{{cache="answers",result="{result}"}}"#),
        )
        .unwrap_or(0.0)
    };
    for _ in 0..2 {
        s.get_json("/api/v1/articles/3").await;
    }
    assert_eq!(s.get("/api/v1/articles/999999").await.status(), 404);
    assert_eq!(
        s.post_comment(
            "3",
            "metrics-0001",
            &json!({"author": "读者", "text": "待审"})
        )
        .await
        .status(),
        201,
        "stored, held for a moderator"
    );
    let after = metrics(&s).await;
    assert_eq!(sample(&after, route), Some(2.0), "{after}");
    assert_eq!(sample(&after, missing), Some(1.0), "{after}");
    assert_eq!(
        sample(
            &after,
            r#"difang_http_request_duration_seconds_count{route="/api/v1/articles/{id}"}"#
        ),
        Some(3.0)
    );
    assert_eq!(
        lookups(&after, "miss") - lookups(&before, "miss"),
        2.0,
        "article 3 built once, the missing article looked up once: {after}"
    );
    assert_eq!(lookups(&after, "hit") - lookups(&before, "hit"), 1.0);
    assert_eq!(sample(&after, "difang_comments_pending"), Some(1.0));
    assert!(
        sample(&after, "difang_db_wait_seconds_count").unwrap()
            > sample(&before, "difang_db_wait_seconds_count").unwrap(),
        "reads and the post waited for connections"
    );
}
