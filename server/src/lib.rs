//! Difang's reference content API server: `/api/v1` from SQLite, the built app with crawler meta, one origin.

pub mod access;
pub mod api;
pub mod auth;
pub mod background;
pub mod cache;
pub mod cli;
pub mod client;
pub mod commands;
pub mod cursor;
pub mod desk;
pub mod error;
pub mod feeds;
pub mod first_screen;
pub mod keys;
pub mod live;
pub mod maintenance;
pub mod meta;
pub mod metrics;
pub mod page_cache;
pub mod purge;
pub mod ratelimit;
pub mod respond;
pub mod security;
pub mod serve;
pub mod sources;
pub mod store;
pub mod views;
pub mod web;
pub mod widgets;

use crate::cache::ReadCache;
use crate::cursor::Cursors;
use crate::error::{api_error_response, code_for_status};
use crate::ratelimit::RateLimiter;
use crate::store::{Database, Store};
use crate::views::Views;
use arc_swap::ArcSwap;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;
use model::{ApiError, ErrorCode, Site};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Everything the server needs to start; the binary fills it from flags and `DIFANG_*` variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub bind: SocketAddr,
    /// Holds `difang.db` (SQLite, the default store).
    pub data_dir: PathBuf,
    /// A `postgres://` URL: the content lives there instead (several instances may share it).
    pub database: Option<String>,
    /// The built app (Trunk's `dist/`).
    pub dist_dir: PathBuf,
    /// Demo content imported into an empty database; `media/` is served at `/media/`.
    pub content_dir: PathBuf,
    /// Origin for absolute URLs in crawler meta, e.g. `https://difang.example`; else the bound address
    /// (never the Host header). https turns on HSTS.
    pub public_url: Option<String>,
    /// Hold new comments as `pending`.
    pub moderation: bool,
    /// Write each page's first screen (the app's views rendered here) into the HTML sent.
    pub first_screen: bool,
    /// Feeds carry each article's whole text (its blocks as escaped HTML), not only its summary.
    pub feed_full_text: bool,
    /// Comment posts per reader per rolling minute; reports have their own limiter with the same rate.
    pub rate_limit_per_minute: u32,
    /// Peers whose `X-Forwarded-For` is believed (see `client::client_ip`).
    pub trusted_proxies: Vec<IpNet>,
    /// Clients that may read `/metrics` (the proxy-aware client address); nobody when empty.
    pub metrics_allow: Vec<IpNet>,
    /// Time to send a request's headers; also the longest idle time of a keep-alive connection.
    pub header_timeout: Duration,
    /// Time to send a request's body.
    pub body_timeout: Duration,
    /// Connections served at once; further ones wait in the listen queue.
    pub max_connections: usize,
    /// Connections one client (an address; an IPv6 /64) may hold open; trusted proxies are not capped.
    pub max_client_connections: usize,
    /// Requests one client (behind trusted proxies: the forwarded client) may have in flight; more are
    /// answered 429 at once.
    pub max_client_requests: usize,
    /// Requests in flight at once; past it the server answers 503 with `Retry-After` at once instead of
    /// queueing (latency for everyone would grow).
    pub max_in_flight: usize,
    /// How long a write to a client may make no progress before its connection is closed.
    pub write_timeout: Duration,
    /// How long shutdown waits for open requests before it closes their connections.
    pub shutdown_timeout: Duration,
    /// How long read answers and drawn pages are kept in memory; zero turns the caches off.
    pub cache_ttl: Duration,
    /// How often counted views are written to the database.
    pub view_flush: Duration,
    /// Read-only database connections.
    pub readers: u32,
    /// Origins (`https://partner.example`) that may frame the partner widgets at `/embed/…`. Empty: the
    /// read-only widgets may be framed by any origin and the comment widget (it posts) only by this
    /// site. Listed: every widget only by this site and these origins.
    pub embed_origins: Vec<String>,
    /// A WordPress site to follow (its address); its category tree is the site's and its posts the
    /// articles. The demo content is then not imported.
    pub wordpress: Option<String>,
    /// How often WordPress is asked for changes.
    pub sync_interval: Duration,
    /// Origins (`https://cdn.example`) besides this one that article images and videos may come from
    /// (the CSP's `img-src`/`media-src`); the WordPress site's is added by itself.
    pub media_origins: Vec<String>,
    /// Shared caches (Varnish, a CDN) to tell what a write changed: each gets an HTTP `PURGE` with the
    /// `Surrogate-Key`s. None: only this server's caches are purged.
    pub purge_urls: Vec<String>,
    /// Live-update streams (SSE) this instance holds open at once; more are answered 503 (readers then
    /// poll). Each holds a connection: at most three quarters of `max_connections` are used, so streams
    /// never take every connection from other requests.
    pub max_live_streams: usize,
    /// Live-update streams one client may hold open (several tabs); more are answered 429.
    pub max_client_live_streams: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: "data".into(),
            database: None,
            dist_dir: "dist".into(),
            content_dir: "content".into(),
            public_url: None,
            moderation: false,
            first_screen: true,
            feed_full_text: false,
            rate_limit_per_minute: 5,
            trusted_proxies: Vec::new(),
            metrics_allow: Vec::new(),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_client_connections: 64,
            max_client_requests: 32,
            max_in_flight: 512,
            write_timeout: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(10),
            // The `max-age` of `respond::Cache::Public`.
            cache_ttl: Duration::from_secs(30),
            view_flush: Duration::from_secs(5),
            readers: 2,
            embed_origins: Vec::new(),
            wordpress: None,
            sync_interval: Duration::from_secs(60),
            media_origins: Vec::new(),
            purge_urls: Vec::new(),
            max_live_streams: 512,
            max_client_live_streams: 8,
        }
    }
}

