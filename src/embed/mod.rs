//! Partner embeds, a second entry point beside `app`: `/embed/{kind}` draws one widget for an iframe on a
//! partner's page (`widget.rs`; `frame.js` sizes it and follows the theme), and `/embed` is the page
//! where partners pick a widget and copy its snippet (`partner.rs`). No router: the address is read once
//! at start. The server draws the read-only widgets itself from the same views (`ssr::render_widget`),
//! so only the comment widget and the partners' page run this wasm.
//!
//! It sits at the top like `app` and reads widgets, components and the api module below it.

pub mod clip;
pub mod partner;
pub mod texts;
pub mod widget;

use crate::i18n::Lang;
use crate::lazy::{lazy_part, When};
use leptos::prelude::*;
use model::embed::Embed;

/// What the address asks for.
enum Page {
    Partner,
    Widget(Result<Embed, model::embed::EmbedError>),
}

fn page_of(path: &str, query: &str) -> Page {
    let rest = path
        .strip_prefix(model::paths::EMBED)
        .unwrap_or(path)
        .trim_matches('/');
    if rest.is_empty() {
        Page::Partner
    } else {
        Page::Widget(Embed::parse(rest, query))
    }
}

/// The widget the address asks for (`None`: the partners' page).
pub fn widget_of(path: &str, query: &str) -> Option<Result<Embed, model::embed::EmbedError>> {
    match page_of(path, query) {
        Page::Partner => None,
        Page::Widget(embed) => Some(embed),
    }
}

/// The widget's language: its `lang` parameter, else the site's.
pub fn lang_of(embed: &Result<Embed, model::embed::EmbedError>) -> Lang {
    embed
        .as_ref()
        .ok()
        .and_then(|e| Lang::from_tag(e.lang))
        .unwrap_or_default()
}

/// Starts the widget or the partner page in <body>.
pub fn mount() {
    console_error_panic_hook::set_once();
    crate::api::hold_answers();
    let Some(location) = crate::browser::window().map(|w| w.location()) else {
        return;
    };
    let path = location.pathname().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    match page_of(&path, &query) {
        Page::Partner => leptos::mount::mount_to_body(|| {
            lazy_part("embed-partner-slot", When::Now, partner::partner_page)
        }),
        Page::Widget(embed) => {
            let lang = lang_of(&embed);
            leptos::mount::mount_to_body(move || {
                provide_context(RwSignal::new(lang));
                view! { <widget::EmbedPage embed=embed.clone()/> }
            })
        }
    }
}
