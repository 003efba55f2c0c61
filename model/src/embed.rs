//! Partner embeds: the widget kinds served at `/embed/{kind}`, their parameters (checked here, once, for
//! the widget in the browser and for the server's oEmbed answer) and the height each reserves.

use crate::ArticleId;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// `GET /api/v1/oembed` (https://oembed.com, `rich` type): the widget's iframe for a page of the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OEmbed {
    /// Always `rich`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Always `1.0`.
    pub version: String,
    pub title: String,
    pub provider_name: String,
    pub provider_url: String,
    /// Seconds a consumer may keep this answer.
    pub cache_age: u32,
    pub width: u32,
    pub height: u32,
    /// One `<iframe>` of `/embed/{kind}?…`, attributes HTML-escaped.
    pub html: String,
}

/// What a partner may embed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedKind {
    /// 热点排行: the most-read articles (site-wide).
    HotRanking,
    /// A channel's latest headlines (`channel` required).
    Latest,
    /// 图文看点: image rows.
    PictureHighlights,
    /// An article's comment thread (`article` required); the only kind that posts, so only origins in
    /// `--embed-origins` may frame it.
    Comments,
}

impl EmbedKind {
    pub const ALL: [EmbedKind; 4] = [
        EmbedKind::HotRanking,
        EmbedKind::Latest,
        EmbedKind::PictureHighlights,
        EmbedKind::Comments,
    ];

    /// The path segment after `/embed/`.
    pub fn slug(self) -> &'static str {
        match self {
            EmbedKind::HotRanking => "hot-ranking",
            EmbedKind::Latest => "latest",
            EmbedKind::PictureHighlights => "picture-highlights",
            EmbedKind::Comments => "comments",
        }
    }

    pub fn from_slug(s: &str) -> Option<EmbedKind> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// True for the kind that can write (post comments).
    pub fn posts(self) -> bool {
        self == EmbedKind::Comments
    }

    /// Entries shown when the partner gives no `limit`.
    pub fn default_limit(self) -> u32 {
        match self {
            EmbedKind::HotRanking => 8,
            EmbedKind::Latest => 6,
            EmbedKind::PictureHighlights => 4,
            EmbedKind::Comments => 10,
        }
    }
}

/// `limit` of an embed.
pub const EMBED_LIMIT: RangeInclusive<u32> = 1..=20;

/// The widget's colours: fixed, or following the reader's `prefers-color-scheme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EmbedTheme {
    Light,
    Dark,
    #[default]
    Auto,
}

impl EmbedTheme {
    pub fn parse(s: &str) -> Option<EmbedTheme> {
        match s {
            "light" => Some(EmbedTheme::Light),
            "dark" => Some(EmbedTheme::Dark),
            "auto" => Some(EmbedTheme::Auto),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            EmbedTheme::Light => "light",
            EmbedTheme::Dark => "dark",
            EmbedTheme::Auto => "auto",
        }
    }
    /// The CSS `color-scheme` of the iframe that shows the widget, the same as the widget page's own
    /// (`auto` follows the reader's system): Chromium paints an opaque backdrop behind a frame whose
    /// scheme differs from its iframe element's. src/embed/embed.js does the same for partners' pages.
    pub fn color_scheme(self) -> &'static str {
        match self {
            EmbedTheme::Light => "light",
            EmbedTheme::Dark => "dark",
            EmbedTheme::Auto => "light dark",
        }
    }
}

/// One embed, its parameters checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embed {
    pub kind: EmbedKind,
    /// A channel slug (checked against the site where it is used). `latest` lists it; the other kinds
    /// link their "more" line to it.
    pub channel: Option<String>,
    pub article: Option<ArticleId>,
    pub limit: u32,
    pub theme: EmbedTheme,
    /// `zh-CN` (default) or `en`.
    pub lang: &'static str,
}

/// A parameter that is missing or wrong: which one, and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedError {
    pub param: &'static str,
    pub message: String,
}

fn bad(param: &'static str, message: String) -> EmbedError {
    EmbedError { param, message }
}

