//! 图文看点: image cards; entries without an image show their title on a plain tile (no broken box).

use super::WidgetSection;
use crate::components::img::Img;
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

#[component]
pub fn PictureHighlights(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::PictureHighlights empty>
            <ul class="pic-grid">
                {items
                    .into_iter()
                    .map(|i| {
                        let has_img = i.image.is_some();
                        view! {
                            <li class="pic" class:no-img=!has_img>
                                <a href=crate::routes::article(i.id) rel="noopener">
                                    {i.image.map(|image| view! { <Img image/> })}
                                    <span class="pic-title">{i.title}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </WidgetSection>
    }
}
