//! The end of a paged list: infinite scroll (an observer on a sentinel below the list), and what the
//! end shows — the load-more button, the error of a page that failed, or that there is no more.

use super::paging::Paging;
use crate::components::error_box::ErrorBox;
use crate::i18n::lang_now;
use leptos::prelude::*;

/// Infinite scroll: loads the next page when `sentinel` (below the list) comes near the viewport.
/// Right after a restore the page scrolls back into the list, which is not the reader reaching the
/// end; if the end is still in view once that is over, the next page loads then.
pub fn load_when_near(
    sentinel: NodeRef<leptos::html::Div>,
    paging: Paging,
    load_more: Callback<()>,
) {
    let near = StoredValue::new(false);
    let wanted = move || {
        let failed = paging
            .error
            .try_with_untracked(Option::is_some)
            .unwrap_or(true);
        near.try_get_value() == Some(true)
            && crate::browser::now_ms() > paging.quiet_until
            && !failed
    };
    if paging.restored {
        if let Ok(handle) = set_timeout_with_handle(
            move || {
                if wanted() {
                    let _ = load_more.try_run(());
                }
            },
            std::time::Duration::from_millis(1600),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        crate::browser::on_intersect(&el, "300px", move |intersecting| {
            near.try_set_value(intersecting);
            if wanted() {
                let _ = load_more.try_run(());
            }
        });
    });
}

/// What the list's end shows: the failed page's error (with retry), the load-more button while there
/// is a next page, else that there is no more.
#[component]
pub fn ListEnd(paging: Paging, load_more: Callback<()>) -> impl IntoView {
    let t = lang_now().t();
    let Paging {
        items,
        next,
        loading,
        error,
        ..
    } = paging;
    move || {
        if let Some(e) = error.get() {
            view! { <ErrorBox error=e on_retry=move |_| load_more.run(())/> }.into_any()
        } else if next.with(|n| n.is_some()) {
            view! {
                <button
                    type="button"
                    class="btn load-more"
                    data-testid="load-more"
                    disabled=move || loading.get()
                    aria-busy=move || loading.get().then_some("true")
                    on:click=move |_| load_more.run(())
                >
                    {move || if loading.get() { t.loading } else { t.load_more }}
                </button>
            }
            .into_any()
        } else if items.with(|v| !v.is_empty()) {
            view! { <p class="end">{t.no_more}</p> }.into_any()
        } else {
            ().into_any()
        }
    }
}
