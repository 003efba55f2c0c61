//! The article body: structured blocks rendered as text nodes (never as HTML).

use crate::components::img::Img;
use crate::i18n::lang_now;
use leptos::prelude::*;
use model::{Block, Figure, SafeUrl};

#[component]
pub fn ArticleBody(blocks: Vec<Block>) -> impl IntoView {
    view! {
        <div class="article-body" data-testid="article-body">
            {blocks.into_iter().map(block).collect_view()}
        </div>
    }
}

fn caption(c: Option<String>) -> impl IntoView {
    c.map(|c| view! { <figcaption>{c}</figcaption> })
}

fn block(b: Block) -> AnyView {
    match b {
        // Level 1 is the title's; anything else below 3 is shown as a section heading.
        Block::Heading { level, text } if level >= 3 => view! { <h3>{text}</h3> }.into_any(),
        Block::Heading { text, .. } => view! { <h2>{text}</h2> }.into_any(),
        Block::Paragraph { text } => view! { <p>{text}</p> }.into_any(),
        Block::Image { image, caption: c } => view! {
            <figure>
                <Img image/>
                {caption(c)}
            </figure>
        }
        .into_any(),
        Block::Quote { text, cite } => view! {
            <blockquote>
                <p>{text}</p>
                {cite.map(|c| view! { <footer><cite>{c}</cite></footer> })}
            </blockquote>
        }
        .into_any(),
        Block::List {
            ordered: true,
            items,
        } => view! { <ol>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ol> }
            .into_any(),
        Block::List {
            ordered: false,
            items,
        } => view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
            .into_any(),
        Block::Table {
            head,
            rows,
            caption: c,
        } => table(head, rows, c),
        Block::Gallery { images, caption: c } => gallery(images, c),
        Block::Video {
            url,
            poster,
            width,
            height,
            caption: c,
        } => {
            // Its box is reserved before anything loads; nothing is fetched until the reader plays it.
            let ratio = match (width, height) {
                (Some(w), Some(h)) if w > 0 && h > 0 => format!("aspect-ratio:{w}/{h}"),
                _ => "aspect-ratio:16/9".to_owned(),
            };
            view! {
                <figure class="video">
                    <video
                        src=url.as_str().to_owned()
                        poster=poster.map(|p| p.as_str().to_owned())
                        controls
                        playsinline
                        preload="none"
                        style=ratio
                    ></video>
                    {caption(c)}
                </figure>
            }
            .into_any()
        }
        Block::Embed {
            url,
            provider,
            caption: c,
        } => embed(url, provider, c),
    }
}

/// A table that scrolls sideways inside its own box on a narrow screen.
fn table(head: Vec<String>, rows: Vec<Vec<String>>, c: Option<String>) -> AnyView {
    let head = (!head.is_empty()).then(|| {
        view! {
            <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
        }
    });
    view! {
        <figure class="table">
            <div class="table-scroll">
                <table>
                    {head}
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| view! { <tr>{r.into_iter().map(|d| view! { <td>{d}</td> }).collect_view()}</tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {caption(c)}
        </figure>
    }
    .into_any()
}

fn gallery(images: Vec<Figure>, c: Option<String>) -> AnyView {
    view! {
        <figure class="gallery">
            <ul>
                {images
                    .into_iter()
                    .map(|f| view! { <li><figure><Img image=f.image/>{caption(f.caption)}</figure></li> })
                    .collect_view()}
            </ul>
            {caption(c)}
        </figure>
    }
    .into_any()
}

/// Content from another site as a link card to it: nothing of that site runs or loads on this page.
fn embed(url: SafeUrl, provider: Option<String>, c: Option<String>) -> AnyView {
    let t = lang_now().t();
    let host = url
        .as_str()
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or("")
        .to_owned();
    let label = provider.unwrap_or_else(|| t.embed_elsewhere.to_owned());
    view! {
        <figure class="embed">
            <a class="embed-card" href=url.as_str().to_owned() rel="noopener nofollow" target="_blank">
                <span class="embed-provider">{label}</span>
                <span class="embed-host">{host}</span>
            </a>
            {caption(c)}
        </figure>
    }
    .into_any()
}
