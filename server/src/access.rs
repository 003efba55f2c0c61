//! The access log on tower-http's `TraceLayer`: one line per request at `info` under the target
//! `difang::access` (`--log-level info,difang::access=warn` silences it), e.g.
//! `INFO request{method=GET path=/api/v1/site client=203.0.113.9}: 200 0.4ms`.
//!
//! The request's span carries the method, the path (never the query: searches stay out of logs) and
//! the client (the proxy-aware address of `client.rs`), so lines logged while a request is handled carry
//! them too; the line itself is the status and the time to the response's head. Nothing else is logged by
//! the layer (no start, end-of-stream or failure lines: a 5xx is already a line with its status).

use crate::client::client_ip;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};

pub const TARGET: &str = "difang::access";

/// Makes each request's span (none when the access log is off, so nothing is computed for it).
#[derive(Clone)]
pub struct RequestSpan {
    trusted_proxies: Arc<[IpNet]>,
}

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &Request<B>) -> tracing::Span {
        if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
            return tracing::Span::none();
        }
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        let client = client_ip(peer, req.headers(), &self.trusted_proxies);
        tracing::info_span!(
            target: TARGET,
            "request",
            method = %req.method(),
            path = %req.uri().path(),
            %client,
        )
    }
}

/// Writes the line: status and milliseconds, inside the request's span.
#[derive(Clone, Copy)]
pub struct Line;

impl<B> OnResponse<B> for Line {
    fn on_response(self, res: &Response<B>, latency: Duration, _span: &tracing::Span) {
        let ms = latency.as_secs_f64() * 1000.0;
        tracing::info!(target: TARGET, "{} {ms:.1}ms", res.status().as_u16());
    }
}

pub type Layer =
    TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), Line, (), (), ()>;

/// The layer, believing `X-Forwarded-For` from `trusted_proxies` only (as the rate limits do).
pub fn layer(trusted_proxies: &[IpNet]) -> Layer {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan {
            trusted_proxies: trusted_proxies.into(),
        })
        .on_request(())
        .on_response(Line)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use std::sync::Mutex;
    use tower::ServiceExt;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What the layer logs for GET `uri` from 10.0.0.1 (a trusted proxy) for 203.0.113.9, under `filter`.
    fn log(filter: &str, uri: &str) -> String {
        let buf = Buffer::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_target(false)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let app = axum::Router::new()
            .route(
                "/x",
                axum::routing::get(|| async {
                    tracing::warn!("inside");
                    "ok"
                }),
            )
            .layer(layer(&["10.0.0.0/8".parse().unwrap()]));
        let mut req = Request::get(uri)
            .header("x-forwarded-for", "198.51.100.1, 203.0.113.9")
            .body(Body::empty())
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 5000))));
        tracing::subscriber::with_default(subscriber, || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            rt.block_on(app.oneshot(req)).unwrap();
        });
        let out = buf.0.lock().unwrap().clone();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_request_with_its_method_path_client_status_and_time() {
        let out = log("info", "/x?q=secret");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        let span = "request{method=GET path=/x client=203.0.113.9}: ";
        assert!(lines[0].contains(&format!("WARN {span}inside")), "{out}");
        let line = lines[1].split_once(&format!("INFO {span}200 ")).unwrap().1;
        assert!(
            line.strip_suffix("ms").unwrap().parse::<f64>().is_ok(),
            "{out}"
        );
        assert!(!out.contains("secret"), "no query in the log: {out}");
        let out = log("info", "/nowhere");
        assert!(
            out.contains("path=/nowhere client=203.0.113.9}: 404 "),
            "{out}"
        );
    }

    #[test]
    fn silenced_by_its_target() {
        let out = log("info,difang::access=warn", "/x");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("WARN inside"), "{out}");
    }
}