impl Config {
    pub fn wordpress(&self) -> Option<sources::wordpress::Settings> {
        self.wordpress
            .as_ref()
            .map(|url| sources::wordpress::Settings {
                url: url.clone(),
                interval: self.sync_interval,
                media_origins: self.media_origins(),
            })
    }

    /// Where article images and videos may come from besides this origin.
    pub fn media_origins(&self) -> Vec<String> {
        let mut origins = self.media_origins.clone();
        if let Some(o) = self.wordpress.as_deref().and_then(cli::origin_of) {
            origins.push(o);
        }
        origins.sort();
        origins.dedup();
        origins
    }
}

/// Shared by every handler.
pub struct AppState {
    pub store: Store,
    /// The site tree as of the change this server has caught up with (see [`AppState::catch_up`]).
    live: ArcSwap<Live>,
    /// Change numbers this server has applied lately.
    applied: std::sync::Mutex<std::collections::BTreeSet<i64>>,
    pub cursors: Cursors,
    pub config: Config,
    pub bound: SocketAddr,
    pub limiter: Arc<RateLimiter>,
    pub report_limiter: RateLimiter,
    /// Failed bearer-token attempts on the publishing API, per client.
    pub auth_failures: RateLimiter,
    /// Desk login attempts per client, and per account name (in memory: per instance).
    pub login_clients: RateLimiter,
    pub login_accounts: RateLimiter<String>,
    /// The WordPress sync's state, when one runs.
    pub sync: Option<Arc<sources::wordpress::Status>>,
    pub views: Views,
    pub cache: ReadCache,
    /// Widgets shared by every article of a channel (or by all), before the article is taken out.
    pub widgets: ReadCache<model::Widget>,
    /// Requests in flight per client (`max_client_requests`).
    pub in_flight: client::InFlight,
    /// Drawn pages, by path and language.
    pub pages: page_cache::PageCache,
    /// Tells shared caches what a write changed.
    pub purger: purge::Purger,
    /// What `/metrics` shows.
    pub metrics: metrics::Metrics,
    /// Live updates for this instance's open streams (`live.rs`).
    pub live_hub: live::Hub,
}

/// The site and what depends only on it, swapped as one when the content changes.
struct Live {
    site: Arc<Site>,
    /// `site` serialised once per change.
    json: Arc<cache::Cached>,
    /// The newest change this server has caught up with.
    version: i64,
}

impl Live {
    fn new(site: Site, version: i64) -> Result<Live, error::AppError> {
        Ok(Live {
            json: respond::to_cached(&site)?,
            site: Arc::new(site),
            version,
        })
    }
}

