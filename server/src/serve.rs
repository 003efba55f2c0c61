//! The accept loop: HTTP/1.1 connections with a header-read timeout (which also ends idle keep-alive
//! connections), a write timeout (a reader that stops reading, or reads a wasm file a byte at a time,
//! loses its connection), a cap on open connections and another per client (so one client cannot hold
//! every slot; not for trusted proxies, which carry many clients and cap them themselves), and graceful
//! shutdown with a deadline.
//!
//! `axum::serve` has none of these knobs: a half-sent request or an idle keep-alive connection stayed
//! open for ever and shutdown waited for them.

use crate::client::{trusted, Reader};
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use ipnet::IpNet;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};
use tokio::task::JoinSet;

pub struct Limits {
    /// hyper starts this clock whenever it waits for a request head: on a new connection and after each
    /// response on a keep-alive one, so it bounds both a slow sender and an idle connection.
    pub header_timeout: Duration,
    pub max_connections: usize,
    /// Open connections one client (an address; an IPv6 /64) may have; trusted proxies are not capped.
    pub max_client_connections: usize,
    pub trusted_proxies: Vec<IpNet>,
    /// How long a write may make no progress before the connection is closed.
    pub write_timeout: Duration,
    pub shutdown_timeout: Duration,
}

/// What a client over its cap is told before its connection is closed (it has sent nothing yet).
const TOO_MANY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// Open connections per client; a connection's entry goes when it ends.
#[derive(Default)]
struct PerClient(Mutex<HashMap<Reader, usize>>);

impl PerClient {
    /// Counts a connection of `client` unless it has `cap` open already.
    fn enter(&self, client: Reader, cap: usize) -> bool {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(client).or_default();
        if *n >= cap {
            return false;
        }
        *n += 1;
        true
    }

    fn leave(&self, client: Reader) {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = m.get_mut(&client) {
            *n -= 1;
            if *n == 0 {
                m.remove(&client);
            }
        }
    }
}

/// Serves `app` on `listener` until `stop` fires, then drains the open connections for at most
/// `shutdown_timeout` and closes whatever is left.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_client = Arc::new(PerClient::default());
    let graceful = GracefulShutdown::new();
    let mut conns = JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(stop);
    loop {
        // Finished connections leave the set without waiting for anyone to ask.
        while conns.try_join_next().is_some() {}
        // Past the cap, connections wait in the kernel's listen queue rather than in memory here.
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, a connection reset before accept: pause, go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let client = (!trusted(peer.ip(), &limits.trusted_proxies)).then(|| Reader::of(peer.ip()));
        if let Some(c) = client {
            if !per_client.enter(c, limits.max_client_connections.max(1)) {
                tracing::debug!(%peer, "client over its connection cap");
                let _ = stream.try_write(TOO_MANY);
                continue;
            }
        }
        let mut io = tokio_io_timeout::TimeoutStream::new(stream);
        io.set_write_timeout(Some(limits.write_timeout));
        let svc = tower::ServiceExt::map_request(
            app.clone(),
            move |mut req: axum::http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            },
        );
        let conn = http.serve_connection(TokioIo::new(Box::pin(io)), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn);
        let per_client = per_client.clone();
        conns.spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
            if let Some(c) = client {
                per_client.leave(c);
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.shutdown_timeout) => {
            tracing::warn!(open = conns.len(), "shutdown deadline passed; closing the open connections");
        }
    }
    conns.abort_all();
    while conns.join_next().await.is_some() {}
    Ok(())
}
