//! Telling the shared caches in front of the server (Varnish, a CDN; `--purge-url`) what a write changed:
//! an HTTP `PURGE` with a `Surrogate-Key` header naming the keys (`deploy/varnish/difang.vcl` turns it
//! into xkey purges). Sent in the background, so a write never waits for a cache; retried twice; a
//! failing purger is logged once per failure streak. Sent twice: at once, and again once every instance
//! has read the change log (`maintenance::CHANGES_EVERY`), since a cache that asked another instance in
//! between may have been given that instance's copy from before the write.

use crate::keys::Keys;
use crate::respond::{keys_header, SURROGATE_KEY};
use axum::http::HeaderValue;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Attempts per purge request.
const ATTEMPTS: u32 = 3;
/// When the second purge goes: after every instance has caught up with the write.
const AGAIN_AFTER: Duration = Duration::from_millis(1_500);

pub struct Purger {
    urls: Vec<String>,
    http: reqwest::Client,
    failing: Arc<AtomicBool>,
}

impl Purger {
    /// A purger for these cache addresses (none: only this server's caches hear of writes).
    pub fn new(urls: Vec<String>) -> Purger {
        Purger {
            urls,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .unwrap_or_default(),
            failing: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Tells every shared cache to drop what carries one of `keys`.
    pub fn purge(&self, keys: &Keys) {
        if self.urls.is_empty() || keys.0.is_empty() {
            return;
        }
        let Some(header) = keys_header(keys) else {
            return;
        };
        for url in &self.urls {
            let (http, url, header, failing) = (
                self.http.clone(),
                url.clone(),
                header.clone(),
                self.failing.clone(),
            );
            tokio::spawn(async move {
                send(&http, &url, &header, &failing).await;
                tokio::time::sleep(AGAIN_AFTER).await;
                send(&http, &url, &header, &failing).await;
            });
        }
    }
}

/// One purge request, retried.
async fn send(http: &reqwest::Client, url: &str, header: &HeaderValue, failing: &AtomicBool) {
    let mut last = String::new();
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(200 << attempt)).await;
        }
        let sent = http
            .request(
                reqwest::Method::from_bytes(b"PURGE").expect("a method name"),
                url,
            )
            .header(SURROGATE_KEY, header.clone())
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => {
                if failing.swap(false, Ordering::Relaxed) {
                    tracing::info!(%url, "purging works again");
                }
                return;
            }
            Ok(r) => last = format!("answered {}", r.status()),
            Err(e) => last = e.to_string(),
        }
    }
    if !failing.swap(true, Ordering::Relaxed) {
        tracing::warn!(%url, error = %last, "purge failed; shared caches keep the old answers until they expire");
    }
}
