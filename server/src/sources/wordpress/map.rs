//! WordPress as Difang content: the category tree as the site's places and channels (a top-level
//! category is a region, its children cities, theirs channels, whose description is the tagline), and a
//! post as an article of the channel its category falls under.

use super::html;
use super::wp::{Refs, WpCategory, WpIndex, WpPost};
use model::content::ContentArticle;
use model::{City, Image, Region, SafeUrl, Site, SiteChannel};
use std::collections::HashMap;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};
use url::Url;

/// Category id → the slug of the channel its posts appear in (for channels and anything below them).
pub type Channels = HashMap<u64, String>;

/// A category's slug when it can be a Difang slug (`[a-z0-9-]`, as `/c/{slug}` needs), else `cat-{id}`
/// (WordPress percent-encodes the slugs of Chinese names).
fn slug(c: &WpCategory) -> String {
    let ok = !c.slug.is_empty()
        && c.slug.len() <= 64
        && c.slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        c.slug.clone()
    } else {
        format!("cat-{}", c.id)
    }
}

/// The ancestors of `c` from the top (`c` last); `None` on a loop.
fn chain<'a>(
    by_id: &HashMap<u64, &'a WpCategory>,
    c: &'a WpCategory,
) -> Option<Vec<&'a WpCategory>> {
    let mut out = vec![c];
    let mut at = c;
    while at.parent != 0 {
        at = by_id.get(&at.parent)?;
        if out.len() > 64 || out.iter().any(|x| x.id == at.id) {
            return None;
        }
        out.push(at);
    }
    out.reverse();
    Some(out)
}

/// The site from WordPress's name, description and category tree (in the order categories were made).
/// Regions and cities without channels are left out (WordPress's "Uncategorized" among them).
pub fn site(
    index: &WpIndex,
    categories: &[WpCategory],
    language: &str,
) -> Result<(Site, Channels), String> {
    let by_id: HashMap<u64, &WpCategory> = categories.iter().map(|c| (c.id, c)).collect();
    let mut sorted: Vec<&WpCategory> = categories.iter().collect();
    sorted.sort_by_key(|c| c.id);
    let mut regions: Vec<Region> = Vec::new();
    let mut channels = Channels::new();
    for c in &sorted {
        let Some(path) = chain(&by_id, c) else {
            continue;
        };
        if path.len() < 3 {
            continue;
        }
        let (region, city, channel) = (path[0], path[1], path[2]);
        channels.insert(c.id, slug(channel));
        if path.len() > 3 {
            continue;
        }
        let r = match regions.iter().position(|r| r.slug == slug(region)) {
            Some(i) => &mut regions[i],
            None => {
                regions.push(Region {
                    slug: slug(region),
                    name: html::to_text(&region.name),
                    cities: Vec::new(),
                });
                regions.last_mut().expect("just pushed")
            }
        };
        let ct = match r.cities.iter().position(|x| x.slug == slug(city)) {
            Some(i) => &mut r.cities[i],
            None => {
                r.cities.push(City {
                    slug: slug(city),
                    name: html::to_text(&city.name),
                    channels: Vec::new(),
                });
                r.cities.last_mut().expect("just pushed")
            }
        };
        ct.channels.push(SiteChannel {
            slug: slug(channel),
            name: html::to_text(&channel.name),
            tagline: html::to_text(&channel.description),
        });
    }
    if regions.is_empty() {
        return Err(
            "WordPress has no channel categories: a channel is a category under a city category under a region category (e.g. 四川 > 资阳市 > 资阳新闻)".into(),
        );
    }
    let site = Site {
        name: Some(html::to_text(&index.name))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "地方网".to_owned()),
        language: language.to_owned(),
        description: html::to_text(&index.description),
        regions,
    };
    crate::sources::import::validate_site(&site)?;
    Ok((site, channels))
}

/// `site` with the channels of `keep` that it lacks added back under their region and city from
/// `current` (channels whose articles came from elsewhere: the demo content or the publishing API).
pub fn keep_channels(mut site: Site, current: &Site, keep: &[String]) -> Site {
    for slug in keep {
        if site.channel(slug).is_some() {
            continue;
        }
        let Some((region, city, channel)) = current.channel(slug) else {
            continue;
        };
        let r = match site.regions.iter().position(|r| r.slug == region.slug) {
            Some(i) => &mut site.regions[i],
            None => {
                site.regions.push(Region {
                    cities: Vec::new(),
                    ..region.clone()
                });
                site.regions.last_mut().expect("just pushed")
            }
        };
        let c = match r.cities.iter().position(|c| c.slug == city.slug) {
            Some(i) => &mut r.cities[i],
            None => {
                r.cities.push(City {
                    channels: Vec::new(),
                    ..city.clone()
                });
                r.cities.last_mut().expect("just pushed")
            }
        };
        c.channels.push(channel.clone());
    }
    site
}

