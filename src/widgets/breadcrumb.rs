//! The breadcrumb 地方网 > 四川 > 资阳市 > 资阳新闻 > 正文; every step links to its own route.

use crate::i18n::lang_now;
use leptos::prelude::*;
use model::{Crumb, CrumbKind};

/// Where a breadcrumb step points.
pub fn crumb_href(c: &Crumb) -> String {
    match c.kind {
        CrumbKind::Site => "/".to_owned(),
        CrumbKind::Region | CrumbKind::City => crate::routes::place(&c.slug),
        CrumbKind::Channel => crate::routes::channel(&c.slug),
    }
}

#[component]
pub fn Breadcrumb(crumbs: Vec<Crumb>) -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    view! {
        <nav class="breadcrumb" data-testid="breadcrumb" aria-label=t.breadcrumb>
            <ol>
                {crumbs
                    .into_iter()
                    .map(|c| {
                        let href = crumb_href(&c);
                        view! { <li><a href=href>{c.name}</a></li> }
                    })
                    .collect_view()}
                <li><span aria-current="page">{t.article_crumb}</span></li>
            </ol>
        </nav>
    }
}
