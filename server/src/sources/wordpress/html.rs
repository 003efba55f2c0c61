//! WordPress post HTML (`content.rendered` of the REST API) as Difang article blocks: parsed by html5ever
//! (through `scraper`) and read into plain-text data, so no markup, script or unsafe address reaches a page.
//!
//! The conversion never copies markup: it reads text nodes and a few named attributes (`src`, `alt`,
//! `width`, `height`, `poster`, `href`, …), and every address goes through [`SafeUrl`] after being
//! resolved against the WordPress site. Whatever is dropped on the way is named in [`Converted::removed`].

use std::collections::HashSet;

use model::{Block, Figure, Image, SafeUrl};
use scraper::{CaseSensitivity, ElementRef, Html, Node};
use url::Url;

/// Attachment ids (from WordPress's `wp-image-{id}` class) of images in `html` that lack width/height attributes.
/// An attribute that is not a positive integer ("100%", "auto") counts as lacking; each id comes once.
pub fn unsized_attachments(html: &str) -> Vec<u64> {
    let doc = Html::parse_fragment(html);
    let mut ids = Vec::new();
    for img in doc.root_element().descendent_elements() {
        if img.value().name() != "img" || attr_size(img).is_some() || in_dropped(img) {
            continue;
        }
        if let Some(id) = attachment_id(img) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The blocks of a post and what was left out of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Converted {
    pub blocks: Vec<model::Block>,
    /// What was removed because it is unsafe or not content (e.g. "script", "onclick attribute", "javascript: URL in a href"), for the sync's log. Deduplicated, in order met.
    pub removed: Vec<String>,
}

/// Sizes known from elsewhere (the post's media), by attachment id or by absolute image URL.
pub trait Sizes {
    /// Width and height of the image with this attachment id (from `wp-image-{id}`) or this absolute URL.
    fn size(&self, attachment: Option<u64>, url: &str) -> Option<(u32, u32)>;
}

/// No sizes known: unsized images stay 0×0 (the app reserves a 16:9 box for them).
impl Sizes for () {
    fn size(&self, _attachment: Option<u64>, _url: &str) -> Option<(u32, u32)> {
        None
    }
}

/// `html` as blocks. `base` is the WordPress site's address: relative URLs resolve against it (a root-relative `/wp-content/…` is WordPress's, not ours, so it must come out absolute). `original` is the post's own link on WordPress, used for content that cannot be shown here.
pub fn to_blocks(
    html: &str,
    base: &url::Url,
    original: Option<&model::SafeUrl>,
    sizes: &dyn Sizes,
) -> Converted {
    let doc = Html::parse_fragment(html);
    let root = doc.root_element();
    let mut removed = Removed::default();
    audit(root, &mut removed);
    let mut converter = Converter {
        base,
        original,
        sizes,
        blocks: Vec::new(),
        removed,
        run: TextBuf::default(),
        heading: None,
        depth: 0,
    };
    converter.walk(root, None);
    converter.flush();
    Converted {
        blocks: converter.blocks,
        removed: converter.removed.list,
    }
}

/// Plain text of an HTML fragment (a rendered title or excerpt): tags dropped, entities decoded, whitespace collapsed, trimmed; script/style contents never included.
pub fn to_text(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let text = text_of(doc.root_element(), &|_| false, &mut Vec::new());
    // A title or an excerpt is one line: its line breaks become spaces like any other whitespace.
    text.split(is_space)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Elements dropped with everything inside them: code, styling, document metadata, drawings, forms and
/// fallbacks meant only for browsers without some feature. Each is named in `removed` when met.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "meta", "link", "base", "head", "title", "svg",
    "math", "form", "input", "button", "select", "option", "optgroup", "datalist", "textarea",
    "canvas", "noembed", "noframes", "frameset", "frame", "applet",
];

/// Elements that end a run of text, as in a browser's default style sheet. Anything else (including
/// unknown elements such as Word's `<o:p>`) is inline, as browsers treat it, and flattens into its text.
#[rustfmt::skip]
const BLOCK: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main",
    "menu", "nav", "ol", "p", "plaintext", "pre", "search", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
];

/// Attributes holding an address, checked for `javascript:`-like schemes so the log says what went.
/// (The few addresses the conversion reads are resolved and checked by [`SafeUrl`] whatever this says.)
#[rustfmt::skip]
const URL_ATTRIBUTES: &[&str] = &[
    "href", "src", "srcset", "data", "poster", "action", "formaction", "background", "cite",
    "codebase", "longdesc", "lowsrc", "dynsrc", "usemap", "manifest", "ping", "data-src",
    "data-lazy-src",
];

/// How deep the conversion follows nested elements. Real posts nest a dozen levels; a hostile one
/// nested thousands deep must not overflow the sync's stack.
const MAX_DEPTH: usize = 100;

/// `is-provider-{slug}` classes of WordPress embeds and the names readers know them by.
const PROVIDERS: &[(&str, &str)] = &[
    ("youtube", "YouTube"),
    ("vimeo", "Vimeo"),
    ("twitter", "Twitter"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("tiktok", "TikTok"),
    ("soundcloud", "SoundCloud"),
    ("spotify", "Spotify"),
    ("flickr", "Flickr"),
    ("dailymotion", "Dailymotion"),
    ("reddit", "Reddit"),
    ("tumblr", "Tumblr"),
    ("wordpress", "WordPress"),
    ("wordpress-tv", "WordPress.tv"),
    ("videopress", "VideoPress"),
    ("imgur", "Imgur"),
    ("issuu", "Issuu"),
    ("mixcloud", "Mixcloud"),
    ("pinterest", "Pinterest"),
    ("pocket-casts", "Pocket Casts"),
    ("scribd", "Scribd"),
    ("slideshare", "SlideShare"),
    ("smugmug", "SmugMug"),
    ("speaker-deck", "Speaker Deck"),
    ("ted", "TED"),
    ("amazon-kindle", "Amazon Kindle"),
    ("wolfram-cloud", "Wolfram Cloud"),
    ("bilibili", "Bilibili"),
    ("youku", "Youku"),
    ("tencent-video", "Tencent Video"),
    ("weibo", "Weibo"),
];

/// Hosts of bare frames and players, mapped to a [`PROVIDERS`] slug (a host's subdomains match too).
const HOSTS: &[(&str, &str)] = &[
    ("youtube.com", "youtube"),
    ("youtu.be", "youtube"),
    ("youtube-nocookie.com", "youtube"),
    ("vimeo.com", "vimeo"),
    ("twitter.com", "twitter"),
    ("x.com", "twitter"),
    ("facebook.com", "facebook"),
    ("instagram.com", "instagram"),
    ("tiktok.com", "tiktok"),
    ("soundcloud.com", "soundcloud"),
    ("spotify.com", "spotify"),
    ("dailymotion.com", "dailymotion"),
    ("bilibili.com", "bilibili"),
    ("youku.com", "youku"),
    ("v.qq.com", "tencent-video"),
    ("weibo.com", "weibo"),
];

/// Walks the parsed post, turning block-level content into blocks and gathering loose inline text into
/// paragraphs.
struct Converter<'a> {
    base: &'a Url,
    original: Option<&'a SafeUrl>,
    sizes: &'a dyn Sizes,
    blocks: Vec<Block>,
    removed: Removed,
    /// Inline text met since the last block, waiting for the next block (or the end) to become one.
    run: TextBuf,
    /// Inside `<h1>`…`<h6>`: the level the waiting text becomes.
    heading: Option<u8>,
    /// How many elements deep the walk is (see [`MAX_DEPTH`]).
    depth: usize,
}

impl Converter<'_> {
    /// Converts the child nodes of `parent` in order, leaving out `skip` (a caption read separately).
    fn walk(&mut self, parent: ElementRef<'_>, skip: Option<ElementRef<'_>>) {
        for child in parent.children() {
            if let Some(text) = child.value().as_text() {
                self.run.push(text);
            } else if let Some(el) = ElementRef::wrap(child) {
                if Some(el) != skip {
                    self.element(el);
                }
            }
        }
    }

    /// Converts one element met at block level (or inline in a run of text).
    fn element(&mut self, el: ElementRef<'_>) {
        if self.depth >= MAX_DEPTH {
            self.removed.note("content nested too deeply");
            return;
        }
        self.depth += 1;
        self.dispatch(el);
        self.depth -= 1;
    }

    /// Chooses how `el` is read: WordPress's own block classes first, then the element's name.
    fn dispatch(&mut self, el: ElementRef<'_>) {
        let name = el.value().name();
        if is_dropped(name) {
            // Already named in `removed` by the audit.
            return;
        }
        if is_gallery(el) {
            self.flush();
            self.gallery(el);
        } else if has_class(el, "wp-block-embed") {
            self.flush();
            self.embed_figure(el);
        } else if name == "figure" || has_class(el, "wp-caption") {
            self.flush();
            self.captioned(el);
        } else {
            self.by_name(el, name);
        }
    }

    /// Reads `el` by its element name.
    fn by_name(&mut self, el: ElementRef<'_>, name: &str) {
        match name {
            "br" => self.run.line_break(),
            "hr" => self.flush(),
            "img" if is_smiley(el) => self.run.push(el.attr("alt").unwrap_or("")),
            "img" => {
                self.flush();
                if let Some(image) = self.image(el) {
                    self.blocks.push(Block::Image {
                        image,
                        caption: None,
                    });
                }
            }
            "video" => {
                self.flush();
                self.video(el);
            }
            "audio" | "iframe" | "object" | "embed" => {
                self.flush();
                self.media_embed(el);
            }
            "h1" | "h2" => self.heading(el, 2),
            "h3" | "h4" | "h5" | "h6" => self.heading(el, 3),
            "pre" | "listing" | "xmp" | "plaintext" => self.preformatted(el),
            "ul" | "ol" | "menu" | "dir" => {
                self.flush();
                self.list(el);
            }
            "table" => {
                self.flush();
                self.table(el);
            }
            "blockquote" => {
                self.flush();
                self.quote(el);
            }
            _ if is_block(name) => self.container(el),
            // Inline markup (a, strong, span, font, …): its text joins the run around it.
            _ => self.walk(el, None),
        }
    }

    /// Turns the waiting run of text into a paragraph (or the heading being read), if it has any text.
    fn flush(&mut self) {
        let text = self.run.take();
        if text.is_empty() {
            return;
        }
        self.blocks.push(match self.heading {
            Some(level) => Block::Heading { level, text },
            None => Block::Paragraph { text },
        });
    }

    /// A block-level element that is only a wrapper: its content becomes blocks, separated from the text
    /// around it.
    fn container(&mut self, el: ElementRef<'_>) {
        self.flush();
        self.walk(el, None);
        self.flush();
    }

    /// A heading's text becomes a heading; an image inside it still becomes an image block.
    fn heading(&mut self, el: ElementRef<'_>, level: u8) {
        self.flush();
        let outer = self.heading.replace(level);
        self.walk(el, None);
        self.flush();
        self.heading = outer;
    }

    /// `<pre>`: one paragraph keeping its line breaks and spaces.
    fn preformatted(&mut self, el: ElementRef<'_>) {
        self.flush();
        let outer = std::mem::replace(&mut self.run.preserve, true);
        self.walk(el, None);
        self.flush();
        self.run.preserve = outer;
    }

    /// `<figure>` or a classic `wp-caption`: its media become blocks, and its caption goes to the first
    /// of them. A figure of several images and nothing else is a gallery; one without media is a wrapper.
    fn captioned(&mut self, figure: ElementRef<'_>) {
        let caption = figure.child_elements().find(|c| is_caption(*c));
        let mut media = MediaCount::default();
        count_media(figure, caption, &mut media, 0);
        if media.images + media.others == 0 {
            self.container(figure);
            return;
        }
        if media.images > 1 && media.others == 0 {
            self.gallery(figure);
            return;
        }
        let start = self.blocks.len();
        self.walk(figure, caption);
        self.flush();
        if let Some(text) = caption.map(plain_text).filter(|t| !t.is_empty()) {
            self.attach_caption(start, text);
        }
    }

    /// Gives `text` to the first block from `start` on that can hold a caption and has none; a caption with
    /// no such block (its image was refused) stays as a paragraph rather than vanish.
    fn attach_caption(&mut self, start: usize, text: String) {
        for block in &mut self.blocks[start..] {
            if let Block::Image { caption, .. }
            | Block::Video { caption, .. }
            | Block::Embed { caption, .. }
            | Block::Gallery { caption, .. }
            | Block::Table { caption, .. } = block
            {
                if caption.is_none() {
                    *caption = Some(text);
                    return;
                }
            }
        }
        self.blocks.push(Block::Paragraph { text });
    }

    /// Any of WordPress's galleries: one figure per image with the item's caption, plus the gallery's own
    /// caption (a caption that is a direct child of the gallery).
    fn gallery(&mut self, gallery: ElementRef<'_>) {
        let mut images = Vec::new();
        for img in gallery.descendent_elements() {
            if !is_image(img) || in_dropped(img) {
                continue;
            }
            if let Some(image) = self.image(img) {
                let caption = item_caption(img, gallery);
                images.push(Figure { image, caption });
            }
        }
        let caption = gallery
            .child_elements()
            .find(|c| is_caption(*c))
            .map(plain_text)
            .filter(|t| !t.is_empty());
        if !images.is_empty() {
            self.blocks.push(Block::Gallery { images, caption });
        } else if let Some(text) = caption {
            self.blocks.push(Block::Paragraph { text });
        }
    }

    /// `<img>` as an [`Image`], or `None` (noted) when it has no usable address.
    fn image(&mut self, img: ElementRef<'_>) -> Option<Image> {
        // Lazy-loading plugins keep the real address in data-src and a placeholder (often a data: URL) in
        // src; the placeholder is refused like any data: URL, and the real address is checked the same way.
        let url = ["src", "data-src", "data-lazy-src"]
            .into_iter()
            .filter_map(|attr| img.attr(attr))
            .find_map(|raw| self.resolve(raw));
        let Some(url) = url else {
            self.removed.note("img without a safe http(s) src");
            return None;
        };
        let (width, height) = attr_size(img)
            .or_else(|| self.sizes.size(attachment_id(img), url.as_str()))
            .unwrap_or((0, 0));
        let alt = collapse(img.attr("alt").unwrap_or(""));
        Some(Image {
            url,
            width,
            height,
            alt,
        })
    }

    /// `<video>`: its own `src` or its first acceptable `<source>`, with poster and size when given.
    /// Attributes such as `autoplay` are never read: the app plays a video only when asked.
    fn video(&mut self, video: ElementRef<'_>) {
        let Some(url) = self.media_url(video) else {
            self.unshowable("video", None);
            return;
        };
        let poster = video.attr("poster").and_then(|raw| self.resolve(raw));
        self.blocks.push(Block::Video {
            url,
            poster,
            width: dimension(video.attr("width")),
            height: dimension(video.attr("height")),
            caption: None,
        });
    }

    /// A bare `<iframe>`, `<audio>`, `<object>` or `<embed>`: a link card to what it would have shown.
    fn media_embed(&mut self, el: ElementRef<'_>) {
        match self.media_url(el) {
            Some(url) => {
                let provider = host_provider(&url);
                self.blocks.push(Block::Embed {
                    url,
                    provider,
                    caption: None,
                });
            }
            None => self.unshowable(el.value().name(), None),
        }
    }

    /// The address a media element plays: its own attribute, else the first acceptable child that names
    /// one (`<source>` of video and audio; `<embed>` or `<param name=movie>` of an old Flash `<object>`).
    fn media_url(&self, el: ElementRef<'_>) -> Option<SafeUrl> {
        let own = if el.value().name() == "object" {
            "data"
        } else {
            "src"
        };
        if let Some(url) = el.attr(own).and_then(|raw| self.resolve(raw)) {
            return Some(url);
        }
        el.child_elements().find_map(|child| {
            let raw = match child.value().name() {
                "source" | "embed" => child.attr("src"),
                "param" if is_movie_param(child) => child.attr("value"),
                _ => None,
            };
            raw.and_then(|raw| self.resolve(raw))
        })
    }

    /// `<figure class="wp-block-embed …">`: WordPress's embed block, as a link card to the embedded page.
    fn embed_figure(&mut self, figure: ElementRef<'_>) {
        let caption_el = figure.child_elements().find(|c| is_caption(*c));
        let caption = caption_el.map(plain_text).filter(|t| !t.is_empty());
        let wrapper = figure
            .descendent_elements()
            .find(|e| has_class(*e, "wp-block-embed__wrapper"))
            .unwrap_or(figure);
        let Some(url) = self.embed_url(wrapper, caption_el) else {
            self.unshowable("wp-block-embed", caption);
            return;
        };
        let provider = figure
            .value()
            .classes()
            .find_map(|c| c.strip_prefix("is-provider-"))
            .map(provider_name)
            .or_else(|| host_provider(&url));
        self.blocks.push(Block::Embed {
            url,
            provider,
            caption,
        });
    }

    /// The embedded page's address in an embed block's wrapper. Without oEmbed HTML, WordPress leaves the
    /// bare address as text (or a link); with it, a player `<iframe>`, or a quote card whose `cite` names
    /// the post (TikTok) or whose last link is it (Twitter, and another WordPress site's post, whose
    /// `wp-embedded-content` frame is only its `/embed/` view).
    fn embed_url(
        &self,
        wrapper: ElementRef<'_>,
        caption: Option<ElementRef<'_>>,
    ) -> Option<SafeUrl> {
        let own_text: String = wrapper
            .children()
            .filter_map(|n| n.value().as_text().map(|t| &**t))
            .collect();
        if let Some(url) = absolute(own_text.trim()) {
            return Some(url);
        }
        let inside: Vec<ElementRef<'_>> = wrapper
            .descendent_elements()
            .filter(|e| caption.is_none_or(|c| !e.ancestors().any(|a| a == *c)))
            .collect();
        let resolve = |raw: &str| self.resolve(raw);
        let frame = inside
            .iter()
            .filter(|e| !has_class(**e, "wp-embedded-content"))
            .find_map(|e| attr_where(*e, "iframe", "src").and_then(resolve));
        frame
            .or_else(|| {
                inside
                    .iter()
                    .find_map(|e| attr_where(*e, "blockquote", "cite").and_then(resolve))
            })
            .or_else(|| {
                inside
                    .iter()
                    .rev()
                    .find_map(|e| attr_where(*e, "a", "href").and_then(resolve))
            })
    }

    /// Content that cannot be shown here still leaves a way to it: a link card to the post on WordPress.
    /// Without that link it is dropped, and noted.
    fn unshowable(&mut self, what: &str, caption: Option<String>) {
        match self.original {
            Some(url) => self.blocks.push(Block::Embed {
                url: url.clone(),
                provider: None,
                caption,
            }),
            None => self.removed.note(format!("{what} without a safe URL")),
        }
    }

    /// `<ul>`/`<ol>`: one item per `<li>`, nested lists flattened after their parent item. Media inside
    /// items become blocks after the list.
    fn list(&mut self, list: ElementRef<'_>) {
        let mut items = Vec::new();
        let mut aside = Vec::new();
        list_items(list, &mut items, &mut aside, 0);
        if !items.is_empty() {
            self.blocks.push(Block::List {
                ordered: list.value().name() == "ol",
                items,
            });
        }
        for el in aside {
            self.element(el);
        }
    }

    /// `<table>`: header row, body and footer rows as cell texts, caption from `<caption>`. Media and
    /// nested tables inside cells become blocks after it.
    fn table(&mut self, table: ElementRef<'_>) {
        let mut aside = Vec::new();
        let (mut head, mut body, mut foot) = (Vec::new(), Vec::new(), Vec::new());
        let mut caption = None;
        for part in table.child_elements() {
            match part.value().name() {
                "caption" if caption.is_none() => {
                    caption = Some(text_of(part, &|_| false, &mut aside)).filter(|t| !t.is_empty());
                }
                "thead" => head.extend(rows_of(part, &mut aside)),
                "tbody" => body.extend(rows_of(part, &mut aside)),
                "tfoot" => foot.extend(rows_of(part, &mut aside)),
                // The parser wraps rows in a tbody; kept for a table built some other way.
                "tr" => body.push(cells_of(part, &mut aside)),
                _ => {}
            }
        }
        // The header is thead's first row, or else a first row made only of <th>.
        let header_row = if !head.is_empty() {
            Some(head.remove(0))
        } else if body
            .first()
            .is_some_and(|row| !row.is_empty() && row.iter().all(|cell| cell.header))
        {
            Some(body.remove(0))
        } else {
            None
        };
        let mut header: Vec<String> = header_row
            .into_iter()
            .flatten()
            .map(|cell| cell.text)
            .collect();
        if header.iter().all(String::is_empty) {
            header.clear();
        }
        // tfoot last whatever its place in the source, as browsers show it.
        let rows: Vec<Vec<String>> = head
            .into_iter()
            .chain(body)
            .chain(foot)
            .map(|row| row.into_iter().map(|cell| cell.text).collect::<Vec<_>>())
            .filter(|row| row.iter().any(|text| !text.is_empty()))
            .collect();
        if !header.is_empty() || !rows.is_empty() {
            self.blocks.push(Block::Table {
                head: header,
                rows,
                caption,
            });
        }
        for el in aside {
            self.element(el);
        }
    }

    /// `<blockquote>`: its paragraphs joined with "\n", the citation (`<cite>`/`<footer>`) apart.
    fn quote(&mut self, quote: ElementRef<'_>) {
        let mut aside = Vec::new();
        let text = text_of(quote, &|e| is_citation(e, quote), &mut aside);
        let (cites, media): (Vec<_>, Vec<_>) =
            aside.into_iter().partition(|e| is_citation(*e, quote));
        let cite = cites
            .into_iter()
            .map(|c| strip_dash(&plain_text(c)).to_owned())
            .find(|c| !c.is_empty());
        if !text.is_empty() {
            self.blocks.push(Block::Quote { text, cite });
        }
        for el in media {
            self.element(el);
        }
    }

    /// `raw` resolved against the WordPress site, if it comes out as an http(s) address [`SafeUrl`] takes.
    fn resolve(&self, raw: &str) -> Option<SafeUrl> {
        let raw = raw.trim();
        if raw.is_empty() {
            // An empty address would resolve to the site itself.
            return None;
        }
        http_url(self.base.join(raw).ok()?)
    }
}

