//! The first screen of a page: the app's own views (`difang::ssr`, the same `App` the browser runs)
//! rendered to HTML from the content API's answers, written into index.html with those answers inlined
//! for the app to start from. The answers come from this server's own API router, so they are the very
//! bodies the browser would have fetched (and an article read this way is counted as a view once, as
//! if the app had fetched it).

use crate::{api, State};
use axum::body::{to_bytes, Body};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use difang::ssr::{self, Answer};
use std::net::SocketAddr;
use tower::ServiceExt;

/// Renders at most this many times: each render may ask for answers the last one revealed (the home
/// page's channel lists are known once the site is).
const MAX_ROUNDS: usize = 4;
/// A first screen larger than this is not worth inlining twice (markup and answers): the app draws it.
const MAX_ANSWER_BYTES: usize = 512 * 1024;

/// Who asked: their address and forwarding headers go with the API requests made for them.
pub struct Asker {
    pub peer: Option<ConnectInfo<SocketAddr>>,
    pub headers: HeaderMap,
}

/// The UI language the reader chose in the app (its cookie), if any.
pub fn chosen_lang(headers: &HeaderMap) -> Option<ssr::Lang> {
    crate::client::cookie(headers, ssr::LANG_COOKIE).and_then(|v| ssr::Lang::from_tag(&v))
}

/// What rendering a page gave: its head tags (leptos_meta's, from its last round: a page whose parts
/// could not all be drawn still has its own head), and its first screen (the app's markup and the
/// answers it was drawn from, as inlined JSON) when it was drawn in full.
pub struct Drawn {
    pub head: String,
    pub screen: Option<(String, String)>,
}

/// Renders the app at `address` in `lang`, with absolute URLs on `origin`. Without a first screen (the
/// render could not be done) the app draws the page in the browser, as on static hosting.
pub async fn render(
    s: &State,
    address: &str,
    asker: &Asker,
    lang: Option<ssr::Lang>,
    origin: &str,
) -> Drawn {
    let origin = origin.to_owned();
    draw(s, address, asker, move |address, given| {
        ssr::render(address, given, lang, &origin)
    })
    .await
}

/// A read-only partner widget's markup (`ssr::render_widget`). Its answers are not inlined: no code runs
/// on that page to read them.
pub async fn render_widget(s: &State, address: &str, asker: &Asker) -> Option<String> {
    draw(s, address, asker, ssr::render_widget)
        .await
        .screen
        .map(|(html, _)| html)
}

/// Renders with `view` until it wants no more answers, fetching them between rounds.
async fn draw<F>(s: &State, address: &str, asker: &Asker, view: F) -> Drawn
where
    F: Fn(&str, &[Answer]) -> ssr::Rendered + Send + Clone + 'static,
{
    let mut answers: Vec<Answer> = Vec::new();
    let mut size = 0;
    let mut head = String::new();
    for _ in 0..MAX_ROUNDS {
        let (address, given, view) = (address.to_owned(), answers.clone(), view.clone());
        let Ok((rendered, given)) =
            tokio::task::spawn_blocking(move || (view(&address, &given), given.len())).await
        else {
            break;
        };
        head = rendered.head;
        let wanted: Vec<String> = rendered
            .missing
            .into_iter()
            .filter(|url| !answers.iter().any(|(u, _)| u == url))
            .collect();
        if wanted.is_empty() {
            let screen = Some((rendered.html, ssr::answers_json(&answers)));
            return Drawn { head, screen };
        }
        for url in wanted {
            let Some(answer) = ask(s, &url, asker).await else {
                // Busy or failing: leave that part to the browser (it shows its loading state here).
                continue;
            };
            size += answer.as_ref().map_or(0, String::len);
            answers.push((url, answer));
        }
        if size > MAX_ANSWER_BYTES || answers.len() == given {
            break;
        }
    }
    Drawn { head, screen: None }
}

