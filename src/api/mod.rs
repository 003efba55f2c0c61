//! The typed API client: one fetch helper (gloo-net, with a timeout, cancelled with its owner, cached)
//! and one error type for every request.

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

/// A successful answer: its URL and JSON text, decoded where it is used. A page's resources all have
/// this one type, so the reactive machinery is compiled once rather than once per response type.
#[derive(Clone, Debug)]
pub struct Body {
    pub url: Arc<str>,
    pub text: Arc<str>,
    // What the text was decoded into, one value per type: every read after the first is a clone, not
    // another parse (the site's answer is read by the header, the page and its head tags).
    decoded: Arc<Mutex<Vec<Arc<dyn Any + Send + Sync>>>>,
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

/// What every page resource holds.
pub type Fetched = Result<Body, ApiError>;

/// A GET whose answer views read reactively: `None` while it loads. Its request belongs to the reactive
/// owner that made it and is cancelled when that owner is cleaned up (the page was left). An answer
/// already in the cache is there at once, so a page the reader comes back to draws in one go.
#[derive(Clone, Copy)]
pub struct Res {
    state: RwSignal<Option<Fetched>>,
    url: StoredValue<Option<String>>,
    owner: StoredValue<Option<Owner>>,
}

impl Res {
    /// The answer once it is there (tracked).
    pub fn get(self) -> Option<Fetched> {
        self.state.get()
    }

    /// Fetches again (the retry button), under the owner that made the resource.
    pub fn refetch(self) {
        let Some(owner) = self.owner.try_get_value() else {
            return;
        };
        self.state.set(None);
        match owner {
            Some(owner) => owner.with(|| self.load()),
            None => self.load(),
        }
    }

    fn load(self) {
        let Some(url) = self.url.get_value() else {
            self.state.set(Some(Err(ApiError::Http {
                status: 404,
                error: None,
            })));
            return;
        };
        let key: Arc<str> = url.as_str().into();
        let done = move |result: Result<String, ApiError>| {
            let body = result.map(|text| Body::new(key, text.into()));
            self.state.try_set(Some(body));
        };
        if let Some(answer) = held(&url) {
            return done(answer);
        }
        // Rendered on the server (`ssr.rs`): what it did not hand over is drawn as loading, and asked for.
        if !cfg!(target_arch = "wasm32") {
            return cache::missed(&url);
        }
        // Dropped (and the request aborted, if nobody else waits for it) when the owner is cleaned up.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            done(get_text(&url).await);
        });
    }
}

/// A resource that GETs `url` (`None`: the route names nothing, answered as a 404).
pub fn resource(url: Option<String>) -> Res {
    let res = Res {
        state: RwSignal::new(None),
        url: StoredValue::new(url),
        owner: StoredValue::new(Owner::current()),
    };
    res.load();
    res
}

/// A resource for `url`, made (and fetched) the first time the returned function is called, under the
/// owner current now: parts below the fold share one request, sent when the first of them is wanted.
pub fn on_demand(url: String) -> impl Fn() -> Res + Copy + 'static {
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let url = StoredValue::new(url);
    let made = StoredValue::new(None::<Res>);
    move || {
        made.get_value().unwrap_or_else(|| {
            let res = owner.get_value().with(|| resource(Some(url.get_value())));
            made.set_value(Some(res));
            res
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

/// What a `Resource` loads `url` with: its answer decoded as `T`. An answer already held is there at
/// once (`held`: the resource is ready in the render that makes it). Else in the browser `get_json`
/// (shared with other requests for the URL under way); when the resource is gone before the answer,
/// the answer is dropped. Rendering on the server (`ssr.rs`), the URL is noted as missing and this
/// render's wait ends as `Aborted` (the server fetches it and draws again).
pub fn fetch<T: Decoded>(
    url: String,
) -> impl Future<Output = Result<T, ApiError>> + Send + 'static {
    let answer = async move {
        if let Some(answer) = held(&url) {
            return answer.and_then(|text| decoded(&url, &text));
        }
        #[cfg(target_arch = "wasm32")]
        return get_json::<T>(&url).await;
        #[cfg(not(target_arch = "wasm32"))]
        {
            cache::missed(&url);
            Err(ApiError::Aborted)
        }
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