/// A run of text being gathered: whitespace runs collapse to one space, `<br>` is a bare "\n", the
/// ends are trimmed. In `preserve` mode (`<pre>`) the text is kept as written.
#[derive(Default)]
struct TextBuf {
    text: String,
    /// Whitespace was met since the last character; it becomes one space if more text follows.
    space: bool,
    preserve: bool,
}

impl TextBuf {
    /// Adds the text of a text node.
    fn push(&mut self, s: &str) {
        if self.preserve {
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            if is_space(c) {
                self.space = true;
                continue;
            }
            if self.space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push(c);
        }
    }

    /// A `<br>`: a line break with no space on either side.
    fn line_break(&mut self) {
        self.space = false;
        self.text.push('\n');
    }

    /// The edge of a block inside a text (paragraphs of a quote): a line break unless one is already there.
    fn soft_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.line_break();
        }
    }

    /// The text gathered so far, trimmed, leaving the buffer empty.
    fn take(&mut self) -> String {
        let text = std::mem::take(&mut self.text);
        self.space = false;
        if self.preserve {
            // Blank lines at the ends go; the first line's indentation stays (it is part of the layout).
            let first = text.find(|c: char| !is_space(c)).unwrap_or(text.len());
            let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
            return text[line_start..].trim_end_matches(is_blank).to_owned();
        }
        text.trim_matches(is_blank).to_owned()
    }
}

