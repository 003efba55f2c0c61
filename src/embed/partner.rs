//! `/embed`, the page for partners (Chinese and English): pick a widget, its channel or article, theme
//! and language, see it live in the same iframe partners will get, and copy the snippet.

use super::texts::texts;
use crate::components::loaded::part_of;
use crate::i18n::Lang;
use crate::lazy::split_point;
use leptos::prelude::*;
use model::embed::{Embed, EmbedKind, EmbedTheme};
use model::paths;

split_point!(
    /// The page as a chunk of its own: widgets never download it.
    partner: fn partner_page() {
        view! { <PartnerPage/> }.into_any()
    }
);

/// The demo article whose thread the comment widget previews first.
const FIRST_ARTICLE: &str = "1001";

/// The snippet a partner pastes: a placeholder the loader fills, and the loader. `origin` is this site's.
pub fn snippet(e: &Embed, origin: &str) -> String {
    let mut attrs = format!("data-difang-widget=\"{}\"", e.kind.slug());
    if let Some(c) = &e.channel {
        attrs.push_str(&format!(" data-channel=\"{c}\""));
    }
    if let Some(a) = e.article {
        attrs.push_str(&format!(" data-article=\"{a}\""));
    }
    if e.theme != EmbedTheme::Auto {
        attrs.push_str(&format!(" data-theme=\"{}\"", e.theme.as_str()));
    }
    if e.lang != "zh-CN" {
        attrs.push_str(&format!(" data-lang=\"{}\"", e.lang));
    }
    // The height is reserved by the snippet itself, so the partner's page does not move even if the
    // async loader runs after its first paint.
    format!(
        "<div {attrs} style=\"min-height:{}px\"></div>\n<script async src=\"{origin}{}\"></script>",
        e.height(),
        paths::EMBED_LOADER
    )
}

/// What the partner picks; signals, so the page's parts share them by copy.
#[derive(Clone, Copy)]
struct Choice {
    lang: RwSignal<Lang>,
    kind: RwSignal<EmbedKind>,
    channel: RwSignal<String>,
    article: RwSignal<String>,
    theme: RwSignal<EmbedTheme>,
    /// The snippet was copied (until the choice changes).
    copied: RwSignal<bool>,
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    let lang = RwSignal::new(Lang::Zh);
    provide_context(lang);
    let c = Choice {
        lang,
        kind: RwSignal::new(EmbedKind::HotRanking),
        channel: RwSignal::new("ziyang-news".to_owned()),
        article: RwSignal::new(FIRST_ARTICLE.to_owned()),
        theme: RwSignal::new(EmbedTheme::Auto),
        copied: RwSignal::new(false),
    };

    Effect::new(move |_| {
        let t = texts(lang.get());
        if let Some(doc) = crate::browser::window().and_then(|w| w.document()) {
            doc.set_title(&format!("{} · {}", t.partner_title, t.site_name));
            if let Some(h) = doc.document_element() {
                let _ = h.set_attribute("lang", lang.get().tag());
            }
        }
    });

