//! Starting a server on an ephemeral port with fixture content, and small request helpers.
//!
//! The suite runs against SQLite by default, and against PostgreSQL when `DIFANG_TEST_STORE=postgres`
//! (with `DIFANG_TEST_POSTGRES`, a server's URL: `scripts/test.sh` runs it both ways): each server then
//! gets a fresh database of its own.

use difang_server::{start, Config, ServerHandle};
use reqwest::{Client, Response};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

pub struct Server {
    pub base: String,
    pub handle: Option<ServerHandle>,
    pub data: TempDir,
    pub client: Client,
    pub config: Config,
}

/// The PostgreSQL server to run against, when this run is the PostgreSQL one.
pub fn postgres() -> Option<String> {
    if std::env::var("DIFANG_TEST_STORE").as_deref() != Ok("postgres") {
        return None;
    }
    Some(std::env::var("DIFANG_TEST_POSTGRES").expect(
        "DIFANG_TEST_STORE=postgres needs DIFANG_TEST_POSTGRES (scripts/services.sh starts one)",
    ))
}

/// A new, empty database on the PostgreSQL server `server` (its URL).
pub async fn fresh_database(server: &str) -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("difang_test_{}_{n}", std::process::id());
    let (client, conn) = tokio_postgres::connect(server, tokio_postgres::NoTls)
        .await
        .expect("connect to the test PostgreSQL");
    tokio::spawn(conn);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').expect("a URL ending in /DATABASE");
    format!("{base}/{name}")
}

/// The binary's flags for a store of its own: `--data-dir DIR`, or `--database URL` of a fresh database
/// in the PostgreSQL run.
pub fn store_args(data: &Path) -> Vec<String> {
    match postgres() {
        Some(server) => {
            let url = std::thread::spawn(move || {
                tokio::runtime::Runtime::new()
                    .unwrap()
                    .block_on(fresh_database(&server))
            })
            .join()
            .unwrap();
            vec!["--database".into(), url]
        }
        None => vec!["--data-dir".into(), data.display().to_string()],
    }
}

pub fn config(data: &Path) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.to_owned(),
        dist_dir: fixture("dist"),
        content_dir: fixture("content"),
        public_url: None,
        moderation: false,
        rate_limit_per_minute: 1000,
        // Off, so a test sees its own writes at once; `reads::answers_are_cached_for_their_max_age`
        // turns it on.
        cache_ttl: std::time::Duration::ZERO,
        // Counted views reach the database quickly (tests wait for them with `eventually`).
        view_flush: std::time::Duration::from_millis(50),
        ..Config::default()
    }
}

impl Server {
    pub async fn start() -> Server {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(f: impl FnOnce(&mut Config)) -> Server {
        let data = tempfile::tempdir().unwrap();
        let mut cfg = config(data.path());
        if let Some(server) = postgres() {
            cfg.database = Some(fresh_database(&server).await);
        }
        f(&mut cfg);
        Self::start_config(cfg, data).await
    }

    pub async fn start_config(cfg: Config, data: TempDir) -> Server {
        let (addr, handle) = start(cfg.clone()).await.expect("server starts");
        Server {
            base: format!("http://{addr}"),
            handle: Some(handle),
            data,
            // Bodies as sent: the tests read Content-Encoding themselves.
            client: Client::builder().no_gzip().build().unwrap(),
            config: cfg,
        }
    }

    /// Stops this server and starts a new one on the same data directory.
    pub async fn restart(mut self) -> Server {
        self.handle.take().unwrap().shutdown().await.unwrap();
        let cfg = self.config.clone();
        Self::start_config(cfg, self.data).await
    }

    /// The binary's flags for this server's store (`--data-dir` or `--database`).
    pub fn store_args(&self) -> Vec<String> {
        match &self.config.database {
            Some(url) => vec!["--database".into(), url.clone()],
            None => vec!["--data-dir".into(), self.data.path().display().to_string()],
        }
    }

    /// The running server's store (the database it serves from).
    pub fn store(&self) -> difang_server::store::Store {
        self.handle.as_ref().unwrap().state().store.clone()
    }

    /// The rows of a query on the server's database, each column as text.
    pub async fn query(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        self.store().query_for_test(sql).await.unwrap()
    }

    /// Runs a statement on the server's database (behind the server's back: no content change is
    /// announced, so caches keep what they hold).
    pub async fn execute(&self, sql: &str) -> u64 {
        self.store().execute_for_test(sql).await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.unwrap()
    }

    pub async fn post_comment(&self, article: &str, key: &str, body: &Value) -> Response {
        self.client
            .post(self.url(&format!("/api/v1/articles/{article}/comments")))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }
}

/// Asserts an `ApiError` body with `code` and its status; returns the error body.
pub async fn expect_error(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status(), status, "status for expected {code}");
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(ct.as_deref(), Some("application/json"));
    let text = res.text().await.unwrap();
    let err: model::ApiError =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not an ApiError: {e}: {text}"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["error"]["code"], code, "{text}");
    assert_eq!(err.error.code.status(), status);
    v["error"].clone()
}

pub fn ids(v: &Value) -> Vec<u64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_u64().unwrap())
        .collect()
}

/// The head's tag `<name …>` that has every `attr="value"` (values as written, HTML-escaped), in any
/// order, marked `data-ssr-meta` (the app's head tags as the server writes them; `None` if not there).
pub fn head_tag<'a>(html: &'a str, name: &str, attrs: &[(&str, &str)]) -> Option<&'a str> {
    let head = &html[..html.find("</head>")?];
    head.match_indices(&format!("<{name} "))
        .map(|(at, _)| &head[at..at + head[at..].find('>').map_or(0, |e| e + 1)])
        .find(|tag| {
            tag.contains(" data-ssr-meta")
                && attrs
                    .iter()
                    .all(|(a, v)| tag.contains(&format!(" {a}=\"{v}\"")))
        })
}
