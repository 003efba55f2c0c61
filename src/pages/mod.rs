//! One file per route.

pub mod article;
pub mod channel;
pub mod home;
pub mod place;

use crate::api::ApiError;
use crate::components::{error_box::ErrorBox, not_found::NotFound};
use leptos::prelude::*;

/// The view for a failed load: the 404 page for an API 404, else an error box whose button retries.
pub fn failure(e: ApiError, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    if e.is_not_found() {
        view! { <NotFound/> }.into_any()
    } else {
        view! { <ErrorBox error=e on_retry=move |_| retry()/> }.into_any()
    }
}

/// An error for a route parameter that cannot name anything (e.g. `/a/abc`): shown as the 404 page.
pub fn not_found_error() -> ApiError {
    ApiError::Http {
        status: 404,
        error: None,
    }
}
