//! Side widgets of the article page (新闻推荐, 热点排行, …): one parameterised endpoint, one shape.

use crate::ArticleSummary;
use serde::{Deserialize, Serialize};

/// Which list a widget shows. The `kebab-case` name is the path segment in `/api/v1/widgets/{kind}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WidgetKind {
    /// 新闻推荐: an editor's pick with image and excerpt, from the article's channel.
    Recommended,
    /// 相关新闻: same channel, nearest in time.
    Related,
    /// 猜你喜欢: candidates the app ranks on the device from the reader's own history.
    GuessYouLike,
    /// 频道推荐: picks from other channels.
    ChannelPicks,
    /// 热点阅读: most-read with excerpts.
    HotReading,
    /// 图文看点: image cards.
    PictureHighlights,
    /// 乡里乡亲: stories from the neighbourhood (same region, other cities).
    Neighbourhood,
    /// 热点排行: ranked by views in a time window.
    HotRanking,
}

impl WidgetKind {
    pub const ALL: [WidgetKind; 8] = [
        WidgetKind::Recommended,
        WidgetKind::Related,
        WidgetKind::GuessYouLike,
        WidgetKind::ChannelPicks,
        WidgetKind::HotReading,
        WidgetKind::PictureHighlights,
        WidgetKind::Neighbourhood,
        WidgetKind::HotRanking,
    ];

    /// The path segment, e.g. `hot-ranking`.
    pub fn slug(self) -> &'static str {
        match self {
            WidgetKind::Recommended => "recommended",
            WidgetKind::Related => "related",
            WidgetKind::GuessYouLike => "guess-you-like",
            WidgetKind::ChannelPicks => "channel-picks",
            WidgetKind::HotReading => "hot-reading",
            WidgetKind::PictureHighlights => "picture-highlights",
            WidgetKind::Neighbourhood => "neighbourhood",
            WidgetKind::HotRanking => "hot-ranking",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// The seed page's heading for this widget.
    pub fn title_zh(self) -> &'static str {
        match self {
            WidgetKind::Recommended => "新闻推荐",
            WidgetKind::Related => "相关新闻",
            WidgetKind::GuessYouLike => "猜你喜欢",
            WidgetKind::ChannelPicks => "频道推荐",
            WidgetKind::HotReading => "热点阅读",
            WidgetKind::PictureHighlights => "图文看点",
            WidgetKind::Neighbourhood => "乡里乡亲",
            WidgetKind::HotRanking => "热点排行",
        }
    }
}

/// One widget's entries (`GET /api/v1/widgets/{kind}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Widget {
    pub kind: WidgetKind,
    /// Heading in the site's language.
    pub title: String,
    pub items: Vec<ArticleSummary>,
}

/// Several widgets in one response (`GET /api/v1/widgets?kinds=…`), so a phone makes one request, not eight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WidgetSet {
    pub widgets: Vec<Widget>,
}
