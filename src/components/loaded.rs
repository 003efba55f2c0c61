//! The one way a load is shown: a `Resource` under `Suspense`, with a placeholder until it is there (on
//! the server, drawn with it), then the decoded value, or a failure whose retry loads it again. A part's
//! failure (`part_of`) stays inside the part: a short notice if what it shows is gone (404), else an error
//! box; it never draws the 404 page or touches the page's head (title, robots). A page's failure is
//! `pages::page_of`'s.

use crate::api::{ApiError, Body, Decoded, Fetched};
use crate::components::{error_box::ErrorBox, loading::Loading};
use crate::i18n::lang_now;
use leptos::prelude::*;
use std::sync::Arc;

/// How a failed load looks, given the error and its retry.
pub type Failure = fn(ApiError, Callback<()>) -> AnyView;

/// What draws a loaded answer (or says it does not decode).
type Draw = Arc<dyn Fn(&Body) -> Result<AnyView, ApiError> + Send + Sync>;

/// `resource` under `Suspense`; `render` draws its answer decoded as `T`, `failure` a failed load (also
/// one that does not decode as `T`).
pub fn show<T: Decoded>(
    resource: Resource<Fetched>,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
    failure: Failure,
) -> AnyView {
    suspended(
        resource,
        Arc::new(move |body| body.decode().map(&render)),
        failure,
    )
}

/// The one `Suspense` of every load, compiled once (its code is not generic).
fn suspended(resource: Resource<Fetched>, draw: Draw, failure: Failure) -> AnyView {
    let shown = move || {
        let draw = draw.clone();
        Suspend::new(async move {
            match resource.await.and_then(|body| draw(&body)) {
                Ok(view) => view,
                Err(error) => failure(error, Callback::new(move |_| resource.refetch())),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <Loading/> }>{shown}</Suspense> }.into_any()
}

/// A part's `resource`, drawn by `render`, its failure the part's.
pub fn part_of<T: Decoded>(
    resource: Resource<Fetched>,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    show(resource, render, part_failure)
}

/// A part's failure: a short notice if what it shows is gone, else an error box whose button `retry`s.
pub fn part_failure(error: ApiError, retry: Callback<()>) -> AnyView {
    if error.is_not_found() {
        view! { <p class="empty" data-testid="part-missing">{lang_now().t().part_missing}</p> }
            .into_any()
    } else {
        view! { <ErrorBox error on_retry=retry/> }.into_any()
    }
}