impl AppState {
    pub fn site(&self) -> Arc<Site> {
        self.live.load().site.clone()
    }

    pub fn site_json(&self) -> Arc<cache::Cached> {
        self.live.load().json.clone()
    }

    /// Catches up with the change log: every write noted there since the last look (by this server,
    /// another instance, the sync or an `import` run) drops what the caches hold of its keys; a change of
    /// the site tree reloads it and drops everything. One query when nothing changed. Returns whether
    /// something had.
    pub async fn catch_up(&self) -> Result<bool, error::AppError> {
        let last = self.live.load().version;
        // On PostgreSQL numbers are handed out before commit, so a note may appear after a higher one:
        // the last few are read again, and the ones already applied skipped.
        let notes: Vec<(i64, keys::Keys)> = self
            .store
            .changes_after(last - CHANGE_LOOKBACK)
            .await?
            .into_iter()
            .filter(|(seq, _)| {
                self.applied
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(*seq)
            })
            .collect();
        let Some(newest) = notes.iter().map(|(seq, _)| *seq).max() else {
            return Ok(false);
        };
        {
            // Only the last few numbers are needed to recognise a late note.
            let mut applied = self.applied.lock().unwrap_or_else(|e| e.into_inner());
            let floor = newest.max(last) - 2 * CHANGE_LOOKBACK;
            applied.retain(|seq| *seq > floor);
        }
        if notes.iter().any(|(_, k)| k.is_site()) {
            let site = load_site(&self.store).await?;
            self.live
                .store(Arc::new(Live::new(site, newest.max(last))?));
            self.cache.clear();
            self.widgets.clear();
            self.pages.clear();
            return Ok(true);
        }
        for (_, keys) in &notes {
            self.cache.purge(keys);
            self.widgets.purge(keys);
            self.pages.purge(keys);
        }
        let live = self.live.load();
        if newest > live.version {
            self.live.store(Arc::new(Live {
                site: live.site.clone(),
                json: live.json.clone(),
                version: newest,
            }));
        }
        Ok(true)
    }

    /// After a write this server made (noted in the change log with `keys`): its own caches catch up at
    /// once, and the shared caches are told.
    pub async fn wrote(&self, keys: &keys::Keys) -> Result<(), error::AppError> {
        self.catch_up().await?;
        self.purger.purge(keys);
        Ok(())
    }

    /// After a content change this server made.
    pub async fn published(
        &self,
        applied: &store::Applied,
        site_changed: bool,
    ) -> Result<(), error::AppError> {
        match applied.keys(site_changed) {
            Some(keys) => self.wrote(&keys).await,
            None => Ok(()),
        }
    }
}

/// How many change numbers are read again in case a note committed late (PostgreSQL).
const CHANGE_LOOKBACK: i64 = 64;

async fn load_site(store: &Store) -> Result<Site, error::AppError> {
    let raw = store.meta(store::rows::SITE).await?.unwrap_or_default();
    serde_json::from_str::<Site>(&raw)
        .map_err(|e| error::AppError::Internal(format!("stored site is unreadable: {e}")))
}

pub type State = Arc<AppState>;

pub type StartError = Box<dyn std::error::Error + Send + Sync>;

/// A running server; `shutdown` stops accepting, finishes in-flight requests (until the shutdown deadline),
/// writes the counted views and returns.
pub struct ServerHandle {
    state: State,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    maintenance: maintenance::Handle,
    sync: Option<sources::wordpress::Handle>,
    live: live::Handle,
}

impl ServerHandle {
    /// What the handlers share (its store, caches and live site), for tests and tools in the process.
    pub fn state(&self) -> State {
        self.state.clone()
    }

    pub async fn shutdown(mut self) -> std::io::Result<()> {
        // Open live streams never end by themselves: they end now, so shutdown does not wait on them.
        self.state.live_hub.close();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = self.task.await.map_err(std::io::Error::other)?;
        self.live.stop().await;
        if let Some(sync) = self.sync {
            sync.stop().await;
        }
        self.maintenance.stop().await;
        served
    }
}