/// Why a post is not on the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// None of its categories is (under) a channel.
    NoChannel,
    /// Its content is behind a password.
    Protected,
    /// A date WordPress gave that is not a date.
    BadDate(String),
}

/// A post and what its conversion removed from it.
pub struct Mapped {
    pub article: ContentArticle,
    pub removed: Vec<String>,
}

/// WordPress's offset-less time, `2017-06-16T07:32:00`.
fn naive(s: &str) -> Option<PrimitiveDateTime> {
    PrimitiveDateTime::parse(
        s,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
    )
    .ok()
}

/// A post time in the site's own offset: the local time with the offset its GMT twin implies.
fn local_time(local: &str, gmt: &str) -> Option<OffsetDateTime> {
    let (local, gmt) = (naive(local)?, naive(gmt)?);
    let offset = UtcOffset::from_whole_seconds((local - gmt).whole_seconds() as i32).ok()?;
    Some(gmt.assume_utc().to_offset(offset))
}

/// A `modified_gmt` one second earlier (same form), for a `modified_after` that must not miss a post
/// saved in the same second as the newest one seen.
pub fn one_second_before(gmt: &str) -> Option<String> {
    let t = naive(gmt)? - time::Duration::seconds(1);
    t.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]"
    ))
    .ok()
}

/// A WordPress `…[&hellip;]` or `… […]` ending of an automatic excerpt.
fn trim_more(text: &str) -> String {
    let t = text.trim_end();
    for more in ["[…]", "[...]", "…", "&hellip;"] {
        if let Some(rest) = t.strip_suffix(more) {
            return format!("{}…", rest.trim_end());
        }
    }
    t.to_owned()
}

/// The first characters of the body's first paragraph, for a post without an excerpt.
fn excerpt_of(blocks: &[model::Block]) -> String {
    const MAX: usize = 120;
    blocks
        .iter()
        .find_map(|b| match b {
            model::Block::Paragraph { text } => Some(text),
            _ => None,
        })
        .map(|t| {
            if t.chars().count() > MAX {
                format!("{}…", t.chars().take(MAX).collect::<String>())
            } else {
                t.clone()
            }
        })
        .unwrap_or_default()
}

/// The post as an article of its channel.
pub fn article(
    post: &WpPost,
    channels: &Channels,
    base: &Url,
    refs: &Refs,
) -> Result<Mapped, Skip> {
    let channel = post
        .categories
        .iter()
        .find_map(|c| channels.get(c))
        .ok_or(Skip::NoChannel)?;
    if post.content.protected {
        return Err(Skip::Protected);
    }
    let published = local_time(&post.date, &post.date_gmt)
        .ok_or_else(|| Skip::BadDate(post.date_gmt.clone()))?;
    let modified = local_time(&post.modified, &post.modified_gmt);
    let original = SafeUrl::parse(&post.link).ok().filter(SafeUrl::is_external);
    let converted = html::to_blocks(&post.content.rendered, base, original.as_ref(), refs);
    let author = refs
        .author(post)
        .map(html::to_text)
        .filter(|a| !a.is_empty());
    let excerpt = match trim_more(&html::to_text(&post.excerpt.rendered)) {
        e if e.is_empty() => excerpt_of(&converted.blocks),
        e => e,
    };
    let lead_image = refs.featured(post).and_then(|m| {
        let (url, size) = m.display();
        let url = base.join(&url).ok()?;
        let (width, height) = size.unwrap_or((0, 0));
        Some(Image {
            url: SafeUrl::parse(url.as_str())
                .ok()
                .filter(SafeUrl::is_external)?,
            width,
            height,
            alt: html::to_text(&m.alt_text),
        })
    });
    Ok(Mapped {
        article: ContentArticle {
            id: post.id,
            channel: channel.clone(),
            title: Some(html::to_text(&post.title.rendered))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "(无标题)".to_owned()),
            // 来源 from the companion plugin's meta, else the writer.
            source: post.meta_str("source").or_else(|| author.clone()),
            published_at: published,
            origin_url: post
                .meta_str("source_url")
                .and_then(|u| SafeUrl::parse(&u).ok())
                .filter(SafeUrl::is_external),
            lead_image,
            excerpt,
            body: converted.blocks,
            author,
            tags: refs
                .tag_names(post)
                .into_iter()
                .map(html::to_text)
                .filter(|t| !t.is_empty())
                .collect(),
            // WordPress moves `modified` on publication too; a minute later is an update.
            updated_at: modified.filter(|m| *m - published > time::Duration::minutes(1)),
            recommended: post.sticky,
            views: 0,
            comments: Vec::new(),
        },
        removed: converted.removed,
    })
}

