//! One file per route, and the one way a page shows a load: loading, 404, error with retry, or the data.

pub mod article;
pub mod channel;
pub mod home;
pub mod place;

use crate::api::{ApiError, Res};
use crate::components::{error_box::ErrorBox, loading::Loading, not_found::NotFound};
use crate::lazy::split_point;
use crate::routes::Route;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::sync::Arc;

// The article page is in the main module (it is the page most readers land on); the others load with
// their route.
split_point!(home: fn home_part() { view! { <home::HomePage/> }.into_any() });
split_point!(channel: fn channel_part(slug: String) { view! { <channel::ChannelPage slug/> }.into_any() });
split_point!(place: fn place_part(slug: String) { view! { <place::PlacePage slug/> }.into_any() });
// The same chunks, loaded without drawing anything: the router loads a page's code before leaving the
// page drawn now.
split_point!(home: fn home_code() { ().into_any() });
split_point!(channel: fn channel_code() { ().into_any() });
split_point!(place: fn place_code() { ().into_any() });

/// Loads the code of `route`'s page if it is in a chunk of its own; a failure is shown by the page.
pub async fn load_code(route: &Route) {
    let _ = match route {
        Route::Home => home_code().await,
        Route::Channel(_) => channel_code().await,
        Route::Place(_) => place_code().await,
        Route::Article(_) | Route::NotFound => return,
    };
}

/// The view for a failed load: the 404 page for an API 404, else an error box whose button retries.
pub fn failure(e: ApiError, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    if e.is_not_found() {
        view! { <NotFound/> }.into_any()
    } else {
        view! { <ErrorBox error=e on_retry=move |_| retry()/> }.into_any()
    }
}

/// Shows a resource: a placeholder on the first load, the 404 page or an error box on failure (also when
/// the answer does not decode as `T`), else `render(value)`.
pub fn show<T: DeserializeOwned + 'static>(
    res: Res,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    show_boxed::<T>(res, Arc::new(render))
}

type Render<T> = Arc<dyn Fn(T) -> AnyView + Send + Sync>;

fn show_boxed<T: DeserializeOwned + 'static>(res: Res, render: Render<T>) -> impl IntoView {
    move || match res.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => failure(e, move || res.refetch()),
        Some(Ok(body)) => match body.decode::<T>() {
            Ok(v) => render(v),
            Err(e) => failure(e, move || res.refetch()),
        },
    }
}
