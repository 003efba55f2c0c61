//! The channel bar: one city's channels (资阳新闻 安岳新闻 乐至新闻), the current one marked.

use crate::i18n::lang_now;
use leptos::prelude::*;
use model::SiteChannel;

#[component]
pub fn ChannelBar(
    channels: Vec<SiteChannel>,
    #[prop(into)] current: Signal<Option<String>>,
) -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    view! {
        <nav class="channel-bar" data-testid="channel-bar" aria-label=t.channels>
            <ul>
                {channels
                    .into_iter()
                    .map(|c| {
                        let slug = c.slug.clone();
                        let is_current = move || current.get().as_deref() == Some(slug.as_str());
                        view! {
                            <li>
                                <a
                                    href=crate::routes::channel(&c.slug)
                                    aria-current=move || is_current().then_some("page")
                                >
                                    {c.name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