/// One GET of the API for the render: a 2xx body, a 404 or 410 as such, anything else `None`.
async fn ask(s: &State, url: &str, asker: &Asker) -> Option<Result<String, u16>> {
    let path = url.strip_prefix(model::paths::PREFIX)?;
    let mut req = Request::get(path).body(Body::empty()).ok()?;
    if let Some(peer) = asker.peer {
        req.extensions_mut().insert(peer);
    }
    for name in [
        header::FORWARDED,
        header::HeaderName::from_static("x-forwarded-for"),
    ] {
        if let Some(v) = asker.headers.get(&name) {
            req.headers_mut().insert(name, v.clone());
        }
    }
    let res = api::router()
        .with_state(s.clone())
        .oneshot(req)
        .await
        .ok()?;
    match res.status() {
        status if status.is_success() => {
            let bytes = to_bytes(res.into_body(), MAX_ANSWER_BYTES).await.ok()?;
            String::from_utf8(bytes.to_vec()).ok().map(Ok)
        }
        StatusCode::NOT_FOUND => Some(Err(404)),
        StatusCode::GONE => Some(Err(410)),
        _ => None,
    }
}

/// index.html with the app's markup in `<div id="app">` and the answers after it. Unchanged if the
/// container is not there (an index.html from elsewhere).
pub fn inject(index: &str, html: &str, answers: &str) -> String {
    let container = format!("<div id=\"{}\"></div>", difang::handover::ROOT_ID);
    let Some(at) = index.find(&container) else {
        return index.to_owned();
    };
    let mut out = String::with_capacity(index.len() + html.len() + answers.len() + 128);
    out.push_str(&index[..at]);
    out.push_str(&format!(
        "<div id=\"{}\">{html}</div><script type=\"application/json\" id=\"{}\">{answers}</script>",
        difang::handover::ROOT_ID,
        difang::handover::ANSWERS_ID
    ));
    out.push_str(&index[at + container.len()..]);
    out
}

/// index.html with the page's head tags (`Drawn::head`) before `</head>`, in place of the shell's own
/// `<title>` when they have one, so there is exactly one. Unchanged without tags or without `</head>`.
pub fn inject_head(index: &str, head: &str) -> String {
    let Some(head_end) = index.find("</head>").filter(|_| !head.is_empty()) else {
        return index.to_owned();
    };
    let mut html = String::with_capacity(index.len() + head.len());
    let title = index[..head_end].find("<title").and_then(|start| {
        index[start..head_end]
            .find("</title>")
            .map(|end| (start, start + end + "</title>".len()))
    });
    match title.filter(|_| head.contains("<title>")) {
        Some((start, end)) => {
            html.push_str(&index[..start]);
            html.push_str(&index[end..head_end]);
        }
        None => html.push_str(&index[..head_end]),
    }
    html.push_str(head);
    html.push_str(&index[head_end..]);
    html
}

/// widget.html with a read-only widget drawn in its `<body>`, and the widget's title and language.
pub fn inject_widget(shell: &str, page: &ssr::WidgetPage, html: &str) -> String {
    let title = crate::meta::escape_html(&page.title);
    let shell = shell
        .replacen(
            "<html lang=\"zh-CN\"",
            &format!("<html lang=\"{}\"", page.lang),
            1,
        )
        .replacen(
            "<title>地方网</title>",
            &format!("<title>{title}</title>"),
            1,
        );
    // The body's start tag, after the head (whose comments may name it).
    let Some(at) = shell
        .find("</head>")
        .and_then(|h| shell[h..].find("<body").map(|b| h + b))
        .and_then(|b| shell[b..].find('>').map(|e| b + e + 1))
    else {
        return shell;
    };
    format!("{}{html}{}", &shell[..at], &shell[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_head_replaces_the_shells_title() {
        let shell = "<html><head><title>地方网</title><meta x></head><body></body></html>";
        let out = inject_head(shell, "<meta name=\"a\" data-ssr-meta><title>Page</title>");
        assert_eq!(
            out,
            "<html><head><meta x><meta name=\"a\" data-ssr-meta><title>Page</title></head><body></body></html>"
        );
        // Without a title of its own, the page keeps the shell's; without tags, the shell is as it was.
        let out = inject_head(shell, "<meta name=\"a\" data-ssr-meta>");
        assert_eq!(out.matches("<title>").count(), 1);
        assert_eq!(inject_head(shell, ""), shell);
    }
}
