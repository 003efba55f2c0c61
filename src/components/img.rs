//! An API image: lazy, async-decoded, with its intrinsic size so its box is reserved (no layout shift).

use leptos::prelude::*;
use model::Image;

#[component]
pub fn Img(image: Image, #[prop(optional)] eager: bool) -> impl IntoView {
    // A zero size would collapse the box; CSS `aspect-ratio` falls back to 16/9 then.
    let w = image.width.max(1);
    let h = image.height.max(1);
    let ratio = format!("aspect-ratio:{w}/{h}");
    view! {
        <img
            src=image.url.as_str().to_owned()
            alt=image.alt
            width=w
            height=h
            style=ratio
            loading=if eager { "eager" } else { "lazy" }
            decoding="async"
        />
    }
}
