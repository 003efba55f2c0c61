//! An API image: lazy, async-decoded, with its intrinsic size so its box is reserved (no layout shift).

use leptos::prelude::*;
use model::Image;

#[component]
pub fn Img(image: Image, #[prop(optional)] eager: bool) -> impl IntoView {
    // An unknown size (0, from a CMS that did not give one) still reserves a box: 16:9.
    let (w, h) = match (image.width, image.height) {
        (w, h) if w > 0 && h > 0 => (Some(w), Some(h)),
        _ => (None, None),
    };
    let ratio = format!("aspect-ratio:{}/{}", w.unwrap_or(16), h.unwrap_or(9));
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
