//! The article body: structured blocks rendered as text nodes (never as HTML).

use crate::components::img::Img;
use leptos::prelude::*;
use model::Block;

#[component]
pub fn ArticleBody(blocks: Vec<Block>) -> impl IntoView {
    view! {
        <div class="article-body" data-testid="article-body">
            {blocks.into_iter().map(block).collect_view()}
        </div>
    }
}

fn block(b: Block) -> AnyView {
    match b {
        // Level 1 is the title's; anything else below 3 is shown as a section heading.
        Block::Heading { level, text } if level >= 3 => view! { <h3>{text}</h3> }.into_any(),
        Block::Heading { text, .. } => view! { <h2>{text}</h2> }.into_any(),
        Block::Paragraph { text } => view! { <p>{text}</p> }.into_any(),
        Block::Image { image, caption } => view! {
            <figure>
                <Img image/>
                {caption.map(|c| view! { <figcaption>{c}</figcaption> })}
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
    }
}
