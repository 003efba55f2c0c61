//! The search form: words, channel and dates. A plain GET form to `/search` (so it works without
//! JavaScript); in the app its submission is a navigation by the router, which draws the results.

use super::{texts, Wanted};
use crate::i18n::lang_now;
use crate::state::site::SiteRes;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

#[component]
pub fn SearchForm(now: Wanted) -> impl IntoView {
    let t = texts(lang_now());
    let site = expect_context::<SiteRes>();
    let navigate = use_navigate();
    let (q, channel, from, to) = (
        NodeRef::<Input>::new(),
        NodeRef::<Select>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let value = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let search = Wanted {
            q: value(q.get_untracked().map(|i| i.value())).unwrap_or_default(),
            channel: value(channel.get_untracked().map(|s| s.value())),
            from: value(from.get_untracked().map(|i| i.value())),
            to: value(to.get_untracked().map(|i| i.value())),
            cursor: None,
        };
        ev.prevent_default();
        navigate(&search.address(), NavigateOptions::default());
    };
    // The channels once the site is known; the one searched stays chosen.
    let chosen = now.channel.clone();
    let options = move || {
        site.get().map(|s| {
            s.channels()
                .map(|c| {
                    let selected = chosen.as_deref() == Some(c.slug.as_str());
                    view! { <option value=c.slug.clone() selected=selected>{c.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <form class="search-form" role="search" action=crate::routes::SEARCH method="get" on:submit=on_submit>
            <div class="search-row">
                <label for="search-q" class="visually-hidden">{t.query_label}</label>
                <input
                    id="search-q"
                    name="q"
                    type="search"
                    node_ref=q
                    value=now.q.clone()
                    placeholder=t.placeholder
                    maxlength=model::search::MAX_QUERY_CHARS.to_string()
                    enterkeyhint="search"
                    autocomplete="off"
                    autofocus=now.q.is_empty()
                    data-testid="search-input"
                />
                <button type="submit" class="btn search-submit" data-testid="search-submit">{t.submit}</button>
            </div>
            <div class="search-filters">
                <label>
                    <span>{t.channel_label}</span>
                    <select name="channel" node_ref=channel data-testid="search-channel">
                        <option value="">{t.all_channels}</option>
                        {options}
                    </select>
                </label>
                <label>
                    <span>{t.from_label}</span>
                    <input name="from" type="date" node_ref=from value=now.from.clone().unwrap_or_default() data-testid="search-from"/>
                </label>
                <label>
                    <span>{t.to_label}</span>
                    <input name="to" type="date" node_ref=to value=now.to.clone().unwrap_or_default() data-testid="search-to"/>
                </label>
            </div>
        </form>
    }
}
