//! The channel's tagline ("资阳新闻,讲述家乡的故事。…").

use leptos::prelude::*;

#[component]
pub fn ChannelTagline(text: String) -> impl IntoView {
    (!text.is_empty())
        .then(|| view! { <p class="tagline" data-testid="channel-tagline">{text}</p> })
}
