//! The one HTTP exchange of the app, over gloo-net: a timeout, cancellation by an abort signal, and the
//! `Retry-After` header carried into the typed error.

use super::{clip, ApiError};
use gloo_net::http::{Method, RequestBuilder};

/// A request that has not been answered by then is given up: the reader gets a timeout with a retry.
pub const TIMEOUT_MS: u32 = 15_000;

/// A finished exchange: status, body text and the seconds `Retry-After` asked for (if any).
pub(super) struct Answer {
    pub status: u16,
    pub text: String,
    pub retry_after: Option<u64>,
}

/// Sends one request. `signal` cancels it (the page or part that wanted it went away); after
/// [`TIMEOUT_MS`] it is aborted and answered with [`ApiError::Timeout`].
pub(super) async fn exchange(
    method: Method,
    url: &str,
    json_body: Option<String>,
    headers: &[(&str, &str)],
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Answer, ApiError> {
    let timeout = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
    let either = match signal {
        Some(s) => web_sys::AbortSignal::any(&js_sys::Array::of2(s, &timeout).into()),
        None => timeout.clone(),
    };
    let failed = |e: gloo_net::Error| {
        if signal.is_some_and(|s| s.aborted()) {
            ApiError::Aborted
        } else if timeout.aborted() {
            ApiError::Timeout
        } else {
            ApiError::Network(clip(&e.to_string(), 200))
        }
    };
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .header("Accept", "application/json")
        .abort_signal(Some(&either));
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match json_body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(failed)?,
        None => builder.build().map_err(failed)?,
    };
    let response = request.send().await.map_err(failed)?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    let text = response.text().await.map_err(failed)?;
    Ok(Answer {
        status,
        text,
        retry_after,
    })
}
