//! The one way a part inside a page shows its load: a placeholder, a short notice if what it shows is
//! gone (404), an error box with retry, or the data. A part's failure stays inside the part: it never
//! draws the 404 page or touches the page's head (title, robots).

use crate::api::Res;
use crate::components::{error_box::ErrorBox, loading::Loading};
use crate::i18n::lang_now;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Shows a part's resource; `render` draws the decoded value.
pub fn show<T: DeserializeOwned + 'static>(
    res: Res,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    show_boxed::<T>(res, Arc::new(render))
}

type Render<T> = Arc<dyn Fn(T) -> AnyView + Send + Sync>;

fn show_boxed<T: DeserializeOwned + 'static>(res: Res, render: Render<T>) -> impl IntoView {
    move || {
        let result = match res.get() {
            None => return view! { <Loading/> }.into_any(),
            Some(r) => r.and_then(|body| body.decode::<T>()),
        };
        match result {
            Ok(v) => render(v),
            Err(e) if e.is_not_found() => {
                view! { <p class="empty" data-testid="part-missing">{lang_now().t().part_missing}</p> }
                    .into_any()
            }
            Err(error) => view! { <ErrorBox error on_retry=move |_| res.refetch()/> }.into_any(),
        }
    }
}
