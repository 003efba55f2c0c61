//! The typed API client: one fetch helper (gloo-net, with a timeout, cancelled with its owner, cached),
//! the one loader of the app's `Resource`s (`resource`, `fetch`), and one error type for every request.

mod cache;
pub mod comments;
mod http;
mod inflight;

pub use gloo_net::http::Method;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::future::Future;
use std::sync::{Arc, Mutex};

pub use cache::{cached_text, hold_answers, seed, Answers};
pub use http::TIMEOUT_MS;

/// Everything that can go wrong with a request; pages show it with a retry button. Serializable as a
/// `Resource`'s value must be (Leptos would send it to a hydrating page; the takeover never does).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ApiError {
    /// The request never got an answer (offline, refused, DNS, CORS).
    Network(String),
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The server answered with a non-2xx status; `error` is its JSON error body when it sent one (with
    /// the `Retry-After` header's seconds in `retry_after` when the body had none).
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

    /// 410: the article was taken down.
    pub fn is_gone(&self) -> bool {
        matches!(self, ApiError::Http { status: 410, .. })
    }

    /// Seconds the server asked us to wait before trying again (429, 503).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Http { error: Some(e), .. } => e.error.retry_after,
            _ => None,
        }
    }

    /// Carries a `Retry-After` header into an HTTP error whose body did not say when to retry.
    pub fn with_retry_after(self, seconds: Option<u64>) -> ApiError {
        let (ApiError::Http { status, error }, Some(seconds)) = (&self, seconds) else {
            return self;
        };
        let mut error = error.clone().unwrap_or_else(|| {
            let code = match status {
                429 => model::ErrorCode::RateLimited,
                503 => model::ErrorCode::Unavailable,
                _ => model::ErrorCode::Other,
            };
            model::ApiError::new(code, "")
        });
        error.error.retry_after.get_or_insert(seconds);
        ApiError::Http {
            status: *status,
            error: Some(error),
        }
    }

    /// A short technical detail for the error box (the reader-facing sentence comes from i18n).
    pub fn detail(&self) -> String {
        match self {
            ApiError::Network(_) => "network".into(),
            ApiError::Timeout => "timeout".into(),
            ApiError::Http {
                status,
                error: Some(e),
            } if !e.error.message.is_empty() => {
                format!("HTTP {status}: {}", clip(&e.error.message, 200))
            }
            ApiError::Http { status, .. } => format!("HTTP {status}"),
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
        let error = crate::json::from_str::<model::ApiError>(body).ok();
        return Err(ApiError::Http { status, error });
    }
    crate::json::from_str(body).map_err(|e| ApiError::Decode(clip(&e, 200)))
}

/// A successful answer: its URL and JSON text, decoded where it is used. Every `Resource` of the app
/// holds this one type (`Fetched`), so Leptos's resource and suspense machinery is compiled once rather
/// than once per response type (measured against a type per response: all the app's wasm 29 KB
/// brotli smaller, the main module 1 KB; docs/architecture.md).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(from = "Answer", into = "Answer")]
pub struct Body {
    pub url: Arc<str>,
    pub text: Arc<str>,
    // What the text was decoded into, one value per type: every read after the first is a clone, not
    // another parse (the site's answer is read by the header, the page and its head tags).
    decoded: Arc<Mutex<Vec<Arc<dyn Any + Send + Sync>>>>,
}

/// A `Body` as Leptos would serialize it for a hydrating page (the takeover never does).
#[derive(serde::Serialize, serde::Deserialize)]
struct Answer {
    url: String,
    text: String,
}

impl From<Answer> for Body {
    fn from(a: Answer) -> Body {
        Body::new(a.url.into(), a.text.into())
    }
}

impl From<Body> for Answer {
    fn from(b: Body) -> Answer {
        Answer {
            url: b.url.to_string(),
            text: b.text.to_string(),
        }
    }
}

/// A value an answer decodes into: kept in its `Body` and handed out as clones.
pub trait Decoded: DeserializeOwned + Clone + Send + Sync + 'static {}
impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Decoded for T {}

impl Body {
    /// The answer `text` for `url`, not decoded yet.
    pub fn new(url: Arc<str>, text: Arc<str>) -> Body {
        Body {
            url,
            text,
            decoded: Arc::default(),
        }
    }

