//! The typed API client: one fetch helper (cancellable, cached) and one error type for every request.

mod cache;
pub mod comments;

use model::{paths, Article, ArticleId, ArticleSummary, Page, Site, WidgetKind, WidgetSet};
use serde::de::DeserializeOwned;

pub use cache::{cached_text, clear_cache};

/// Everything that can go wrong with a request; pages show it with a retry button.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, refused, DNS, CORS).
    Network(String),
    /// The server answered with a non-2xx status; `error` is its JSON error body when it sent one.
    Http {
        status: u16,
        error: Option<model::ApiError>,
    },
    /// A 2xx answer that is not the JSON we expect (HTML from a proxy, truncated or malformed JSON).
    Decode(String),
    /// The page that asked for it went away (navigation), so the request was cancelled.
    Aborted,
}

impl ApiError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Http { status: 404, .. })
    }

    /// A short technical detail for the error box (the reader-facing sentence comes from i18n).
    pub fn detail(&self) -> String {
        match self {
            ApiError::Network(_) => "network".into(),
            ApiError::Http {
                status,
                error: Some(e),
            } => format!("HTTP {status}: {}", clip(&e.error.message, 200)),
            ApiError::Http {
                status,
                error: None,
            } => format!("HTTP {status}"),
            ApiError::Decode(_) => "bad response".into(),
            ApiError::Aborted => "aborted".into(),
        }
    }
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Maps a finished response (status and body text) to a value or a typed error. Pure, so it is tested.
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        let error = serde_json::from_str::<model::ApiError>(body).ok();
        return Err(ApiError::Http { status, error });
    }
    serde_json::from_str(body).map_err(|e| ApiError::Decode(clip(&e.to_string(), 200)))
}

/// GETs `url` and decodes its JSON. Answers from the last few minutes come from memory (instant back and
/// forward); otherwise the request is aborted when the reactive owner that started it is cleaned up
/// (the page was left or the resource re-ran).
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    if let Some(text) = cached_text(url) {
        if let Ok(v) = serde_json::from_str(&text) {
            return Ok(v);
        }
    }
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    if leptos::prelude::Owner::current().is_some() {
        let controller = send_wrapper::SendWrapper::new(controller);
        leptos::prelude::on_cleanup(move || {
            if let Some(c) = controller.take() {
                c.abort();
            }
        });
    }
    let aborted = || signal.as_ref().is_some_and(|s| s.aborted());
    let response = gloo_net::http::Request::get(url)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| {
            if aborted() {
                ApiError::Aborted
            } else {
                ApiError::Network(clip(&e.to_string(), 200))
            }
        })?;
    let status = response.status();
    let text = response.text().await.map_err(|e| {
        if aborted() {
            ApiError::Aborted
        } else {
            ApiError::Network(clip(&e.to_string(), 200))
        }
    })?;
    let value = decode_response(status, &text)?;
    cache::store(url, text);
    Ok(value)
}

/// Sends a prepared request (a POST, or a GET that must not come from the cache) and decodes its answer
/// with the same `decode_response` as `get_json`. Never aborted on cleanup: a post that reached the
/// server must still be able to report back.
pub async fn send_json<T: DeserializeOwned>(
    request: gloo_net::http::Request,
) -> Result<T, ApiError> {
    let network = |e: gloo_net::Error| ApiError::Network(clip(&e.to_string(), 200));
    let response = request.send().await.map_err(network)?;
    let status = response.status();
    let text = response.text().await.map_err(network)?;
    decode_response(status, &text)
}

pub async fn site() -> Result<Site, ApiError> {
    get_json(&paths::site()).await
}

pub async fn article(id: ArticleId) -> Result<Article, ApiError> {
    get_json(&paths::article(id)).await
}

pub async fn channel_articles(
    channel: &str,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> Result<Page<ArticleSummary>, ApiError> {
    get_json(&paths::channel_articles(channel, cursor, limit)).await
}

pub async fn widgets(
    kinds: &[WidgetKind],
    article: Option<ArticleId>,
    limit: Option<u32>,
) -> Result<WidgetSet, ApiError> {
    get_json(&paths::widgets(kinds, article, limit)).await
}