/// Images and videos from an origin pages may not load media from (the CSP's `img-src`/`media-src`)
/// become link cards to them: a broken image helps no one. Returns their origins.
pub fn confine_media(a: &mut ContentArticle, allowed: &[String]) -> Vec<String> {
    use crate::sources::import::media_allowed;
    use model::Block;
    let mut refused = Vec::new();
    let mut ok = |u: &SafeUrl| {
        let yes = media_allowed(u, allowed);
        if !yes {
            refused.extend(crate::cli::origin_of(u.as_str()));
        }
        yes
    };
    if a.lead_image.as_ref().is_some_and(|i| !ok(&i.url)) {
        a.lead_image = None;
    }
    let card = |url: SafeUrl, caption: Option<String>| Block::Embed {
        url,
        provider: None,
        caption,
    };
    let mut body = Vec::with_capacity(a.body.len());
    for b in std::mem::take(&mut a.body) {
        match b {
            Block::Image { image, caption } if !ok(&image.url) => {
                body.push(card(
                    image.url,
                    caption.or(Some(image.alt).filter(|a| !a.is_empty())),
                ));
            }
            Block::Gallery { images, caption } => {
                let (shown, away): (Vec<_>, Vec<_>) =
                    images.into_iter().partition(|f| ok(&f.image.url));
                if !shown.is_empty() {
                    body.push(Block::Gallery {
                        images: shown,
                        caption,
                    });
                }
                body.extend(away.into_iter().map(|f| card(f.image.url, f.caption)));
            }
            Block::Video { url, caption, .. } if !ok(&url) => body.push(card(url, caption)),
            Block::Video {
                url,
                poster,
                width,
                height,
                caption,
            } => body.push(Block::Video {
                url,
                poster: poster.filter(|p| ok(p)),
                width,
                height,
                caption,
            }),
            other => body.push(other),
        }
    }
    a.body = body;
    refused.sort();
    refused.dedup();
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cat(id: u64, parent: u64, slug: &str, name: &str, description: &str) -> WpCategory {
        WpCategory {
            id,
            parent,
            slug: slug.into(),
            name: name.into(),
            description: description.into(),
        }
    }

    fn tree() -> Vec<WpCategory> {
        vec![
            cat(1, 0, "uncategorized", "Uncategorized", ""),
            cat(2, 0, "sichuan", "四川", ""),
            cat(3, 2, "ziyang", "资阳市", ""),
            cat(4, 3, "ziyang-news", "资阳新闻", "资阳新闻,讲述家乡的故事。"),
            cat(5, 3, "%e5%ae%89%e5%b2%b3", "安岳新闻", "安岳新闻。"),
            cat(6, 4, "yanjiang", "雁江", ""),
            cat(7, 2, "dazhou", "达州市", ""),
            cat(8, 0, "wenyu", "文娱 &amp; 生活", ""),
        ]
    }

    fn index() -> WpIndex {
        WpIndex {
            name: "地方网".into(),
            description: "讲述家乡的故事".into(),
            home: "http://cms.example".into(),
        }
    }

    #[test]
    fn the_category_tree_is_the_site() {
        let (site, channels) = site(&index(), &tree(), "zh-CN").unwrap();
        assert_eq!(site.name, "地方网");
        assert_eq!(
            site.regions.len(),
            1,
            "regions without channels are left out"
        );
        let r = &site.regions[0];
        assert_eq!((r.slug.as_str(), r.name.as_str()), ("sichuan", "四川"));
        assert_eq!(r.cities.len(), 1, "达州市 has no channel yet");
        let c = &r.cities[0];
        assert_eq!(c.name, "资阳市");
        let names: Vec<_> = c
            .channels
            .iter()
            .map(|c| (c.slug.as_str(), c.tagline.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("ziyang-news", "资阳新闻,讲述家乡的故事。"),
                ("cat-5", "安岳新闻。")
            ]
        );
        // Posts of a channel or anything below it are the channel's.
        assert_eq!(channels[&4], "ziyang-news");
        assert_eq!(channels[&6], "ziyang-news");
        assert_eq!(channels[&5], "cat-5");
        assert!(!channels.contains_key(&3) && !channels.contains_key(&1));
        let crumbs: Vec<_> = site
            .breadcrumb("ziyang-news")
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(crumbs, ["地方网", "四川", "资阳市", "资阳新闻"]);
        // No channel at all: refused with a reason.
        let err = super::site(&index(), &tree()[..3], "zh-CN").unwrap_err();
        assert!(err.contains("no channel categories"), "{err}");
        // A loop in parents is not followed.
        let looped = vec![cat(1, 2, "a", "a", ""), cat(2, 1, "b", "b", "")];
        assert!(super::site(&index(), &looped, "zh-CN").is_err());
    }

    #[test]
    fn kept_channels_return_under_their_place() {
        let (wp, _) = site(&index(), &tree(), "zh-CN").unwrap();
        let current: Site = serde_json::from_value(json!({
            "name": "地方网", "language": "zh-CN", "description": "",
            "regions": [{"slug": "chongqing", "name": "重庆", "cities": [{"slug": "wanzhou", "name": "万州区",
              "channels": [{"slug": "wanzhou-news", "name": "万州新闻", "tagline": "万州。"}]}]}]
        }))
        .unwrap();
        let merged = keep_channels(
            wp.clone(),
            &current,
            &["wanzhou-news".into(), "ziyang-news".into()],
        );
        assert_eq!(merged.regions.len(), 2);
        assert!(merged.channel("wanzhou-news").is_some());
        assert_eq!(merged.channel("ziyang-news"), wp.channel("ziyang-news"));
    }

    fn post(extra: serde_json::Value) -> WpPost {
        let mut p = json!({
            "id": 1001,
            "date": "2017-06-16T07:32:00", "date_gmt": "2017-06-15T23:32:00",
            "modified": "2017-06-16T07:32:00", "modified_gmt": "2017-06-15T23:32:00",
            "link": "http://cms.example/?p=1001", "sticky": false,
            "title": {"rendered": "坚决打好文明城市创建总体仗&#8220;一盘棋&#8221;"},
            "excerpt": {"rendered": "<p>雁江作为全市唯一的市辖区 [&hellip;]</p>\n", "protected": false},
            "content": {"rendered": "<p>第一段。</p>\n<h2>一、高度负责</h2>\n<p>第二段。</p>", "protected": false},
            "categories": [1, 6],
            "meta": {"source": "资阳日报", "source_url": "https://www.yybnet.net/"},
            "author": 2, "featured_media": 8001, "tags": [9, 10]
        });
        if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        serde_json::from_value(p).unwrap()
    }

    /// What WordPress names for [`post`]'s ids.
    fn refs() -> Refs {
        let media = serde_json::from_value(json!({"id": 8001, "source_url": "http://cms.example/wp-content/uploads/a.jpg", "alt_text": "街景",
            "media_details": {"width": 2048, "height": 1536, "sizes": {"large": {"source_url": "http://cms.example/wp-content/uploads/a-1024x768.jpg", "width": 1024, "height": 768}}}}))
        .unwrap();
        Refs {
            authors: [(2, "资阳日报编辑".to_owned()), (3, "张记者".to_owned())].into(),
            tags: [
                (9, "资阳".to_owned()),
                (10, "文明 &amp; 城市".to_owned()),
                (11, String::new()),
            ]
            .into(),
            media: [(8001, media)].into(),
        }
    }

    #[test]
    fn a_post_is_an_article_of_its_channel() {
        let (_, channels) = site(&index(), &tree(), "zh-CN").unwrap();
        let base = Url::parse("http://cms.example/").unwrap();
        let m = article(&post(json!({})), &channels, &base, &refs()).unwrap();
        let a = m.article;
        assert_eq!(a.id, 1001);
        assert_eq!(a.channel, "ziyang-news", "雁江 is under 资阳新闻");
        assert_eq!(a.title, "坚决打好文明城市创建总体仗“一盘棋”");
        assert_eq!(a.published_at.to_string(), "2017-06-16 7:32:00.0 +08:00:00");
        assert_eq!(a.updated_at, None, "modified at publication is no update");
        assert_eq!(a.source.as_deref(), Some("资阳日报"));
        assert_eq!(
            a.origin_url.as_ref().map(SafeUrl::as_str),
            Some("https://www.yybnet.net/")
        );
        assert_eq!(a.author.as_deref(), Some("资阳日报编辑"));
        assert_eq!(a.tags, ["资阳", "文明 & 城市"]);
        assert_eq!(a.excerpt, "雁江作为全市唯一的市辖区…");
        let img = a.lead_image.unwrap();
        assert_eq!(
            img.url.as_str(),
            "http://cms.example/wp-content/uploads/a-1024x768.jpg"
        );
        assert_eq!(
            (img.width, img.height, img.alt.as_str()),
            (1024, 768, "街景")
        );
        assert_eq!(a.body.len(), 3);
        assert!(
            matches!(&a.body[1], model::Block::Heading { level: 2, text } if text == "一、高度负责")
        );
        assert!(!a.recommended);
    }

    #[test]
    fn media_from_other_origins_become_links() {
        let (_, channels) = site(&index(), &tree(), "zh-CN").unwrap();
        let base = Url::parse("http://cms.example/").unwrap();
        let p = post(json!({"content": {"rendered":
            "<figure><img src=\"https://hotlink.example/x.jpg\" width=\"4\" height=\"3\" alt=\"外链\"></figure>\
             <figure><img src=\"/wp-content/uploads/y.jpg\" width=\"4\" height=\"3\" alt=\"本站\"></figure>"}}));
        let mut a = article(&p, &channels, &base, &refs()).unwrap().article;
        let allowed = ["http://cms.example".to_owned()];
        assert_eq!(confine_media(&mut a, &allowed), ["https://hotlink.example"]);
        assert!(
            matches!(&a.body[0], model::Block::Embed { url, caption, .. }
            if url.as_str() == "https://hotlink.example/x.jpg" && caption.as_deref() == Some("外链"))
        );
        assert!(matches!(&a.body[1], model::Block::Image { .. }));
        assert!(a.lead_image.is_some(), "the featured image is on the CMS");
        assert_eq!(confine_media(&mut a, &[]), ["http://cms.example"]);
        assert!(a.lead_image.is_none());
    }

    #[test]
    fn edits_fallbacks_and_posts_left_out() {
        let (_, channels) = site(&index(), &tree(), "zh-CN").unwrap();
        let base = Url::parse("http://cms.example/").unwrap();
        // Edited a day later, sticky, no meta (plugin missing: WordPress sends []), no excerpt.
        let p = post(json!({
            "modified": "2017-06-17T09:00:00", "modified_gmt": "2017-06-17T01:00:00", "sticky": true,
            "meta": [], "excerpt": {"rendered": ""},
            // A private featured image: WordPress does not list it. A tag it does not name.
            "author": 3, "featured_media": 8002, "tags": [11]
        }));
        let a = article(&p, &channels, &base, &refs()).unwrap().article;
        assert_eq!(
            a.updated_at.unwrap().to_string(),
            "2017-06-17 9:00:00.0 +08:00:00"
        );
        assert_eq!(
            a.source.as_deref(),
            Some("张记者"),
            "来源 falls back to the author"
        );
        assert_eq!(a.origin_url, None);
        assert_eq!(a.excerpt, "第一段。");
        assert!(a.recommended, "sticky posts are editors' picks");
        assert!(a.lead_image.is_none());
        assert!(a.tags.is_empty());
        assert_eq!(
            article(
                &post(json!({"categories": [1, 3]})),
                &channels,
                &base,
                &refs()
            )
            .err(),
            Some(Skip::NoChannel)
        );
        assert_eq!(
            article(
                &post(json!({"content": {"rendered": "", "protected": true}})),
                &channels,
                &base,
                &refs()
            )
            .err(),
            Some(Skip::Protected)
        );
        assert!(matches!(
            article(
                &post(json!({"date_gmt": "0000-00-00 00:00:00"})),
                &channels,
                &base,
                &refs()
            )
            .err(),
            Some(Skip::BadDate(_))
        ));
        let untitled = article(
            &post(json!({"title": {"rendered": "  "}})),
            &channels,
            &base,
            &refs(),
        )
        .unwrap();
        assert_eq!(untitled.article.title, "(无标题)");
    }
}
