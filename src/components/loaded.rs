//! The one way a part inside a page shows its load: a placeholder, a short notice if what it shows is
//! gone (404), an error box with retry, or the data. A part's failure stays inside the part: it never
//! draws the 404 page or touches the page's head (title, robots).

use crate::api::{ApiError, Decoded, Res};
use crate::components::{error_box::ErrorBox, loading::Loading};
use crate::i18n::lang_now;
use leptos::prelude::*;
use std::sync::Arc;

/// Shows a part's resource; `render` draws the decoded value.
pub fn show<T: Decoded>(
    res: Res,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    show_with::<T>(res, Arc::new(render), part_failure)
}

/// What a view draws for a failed load, given the error and the resource to retry.
pub type Failure = fn(ApiError, Res) -> AnyView;

type Render<T> = Arc<dyn Fn(T) -> AnyView + Send + Sync>;

/// The one way a load is shown, with `failure` saying how a failure looks (a part's here, a page's in
/// `pages::show`): a placeholder on the first load, `failure` on an error (also when the answer does
/// not decode as `T`), else `render(value)`.
pub fn show_with<T: Decoded>(res: Res, render: Render<T>, failure: Failure) -> impl IntoView {
    move || match res.get() {
        None => view! { <Loading/> }.into_any(),
        Some(result) => match result.and_then(|body| body.decode::<T>()) {
            Ok(v) => render(v),
            Err(e) => failure(e, res),
        },
    }
}

/// A part's failure: a short notice if what it shows is gone, else an error box with retry.
fn part_failure(error: ApiError, res: Res) -> AnyView {
    if error.is_not_found() {
        view! { <p class="empty" data-testid="part-missing">{lang_now().t().part_missing}</p> }
            .into_any()
    } else {
        view! { <ErrorBox error on_retry=move |_| res.refetch()/> }.into_any()
    }
}
