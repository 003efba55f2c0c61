//! The site header: the site's name (link home), reader controls, and the current city's channel bar.

use crate::app::{NavState, SiteRes};
use crate::i18n::lang_now;
use crate::prefs::{Prefs, Theme, FONT_MAX};
use crate::widgets::channel_bar::ChannelBar;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let site = expect_context::<SiteRes>();
    let nav = expect_context::<NavState>();
    let prefs = expect_context::<Prefs>();
    let lang = lang_now();
    let t = lang.t();
    let name = move || match site.get() {
        Some(s) => s.name,
        _ => "地方网".to_owned(),
    };
    let bar = move || {
        let s = site.get()?;
        let city = nav.city.get();
        let c = city
            .as_deref()
            .and_then(|slug| s.city(slug))
            .map(|(_, c)| c)
            .or_else(|| s.home_city())?;
        Some(view! { <ChannelBar channels=c.channels.clone() current=nav.channel/> })
    };
    view! {
        <header class="site-header">
            <div class="header-row">
                <a class="site-name" href="/" data-testid="site-name">{name}</a>
                <div class="controls">
                    <button
                        type="button"
                        class="ctl"
                        data-testid="font-dec"
                        aria-label=format!("A− {}", t.font_dec)
                        disabled=move || prefs.font.get() == 0
                        on:click=move |_| prefs.change_font(-1)
                    >
                        "A−"
                    </button>
                    <button
                        type="button"
                        class="ctl"
                        data-testid="font-inc"
                        aria-label=format!("A+ {}", t.font_inc)
                        disabled=move || { prefs.font.get() >= FONT_MAX }
                        on:click=move |_| prefs.change_font(1)
                    >
                        "A+"
                    </button>
                    <button
                        type="button"
                        class="ctl"
                        data-testid="theme-toggle"
                        aria-label=move || {
                            let t = lang.t();
                            if prefs.theme.get() == Theme::Dark { t.theme_to_light } else { t.theme_to_dark }
                        }
                        on:click=move |_| prefs.toggle_theme()
                    >
                        <span aria-hidden="true">{move || if prefs.theme.get() == Theme::Dark { "☀" } else { "☾" }}</span>
                    </button>
                    <button
                        type="button"
                        class="ctl"
                        data-testid="lang-toggle"
                        aria-label=format!("{} {}", t.lang_switch, t.lang_switch_label)
                        on:click=move |_| prefs.toggle_lang()
                    >
                        {t.lang_switch}
                    </button>
                </div>
            </div>
            <div class="bar-slot">{bar}</div>
        </header>
    }
}