    /// Decodes the answer, once per type; on a shape the app does not expect, forgets it so a retry
    /// fetches again.
    pub fn decode<T: Decoded>(&self) -> Result<T, ApiError> {
        let kept = |d: &Vec<Arc<dyn Any + Send + Sync>>| {
            d.iter().find_map(|v| v.downcast_ref::<T>().cloned())
        };
        if let Some(value) = self.decoded.lock().ok().and_then(|d| kept(&d)) {
            return Ok(value);
        }
        let value: T = decoded(&self.url, &self.text)?;
        if let Ok(mut d) = self.decoded.lock() {
            d.push(Arc::new(value.clone()));
        }
        Ok(value)
    }
}

/// What every `Resource` of the app holds.
pub type Fetched = Result<Body, ApiError>;

/// A `Resource` that GETs `url` through [`fetch`].
pub fn resource(url: String) -> Resource<Fetched> {
    Resource::new(move || url.clone(), fetch)
}

/// A `Resource` for `url`, made (and fetched) the first time [`OnDemand::get`] is called, under the
/// owner current when this was made: parts below the fold share one request, sent when the first of
/// them is wanted.
#[derive(Clone, Copy)]
pub struct OnDemand {
    owner: StoredValue<Owner>,
    url: StoredValue<String>,
    made: StoredValue<Option<Resource<Fetched>>>,
}

impl OnDemand {
    pub fn new(url: String) -> OnDemand {
        OnDemand {
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            url: StoredValue::new(url),
            made: StoredValue::new(None),
        }
    }

    /// The resource, made now if it was not yet.
    pub fn get(self) -> Resource<Fetched> {
        self.made.get_value().unwrap_or_else(|| {
            let made = self
                .owner
                .get_value()
                .with(|| resource(self.url.get_value()));
            self.made.set_value(Some(made));
            made
        })
    }
}

/// An answer already held for `url`: its fresh body, or the failure the server inlined (taken once, by
/// the first render that asks).
fn held(url: &str) -> Option<Result<String, ApiError>> {
    if let Some(text) = cached_text(url) {
        return Some(Ok(text));
    }
    let status = cache::take_failure(url)?;
    Some(Err(ApiError::Http {
        status,
        error: None,
    }))
}

/// What a `Resource` loads `url` with. An answer already held is there at once (`held`: the resource is
/// ready in the render that makes it). Else in the browser `get_text` (shared with other requests for
/// the URL under way); when the resource is disposed with its page or part, Leptos drops this future,
/// which aborts the request unless others still wait for it (`tests/api.rs`). Rendering on the server
/// (`ssr.rs`), the URL is noted as missing and this render's wait ends as `Aborted` (the server fetches
/// it and draws again).
pub fn fetch(url: String) -> impl Future<Output = Fetched> + Send + 'static {
    let answer = async move {
        let text = match held(&url) {
            Some(answer) => answer,
            #[cfg(target_arch = "wasm32")]
            None => get_text(&url).await,
            #[cfg(not(target_arch = "wasm32"))]
            None => {
                cache::missed(&url);
                Err(ApiError::Aborted)
            }
        };
        text.map(|text| Body::new(url.into(), text.into()))
    };
    // The browser's request is not `Send`, and never leaves the page's one thread.
    #[cfg(target_arch = "wasm32")]
    let answer = send_wrapper::SendWrapper::new(answer);
    answer
}

/// `text`, the answer for `url`, decoded; on a shape the app does not expect, the answer is forgotten so
/// a retry fetches again.
fn decoded<T: DeserializeOwned>(url: &str, text: &str) -> Result<T, ApiError> {
    decode_response(200, text).inspect_err(|_| cache::forget(url))
}

/// GETs `url` and decodes its JSON (for one-off requests such as the next page of a list).
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    decoded(url, &get_text(url).await?)
}

/// GETs `url` and returns its body if the answer is 2xx JSON. Answers from the last few minutes come
/// from memory (instant back and forward); a request for the same URL under way is joined. Cancel it
/// by dropping the future (a task owned by the page: `spawn_local_scoped_with_cancellation`).
pub async fn get_text(url: &str) -> Result<String, ApiError> {
    if let Some(text) = cached_text(url) {
        return Ok(text);
    }
    inflight::get(url).await
}

/// Sends a request that must not come from the cache (a POST, or a GET of something just changed) and
/// decodes its answer with the same `decode_response` as `get_json`. Never aborted on cleanup: a post
/// that reached the server must still be able to report back.
pub async fn send_json<T: DeserializeOwned>(
    method: Method,
    url: &str,
    json_body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    let answer = http::exchange(method, url, json_body, headers, None).await?;
    decode_response(answer.status, &answer.text).map_err(|e| e.with_retry_after(answer.retry_after))
}