/// Whitespace that collapses: HTML's, plus the no-break and ideographic spaces that WordPress posts use
/// for indentation (`&nbsp;&nbsp;`, "　　" at the start of a Chinese paragraph).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// What is trimmed from the ends of a text: whitespace and the invisible zero-width space and BOM.
fn is_blank(c: char) -> bool {
    is_space(c) || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// `s` with whitespace collapsed and trimmed (an attribute's text, such as `alt`).
fn collapse(s: &str) -> String {
    let mut buf = TextBuf::default();
    buf.push(s);
    buf.take()
}

/// What `removed` lists: each entry once, in the order first met.
#[derive(Default)]
struct Removed {
    list: Vec<String>,
    seen: HashSet<String>,
}

impl Removed {
    /// Notes that `what` was removed, unless it already was.
    fn note(&mut self, what: impl Into<String>) {
        let what = what.into();
        if self.seen.insert(what.clone()) {
            self.list.push(what);
        }
    }
}

/// Names, in document order, every element, attribute and address of the post that never reaches the
/// blocks because it is code, styling or not content. Done once over the whole tree, before converting,
/// so nothing is missed however a part is later read; content the conversion itself had to leave out
/// (an image without a usable address) is noted after these.
fn audit(root: ElementRef<'_>, removed: &mut Removed) {
    for node in root.descendants() {
        match node.value() {
            Node::Comment(_) => removed.note("comment"),
            Node::Element(el) => {
                let tag = el.name();
                if is_dropped(tag) {
                    removed.note(tag);
                }
                for (name, value) in el.attrs() {
                    if name.starts_with("on") {
                        removed.note(format!("{name} attribute"));
                    } else if name == "srcdoc" {
                        // A frame's whole document, HTML in an attribute.
                        removed.note("srcdoc attribute");
                    } else if URL_ATTRIBUTES.contains(&name) {
                        if let Some(scheme) = script_scheme(value) {
                            removed.note(format!("{scheme}: URL in {tag} {name}"));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The scheme of an address that would run code or carry a document (`javascript:`, `vbscript:`,
/// `data:`). Browsers ignore tabs, newlines and control characters inside a scheme, so they are too here.
fn script_scheme(value: &str) -> Option<&'static str> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|scheme| {
            squeezed
                .strip_prefix(scheme)
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

/// Text of `el`'s content with whitespace collapsed, `<br>` and block edges as "\n". Elements that are
/// media (images, video, frames, tables) or for which `also` holds are not read but pushed onto `aside`,
/// in order, for the caller (nested lists, citations, blocks to emit after the text).
fn text_of<'d>(
    el: ElementRef<'d>,
    also: &dyn Fn(ElementRef<'d>) -> bool,
    aside: &mut Vec<ElementRef<'d>>,
) -> String {
    let mut buf = TextBuf::default();
    collect(el, &mut buf, also, aside, 0);
    buf.take()
}

/// Plain text of `el`, anything but text left out (a caption, a citation).
fn plain_text(el: ElementRef<'_>) -> String {
    text_of(el, &|_| false, &mut Vec::new())
}

/// The walk behind [`text_of`].
fn collect<'d>(
    el: ElementRef<'d>,
    buf: &mut TextBuf,
    also: &dyn Fn(ElementRef<'d>) -> bool,
    aside: &mut Vec<ElementRef<'d>>,
    depth: usize,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    for child in el.children() {
        if let Some(text) = child.value().as_text() {
            buf.push(text);
            continue;
        }
        let Some(e) = ElementRef::wrap(child) else {
            continue;
        };
        let name = e.value().name();
        if is_dropped(name) {
            continue;
        }
        if is_media(e) || also(e) {
            aside.push(e);
            continue;
        }
        match name {
            "br" => buf.line_break(),
            // Only smilies get here (other images are media): they are characters in the text.
            "img" => buf.push(e.attr("alt").unwrap_or("")),
            _ if is_block(name) => {
                buf.soft_break();
                collect(e, buf, also, aside, depth + 1);
                buf.soft_break();
            }
            _ => collect(e, buf, also, aside, depth + 1),
        }
    }
}

/// The items of `list` into `items` (nested lists' items after their parent's), media into `aside`.
fn list_items<'d>(
    list: ElementRef<'d>,
    items: &mut Vec<String>,
    aside: &mut Vec<ElementRef<'d>>,
    depth: usize,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    for child in list.children() {
        // Text or elements straight inside a list (not in an <li>) is invalid but shown; keep it as items.
        if let Some(text) = child.value().as_text() {
            let text = collapse(text);
            if !text.is_empty() {
                items.push(text);
            }
            continue;
        }
        let Some(el) = ElementRef::wrap(child) else {
            continue;
        };
        if is_dropped(el.value().name()) {
            continue;
        }
        if is_list(el) {
            list_items(el, items, aside, depth + 1);
            continue;
        }
        let mut inner = Vec::new();
        let text = text_of(el, &|e| is_list(e), &mut inner);
        if !text.is_empty() {
            items.push(text);
        }
        for e in inner {
            if is_list(e) {
                list_items(e, items, aside, depth + 1);
            } else {
                aside.push(e);
            }
        }
    }
}

/// One table cell's text, and whether it is a `<th>`.
struct Cell {
    text: String,
    header: bool,
}

/// The rows of a `<thead>`, `<tbody>` or `<tfoot>`.
fn rows_of<'d>(section: ElementRef<'d>, aside: &mut Vec<ElementRef<'d>>) -> Vec<Vec<Cell>> {
    section
        .child_elements()
        .filter(|e| e.value().name() == "tr")
        .map(|tr| cells_of(tr, aside))
        .collect()
}

/// The cells of a `<tr>`.
fn cells_of<'d>(tr: ElementRef<'d>, aside: &mut Vec<ElementRef<'d>>) -> Vec<Cell> {
    tr.child_elements()
        .filter(|e| matches!(e.value().name(), "td" | "th"))
        .map(|cell| Cell {
            text: text_of(cell, &|_| false, aside),
            header: cell.value().name() == "th",
        })
        .collect()
}

/// Media found in a figure, outside its caption.
#[derive(Default)]
struct MediaCount {
    images: usize,
    others: usize,
}

/// Counts the media inside `el` (not looking into media, dropped elements or `skip`).
fn count_media(
    el: ElementRef<'_>,
    skip: Option<ElementRef<'_>>,
    count: &mut MediaCount,
    depth: usize,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    for child in el.child_elements() {
        if Some(child) == skip || is_dropped(child.value().name()) {
            continue;
        }
        if is_image(child) {
            count.images += 1;
        } else if is_media(child) {
            count.others += 1;
        } else {
            count_media(child, skip, count, depth + 1);
        }
    }
}

/// The caption of a gallery image: that of its item (the nearest figure, `<li>` or `<dl>` around it inside
/// the gallery), if any.
fn item_caption(img: ElementRef<'_>, gallery: ElementRef<'_>) -> Option<String> {
    for ancestor in img.ancestors().filter_map(ElementRef::wrap) {
        if ancestor == gallery {
            return None;
        }
        if is_gallery_item(ancestor) {
            return ancestor
                .child_elements()
                .find(|c| is_caption(*c))
                .map(plain_text)
                .filter(|t| !t.is_empty());
        }
    }
    None
}

/// Whether `e` is a citation of `quote`: a `<footer>`, or a `<cite>` that is a child of the quote or the
/// whole content of one of its paragraphs. A `<cite>` inside running text (a book's title) stays text.
fn is_citation(e: ElementRef<'_>, quote: ElementRef<'_>) -> bool {
    let Some(parent) = e.parent().and_then(ElementRef::wrap) else {
        return false;
    };
    match e.value().name() {
        "footer" => true,
        "cite" => {
            parent == quote
                || (parent.value().name() == "p"
                    && parent.parent().and_then(ElementRef::wrap) == Some(quote)
                    && parent.children().all(|n| {
                        n == *e || n.value().as_text().is_some_and(|t| t.chars().all(is_space))
                    }))
        }
        _ => false,
    }
}

/// A citation without the dash that often leads it ("— 鲁迅"): the app sets its own.
fn strip_dash(cite: &str) -> &str {
    cite.trim_start_matches(|c: char| matches!(c, '—' | '–' | '-' | '―' | '~') || is_space(c))
}

/// An absolute http(s) address written as text, such as the bare URL in an embed block.
fn absolute(text: &str) -> Option<SafeUrl> {
    if text.is_empty() || text.contains(is_space) {
        return None;
    }
    http_url(Url::parse(text).ok()?)
}

/// `url` as a [`SafeUrl`] if it is http(s) with a host.
fn http_url(url: Url) -> Option<SafeUrl> {
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return None;
    }
    SafeUrl::parse(url.as_str()).ok()
}

/// A readable name for an embed's `is-provider-{slug}`: a known one, else the slug capitalised.
fn provider_name(slug: &str) -> String {
    if let Some((_, name)) = PROVIDERS.iter().find(|(s, _)| *s == slug) {
        return (*name).to_owned();
    }
    let mut chars = slug.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Who serves `url`: a known provider by its host, else the host itself.
fn host_provider(url: &SafeUrl) -> Option<String> {
    let parsed = Url::parse(url.as_str()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let known = HOSTS.iter().find(|(domain, _)| {
        host == *domain
            || host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.ends_with('.'))
    });
    Some(match known {
        Some((_, slug)) => provider_name(slug),
        None => host.strip_prefix("www.").unwrap_or(&host).to_owned(),
    })
}

/// Width and height attributes, when both are positive integers ("100%" or "auto" are not sizes).
fn attr_size(img: ElementRef<'_>) -> Option<(u32, u32)> {
    Some((
        dimension(img.attr("width"))?,
        dimension(img.attr("height"))?,
    ))
}

/// A size attribute's value as a positive integer.
fn dimension(value: Option<&str>) -> Option<u32> {
    value?.trim().parse().ok().filter(|n| *n > 0)
}

/// The attachment id WordPress writes in an image's class, `wp-image-{id}`.
fn attachment_id(img: ElementRef<'_>) -> Option<u64> {
    img.value()
        .classes()
        .find_map(|c| c.strip_prefix("wp-image-")?.parse().ok())
}

/// Attribute `attr` of `el` if `el` is a `name` element.
fn attr_where<'d>(el: ElementRef<'d>, name: &str, attr: &str) -> Option<&'d str> {
    (el.value().name() == name).then(|| el.attr(attr)).flatten()
}

/// Whether `el` has the class `class`.
fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().has_class(class, CaseSensitivity::CaseSensitive)
}

/// Whether an element with this name is dropped with its content.
fn is_dropped(name: &str) -> bool {
    DROPPED.contains(&name)
}

/// Whether an element with this name ends a run of text.
fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

/// Whether `el` is inside an element that is dropped (say an image in a `<template>`).
fn in_dropped(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| is_dropped(a.value().name()))
}

/// A WordPress smiley (`:)` turned into an emoji image): a character of the text, not a picture.
fn is_smiley(img: ElementRef<'_>) -> bool {
    has_class(img, "wp-smiley") || has_class(img, "emoji")
}

/// An `<img>` that is a picture (not a smiley).
fn is_image(el: ElementRef<'_>) -> bool {
    el.value().name() == "img" && !is_smiley(el)
}

/// Elements that become blocks of their own, even when met inside a text.
fn is_media(el: ElementRef<'_>) -> bool {
    is_image(el)
        || matches!(
            el.value().name(),
            "video" | "audio" | "iframe" | "object" | "embed" | "table"
        )
}

/// `<ul>`, `<ol>` and their old synonyms.
fn is_list(el: ElementRef<'_>) -> bool {
    matches!(el.value().name(), "ul" | "ol" | "menu" | "dir")
}

/// A caption element: `<figcaption>`, or the caption classes of classic captions and galleries.
fn is_caption(el: ElementRef<'_>) -> bool {
    el.value().name() == "figcaption"
        || [
            "wp-caption-text",
            "wp-caption-dd",
            "gallery-caption",
            "blocks-gallery-item__caption",
        ]
        .iter()
        .any(|class| has_class(el, class))
}

/// One of WordPress's gallery containers: the block (any version), its old list, or `[gallery]`.
fn is_gallery(el: ElementRef<'_>) -> bool {
    ["wp-block-gallery", "blocks-gallery-grid", "tiled-gallery"]
        .iter()
        .any(|class| has_class(el, class))
        || (el.value().name() == "div" && has_class(el, "gallery"))
}

/// An item of a gallery, holding one image and its caption.
fn is_gallery_item(el: ElementRef<'_>) -> bool {
    matches!(el.value().name(), "figure" | "li" | "dl")
        || has_class(el, "gallery-item")
        || has_class(el, "blocks-gallery-item")
}

/// A Flash `<param>` naming the movie to play.
fn is_movie_param(param: ElementRef<'_>) -> bool {
    param.attr("name").is_some_and(|n| {
        ["movie", "src", "url"]
            .iter()
            .any(|m| n.eq_ignore_ascii_case(m))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UPLOADS: &str = "https://cms.example/wp-content/uploads/2024/05";

    fn base() -> Url {
        Url::parse("https://cms.example/").unwrap()
    }

    fn original() -> SafeUrl {
        SafeUrl::parse("https://cms.example/2024/05/ziyang-news/").unwrap()
    }

    fn convert(html: &str) -> Converted {
        to_blocks(html, &base(), Some(&original()), &())
    }

    fn blocks(html: &str) -> Vec<Block> {
        convert(html).blocks
    }

    fn url(s: &str) -> SafeUrl {
        SafeUrl::parse(s).unwrap()
    }

    fn upload(file: &str) -> SafeUrl {
        url(&format!("{UPLOADS}/{file}"))
    }

    fn p(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    fn h(level: u8, text: &str) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

    fn image(url: SafeUrl, width: u32, height: u32, alt: &str) -> Image {
        Image {
            url,
            width,
            height,
            alt: alt.into(),
        }
    }

    fn image_block(image: Image, caption: Option<&str>) -> Block {
        Block::Image {
            image,
            caption: caption.map(Into::into),
        }
    }

    fn embed(url: SafeUrl, provider: Option<&str>, caption: Option<&str>) -> Block {
        Block::Embed {
            url,
            provider: provider.map(Into::into),
            caption: caption.map(Into::into),
        }
    }

    /// Every address in a block, to check that only http(s) ones come out.
    fn urls(block: &Block) -> Vec<&str> {
        match block {
            Block::Image { image, .. } => vec![image.url.as_str()],
            Block::Gallery { images, .. } => images.iter().map(|f| f.image.url.as_str()).collect(),
            Block::Video { url, poster, .. } => std::iter::once(url.as_str())
                .chain(poster.as_ref().map(SafeUrl::as_str))
                .collect(),
            Block::Embed { url, .. } => vec![url.as_str()],
            _ => vec![],
        }
    }

    /// Sizes from "the post's media": attachment 40 by id, one upload by its URL.
    struct Media;

    impl Sizes for Media {
        fn size(&self, attachment: Option<u64>, url: &str) -> Option<(u32, u32)> {
            match attachment {
                Some(40) => Some((1200, 800)),
                _ if url == format!("{UPLOADS}/by-url.jpg") => Some((640, 480)),
                _ => None,
            }
        }
    }

    #[test]
    fn a_chinese_news_post_becomes_paragraphs_and_level_two_headings() {
        // As the seed articles are written: 　　-indented paragraphs, &nbsp; spacing, four numbered <h2>s.
        let html = "<p>　　资阳日报讯（记者&nbsp;&nbsp;张三）6月15日，雁江区召开项目推进会。</p>\n\n\n\n\
            <h2>一、项目概况</h2>\n\n\n\n<p>　　项目总投资<strong>12亿元</strong>，占地约300亩。</p>\n\n\n\n\
            <h2>二、建设进度</h2>\n\n\n\n<p>目前主体工程已完成<em>八成</em>。</p>\n\n\n\n\
            <h2>三、下一步工作</h2>\n\n\n\n<p>确保年底前投产。</p>\n\n\n\n\
            <h2>四、保障措施</h2>\n\n\n\n<p>&nbsp;</p>\n\n\n\n<p>（责任编辑：李四）</p>\n";
        assert_eq!(
            blocks(html),
            vec![
                p("资阳日报讯（记者 张三）6月15日，雁江区召开项目推进会。"),
                h(2, "一、项目概况"),
                p("项目总投资12亿元，占地约300亩。"),
                h(2, "二、建设进度"),
                p("目前主体工程已完成八成。"),
                h(2, "三、下一步工作"),
                p("确保年底前投产。"),
                h(2, "四、保障措施"),
                p("（责任编辑：李四）"),
            ]
        );
    }

    #[test]
    fn whitespace_collapses_br_is_a_bare_newline_and_empty_paragraphs_vanish() {
        let html = "<p>  雁江区\n\t  街景   很美  </p>\
            <p>第一行 <br />\n  第二行<br>第三行<br /></p>\
            <p>&nbsp;</p><p> \n </p><p><span>&#8203;</span></p><p></p>";
        assert_eq!(
            blocks(html),
            vec![p("雁江区 街景 很美"), p("第一行\n第二行\n第三行")]
        );
    }

    #[test]
    fn entities_are_decoded_and_escaped_markup_stays_literal_text() {
        let html = "<p>&#8220;资阳&#8221; &amp; 雁江 &mdash; 5 &lt; 6</p>\
            <p>&lt;script&gt;alert(1)&lt;/script&gt; 是一段文字</p>";
        assert_eq!(
            blocks(html),
            vec![
                p("\u{201c}资阳\u{201d} & 雁江 \u{2014} 5 < 6"),
                p("<script>alert(1)</script> 是一段文字"),
            ]
        );
    }

    #[test]
    fn inline_markup_flattens_into_the_paragraph() {
        let html = r#"<p>这是<strong>加粗</strong>、<em>强调</em>和<a href="https://cms.example/2024/05/other/" target="_blank" rel="noreferrer noopener">链接</a>，<code>cargo test</code>，<span style="color:#cf2e2e" class="has-inline-color">红字</span>，<mark style="background-color:rgba(0,0,0,0)" class="has-inline-color">标记</mark>。</p>"#;
        assert_eq!(
            blocks(html),
            vec![p("这是加粗、强调和链接，cargo test，红字，标记。")]
        );
    }

    #[test]
    fn headings_map_h1_h2_to_level_two_and_h3_to_h6_to_level_three() {
        let html = "<h1>甲</h1><h2>乙</h2><h3>丙</h3><h4>丁</h4><h5>戊</h5><h6>己</h6>\
            <h2><a href=\"#x\">带链接</a>的<em>标题</em></h2><h3>&nbsp;</h3>";
        assert_eq!(
            blocks(html),
            vec![
                h(2, "甲"),
                h(2, "乙"),
                h(3, "丙"),
                h(3, "丁"),
                h(3, "戊"),
                h(3, "己"),
                h(2, "带链接的标题"),
            ]
        );
    }

    #[test]
    fn classic_editor_output_with_br_and_image_only_paragraphs() {
        // wpautop: <br /> plus a newline inside paragraphs, images alone in a <p>, bare or linked.
        let html = format!(
            "<p>资阳市雁江区<br />\n2024年5月</p>\n\
             <p><img class=\"alignnone size-medium wp-image-7\" src=\"{UPLOADS}/a-300x200.jpg\" alt=\"雁江\" width=\"300\" height=\"200\" /></p>\n\
             <p><a href=\"{UPLOADS}/b.jpg\"><img class=\"aligncenter size-full wp-image-8\" src=\"{UPLOADS}/b.jpg\" alt=\"乐至\" width=\"1024\" height=\"768\" /></a></p>\n\
             <p>第二段&nbsp;&nbsp;正文。</p>\n"
        );
        assert_eq!(
            blocks(&html),
            vec![
                p("资阳市雁江区\n2024年5月"),
                image_block(image(upload("a-300x200.jpg"), 300, 200, "雁江"), None),
                image_block(image(upload("b.jpg"), 1024, 768, "乐至"), None),
                p("第二段 正文。"),
            ]
        );
    }

    #[test]
    fn text_and_images_mixed_in_one_paragraph_keep_their_order() {
        let html = format!(
            "<p>前文<img src=\"{UPLOADS}/c.jpg\" width=\"10\" height=\"20\" alt=\"\">中文<br><a href=\"/x\"><img src=\"{UPLOADS}/d.jpg\" width=\"30\" height=\"40\" alt=\"d\"></a>后文</p>"
        );
        assert_eq!(
            blocks(&html),
            vec![
                p("前文"),
                image_block(image(upload("c.jpg"), 10, 20, ""), None),
                p("中文"),
                image_block(image(upload("d.jpg"), 30, 40, "d"), None),
                p("后文"),
            ]
        );
    }

    #[test]
    fn an_image_block_keeps_src_size_alt_and_caption_and_ignores_srcset() {
        let html = format!(
            "<figure class=\"wp-block-image size-large\"><img decoding=\"async\" loading=\"lazy\" width=\"1024\" height=\"683\" \
             src=\"{UPLOADS}/a-1024x683.jpg\" alt=\"雁江区\" class=\"wp-image-12\" \
             srcset=\"{UPLOADS}/a-1024x683.jpg 1024w, {UPLOADS}/a-300x200.jpg 300w, {UPLOADS}/a.jpg 1800w\" \
             sizes=\"(max-width: 1024px) 100vw, 1024px\" /><figcaption class=\"wp-element-caption\">雁江区<strong>街景</strong></figcaption></figure>"
        );
        assert_eq!(
            blocks(&html),
            vec![image_block(
                image(upload("a-1024x683.jpg"), 1024, 683, "雁江区"),
                Some("雁江区街景")
            )]
        );
    }

    #[test]
    fn a_linked_image_block_and_an_aligned_one_in_its_div() {
        let html = format!(
            "<figure class=\"wp-block-image size-full\"><a href=\"{UPLOADS}/e.jpg\"><img width=\"800\" height=\"600\" src=\"{UPLOADS}/e.jpg\" alt=\"\" class=\"wp-image-13\"/></a><figcaption class=\"wp-element-caption\">链接图</figcaption></figure>\
             <div class=\"wp-block-image\"><figure class=\"aligncenter size-large\"><img width=\"640\" height=\"480\" src=\"{UPLOADS}/f.jpg\" alt=\"f\" class=\"wp-image-14\"/><figcaption>居中</figcaption></figure></div>"
        );
        assert_eq!(
            blocks(&html),
            vec![
                image_block(image(upload("e.jpg"), 800, 600, ""), Some("链接图")),
                image_block(image(upload("f.jpg"), 640, 480, "f"), Some("居中")),
            ]
        );
    }

    #[test]
    fn classic_caption_shortcode_output_in_figure_and_div_form() {
        let html = format!(
            "<figure id=\"attachment_21\" aria-describedby=\"caption-attachment-21\" style=\"width: 300px\" class=\"wp-caption aligncenter\">\
             <img class=\"size-medium wp-image-21\" src=\"{UPLOADS}/g-300x225.jpg\" alt=\"安岳\" width=\"300\" height=\"225\" />\
             <figcaption id=\"caption-attachment-21\" class=\"wp-caption-text\">安岳石刻</figcaption></figure>\n\
             <div id=\"attachment_22\" style=\"width: 310px\" class=\"wp-caption alignleft\">\
             <img aria-describedby=\"caption-attachment-22\" class=\"size-medium wp-image-22\" src=\"{UPLOADS}/h-300x200.jpg\" alt=\"\" width=\"300\" height=\"200\" />\
             <p id=\"caption-attachment-22\" class=\"wp-caption-text\">乐至 <br/>报国寺</p></div>"
        );
        assert_eq!(
            blocks(&html),
            vec![
                image_block(
                    image(upload("g-300x225.jpg"), 300, 225, "安岳"),
                    Some("安岳石刻")
                ),
                image_block(
                    image(upload("h-300x200.jpg"), 300, 200, ""),
                    Some("乐至\n报国寺")
                ),
            ]
        );
    }

    #[test]
    fn relative_and_root_relative_addresses_resolve_against_the_wordpress_site() {
        let html = "<p><img src=\"/wp-content/uploads/2024/05/root.jpg\" width=\"1\" height=\"1\" alt=\"\"></p>\
            <p><img src=\"wp-content/uploads/2024/05/rel.jpg\" width=\"1\" height=\"1\" alt=\"\"></p>\
            <p><img src=\"//cdn.example/x.jpg\" width=\"1\" height=\"1\" alt=\"\"></p>\
            <iframe src=\"/embed/map\"></iframe>";
        let out = blocks(html);
        let got: Vec<&str> = out.iter().flat_map(urls).collect();
        assert_eq!(
            got,
            [
                "https://cms.example/wp-content/uploads/2024/05/root.jpg",
                "https://cms.example/wp-content/uploads/2024/05/rel.jpg",
                "https://cdn.example/x.jpg",
                "https://cms.example/embed/map",
            ]
        );
    }

    #[test]
    fn unsized_images_take_sizes_from_the_media_or_stay_zero_by_zero() {
        let html = format!(
            "<figure class=\"wp-block-image\"><img src=\"{UPLOADS}/by-id.jpg\" alt=\"\" class=\"wp-image-40\"/></figure>\
             <figure class=\"wp-block-image\"><img src=\"/wp-content/uploads/2024/05/by-url.jpg\" alt=\"\"/></figure>\
             <p><img src=\"{UPLOADS}/pct.jpg\" width=\"100%\" height=\"683\" class=\"wp-image-40\" alt=\"\"></p>\
             <p><img src=\"{UPLOADS}/none.jpg\" class=\"wp-image-41\" alt=\"\"></p>\
             <p><img src=\"{UPLOADS}/sized.jpg\" width=\"20\" height=\"10\" class=\"wp-image-40\" alt=\"\"></p>"
        );
        let sizes = |sizes: &dyn Sizes| -> Vec<(u32, u32)> {
            to_blocks(&html, &base(), None, sizes)
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Image { image, .. } => (image.width, image.height),
                    other => panic!("not an image: {other:?}"),
                })
                .collect()
        };
        assert_eq!(
            sizes(&Media),
            [(1200, 800), (640, 480), (1200, 800), (0, 0), (20, 10)]
        );
        assert_eq!(sizes(&()), [(0, 0), (0, 0), (0, 0), (0, 0), (20, 10)]);
        assert_eq!(unsized_attachments(&html), [40, 41]);
    }

    #[test]
    fn unsized_attachments_lists_each_id_once_and_skips_sized_and_dropped_images() {
        let html =
            "<img class=\"wp-image-5\" src=\"/a.jpg\"><img class=\"wp-image-5\" src=\"/a.jpg\">\
            <img class=\"wp-image-6\" width=\"1\" height=\"2\" src=\"/b.jpg\">\
            <img class=\"wp-image-7\" width=\"1\" src=\"/c.jpg\"><img src=\"/d.jpg\">\
            <template><img class=\"wp-image-8\" src=\"/e.jpg\"></template>";
        assert_eq!(unsized_attachments(html), [5, 7]);
    }

    #[test]
    fn an_image_with_a_refused_address_is_dropped_and_noted() {
        let html = "<p>前<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"x\">后</p>\
            <p><img src=\"ftp://cms.example/a.jpg\" alt=\"y\"></p><p><img alt=\"no src\"></p>";
        let out = convert(html);
        assert_eq!(out.blocks, vec![p("前"), p("后")]);
        assert_eq!(
            out.removed,
            ["data: URL in img src", "img without a safe http(s) src"]
        );
    }

    #[test]
    fn a_lazy_loaded_image_is_read_from_its_real_address() {
        let html = format!(
            "<p><img src=\"data:image/svg+xml,%3Csvg%3E%3C/svg%3E\" data-lazy-src=\"{UPLOADS}/lazy.jpg\" width=\"4\" height=\"3\" alt=\"懒\"></p>"
        );
        let out = convert(&html);
        assert_eq!(
            out.blocks,
            vec![image_block(image(upload("lazy.jpg"), 4, 3, "懒"), None)]
        );
        assert_eq!(out.removed, ["data: URL in img src"]);
    }

    #[test]
    fn smilies_stay_characters_of_the_text() {
        let html = "<p>好消息 <img src=\"https://s.w.org/images/core/emoji/14.0.0/72x72/1f642.png\" alt=\"🙂\" class=\"wp-smiley\" style=\"height: 1em; max-height: 1em;\" /> 真好</p>";
        assert_eq!(blocks(html), vec![p("好消息 🙂 真好")]);
    }

    #[test]
    fn quotes_join_their_paragraphs_and_keep_the_citation_apart() {
        let html = "<blockquote class=\"wp-block-quote\"><p>第一段</p><p>第二段<br>换行</p><cite>鲁迅</cite></blockquote>\
            <figure class=\"wp-block-pullquote\"><blockquote><p>引言</p><cite>— 作者</cite></blockquote></figure>\
            <blockquote><p>经典编辑器的引用</p><footer>—— <cite>某报</cite></footer></blockquote>\
            <blockquote><p>正如<cite>论语</cite>所说</p><p><cite>孔子</cite></p></blockquote>\
            <blockquote>没有段落</blockquote><blockquote><p>&nbsp;</p></blockquote>";
        let quote = |text: &str, cite: Option<&str>| Block::Quote {
            text: text.into(),
            cite: cite.map(Into::into),
        };
        assert_eq!(
            blocks(html),
            vec![
                quote("第一段\n第二段\n换行", Some("鲁迅")),
                quote("引言", Some("作者")),
                quote("经典编辑器的引用", Some("某报")),
                quote("正如论语所说", Some("孔子")),
                quote("没有段落", None),
            ]
        );
    }

    #[test]
    fn lists_keep_their_kind_and_flatten_nested_items_after_their_parent() {
        let html = "<ul><li>一</li><li>二<ul><li>二之一</li><li>二之二<ol><li>深</li></ol></li></ul></li><li><strong>三</strong> 项</li><li>&nbsp;</li></ul>\
            <ol>\n<li>第一步</li>\n<li>第二步</li>\n</ol>";
        assert_eq!(
            blocks(html),
            vec![
                Block::List {
                    ordered: false,
                    items: ["一", "二", "二之一", "二之二", "深", "三 项"]
                        .map(String::from)
                        .to_vec(),
                },
                Block::List {
                    ordered: true,
                    items: vec!["第一步".into(), "第二步".into()],
                },
            ]
        );
    }

    #[test]
    fn an_image_inside_a_list_item_follows_the_list() {
        let html = format!("<ul><li>图：<img src=\"{UPLOADS}/li.jpg\" width=\"2\" height=\"1\" alt=\"\"></li><li>二</li></ul>");
        assert_eq!(
            blocks(&html),
            vec![
                Block::List {
                    ordered: false,
                    items: vec!["图：".into(), "二".into()],
                },
                image_block(image(upload("li.jpg"), 2, 1, ""), None),
            ]
        );
    }

    #[test]
    fn a_table_block_reads_head_body_foot_and_caption() {
        let html = "<figure class=\"wp-block-table is-style-stripes\"><table><thead><tr><th>镇</th><th>人口</th></tr></thead>\
            <tbody><tr><td>雁江</td><td>1,000</td></tr><tr><td><strong>乐至</strong></td><td></td></tr><tr><td></td><td> </td></tr></tbody>\
            <tfoot><tr><td>合计</td><td>1,000</td></tr></tfoot></table><figcaption class=\"wp-element-caption\">人口表</figcaption></figure>";
        assert_eq!(
            blocks(html),
            vec![Block::Table {
                head: vec!["镇".into(), "人口".into()],
                rows: vec![
                    vec!["雁江".into(), "1,000".into()],
                    vec!["乐至".into(), "".into()],
                    vec!["合计".into(), "1,000".into()],
                ],
                caption: Some("人口表".into()),
            }]
        );
    }

    #[test]
    fn a_table_without_thead_takes_a_first_row_of_th_as_head_and_its_own_caption() {
        let html = "<table><caption>表一</caption><tr><th>甲</th><th>乙</th></tr><tr><td>1</td><td>2</td></tr></table>\
            <table><tr><th>行头</th><td>值</td></tr></table>\
            <table><tbody><tr><td>&nbsp;</td></tr></tbody></table><figure class=\"wp-block-table\"><table></table></figure>";
        assert_eq!(
            blocks(html),
            vec![
                Block::Table {
                    head: vec!["甲".into(), "乙".into()],
                    rows: vec![vec!["1".into(), "2".into()]],
                    caption: Some("表一".into()),
                },
                Block::Table {
                    head: vec![],
                    rows: vec![vec!["行头".into(), "值".into()]],
                    caption: None,
                },
            ]
        );
    }

    fn figure(file: &str, width: u32, height: u32, alt: &str, caption: Option<&str>) -> Figure {
        Figure {
            image: image(upload(file), width, height, alt),
            caption: caption.map(Into::into),
        }
    }

    #[test]
    fn a_gallery_block_of_wordpress_5_9_and_later() {
        let html = format!(
            "<figure class=\"wp-block-gallery has-nested-images columns-default is-cropped\">\n\
             <figure class=\"wp-block-image size-large\"><img decoding=\"async\" loading=\"lazy\" width=\"1024\" height=\"768\" data-id=\"31\" src=\"{UPLOADS}/i-1024x768.jpg\" alt=\"\" class=\"wp-image-31\" srcset=\"{UPLOADS}/i-1024x768.jpg 1024w\" sizes=\"(max-width: 1024px) 100vw, 1024px\" /><figcaption class=\"wp-element-caption\">安岳石刻</figcaption></figure>\n\
             <figure class=\"wp-block-image size-large\"><a href=\"{UPLOADS}/j.jpg\"><img decoding=\"async\" loading=\"lazy\" width=\"768\" height=\"1024\" data-id=\"32\" src=\"{UPLOADS}/j-768x1024.jpg\" alt=\"柠檬\" class=\"wp-image-32\"/></a></figure>\n\
             <figcaption class=\"blocks-gallery-caption wp-element-caption\">资阳一日</figcaption></figure>"
        );
        assert_eq!(
            blocks(&html),
            vec![Block::Gallery {
                images: vec![
                    figure("i-1024x768.jpg", 1024, 768, "", Some("安岳石刻")),
                    figure("j-768x1024.jpg", 768, 1024, "柠檬", None),
                ],
                caption: Some("资阳一日".into()),
            }]
        );
    }

    #[test]
    fn a_gallery_block_of_wordpress_5_before_nested_images() {
        let html = format!(
            "<figure class=\"wp-block-gallery columns-2 is-cropped\"><ul class=\"blocks-gallery-grid\">\
             <li class=\"blocks-gallery-item\"><figure><img src=\"{UPLOADS}/k.jpg\" alt=\"\" data-id=\"33\" data-full-url=\"{UPLOADS}/k.jpg\" data-link=\"https://cms.example/?attachment_id=33\" class=\"wp-image-33\"/><figcaption class=\"blocks-gallery-item__caption\">一</figcaption></figure></li>\
             <li class=\"blocks-gallery-item\"><figure><img src=\"{UPLOADS}/l.jpg\" alt=\"二\" data-id=\"34\" class=\"wp-image-34\"/></figure></li>\
             </ul><figcaption class=\"blocks-gallery-caption\">旧相册</figcaption></figure>"
        );
        let out = to_blocks(&html, &base(), None, &Media);
        assert_eq!(
            out.blocks,
            vec![Block::Gallery {
                images: vec![
                    figure("k.jpg", 0, 0, "", Some("一")),
                    figure("l.jpg", 0, 0, "二", None),
                ],
                caption: Some("旧相册".into()),
            }]
        );
    }

    #[test]
    fn the_classic_gallery_shortcode_in_html5_and_definition_list_form() {
        let html = format!(
            "<style type='text/css'>#gallery-1 {{ margin: auto; }}</style>\
             <div id='gallery-1' class='gallery galleryid-45 gallery-columns-3 gallery-size-thumbnail'><figure class='gallery-item'>\n\
             \t\t\t<div class='gallery-icon landscape'>\n\
             \t\t\t\t<a href='https://cms.example/2024/05/post/m/'><img width=\"150\" height=\"150\" src=\"{UPLOADS}/m-150x150.jpg\" class=\"attachment-thumbnail size-thumbnail\" alt=\"\" decoding=\"async\" loading=\"lazy\" aria-describedby=\"gallery-1-41\" /></a>\n\
             \t\t\t</div>\n\
             \t\t\t\t<figcaption class='wp-caption-text gallery-caption' id='gallery-1-41'>\n\t\t\t\t乐至\n\t\t\t\t</figcaption></figure><figure class='gallery-item'>\n\
             \t\t\t<div class='gallery-icon portrait'>\n\
             \t\t\t\t<a href='https://cms.example/2024/05/post/n/'><img width=\"150\" height=\"150\" src=\"{UPLOADS}/n-150x150.jpg\" class=\"attachment-thumbnail size-thumbnail\" alt=\"n\" /></a>\n\
             \t\t\t</div></figure>\n\t\t</div>\n\
             <div id='gallery-2' class='gallery galleryid-45 gallery-columns-2 gallery-size-thumbnail'><dl class='gallery-item'>\
             <dt class='gallery-icon landscape'><a href='https://cms.example/?attachment_id=42'><img width=\"150\" height=\"150\" src=\"{UPLOADS}/o-150x150.jpg\" class=\"attachment-thumbnail size-thumbnail\" alt=\"\" /></a></dt>\
             <dd class='wp-caption-text gallery-caption' id='gallery-2-42'>简阳</dd></dl><br style=\"clear: both\" /></div>"
        );
        let out = convert(&html);
        assert_eq!(
            out.blocks,
            vec![
                Block::Gallery {
                    images: vec![
                        figure("m-150x150.jpg", 150, 150, "", Some("乐至")),
                        figure("n-150x150.jpg", 150, 150, "n", None),
                    ],
                    caption: None,
                },
                Block::Gallery {
                    images: vec![figure("o-150x150.jpg", 150, 150, "", Some("简阳"))],
                    caption: None,
                },
            ]
        );
        assert_eq!(out.removed, ["style"]);
    }

    #[test]
    fn a_video_block_never_carries_autoplay_and_keeps_poster_and_caption() {
        let html = format!(
            "<figure class=\"wp-block-video\"><video autoplay controls loop muted playsinline poster=\"{UPLOADS}/poster.jpg\" src=\"{UPLOADS}/clip.mp4\"></video><figcaption class=\"wp-element-caption\">现场视频</figcaption></figure>"
        );
        let out = blocks(&html);
        assert_eq!(
            out,
            vec![Block::Video {
                url: upload("clip.mp4"),
                poster: Some(upload("poster.jpg")),
                width: None,
                height: None,
                caption: Some("现场视频".into()),
            }]
        );
        let json = serde_json::to_string(&out).unwrap();
        assert!(
            !json.contains("autoplay") && !json.contains("muted"),
            "{json}"
        );
    }

    #[test]
    fn the_video_shortcode_reads_its_source_size_and_root_relative_poster() {
        let html = format!(
            "<div style=\"width: 640px;\" class=\"wp-video\"><!--[if lt IE 9]><script>document.createElement('video');</script><![endif]-->\n\
             <video class=\"wp-video-shortcode\" id=\"video-45-1\" width=\"640\" height=\"360\" poster=\"/wp-content/uploads/2024/05/p.jpg\" preload=\"metadata\" controls=\"controls\">\
             <source type=\"video/webm\" src=\"javascript:void(0)\" />\
             <source type=\"video/mp4\" src=\"{UPLOADS}/v.mp4?_=1\" />\
             <a href=\"{UPLOADS}/v.mp4\">{UPLOADS}/v.mp4</a></video></div>\
             <video src=\"javascript:alert(1)\" width=\"100%\"></video>"
        );
        let out = convert(&html);
        assert_eq!(
            out.blocks,
            vec![
                Block::Video {
                    url: upload("v.mp4?_=1"),
                    poster: Some(upload("p.jpg")),
                    width: Some(640),
                    height: Some(360),
                    caption: None,
                },
                // No playable address: the reader is pointed at the post on WordPress.
                embed(original(), None, None),
            ]
        );
        assert_eq!(
            out.removed,
            [
                "comment",
                "javascript: URL in source src",
                "javascript: URL in video src"
            ]
        );
    }

    #[test]
    fn embed_blocks_become_link_cards_with_a_readable_provider() {
        let html = "<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio\"><div class=\"wp-block-embed__wrapper\">\nhttps://youtu.be/abc123\n</div><figcaption class=\"wp-element-caption\">资阳宣传片</figcaption></figure>\
            <figure class=\"wp-block-embed is-type-video is-provider-vimeo wp-block-embed-vimeo\"><div class=\"wp-block-embed__wrapper\">\n\
            <iframe loading=\"lazy\" title=\"片\" src=\"https://player.vimeo.com/video/76979871?dnt=1&amp;app_id=122963\" width=\"500\" height=\"281\" frameborder=\"0\" allow=\"autoplay; fullscreen; picture-in-picture\" allowfullscreen></iframe>\n</div></figure>\
            <figure class=\"wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter\"><div class=\"wp-block-embed__wrapper\">\n\
            <blockquote class=\"twitter-tweet\" data-width=\"550\" data-dnt=\"true\"><p lang=\"zh\" dir=\"ltr\">今天 <a href=\"https://t.co/xyz\">pic.twitter.com/xyz</a></p>&mdash; 资阳 (@ziyang) <a href=\"https://twitter.com/ziyang/status/123?ref_src=twsrc%5Etfw\">May 1, 2024</a></blockquote><script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>\n</div></figure>\
            <figure class=\"wp-block-embed is-type-wp-embed is-provider-ziyang-daily wp-block-embed-ziyang-daily\"><div class=\"wp-block-embed__wrapper\">\n\
            <blockquote class=\"wp-embedded-content\" data-secret=\"k3Yb\"><a href=\"https://daily.example/2024/05/story/\">雁江新闻</a></blockquote><iframe class=\"wp-embedded-content\" sandbox=\"allow-scripts\" security=\"restricted\" style=\"position: absolute; clip: rect(1px, 1px, 1px, 1px);\" title=\"&#8220;雁江新闻&#8221; &#8212; 资阳日报\" src=\"https://daily.example/2024/05/story/embed/#?secret=k3Yb\" data-secret=\"k3Yb\" width=\"500\" height=\"282\" frameborder=\"0\" marginwidth=\"0\" marginheight=\"0\" scrolling=\"no\"></iframe>\n</div></figure>\
            <figure class=\"wp-block-embed is-provider-bandcamp\"><div class=\"wp-block-embed__wrapper\"><a href=\"https://x.bandcamp.com/album/y\">https://x.bandcamp.com/album/y</a></div></figure>";
        let out = convert(html);
        assert_eq!(
            out.blocks,
            vec![
                embed(
                    url("https://youtu.be/abc123"),
                    Some("YouTube"),
                    Some("资阳宣传片")
                ),
                embed(
                    url("https://player.vimeo.com/video/76979871?dnt=1&app_id=122963"),
                    Some("Vimeo"),
                    None
                ),
                embed(
                    url("https://twitter.com/ziyang/status/123?ref_src=twsrc%5Etfw"),
                    Some("Twitter"),
                    None
                ),
                embed(
                    url("https://daily.example/2024/05/story/"),
                    Some("Ziyang-daily"),
                    None
                ),
                embed(
                    url("https://x.bandcamp.com/album/y"),
                    Some("Bandcamp"),
                    None
                ),
            ]
        );
        assert_eq!(out.removed, ["script"]);
    }

    #[test]
    fn an_embed_block_without_a_usable_address_points_at_the_original_post() {
        let html = "<figure class=\"wp-block-embed is-provider-youtube\"><div class=\"wp-block-embed__wrapper\">视频</div><figcaption>说明</figcaption></figure>";
        assert_eq!(blocks(html), vec![embed(original(), None, Some("说明"))]);
        let without = to_blocks(html, &base(), None, &());
        assert_eq!(without.blocks, vec![]);
        assert_eq!(without.removed, ["wp-block-embed without a safe URL"]);
    }

    #[test]
    fn bare_frames_audio_objects_and_embeds_become_link_cards() {
        let html = "<p><iframe src=\"https://www.youtube-nocookie.com/embed/abc?rel=0\" width=\"560\" height=\"315\" allowfullscreen></iframe></p>\
            <figure class=\"wp-block-audio\"><audio controls src=\"/wp-content/uploads/2024/05/talk.mp3\"></audio><figcaption class=\"wp-element-caption\">采访录音</figcaption></figure>\
            <audio class=\"wp-audio-shortcode\" controls=\"controls\"><source type=\"audio/mpeg\" src=\"https://media.example/a.mp3?_=1\" /></audio>\
            <object type=\"application/x-shockwave-flash\" width=\"480\" height=\"400\"><param name=\"movie\" value=\"https://player.youku.com/player.php/sid/XNDY/v.swf\"><embed src=\"https://player.youku.com/player.php/sid/XNDY/v.swf\"></object>\
            <embed src=\"https://www.example.org/doc.pdf\" type=\"application/pdf\">\
            <object data=\"/wp-content/uploads/2024/05/map.pdf\" type=\"application/pdf\">地图</object>\
            <iframe src=\"javascript:alert(1)\"></iframe>";
        assert_eq!(
            blocks(html),
            vec![
                embed(
                    url("https://www.youtube-nocookie.com/embed/abc?rel=0"),
                    Some("YouTube"),
                    None
                ),
                embed(upload("talk.mp3"), Some("cms.example"), Some("采访录音")),
                embed(
                    url("https://media.example/a.mp3?_=1"),
                    Some("media.example"),
                    None
                ),
                embed(
                    url("https://player.youku.com/player.php/sid/XNDY/v.swf"),
                    Some("Youku"),
                    None
                ),
                embed(
                    url("https://www.example.org/doc.pdf"),
                    Some("example.org"),
                    None
                ),
                embed(upload("map.pdf"), Some("cms.example"), None),
                embed(original(), None, None),
            ]
        );
        let without = to_blocks(
            "<iframe srcdoc=\"<p>x</p>\"></iframe><object></object>",
            &base(),
            None,
            &(),
        );
        assert_eq!(without.blocks, vec![]);
        assert_eq!(
            without.removed,
            [
                "srcdoc attribute",
                "iframe without a safe URL",
                "object without a safe URL"
            ]
        );
    }

    #[test]
    fn containers_recurse_and_loose_inline_text_becomes_merged_paragraphs() {
        let html = "<div class=\"entry\"><section>开头 <span>文字</span> <b>继续</b><p>段落</p>尾巴<article><h3>小标题</h3></article></section></div>\
            <span>独立的<div>块</div>行内</span><center>居中</center><font color=\"red\">旧式</font>字体<hr />\
            <details><summary>摘要</summary><p>细节</p></details>";
        assert_eq!(
            blocks(html),
            vec![
                p("开头 文字 继续"),
                p("段落"),
                p("尾巴"),
                h(3, "小标题"),
                p("独立的"),
                p("块"),
                p("行内"),
                p("居中"),
                p("旧式字体"),
                p("摘要"),
                p("细节"),
            ]
        );
    }

    #[test]
    fn hr_is_nothing_and_ends_a_run_of_text() {
        assert_eq!(
            blocks("甲<hr>乙<hr class=\"wp-block-separator\"/>"),
            vec![p("甲"), p("乙")]
        );
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_trims_only_the_ends() {
        let html = "<pre class=\"wp-block-code\"><code>\n\n  fn main() {\n      println!(\"资阳\");\n  }\n\n</code></pre>\
            <pre class=\"wp-block-verse\">床前明月光，<br>疑是地上霜。</pre>";
        assert_eq!(
            blocks(html),
            vec![
                p("  fn main() {\n      println!(\"资阳\");\n  }"),
                p("床前明月光，\n疑是地上霜。"),
            ]
        );
    }

    #[test]
    fn a_definition_list_gives_a_paragraph_per_term_and_description() {
        let html = "<dl><dt>雁江区</dt><dd>资阳市辖区</dd><dt>乐至县</dt><dd>资阳市辖县</dd></dl>";
        assert_eq!(
            blocks(html),
            vec![p("雁江区"), p("资阳市辖区"), p("乐至县"), p("资阳市辖县")]
        );
    }

    #[test]
    fn a_figure_without_media_is_a_container_and_an_orphan_caption_is_kept() {
        let html = "<figure class=\"wp-block-pullquote\"><blockquote><p>引</p></blockquote></figure>\
            <figure><p>只有文字</p><figcaption>图注</figcaption></figure>\
            <figure class=\"wp-block-image\"><img src=\"javascript:x\" alt=\"\"><figcaption>失图之注</figcaption></figure>";
        assert_eq!(
            blocks(html),
            vec![
                Block::Quote {
                    text: "引".into(),
                    cite: None,
                },
                p("只有文字"),
                p("图注"),
                p("失图之注"),
            ]
        );
    }

    #[test]
    fn a_plain_figure_of_several_images_is_a_gallery() {
        let html = format!(
            "<figure><img src=\"{UPLOADS}/q.jpg\" width=\"1\" height=\"1\" alt=\"\"><img src=\"{UPLOADS}/r.jpg\" width=\"1\" height=\"1\" alt=\"\"><figcaption>两张</figcaption></figure>"
        );
        assert_eq!(
            blocks(&html),
            vec![Block::Gallery {
                images: vec![
                    figure("q.jpg", 1, 1, "", None),
                    figure("r.jpg", 1, 1, "", None)
                ],
                caption: Some("两张".into()),
            }]
        );
    }

    const HOSTILE: &str = r#"<script>alert("__pwned")</script>
<style>p{background:url("javascript:__pwned()")}</style>
<meta http-equiv="refresh" content="0;url=javascript:__pwned()">
<link rel="stylesheet" href="javascript:__pwned()">
<base href="javascript:__pwned()//">
<p onclick="__pwned()">普通文字<img src="x.jpg" onerror="__pwned()" alt="图"></p>
<p><a href="javascript:__pwned()">点这里</a> <a href=" JaVa&#x09;ScRiPt:__pwned()">再点</a> <a href="vbscript:__pwned">三</a></p>
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9Il9fcHduZWQoKSI+" alt="__pwned">
<img src="javascript:__pwned()" alt="__pwned">
<iframe src="javascript:__pwned()"></iframe>
<iframe srcdoc="<script>__pwned()</script>"></iframe>
<svg onload="__pwned()"><script>__pwned()</script><text>__pwned</text></svg>
<math><mtext>__pwned</mtext></math>
<object data="data:text/html,<script>__pwned()</script>">__pwned</object>
<embed src="javascript:__pwned()">
<form action="javascript:__pwned()"><input name="q" value="__pwned"><button formaction="javascript:__pwned()">__pwned</button><select><option>__pwned</option></select><textarea>__pwned</textarea></form>
<noscript><p>__pwned</p></noscript>
<template><p>__pwned</p></template>
<canvas>__pwned</canvas>
<!-- __pwned -->
<video src="javascript:__pwned()" poster="javascript:__pwned()" autoplay>__pwned</video>
<p>结尾</p>"#;

    #[test]
    fn a_hostile_document_leaves_only_its_ordinary_text_and_safe_addresses() {
        let out = convert(HOSTILE);
        assert_eq!(
            out.blocks,
            vec![
                p("普通文字"),
                image_block(image(url("https://cms.example/x.jpg"), 0, 0, "图"), None),
                p("点这里 再点 三"),
                embed(original(), None, None), // iframe javascript:
                embed(original(), None, None), // iframe srcdoc
                embed(original(), None, None), // object data:
                embed(original(), None, None), // embed javascript:
                embed(original(), None, None), // video javascript:
                p("结尾"),
            ]
        );
        for block in &out.blocks {
            for u in urls(block) {
                assert!(u.starts_with("https://") || u.starts_with("http://"), "{u}");
            }
        }
        let json = serde_json::to_string(&out.blocks).unwrap();
        for bad in [
            "__pwned",
            "<script",
            "onerror",
            "javascript:",
            "data:",
            "vbscript:",
            "<",
        ] {
            assert!(!json.contains(bad), "{bad} in {json}");
        }
        for went in [
            "script",
            "style",
            "meta",
            "link",
            "base",
            "onclick attribute",
            "onerror attribute",
            "javascript: URL in a href",
            "vbscript: URL in a href",
            "data: URL in img src",
            "javascript: URL in img src",
            "javascript: URL in iframe src",
            "srcdoc attribute",
            "svg",
            "onload attribute",
            "math",
            "data: URL in object data",
            "javascript: URL in embed src",
            "form",
            "javascript: URL in form action",
            "input",
            "button",
            "javascript: URL in button formaction",
            "select",
            "textarea",
            "noscript",
            "template",
            "canvas",
            "comment",
            "javascript: URL in video src",
            "javascript: URL in video poster",
            "img without a safe http(s) src",
        ] {
            assert!(
                out.removed.iter().any(|r| r == went),
                "{went} not in {:?}",
                out.removed
            );
        }
        // Deduplicated, in the order met.
        let unique: HashSet<&String> = out.removed.iter().collect();
        assert_eq!(unique.len(), out.removed.len(), "{:?}", out.removed);
        assert_eq!(out.removed[..3], ["script", "style", "meta"]);
    }

    #[test]
    fn a_hostile_document_without_an_original_link_drops_what_cannot_be_shown() {
        let out = to_blocks(HOSTILE, &base(), None, &());
        assert_eq!(out.blocks.len(), 4, "{:?}", out.blocks);
        for what in ["iframe", "object", "embed", "video"] {
            let note = format!("{what} without a safe URL");
            assert!(
                out.removed.contains(&note),
                "{note} not in {:?}",
                out.removed
            );
        }
    }

    #[test]
    fn event_handlers_are_noted_on_any_element_even_the_root() {
        let out = convert("<html onload=\"x()\"><p onmouseover=\"y()\" style=\"color:red\">文</p>");
        assert_eq!(out.blocks, vec![p("文")]);
        assert_eq!(out.removed, ["onload attribute", "onmouseover attribute"]);
    }

    #[test]
    fn nesting_thousands_deep_neither_overflows_nor_is_read_past_the_limit() {
        let depth = 3_000;
        let nested = |open: &str, close: &str| {
            format!("{}深{}<p>之后</p>", open.repeat(depth), close.repeat(depth))
        };
        let out = convert(&nested("<div>", "</div>"));
        assert_eq!(out.blocks, vec![p("之后")]);
        assert_eq!(out.removed, ["content nested too deeply"]);
        // Lists, quotes and inline text are read by their own walks, bounded the same way.
        for (open, close) in [
            ("<ul><li>", "</li></ul>"),
            (
                "<blockquote><table><tr><td>",
                "</td></tr></table></blockquote>",
            ),
            ("<span>", "</span>"),
        ] {
            let out = convert(&nested(open, close));
            assert_eq!(out.blocks.last(), Some(&p("之后")), "{open}");
        }
        assert_eq!(to_text(&nested("<b>", "</b>")), "之后");
    }

    #[test]
    fn to_text_drops_tags_decodes_entities_and_collapses_whitespace() {
        assert_eq!(
            to_text("&#8220;资阳&#8221; &amp; <em>雁江</em>&#8230;"),
            "\u{201c}资阳\u{201d} & 雁江\u{2026}"
        );
        assert_eq!(
            to_text("<p>雁江区召开\n  项目推进会 [&hellip;]</p>\n"),
            "雁江区召开 项目推进会 […]"
        );
        assert_eq!(
            to_text("<p>一</p><p>二<br>三</p><script>alert('x')</script><style>p{}</style>四"),
            "一 二 三 四"
        );
        assert_eq!(to_text("  &nbsp; "), "");
        assert_eq!(to_text("5 &lt;b&gt; 6"), "5 <b> 6");
    }

    #[test]
    fn provider_names_are_known_or_capitalised() {
        assert_eq!(provider_name("youtube"), "YouTube");
        assert_eq!(provider_name("wordpress-tv"), "WordPress.tv");
        assert_eq!(provider_name("bandcamp"), "Bandcamp");
        assert_eq!(
            host_provider(&url("https://m.youtube.com/watch?v=1")).as_deref(),
            Some("YouTube")
        );
        assert_eq!(
            host_provider(&url("https://notyoutube.com/x")).as_deref(),
            Some("notyoutube.com")
        );
    }
}