/// Decodes `a=1&b=x%20y` (also `+` as a space) into pairs; pieces that do not decode as UTF-8 are kept
/// lossily, which then fails the parameter's own check.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// A channel slug's shape: 1–64 of `a-z`, `0-9`, `-`.
fn slug_ok(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Embed {
    /// Checks `kind` (the path segment) and the query's parameters; unknown parameters are ignored, an
    /// empty value counts as absent.
    pub fn parse(kind: &str, query: &str) -> Result<Embed, EmbedError> {
        let kind = EmbedKind::from_slug(kind).ok_or_else(|| {
            let kinds: Vec<&str> = EmbedKind::ALL.iter().map(|k| k.slug()).collect();
            bad(
                "kind",
                format!(
                    "没有这种小组件 (no widget kind {kind:?}; one of {})",
                    kinds.join(", ")
                ),
            )
        })?;
        let pairs = query_pairs(query);
        let get = |key: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, v)| v.as_str())
        };
        let channel = match get("channel") {
            None => None,
            Some(c) if slug_ok(c) => Some(c.to_owned()),
            Some(c) => {
                return Err(bad(
                    "channel",
                    format!("频道名无效 (channel {c:?} is not a channel slug)"),
                ))
            }
        };
        let article = match get("article") {
            None => None,
            Some(a) => Some(
                a.parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0 && a.bytes().all(|b| b.is_ascii_digit()))
                    .map(ArticleId)
                    .ok_or_else(|| {
                        bad(
                            "article",
                            format!("文章编号无效 (article {a:?} is not an article id)"),
                        )
                    })?,
            ),
        };
        let limit = match get("limit") {
            None => kind.default_limit(),
            Some(l) => l
                .parse::<u32>()
                .ok()
                .filter(|n| EMBED_LIMIT.contains(n))
                .ok_or_else(|| {
                    bad(
                        "limit",
                        format!(
                            "limit 必须是 {}–{} 的整数 (limit must be an integer in {}..={})",
                            EMBED_LIMIT.start(),
                            EMBED_LIMIT.end(),
                            EMBED_LIMIT.start(),
                            EMBED_LIMIT.end()
                        ),
                    )
                })?,
        };
        let theme = match get("theme") {
            None => EmbedTheme::Auto,
            Some(t) => EmbedTheme::parse(t).ok_or_else(|| {
                bad(
                    "theme",
                    "theme 只能是 light、dark 或 auto (theme must be light, dark or auto)".into(),
                )
            })?,
        };
        let lang = match get("lang") {
            None | Some("zh-CN") => "zh-CN",
            Some("en") => "en",
            Some(_) => {
                return Err(bad(
                    "lang",
                    "lang 只能是 zh-CN 或 en (lang must be zh-CN or en)".into(),
                ))
            }
        };
        match kind {
            EmbedKind::Latest if channel.is_none() => Err(bad(
                "channel",
                "最新头条需要 channel 参数 (latest needs a channel)".into(),
            )),
            EmbedKind::Comments if article.is_none() => Err(bad(
                "article",
                "评论需要 article 参数 (comments need an article)".into(),
            )),
            _ => Ok(Embed {
                kind,
                channel,
                article,
                limit,
                theme,
                lang,
            }),
        }
    }

    /// The widget's path with its parameters, defaults left out: `/embed/latest?channel=ziyang-news`.
    pub fn path(&self) -> String {
        let mut q = Vec::new();
        if let Some(c) = &self.channel {
            q.push(format!("channel={}", crate::paths::encode(c)));
        }
        if let Some(a) = self.article {
            q.push(format!("article={a}"));
        }
        if self.limit != self.kind.default_limit() {
            q.push(format!("limit={}", self.limit));
        }
        if self.theme != EmbedTheme::Auto {
            q.push(format!("theme={}", self.theme.as_str()));
        }
        if self.lang != "zh-CN" {
            q.push(format!("lang={}", self.lang));
        }
        let path = crate::paths::embed(self.kind);
        if q.is_empty() {
            path
        } else {
            format!("{path}?{}", q.join("&"))
        }
    }

    /// The height in CSS pixels the widget takes at the default font size when it shows `limit`
    /// entries: style/embed.css gives every row a fixed height so that this is exact, and the loader
    /// (`public/embed.js`, same numbers) reserves it before the widget loads, so the partner's page does
    /// not move. Comments vary; they get a fixed first guess.
    pub fn height(&self) -> u32 {
        height(self.kind, self.limit)
    }
}

/// See [`Embed::height`]: frame 2 + padding 24 + heading 32 + "more" line 36, and 44 a row (80 a picture row).
pub fn height(kind: EmbedKind, limit: u32) -> u32 {
    match kind {
        EmbedKind::HotRanking | EmbedKind::Latest => 94 + 44 * limit,
        EmbedKind::PictureHighlights => 94 + 80 * limit,
        EmbedKind::Comments => 600,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_checks_parameters() {
        let e = Embed::parse(
            "latest",
            "channel=ziyang-news&limit=5&theme=dark&lang=en&x=1",
        )
        .unwrap();
        assert_eq!(e.kind, EmbedKind::Latest);
        assert_eq!(e.channel.as_deref(), Some("ziyang-news"));
        assert_eq!((e.limit, e.theme, e.lang), (5, EmbedTheme::Dark, "en"));
        assert_eq!(
            e.path(),
            "/embed/latest?channel=ziyang-news&limit=5&theme=dark&lang=en"
        );
        assert_eq!(
            Embed::parse("hot-ranking", "").unwrap().path(),
            "/embed/hot-ranking"
        );
        for (kind, q, param) in [
            ("nope", "", "kind"),
            ("latest", "", "channel"),
            ("latest", "channel=Zi%20Yang", "channel"),
            ("comments", "", "article"),
            ("comments", "article=-3", "article"),
            ("comments", "article=1e3", "article"),
            ("hot-ranking", "limit=0", "limit"),
            ("hot-ranking", "limit=21", "limit"),
            ("hot-ranking", "theme=pink", "theme"),
            ("hot-ranking", "lang=fr", "lang"),
        ] {
            assert_eq!(
                Embed::parse(kind, q).unwrap_err().param,
                param,
                "{kind}?{q}"
            );
        }
    }

    #[test]
    fn heights_follow_the_rows() {
        assert_eq!(height(EmbedKind::HotRanking, 8), 446);
        assert_eq!(height(EmbedKind::PictureHighlights, 4), 414);
    }
}
