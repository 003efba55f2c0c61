//! Components in a real browser: body blocks as text, widgets with edge data, 320 px overflow, ranking.

use difang::components::{article_list::ArticleList, error_box::ErrorBox};
use difang::widgets::{
    article_body::ArticleBody, article_header::ArticleHeader, article_tags::ArticleTags,
    breadcrumb::Breadcrumb, channel_picks::ChannelPicks, guess_you_like::GuessYouLike,
    hot_ranking::HotRanking, picture_highlights::PictureHighlights, recommended::Recommended,
    related::Related,
};
use leptos::prelude::*;
use model::{
    Article, ArticleId, ArticleSummary, Block, ChannelRef, Crumb, CrumbKind, Figure, Image, SafeUrl,
};
use time::macros::datetime;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view in a fresh container of the given width, with the app's stylesheet.
fn mount<F, N>(width_px: u32, f: F) -> HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let d = doc();
    if d.get_element_by_id("app-css").is_none() {
        let style = d.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../style/main.css")));
        d.head().unwrap().append_child(&style).unwrap();
    }
    let el: HtmlElement = d.create_element("div").unwrap().unchecked_into();
    el.set_attribute("style", &format!("width:{width_px}px"))
        .unwrap();
    d.body().unwrap().append_child(&el).unwrap();
    std::mem::forget(leptos::mount::mount_to(el.clone(), f));
    el
}

