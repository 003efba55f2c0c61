//! The channel bar: one city's channels (资阳新闻 安岳新闻 乐至新闻). The router marks the channel page
//! shown (`aria-current="page"`); the channel of the article shown is marked `current`.

use crate::i18n::lang_now;
use leptos::prelude::*;
use leptos_router::components::A;
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
                                <A href=crate::routes::channel(&c.slug) attr:class=move || is_current().then_some("current")>
                                    {c.name}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