/// Where `config` keeps the content.
pub fn database(config: &Config) -> Database {
    match &config.database {
        Some(url) => Database::Postgres(url.clone()),
        None => Database::Sqlite(config.data_dir.clone()),
    }
}

/// The site's language when its source does not say (WordPress's REST API does not).
const DEFAULT_LANGUAGE: &str = "zh-CN";

/// Opens the database and fills it on first start: from WordPress when one is followed (the first full
/// sync, before anything is served), else from the content folder.
pub async fn open_store(
    config: &Config,
    sync: Option<&sources::wordpress::Status>,
) -> Result<Store, StartError> {
    let store = Store::open(&database(config), config.readers).await?;
    if let (Some(wp), Some(status)) = (config.wordpress(), sync) {
        if sources::wordpress::never_synced(&store).await {
            sources::wordpress::first_sync(&store, &wp, DEFAULT_LANGUAGE, status).await?;
        }
        return Ok(store);
    }
    let content_dir = config.content_dir.clone();
    let from = content_dir.display().to_string();
    if let Some(n) = store
        .import_if_empty(move || sources::import::load(&content_dir))
        .await?
    {
        tracing::info!(articles = n, "imported {from}");
    }
    Ok(store)
}

/// Starts the server; binds `config.bind` (port 0 picks a free port) and returns the bound address.
pub async fn start(config: Config) -> Result<(SocketAddr, ServerHandle), StartError> {
    let sync = config
        .wordpress
        .as_deref()
        .map(|url| Arc::new(sources::wordpress::Status::new(url)));
    let store = open_store(&config, sync.as_deref()).await?;
    let secret = Cursors::random_secret().map_err(|e| format!("no randomness: {e}"))?;
    let cursors = Cursors::new(store.meta_or_insert("cursor_secret", &secret).await?);
    let version = store.content_version().await?;
    let live = Live::new(load_site(&store).await?, version)?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let bound = listener.local_addr()?;
    let metrics = metrics::Metrics::new(store.wait());
    let state = Arc::new(AppState {
        store,
        // What the state was just read at includes every change so far.
        applied: std::sync::Mutex::new((version - CHANGE_LOOKBACK..=version).collect()),
        live: ArcSwap::from_pointee(live),
        cursors,
        limiter: Arc::new(RateLimiter::new(config.rate_limit_per_minute)),
        report_limiter: RateLimiter::new(config.rate_limit_per_minute),
        auth_failures: RateLimiter::new(auth::FAILURES_PER_MINUTE),
        login_clients: RateLimiter::new(desk::login::ATTEMPTS_PER_MINUTE),
        login_accounts: RateLimiter::new(desk::login::ATTEMPTS_PER_MINUTE),
        sync,
        views: Views::default(),
        cache: ReadCache::new(config.cache_ttl).counted(metrics.cache_stats("answers")),
        widgets: ReadCache::new(config.cache_ttl).counted(metrics.cache_stats("widgets")),
        pages: page_cache::PageCache::new(config.cache_ttl).counted(metrics.cache_stats("pages")),
        in_flight: client::InFlight::default(),
        purger: purge::Purger::new(config.purge_urls.clone()),
        metrics,
        live_hub: live::Hub::new(
            live::stream_cap(config.max_live_streams, config.max_connections),
            config.max_client_live_streams,
        ),
        config,
        bound,
    });
    let maintenance = maintenance::start(state.clone());
    let live = live::start(state.clone());
    let sync = match (state.config.wordpress(), &state.sync) {
        (Some(settings), Some(status)) => Some(sources::wordpress::start(
            state.clone(),
            settings,
            status.clone(),
        )),
        _ => None,
    };
    let handle_state = state.clone();
    let limits = serve::Limits {
        header_timeout: state.config.header_timeout,
        max_connections: state.config.max_connections,
        max_client_connections: state.config.max_client_connections,
        trusted_proxies: state.config.trusted_proxies.clone(),
        write_timeout: state.config.write_timeout,
        shutdown_timeout: state.config.shutdown_timeout,
    };
    let app = router(state);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve::run(listener, app, limits, stopped));
    Ok((
        bound,
        ServerHandle {
            state: handle_state,
            stop: Some(stop),
            task,
            maintenance,
            sync,
            live,
        },
    ))
}

