//! One file per route; what a route needs before it is drawn (`prepare`) and its view (`view`); and the
//! one way a page shows its main load: loading, the 404 page, an error with retry, or the data.

pub mod article;
pub mod channel;
pub mod home;
pub mod listing;
pub mod not_found;
pub mod place;
pub mod saved;
pub mod search;

use crate::api::{self, ApiError, Fetched};
use crate::components::{error_box::ErrorBox, loaded, offline_notice::OfflineNotice};
use crate::lazy::{boxed, lazy_boxed, split_point, When};
use crate::offline;
use crate::offline::library;
use crate::routes::Route;
use crate::state::toast::Toast;
use article::ArticlePage;
use futures::FutureExt;
use leptos::prelude::*;
use model::paths;
use model::{Article, ListingKind};
use not_found::NotFound;

// The article page is in the main module (it is the page most readers land on); the others load with
// their route.
split_point!(home: fn home_part() { view! { <home::HomePage/> }.into_any() });
split_point!(channel: fn channel_part(slug: String) { view! { <channel::ChannelPage slug/> }.into_any() });
split_point!(channel: fn listing_part(kind: ListingKind, name: String) {
    view! { <listing::ListingPage kind name/> }.into_any()
});
split_point!(place: fn place_part(slug: String) { view! { <place::PlacePage slug/> }.into_any() });
split_point!(saved: fn saved_part() { view! { <saved::SavedPage/> }.into_any() });
split_point!(search: fn search_part() { view! { <search::SearchPage/> }.into_any() });
// Offline reading's code (with the frame's offline pieces, src/frame/offline.rs): the notice of a page
// that is not on this device, and saving or removing an article (then `done` says how it went).
split_point!(offline: fn offline_notice_part(retry: Callback<()>) {
    view! { <OfflineNotice on_retry=retry/> }.into_any()
});
split_point!(offline: fn save_part(article: Article, saved: RwSignal<bool>, toast: Option<Toast>) {
    let t = crate::i18n::lang_now().o();
    leptos::task::spawn_local(async move {
        let msg = match library::toggle(article).await {
            Ok(now) => {
                saved.try_set(now);
                if now { t.saved_done } else { t.unsaved_done }
            }
            Err(()) => t.save_failed,
        };
        if let Some(toast) = toast {
            toast.show(msg);
        }
    });
    ().into_any()
});
// The same chunks, loaded without drawing anything: a page's code is loaded before the page drawn now
// is left.
split_point!(home: fn home_code() { ().into_any() });
split_point!(channel: fn channel_code() { ().into_any() });
split_point!(place: fn place_code() { ().into_any() });
split_point!(saved: fn saved_code() { ().into_any() });
split_point!(search: fn search_code() { ().into_any() });

/// The page for a route.
pub fn view(route: Route) -> AnyView {
    match route {
        Route::Home => lazy_boxed("page", When::Now, boxed(home_part)).into_any(),
        Route::Channel(slug) => {
            lazy_boxed("page", When::Now, boxed(move || channel_part(slug.clone()))).into_any()
        }
        Route::Article(id) => view! { <ArticlePage id/> }.into_any(),
        Route::Place(slug) => {
            lazy_boxed("page", When::Now, boxed(move || place_part(slug.clone()))).into_any()
        }
        Route::Listing(kind, name) => lazy_boxed(
            "page",
            When::Now,
            boxed(move || listing_part(kind, name.clone())),
        )
        .into_any(),
        Route::Saved => lazy_boxed("page", When::Now, boxed(saved_part)).into_any(),
        Route::Search => lazy_boxed("page", When::Now, boxed(search_part)).into_any(),
        Route::NotFound => view! { <NotFound/> }.into_any(),
    }
}

/// Brings a route's code (its chunk) and main data into memory, so its page draws in one go. Failures
/// are left for the page to show; dropping the future cancels what only it was waiting for.
pub async fn prepare(route: Route) {
    let (code, data) = match &route {
        Route::Home => (Some(home_code().boxed_local()), Some(home::trends_url())),
        Route::Channel(slug) => (
            Some(channel_code().boxed_local()),
            Some(paths::channel_articles(slug, None, None)),
        ),
        Route::Article(id) => (None, Some(paths::article(*id))),
        Route::Place(_) => (Some(place_code().boxed_local()), None),
        Route::Listing(kind, name) => (
            Some(channel_code().boxed_local()),
            Some(listing::first_url(*kind, name)),
        ),
        Route::Saved => (Some(saved_code().boxed_local()), None),
        // Its data depends on the query, which the page reads: only its code is prepared.
        Route::Search => (Some(search_code().boxed_local()), None),
        Route::NotFound => (None, None),
    };
    let code = async move {
        if let Some(code) = code {
            let _ = code.await;
        }
    };
    let data = async move {
        if let Some(url) = data {
            let _ = api::get_text(&url).await;
        }
    };
    futures::future::join(code, data).await;
}

/// Makes the page's own part once and drops it (the hydration variant only, before `hydrate_from`): the
/// part must then be ready in the render's first pass, as the server drew it, and each split function
/// has a loader of its own (loading the chunk through `*_code` in `prepare` does not make `*_part` ready).
#[cfg(feature = "hydrate")]
pub async fn ready_for_hydration(route: Route) {
    // Effects need the executor, which `hydrate_from` would only start after this.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let part = owner.with(|| {
        // The page's view reads the app's state.
        crate::state::provide(route.clone());
        match route {
            Route::Home => Some(home_part().boxed_local()),
            Route::Channel(slug) => Some(channel_part(slug).boxed_local()),
            Route::Place(slug) => Some(place_part(slug).boxed_local()),
            Route::Listing(kind, name) => Some(listing_part(kind, name).boxed_local()),
            Route::Search => Some(search_part().boxed_local()),
            _ => None,
        }
    });
    if let Some(mut part) = part {
        let _ = std::future::poll_fn(|cx| owner.with(|| part.as_mut().poll(cx))).await;
    }
    owner.cleanup();
}

/// The view for a page whose main load failed: the 404 page for an API 404 (its 410 form for an article
/// taken down), offline the notice of a page not on this device, else an error box; their buttons
/// `retry`.
pub fn page_failure(error: ApiError, retry: Callback<()>) -> AnyView {
    if error.is_not_found() || error.is_gone() {
        view! { <NotFound gone=error.is_gone()/> }.into_any()
    } else if matches!(error, ApiError::Network(_) | ApiError::Timeout) && !offline::is_online() {
        lazy_boxed("page", When::Now, boxed(move || offline_notice_part(retry))).into_any()
    } else {
        view! { <ErrorBox error on_retry=retry/> }.into_any()
    }
}

/// A page's main `resource` under `Suspense` (`components::loaded`): the placeholder until it is there
/// (on the server, the page is drawn with it), then `render(value)`, or the page's failure, whose retry
/// loads it again.
pub fn page_of<T: api::Decoded>(
    resource: Resource<Fetched>,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    loaded::show(resource, render, page_failure)
}