fn count(root: &HtmlElement, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

fn text(root: &HtmlElement, sel: &str) -> String {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no {sel}"))
        .text_content()
        .unwrap_or_default()
}

fn summary(id: u64, title: &str, image: bool) -> ArticleSummary {
    ArticleSummary {
        id: ArticleId(id),
        title: title.into(),
        channel: ChannelRef {
            slug: "ziyang-news".into(),
            name: "资阳新闻".into(),
        },
        published_at: datetime!(2017-06-15 00:00:00 +08:00),
        source: Some("资阳日报".into()),
        excerpt: "摘要".into(),
        image: image.then(|| Image {
            url: SafeUrl::parse("/media/a.svg").unwrap(),
            width: 640,
            height: 360,
            alt: "图".into(),
        }),
        comment_count: 0,
        views: None,
    }
}

fn article(source: Option<&str>, body: Vec<Block>) -> Article {
    Article {
        id: ArticleId(1001),
        title: "坚决打好文明城市创建总体仗".into(),
        source: source.map(Into::into),
        published_at: datetime!(2017-06-16 07:32:00 +08:00),
        origin_url: Some(SafeUrl::parse("https://www.yybnet.net/").unwrap()),
        channel: ChannelRef {
            slug: "ziyang-news".into(),
            name: "资阳新闻".into(),
        },
        breadcrumb: vec![],
        lead_image: None,
        excerpt: String::new(),
        body,
        comment_count: 0,
        author: None,
        tags: vec![],
        updated_at: None,
        live: false,
    }
}

#[wasm_bindgen_test]
fn body_blocks_render_as_text_never_html() {
    let hostile = "<img src=x onerror=alert(1)> 与 <script>alert(2)</script>";
    let blocks = vec![
        Block::Paragraph {
            text: hostile.into(),
        },
        Block::Heading {
            level: 2,
            text: "一、高度负责".into(),
        },
        Block::Heading {
            level: 3,
            text: "小节".into(),
        },
        Block::Quote {
            text: "引文".into(),
            cite: Some("某人".into()),
        },
        Block::List {
            ordered: true,
            items: vec!["一".into(), "二".into()],
        },
        Block::List {
            ordered: false,
            items: vec!["甲".into()],
        },
        Block::Image {
            image: Image {
                url: SafeUrl::parse("/media/a.svg").unwrap(),
                width: 800,
                height: 600,
                alt: "图".into(),
            },
            caption: Some("图注".into()),
        },
    ];
    let root = mount(390, move || view! { <ArticleBody blocks/> });
    assert_eq!(text(&root, "p"), hostile);
    assert_eq!(count(&root, "script"), 0);
    // The only img is the image block's, sized and lazy.
    assert_eq!(count(&root, "img"), 1);
    let img = root.query_selector("figure img").unwrap().unwrap();
    assert_eq!(img.get_attribute("width").as_deref(), Some("800"));
    assert_eq!(img.get_attribute("height").as_deref(), Some("600"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("decoding").as_deref(), Some("async"));
    assert_eq!(text(&root, "figcaption"), "图注");
    assert_eq!(text(&root, "h2"), "一、高度负责");
    assert_eq!(text(&root, "h3"), "小节");
    assert_eq!(count(&root, "blockquote cite"), 1);
    assert_eq!(count(&root, "ol > li"), 2);
    assert_eq!(count(&root, "ul > li"), 1);
    assert_eq!(count(&root, "h1"), 0, "the title is the page's only h1");
}

#[wasm_bindgen_test]
fn tables_galleries_videos_and_embeds_render_as_data() {
    let hostile = "<iframe src=javascript:alert(1)>";
    let img = |url: &str, w, h| Image {
        url: SafeUrl::parse(url).unwrap(),
        width: w,
        height: h,
        alt: "图".into(),
    };
    let blocks = vec![
        Block::Table {
            head: vec!["镇".into(), "人口".into()],
            rows: vec![
                vec!["雁江".into(), hostile.into()],
                vec!["安岳".into(), "2".into()],
            ],
            caption: Some("表注".into()),
        },
        Block::Gallery {
            images: vec![
                Figure {
                    image: img("https://cms.example/a.jpg", 400, 300),
                    caption: Some("甲".into()),
                },
                // A CMS image of unknown size still reserves a 16:9 box.
                Figure {
                    image: img("https://cms.example/b.jpg", 0, 0),
                    caption: None,
                },
            ],
            caption: Some("图集".into()),
        },
        Block::Video {
            url: SafeUrl::parse("https://cms.example/v.mp4").unwrap(),
            poster: None,
            width: Some(640),
            height: Some(360),
            caption: None,
        },
        Block::Embed {
            url: SafeUrl::parse("https://www.youtube.com/watch?v=abc").unwrap(),
            provider: Some("YouTube".into()),
            caption: Some("视频".into()),
        },
    ];
    let root = mount(320, move || view! { <ArticleBody blocks/> });
    assert_eq!(count(&root, "thead th"), 2);
    assert_eq!(count(&root, "tbody tr"), 2);
    assert_eq!(text(&root, "tbody tr td:last-child"), hostile);
    assert_eq!(
        count(&root, "iframe"),
        0,
        "nothing from another site is framed"
    );
    assert_eq!(count(&root, "script"), 0);
    assert_eq!(count(&root, ".gallery li img"), 2);
    let unsized_img = root
        .query_selector(".gallery li:last-child img")
        .unwrap()
        .unwrap();
    assert_eq!(unsized_img.get_attribute("width"), None);
    assert!(unsized_img.get_attribute("style").unwrap().contains("16/9"));
    let video = root.query_selector("video").unwrap().unwrap();
    assert_eq!(video.get_attribute("preload").as_deref(), Some("none"));
    assert!(video.has_attribute("controls") && !video.has_attribute("autoplay"));
    assert!(video.get_attribute("style").unwrap().contains("640/360"));
    let card = root.query_selector("a.embed-card").unwrap().unwrap();
    assert_eq!(
        card.get_attribute("href").as_deref(),
        Some("https://www.youtube.com/watch?v=abc")
    );
    assert_eq!(
        card.get_attribute("rel").as_deref(),
        Some("noopener nofollow")
    );
    assert_eq!(text(&root, ".embed-provider"), "YouTube");
    assert_eq!(text(&root, ".embed-host"), "www.youtube.com");
    // At 320 px a wide table scrolls inside its own box: the page does not.
    assert!(
        root.scroll_width() <= 320,
        "page width {}",
        root.scroll_width()
    );
}

#[wasm_bindgen_test]
fn article_header_shows_author_and_update_and_the_tags_follow() {
    let mut a = article(Some("资阳日报"), vec![]);
    a.author = Some("张记者".into());
    a.updated_at = Some(datetime!(2017-06-17 09:00:00 +08:00));
    let tags = vec!["资阳".to_owned(), "文明城市".to_owned()];
    let root = mount(390, move || {
        view! { <ArticleHeader article=a/><ArticleTags tags/> }
    });
    assert!(text(&root, "[data-testid=article-author]").contains("张记者"));
    let updated = root
        .query_selector("[data-testid=article-updated] time")
        .unwrap()
        .unwrap();
    assert_eq!(
        updated.get_attribute("datetime").as_deref(),
        Some("2017-06-17T09:00:00+08:00")
    );
    assert_eq!(count(&root, "[data-testid=article-tags] li"), 2);
    let root = mount(390, || view! { <ArticleTags tags=vec![]/> });
    assert_eq!(count(&root, "ul"), 0, "no tags, no empty list");
}

#[wasm_bindgen_test]
fn article_header_with_and_without_source() {
    let root = mount(
        390,
        || view! { <ArticleHeader article=article(Some("资阳日报"), vec![])/> },
    );
    assert_eq!(
        text(&root, "h1[data-testid=article-title]"),
        "坚决打好文明城市创建总体仗"
    );
    assert!(text(&root, "[data-testid=article-source]").contains("资阳日报"));
    let time = root
        .query_selector("time[data-testid=article-time]")
        .unwrap()
        .unwrap();
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2017-06-16T07:32:00+08:00")
    );
    assert_eq!(
        time.get_attribute("title").as_deref(),
        Some("2017-06-16 07:32")
    );
    assert_eq!(
        time.text_content().as_deref(),
        Some("2017-06-16 07:32"),
        "old: absolute in its own offset"
    );
    let origin = root
        .query_selector("a[data-testid=article-origin]")
        .unwrap()
        .unwrap();
    assert_eq!(
        origin.get_attribute("href").as_deref(),
        Some("https://www.yybnet.net/")
    );
    assert_eq!(
        origin.get_attribute("rel").as_deref(),
        Some("noopener nofollow")
    );

    let root = mount(
        390,
        || view! { <ArticleHeader article=article(None, vec![])/> },
    );
    assert_eq!(
        count(&root, "[data-testid=article-source]"),
        0,
        "no source, no empty 来源"
    );
    assert_eq!(count(&root, "time"), 1);
}

#[wasm_bindgen_test]
fn empty_widgets_render_nothing() {
    let root = mount(390, || {
        view! {
            <Recommended items=vec![]/>
            <Related items=vec![]/>
            <ChannelPicks items=vec![]/>
            <HotRanking items=vec![]/>
            <PictureHighlights items=vec![]/>
            <GuessYouLike items=vec![]/>
        }
    });
    assert_eq!(count(&root, "section"), 0);
    assert_eq!(root.text_content().unwrap_or_default().trim(), "");
}

#[wasm_bindgen_test]
fn widgets_have_their_slug_heading_and_links() {
    let items = vec![
        summary(1, "一", true),
        summary(2, "二", false),
        summary(3, "三", true),
    ];
    let (a, b, c) = (items.clone(), items.clone(), items.clone());
    let root = mount(390, move || {
        view! {
            <Related items=a/>
            <HotRanking items=b/>
            <ChannelPicks items=c/>
        }
    });
    assert_eq!(text(&root, "section[data-widget=related] h2"), "相关新闻");
    assert_eq!(
        count(&root, "section[data-widget=related] a[href='/a/1']"),
        1
    );
    assert_eq!(
        text(&root, "section[data-widget=related] time"),
        "2017-06-15 00:00"
    );
    assert_eq!(
        text(&root, "section[data-widget=hot-ranking] h2"),
        "热点排行"
    );
    assert_eq!(count(&root, "section[data-widget=hot-ranking] ol > li"), 3);
    assert_eq!(count(&root, "section[data-widget=channel-picks] a"), 3);
}

#[wasm_bindgen_test]
fn missing_images_leave_no_broken_box() {
    let items = vec![summary(1, "有图", true), summary(2, "无图", false)];
    let (a, b, c) = (items.clone(), items.clone(), items.clone());
    let root = mount(390, move || {
        view! {
            <Recommended items=a/>
            <PictureHighlights items=b/>
            <ArticleList items=c/>
        }
    });
    assert_eq!(count(&root, "section[data-widget=recommended] img"), 1);
    assert_eq!(
        count(&root, "section[data-widget=picture-highlights] img"),
        1
    );
    assert_eq!(
        count(&root, "section[data-widget=picture-highlights] li.no-img"),
        1
    );
    assert_eq!(count(&root, "[data-testid=article-list] img"), 1);
    assert_eq!(
        count(&root, "img:not([width]), img:not([height]), img[src='']"),
        0
    );
    assert_eq!(count(&root, "[data-testid=article-item] a[href='/a/2']"), 1);
}

#[wasm_bindgen_test]
fn very_long_titles_do_not_overflow_at_320px() {
    let long = "资阳".repeat(300) + &"x".repeat(400);
    let items = vec![summary(1, &long, true)];
    let (a, b, c) = (items.clone(), items.clone(), items.clone());
    let mut art = article(
        Some(&"来".repeat(200)),
        vec![Block::Paragraph {
            text: "y".repeat(2000),
        }],
    );
    art.title = long.clone();
    let root = mount(320, move || {
        view! {
            <ArticleHeader article=art.clone()/>
            <ArticleBody blocks=art.body.clone()/>
            <ArticleList items=a/>
            <Related items=b/>
            <HotRanking items=c/>
        }
    });
    assert!(
        root.scroll_width() <= 320,
        "container scrolls: {}",
        root.scroll_width()
    );
    for sel in [
        "h1",
        "[data-testid=article-body] p",
        "[data-testid=article-item]",
        "section[data-widget=related] li",
        "section[data-widget=hot-ranking] li",
    ] {
        let el: HtmlElement = root.query_selector(sel).unwrap().unwrap().unchecked_into();
        assert!(
            el.scroll_width() <= el.client_width(),
            "{sel}: {} > {}",
            el.scroll_width(),
            el.client_width()
        );
    }
}

#[wasm_bindgen_test]
fn breadcrumb_links_each_step_and_marks_the_article() {
    let crumbs = vec![
        Crumb {
            kind: CrumbKind::Site,
            slug: String::new(),
            name: "地方网".into(),
        },
        Crumb {
            kind: CrumbKind::Region,
            slug: "sichuan".into(),
            name: "四川".into(),
        },
        Crumb {
            kind: CrumbKind::City,
            slug: "ziyang".into(),
            name: "资阳市".into(),
        },
        Crumb {
            kind: CrumbKind::Channel,
            slug: "ziyang-news".into(),
            name: "资阳新闻".into(),
        },
    ];
    let root = mount(390, move || view! { <Breadcrumb crumbs/> });
    let hrefs: Vec<String> = (0..4)
        .map(|i| {
            root.query_selector_all("nav[data-testid=breadcrumb] a")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(hrefs, ["/", "/p/sichuan", "/p/ziyang", "/c/ziyang-news"]);
    assert_eq!(text(&root, "[aria-current=page]"), "正文");
}

#[wasm_bindgen_test]
fn guess_you_like_uses_local_history() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    // The reader read two stories of channel "b"; article 5 was read already.
    storage
        .set_item(
            difang::history::KEY,
            r#"[{"id":5,"channel":"b","at":0},{"id":6,"channel":"b","at":0}]"#,
        )
        .unwrap();
    let mk = |id, ch: &str| {
        let mut s = summary(id, &format!("t{id}"), false);
        s.channel.slug = ch.into();
        s
    };
    let items = vec![mk(1, "a"), mk(2, "b"), mk(5, "b"), mk(3, "a"), mk(4, "b")];
    let root = mount(
        390,
        move || view! { <GuessYouLike items current=ArticleId(4)/> },
    );
    let links = root
        .query_selector_all("section[data-widget=guess-you-like] a")
        .unwrap();
    let order: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(order, ["/a/2", "/a/1", "/a/3"]);
    storage.remove_item(difang::history::KEY).unwrap();
}

#[wasm_bindgen_test]
fn error_box_is_an_alert_with_a_working_retry() {
    let clicks = RwSignal::new(0);
    let root = mount(390, move || {
        view! {
            <ErrorBox
                error=difang::api::ApiError::Http { status: 500, error: None }
                on_retry=move |_| clicks.update(|c| *c += 1)
            />
        }
    });
    let alert = root
        .query_selector("[role=alert][data-testid=error]")
        .unwrap()
        .unwrap();
    let button: HtmlElement = alert
        .query_selector("button[data-testid=retry]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("重试"));
    button.click();
    assert_eq!(clicks.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn recommendation_and_guesses_stay_short_on_a_phone() {
    let many: Vec<_> = (1..=20)
        .map(|i| summary(i, &format!("t{i}"), true))
        .collect();
    let (a, b) = (many.clone(), many);
    let root = mount(390, move || {
        view! {
            <Recommended items=a/>
            <GuessYouLike items=b/>
        }
    });
    assert_eq!(count(&root, "section[data-widget=recommended] li"), 2);
    assert_eq!(count(&root, "section[data-widget=guess-you-like] a"), 8);
}

#[wasm_bindgen_test]
async fn a_tap_shows_the_absolute_time_of_a_recent_item() {
    let now_ms = js_sys::Date::now();
    let at = time::OffsetDateTime::from_unix_timestamp((now_ms / 1000.0) as i64 - 3 * 3600)
        .unwrap()
        .to_offset(time::macros::offset!(+8));
    let root = mount(390, move || {
        view! { <difang::components::time::Time at testid="t"/> }
    });
    leptos::task::tick().await;
    let el = root.query_selector("[data-testid=t]").unwrap().unwrap();
    let relative = el.text_content().unwrap();
    let title = el.get_attribute("title").unwrap();
    assert_ne!(relative, title, "recent items read as relative time");
    el.unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(
        el.text_content().unwrap(),
        title,
        "a tap shows the absolute time"
    );
    el.unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(
        el.text_content().unwrap(),
        relative,
        "a second tap goes back"
    );
}
