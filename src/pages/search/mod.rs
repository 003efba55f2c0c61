//! `/search?q=&channel=&from=&to=&cursor=`: the search form and a page of results. The address carries
//! the search, so a result page is shareable, works without JavaScript (the form is a plain GET form the
//! server answers with the first screen) and comes back with back/forward.

mod form;
mod offline;
mod results;
mod texts;

use crate::components::meta::NoIndexMeta;
use crate::i18n::lang_now;
use form::SearchForm;
use leptos::prelude::*;
use leptos_router::{hooks::use_query_map, params::ParamsMap};
use model::paths;
pub use results::Results;
pub use texts::texts;

/// A search as the address states it (empty fields are absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub q: String,
    pub channel: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub cursor: Option<String>,
}

impl Wanted {
    fn of(query: &ParamsMap) -> Wanted {
        let field = |k: &str| {
            query
                .get_str(k)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Wanted {
            q: field("q").unwrap_or_default(),
            channel: field("channel"),
            from: field("from"),
            to: field("to"),
            cursor: field("cursor"),
        }
    }

    /// The content API's URL for this search.
    pub fn api_url(&self) -> String {
        paths::search(
            &self.q,
            self.channel.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            self.cursor.as_deref(),
            None,
        )
    }

    /// The page's own address for this search.
    pub fn address(&self) -> String {
        crate::routes::search(
            &self.q,
            self.channel.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            self.cursor.as_deref(),
        )
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let t = texts(lang_now());
    let query = use_query_map();
    let wanted = Memo::new(move |_| query.with(Wanted::of));
    view! {
        <div class="search-page" data-testid="search-page">
            <h1 class="page-title">{t.heading}</h1>
            {move || {
                let wanted = wanted.get();
                let title = if wanted.q.is_empty() {
                    t.heading.to_owned()
                } else {
                    t.title.replace("{q}", &wanted.q)
                };
                // Each search's results belong to this closure's run: a new search drops the old ones.
                let body = if wanted.q.is_empty() {
                    view! { <p class="muted search-hint">{t.hint}</p> }.into_any()
                } else {
                    view! { <Results wanted=wanted.clone()/> }.into_any()
                };
                // Drawn again for each search, so back/forward shows the form as that search had it.
                view! {
                    <NoIndexMeta title/>
                    <SearchForm now=wanted.clone()/>
                    {body}
                }
            }}
        </div>
    }
}
