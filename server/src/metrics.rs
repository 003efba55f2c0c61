//! `/metrics` for Prometheus (prometheus-client, OpenMetrics text): requests and their latency by
//! route, the time requests wait for a database connection, cache hits and misses, comments pending.
//! Only `--metrics-allow` clients get it; anyone else gets the 404 of a path that is not there.

use crate::cache::CacheStats;
use crate::client::client_ip;
use crate::State;
use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    /// The status class (`2xx` … `5xx`): a handful of series per route, not one per status.
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    cache: &'static str,
    result: &'static str,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 100 µs to about 3 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 16))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    cache: Family<CacheLabels, Counter>,
    pending: Gauge,
    live_streams: Gauge,
}

impl Metrics {
    /// A registry with the store's connection wait in it.
    pub fn new(db_wait: Histogram) -> Metrics {
        let mut registry = Registry::with_prefix("difang");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route, method and status class",
            requests.clone(),
        );
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer's headers, by route",
            latency.clone(),
        );
        registry.register(
            "db_wait_seconds",
            "Time a request waited for a database connection",
            db_wait,
        );
        let cache = Family::<CacheLabels, Counter>::default();
        registry.register(
            "cache_lookups",
            "Lookups in the server's caches: hit (answered from memory) or miss (built)",
            cache.clone(),
        );
        let pending = Gauge::default();
        registry.register(
            "comments_pending",
            "Comments waiting for a moderator",
            pending.clone(),
        );
        let live_streams = Gauge::default();
        registry.register(
            "live_streams",
            "Live-update streams (SSE) this instance holds open",
            live_streams.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            cache,
            pending,
            live_streams,
        }
    }

    /// The counters a cache named `cache` counts its lookups into.
    pub fn cache_stats(&self, cache: &'static str) -> CacheStats {
        let counter = |result| {
            self.cache
                .get_or_create(&CacheLabels { cache, result })
                .clone()
        };
        CacheStats {
            hits: counter("hit"),
            misses: counter("miss"),
        }
    }

    fn observe(&self, route: String, method: &str, status: StatusCode, seconds: f64) {
        let class = match status.as_u16() {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method: method.to_owned(),
                status: class,
            })
            .inc();
    }

    fn render(&self, pending: i64) -> Result<String, std::fmt::Error> {
        self.pending.set(pending);
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// Middleware: counts and times every request under its route's pattern (`/api/v1/articles/{id}`),
/// never its raw path (one series per article would grow without bound); pages and files are `page`.
pub async fn record(
    axum::extract::State(s): axum::extract::State<State>,
    req: Request,
    next: Next,
) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "page".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().clone();
    let started = Instant::now();
    let res = next.run(req).await;
    s.metrics.observe(
        route,
        method.as_str(),
        res.status(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// True if the client may read the metrics: its address (the forwarded one behind trusted proxies),
/// unmasked, is in one of the allowed networks.
fn allowed(s: &State, peer: IpAddr, headers: &HeaderMap) -> bool {
    let ip = client_ip(peer, headers, &s.config.trusted_proxies);
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    s.config.metrics_allow.iter().any(|n| n.contains(&ip))
}

/// `GET /metrics`.
pub async fn handler(
    axum::extract::State(s): axum::extract::State<State>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !allowed(&s, peer.ip(), &headers) {
        return crate::plain(StatusCode::NOT_FOUND, "not found");
    }
    let pending = match s.store.pending_comments().await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the database did not answer");
            return crate::plain(StatusCode::SERVICE_UNAVAILABLE, "database unavailable");
        }
    };
    s.metrics
        .live_streams
        .set(i64::try_from(s.live_hub.open_streams()).unwrap_or(i64::MAX));
    match s.metrics.render(pending) {
        Ok(body) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(_) => crate::plain(StatusCode::INTERNAL_SERVER_ERROR, "metrics unavailable"),
    }
}