pub fn router(state: State) -> axum::Router {
    let body_timeout = state.config.body_timeout;
    let max_in_flight = state.config.max_in_flight.max(1);
    let policy = std::sync::Arc::new(security::Policy::for_dist(
        &state.config.dist_dir,
        state.config.public_url.as_deref(),
        &state.config.embed_origins,
        &state.config.media_origins(),
    ));
    axum::Router::new()
        .nest(model::paths::PREFIX, api::router())
        .route("/healthz", axum::routing::get(health))
        .route("/metrics", axum::routing::get(metrics::handler))
        .merge(desk::router())
        .merge(feeds::router())
        .merge(web::media_router(&state.config.content_dir))
        .fallback(web::fallback)
        .with_state(state.clone())
        .layer(middleware::from_fn(json_errors))
        // A body that stops arriving fails its extractor (a 4xx), so a slow sender cannot hold a handler.
        .layer(RequestBodyTimeoutLayer::new(body_timeout))
        .layer(CompressionLayer::new())
        .layer(middleware::map_response(respond::etag_per_encoding))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                api_error_response(&ApiError::new(
                    ErrorCode::Internal,
                    "服务器出错了 (internal server error)",
                ))
            },
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client::per_client,
        ))
        // Past `max_in_flight` requests the rest are refused at once (503), not queued behind them.
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(
                    |_: tower::BoxError| async { overloaded() },
                ))
                .load_shed()
                // One count for every route (a plain concurrency limit would count each separately).
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                    max_in_flight,
                )),
        )
        .layer(access::layer(&state.config.trusted_proxies))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        // Outermost: every response carries them, whatever answered.
        .layer(middleware::from_fn_with_state(policy, security::headers))
}

/// The answer to a request the server sheds: busy, come back in a second.
fn overloaded() -> Response {
    let mut e = ApiError::new(
        ErrorCode::Unavailable,
        "服务器繁忙,请稍后再试 (the server is busy; retry shortly)",
    );
    e.error.retry_after = Some(1);
    api_error_response(&e)
}

/// `GET /healthz`: reads the database's content version (one index lookup: load balancers ask often);
/// 200 while it answers, with the store, the query's time,
/// the content version and the WordPress sync's state (a failing sync still serves the last good
/// content: still 200); 503 when the database does not answer, so a load balancer takes this instance
/// out.
async fn health(axum::extract::State(s): axum::extract::State<State>) -> Response {
    let started = Instant::now();
    let query = s.store.content_version().await;
    let ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let (status, database) = match &query {
        Ok(_) => (
            StatusCode::OK,
            serde_json::json!({"status": "ok", "query_ms": ms}),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "healthz: the database did not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"status": "unavailable", "query_ms": ms, "error": e.to_string()}),
            )
        }
    };
    let body = serde_json::json!({
        "status": if query.is_ok() { "ok" } else { "unavailable" },
        "store": s.store.backend(),
        "database": database,
        "content_version": s.live.load().version,
        "wordpress": s.sync.as_ref().map(|w| w.report()),
    });
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Turns every non-JSON error under `/api/` (axum's rejections, 405s) into the `ApiError` shape.
async fn json_errors(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_api = path == "/api" || path.starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_api || status.as_u16() < 400 || is_json {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let (_, body) = res.into_parts();
    let code = code_for_status(status);
    let detail = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let detail = String::from_utf8_lossy(&detail).trim().to_owned();
    let message = match code {
        ErrorCode::MethodNotAllowed => "这个地址不支持该请求方法 (method not allowed)".to_owned(),
        ErrorCode::PayloadTooLarge => "请求内容太大 (request body too large)".to_owned(),
        ErrorCode::Internal => "服务器出错了 (internal server error)".to_owned(),
        _ if !detail.is_empty() => detail,
        _ => status.canonical_reason().unwrap_or("error").to_owned(),
    };
    let mut out = api_error_response(&ApiError::new(code, message));
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}

/// A plain `StatusCode` with a text body, for non-API paths.
pub fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