    // The embed the form describes, checked by the same rules as the widget itself.
    let embed = Memo::new(move |_| {
        let k = c.kind.get();
        let mut q = format!("theme={}&lang={}", c.theme.get().as_str(), lang.get().tag());
        match k {
            EmbedKind::Comments => q.push_str(&format!("&article={}", c.article.get())),
            _ => q.push_str(&format!("&channel={}", paths::encode(&c.channel.get()))),
        }
        Embed::parse(k.slug(), &q).ok()
    });
    let src = move || embed.get().map(|e| e.path()).unwrap_or_default();
    let height = move || embed.get().map_or(200, |e| e.height());
    let code = move || {
        embed
            .get()
            .map(|e| {
                // This site's origin, read in the browser (the snippet names it for partners).
                let origin = crate::browser::window()
                    .and_then(|w| w.location().origin().ok())
                    .unwrap_or_default();
                snippet(&e, &origin)
            })
            .unwrap_or_default()
    };
    let copy = move |_| {
        if let Some(w) = crate::browser::window() {
            let _ = w.navigator().clipboard().write_text(&code());
            c.copied.set(true);
        }
    };
    let t = move || texts(lang.get());
    view! {
        <main class="embed-partner" data-testid="embed-partner">
            <p class="ep-lang">
                <button type="button" class="btn" data-testid="ep-lang"
                    on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })>
                    {move || t().other_lang}
                </button>
            </p>
            <h1>{move || t().partner_title}</h1>
            <p>{move || t().partner_intro}</p>
            <EmbedForm c/>
            <h2>{move || t().preview}</h2>
            <iframe class="ep-preview" data-testid="ep-preview" src=src height=height
                style:color-scheme=move || c.theme.get().color_scheme()
                title=move || t().preview></iframe>
            <h2><label for="ep-snippet">{move || t().snippet}</label></h2>
            <textarea id="ep-snippet" data-testid="ep-snippet" readonly rows="5" prop:value=code></textarea>
            <p>
                <button type="button" class="btn" data-testid="ep-copy" on:click=copy>
                    {move || if c.copied.get() { t().copied } else { t().copy }}
                </button>
            </p>
        </main>
    }
}

/// The choice of widget, channel or article, and theme.
#[component]
fn EmbedForm(c: Choice) -> impl IntoView {
    let t = move || texts(c.lang.get());
    let (kind, article, theme, copied) = (c.kind, c.article, c.theme, c.copied);
    view! {
        <div class="ep-form">
            <label for="ep-kind">{move || t().kind}</label>
            <select id="ep-kind" data-testid="ep-kind"
                on:change=move |ev| {
                    if let Some(k) = EmbedKind::from_slug(&event_target_value(&ev)) { kind.set(k); }
                    copied.set(false);
                }>
                {EmbedKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                    <option value=k.slug() selected=move || kind.get() == k>{move || t().kinds[i]}</option>
                }).collect_view()}
            </select>
            {move || (kind.get() != EmbedKind::Comments).then(|| view! {
                <label for="ep-channel">{move || t().channel}</label>
                <ChannelSelect c/>
            })}
            {move || (kind.get() == EmbedKind::Comments).then(|| view! {
                <label for="ep-article">{move || t().article}</label>
                <input id="ep-article" data-testid="ep-article" inputmode="numeric" prop:value=article
                    on:input=move |ev| { article.set(event_target_value(&ev)); copied.set(false); }/>
            })}
            <label for="ep-theme">{move || t().theme}</label>
            <select id="ep-theme" data-testid="ep-theme"
                on:change=move |ev| {
                    if let Some(th) = EmbedTheme::parse(&event_target_value(&ev)) { theme.set(th); }
                    copied.set(false);
                }>
                {[EmbedTheme::Light, EmbedTheme::Dark, EmbedTheme::Auto].into_iter().enumerate().map(|(i, th)| view! {
                    <option value=th.as_str() selected=move || theme.get() == th>{move || t().themes[i]}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Every channel of the site, by city.
#[component]
fn ChannelSelect(c: Choice) -> impl IntoView {
    let (channel, copied) = (c.channel, c.copied);
    let site = crate::state::site::SiteRes::load().0;
    part_of(site, move |site: model::Site| {
        let options: Vec<(String, String)> = site
            .regions
            .iter()
            .flat_map(|r| r.cities.iter())
            .flat_map(|c| {
                c.channels
                    .iter()
                    .map(move |ch| (ch.slug.clone(), format!("{} · {}", c.name, ch.name)))
            })
            .collect();
        view! {
            <select id="ep-channel" data-testid="ep-channel"
                on:change=move |ev| { channel.set(event_target_value(&ev)); copied.set(false); }>
                {options.into_iter().map(|(slug, label)| {
                    let selected = slug == channel.get_untracked();
                    view! { <option value=slug selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    })
}
