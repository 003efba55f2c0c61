//! The typed API client: one fetch helper (cancellable, cached) and one error type for every request.

mod cache;
pub mod comments;

use leptos::prelude::*;
use model::{paths, ArticleSummary, Page};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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
}

impl Body {
    /// Decodes the answer; on a shape the app does not expect, forgets it so a retry fetches again.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        decode_response(200, &self.text).inspect_err(|_| cache::forget(&self.url))
    }
}

/// What every page resource holds.
pub type Fetched = Result<Body, ApiError>;

/// A GET whose answer views read reactively: `None` while it loads. Its request is aborted when the
/// reactive owner that made it is cleaned up (the page was left). An answer already in the cache is
/// there at once, so a page the reader comes back to draws in one go.
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
        self.state.set(None);
        match self.owner.get_value() {
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
            let body = result.map(|text| Body {
                url: key,
                text: text.into(),
            });
            self.state.try_set(Some(body));
        };
        if let Some(text) = cached_text(&url) {
            return done(Ok(text));
        }
        let signal = abort_on_cleanup();
        leptos::task::spawn_local(async move {
            match get_text_with(&url, signal.as_ref()).await {
                // The page went away: nobody is left to show anything.
                Err(ApiError::Aborted) => {}
                result => done(result),
            }
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

/// An abort signal for a request, aborted when the current reactive owner (if any) is cleaned up.
fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    if Owner::current().is_some() {
        let controller = send_wrapper::SendWrapper::new(controller);
        on_cleanup(move || controller.abort());
    }
    Some(signal)
}

/// GETs `url` and decodes its JSON (for one-off requests such as the next page of a list).
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let text = get_text(url).await?;
    decode_response(200, &text).inspect_err(|_| cache::forget(url))
}

/// GETs `url` and returns its body if the answer is 2xx JSON. Answers from the last few minutes come
/// from memory (instant back and forward); otherwise the request is aborted when the reactive owner that
/// started it is cleaned up (the page was left or the resource re-ran).
pub async fn get_text(url: &str) -> Result<String, ApiError> {
    get_text_with(url, abort_on_cleanup().as_ref()).await
}

/// `get_text` aborted by `signal` rather than by the current owner's cleanup.
pub async fn get_text_with(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<String, ApiError> {
    if let Some(text) = cached_text(url) {
        return Ok(text);
    }
    let (status, text) = exchange("GET", url, None, &[], signal).await.map_err(|e| {
        if signal.is_some_and(|s| s.aborted()) {
            ApiError::Aborted
        } else {
            e
        }
    })?;
    // Not JSON at all (an HTML error page from a proxy, a cut-off body): an error, and never cached.
    decode_response::<serde::de::IgnoredAny>(status, &text)?;
    cache::store(url, text.clone());
    Ok(text)
}

/// Sends a request that must not come from the cache (a POST, or a GET of something just changed) and
/// decodes its answer with the same `decode_response` as `get_json`. Never aborted on cleanup: a post
/// that reached the server must still be able to report back.
pub async fn send_json<T: DeserializeOwned>(
    method: &str,
    url: &str,
    json_body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    let (status, text) = exchange(method, url, json_body, headers, None).await?;
    decode_response(status, &text)
}

/// One HTTP exchange over `fetch`: the status and the body text, or a network error.
async fn exchange(
    method: &str,
    url: &str,
    json_body: Option<String>,
    headers: &[(&str, &str)],
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String), ApiError> {
    let network = |e: JsValue| {
        let text = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "fetch failed".into());
        ApiError::Network(clip(&text, 200))
    };
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(signal);
    let header_map = web_sys::Headers::new().map_err(network)?;
    header_map
        .set("Accept", "application/json")
        .map_err(network)?;
    for (name, value) in headers {
        header_map.set(name, value).map_err(network)?;
    }
    if let Some(body) = json_body {
        header_map
            .set("Content-Type", "application/json")
            .map_err(network)?;
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&header_map);
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(network)?
        .unchecked_into();
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .unwrap_or_default();
    Ok((status, text))
}

pub async fn channel_articles(
    channel: &str,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> Result<Page<ArticleSummary>, ApiError> {
    get_json(&paths::channel_articles(channel, cursor, limit)).await
}
