//! A thin bar at the top of an article showing how far the reader has scrolled.

use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn ReadingProgress() -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    let pct = RwSignal::new(0u32);
    let update = move || {
        let Some(w) = crate::browser::window() else {
            return;
        };
        let Some(doc) = w.document().and_then(|d| d.document_element()) else {
            return;
        };
        let y = w.scroll_y().unwrap_or(0.0);
        let view_h = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let total = f64::from(doc.scroll_height()) - view_h;
        let p = if total > 0.0 {
            (y / total * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        };
        let _ = pct.try_set(p.round() as u32);
    };
    crate::browser::on_window("scroll", move |_: web_sys::Event| update());
    view! {
        <div
            class="reading-progress"
            data-testid="reading-progress"
            role="progressbar"
            aria-label=t.reading_progress
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || pct.get()
        >
            <div class="reading-progress-bar" style=move || format!("width:{}%", pct.get())></div>
        </div>
    }
}
