//! Reader preferences (theme, font size, UI language), persisted in localStorage and applied to <html>.
//! A chosen language is also a cookie, so the server draws its first screen in that language.

use crate::i18n::Lang;
use leptos::prelude::*;

const THEME_KEY: &str = "difang.theme";
const FONT_KEY: &str = "difang.font";
const LANG_KEY: &str = "difang.lang";
/// The cookie holding the reader's chosen UI language (`zh-CN` or `en`), read by the server.
pub const LANG_COOKIE: &str = "difang.lang";
/// Font steps 0..=FONT_MAX; CSS maps `html[data-font]` to a size. 1 is the default.
pub const FONT_MAX: u8 = 4;
pub const FONT_DEFAULT: u8 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The reader's preferences as signals; provided as context by the app.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub theme: RwSignal<Theme>,
    /// True once the reader picked a theme; until then the theme follows `prefers-color-scheme`.
    pub theme_chosen: RwSignal<bool>,
    pub font: RwSignal<u8>,
    pub lang: RwSignal<Lang>,
    pub lang_chosen: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok()?
}

pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        // Private mode or a full quota: the preference just does not persist.
        let _ = s.set_item(key, value);
    }
}

/// The language the reader chose, as the server read it from [`LANG_COOKIE`]: given as context to the
/// render that draws the first screen, where there is no localStorage.
#[derive(Clone, Copy, Debug)]
pub struct ChosenLang(pub Lang);

/// Keeps the chosen language in [`LANG_COOKIE`] for a year (refreshed at every start).
fn write_lang_cookie(lang: Lang) {
    use wasm_bindgen::JsCast;
    let Some(doc) = crate::browser::window().and_then(|w| w.document()) else {
        return;
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.tag()
    );
    let _ = doc
        .unchecked_into::<web_sys::HtmlDocument>()
        .set_cookie(&cookie);
}

fn system_dark() -> bool {
    crate::browser::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn html() -> Option<web_sys::Element> {
    crate::browser::window()?.document()?.document_element()
}

impl Prefs {
    /// Reads stored preferences and keeps <html> (`data-theme`, `data-font`, `lang`) in step with them.
    pub fn init() -> Prefs {
        let stored_theme = storage_get(THEME_KEY).and_then(|t| match t.as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        });
        let theme = stored_theme.unwrap_or(if system_dark() {
            Theme::Dark
        } else {
            Theme::Light
        });
        let font = storage_get(FONT_KEY)
            .and_then(|f| f.parse::<u8>().ok())
            .filter(|f| *f <= FONT_MAX)
            .unwrap_or(FONT_DEFAULT);
        let stored_lang = storage_get(LANG_KEY).and_then(|l| Lang::from_tag(&l));
        if let Some(l) = stored_lang {
            write_lang_cookie(l);
        }
        let stored_lang = stored_lang.or_else(|| use_context::<ChosenLang>().map(|c| c.0));
        let prefs = Prefs {
            theme: RwSignal::new(theme),
            theme_chosen: RwSignal::new(stored_theme.is_some()),
            font: RwSignal::new(font),
            lang: RwSignal::new(stored_lang.unwrap_or_default()),
            lang_chosen: RwSignal::new(stored_lang.is_some()),
        };
        Effect::new(move |_| {
            if let Some(h) = html() {
                let _ = h.set_attribute("data-theme", prefs.theme.get().as_str());
                let _ = h.set_attribute("data-font", &prefs.font.get().to_string());
                let _ = h.set_attribute("lang", prefs.lang.get().tag());
            }
        });
        // Follow the system theme until the reader picks one.
        if let Some(mql) = crate::browser::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        {
            // Belongs to the app: removed when it is unmounted (tests mount and drop it many times).
            crate::browser::listen(&mql, "change", false, move |_: web_sys::Event| {
                if !prefs.theme_chosen.get_untracked() {
                    prefs.theme.set(if system_dark() {
                        Theme::Dark
                    } else {
                        Theme::Light
                    });
                }
            });
        }
        prefs
    }

    pub fn toggle_theme(self) {
        let next = match self.theme.get_untracked() {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        };
        self.theme.set(next);
        self.theme_chosen.set(true);
        storage_set(THEME_KEY, next.as_str());
    }

    pub fn change_font(self, delta: i8) {
        let f = (self.font.get_untracked() as i8 + delta).clamp(0, FONT_MAX as i8) as u8;
        self.font.set(f);
        storage_set(FONT_KEY, &f.to_string());
    }

    pub fn toggle_lang(self) {
        let next = match self.lang.get_untracked() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        self.lang.set(next);
        self.lang_chosen.set(true);
        storage_set(LANG_KEY, next.tag());
        write_lang_cookie(next);
    }

    /// The site's language is the default UI language until the reader picks one.
    pub fn default_lang(self, site_language: &str) {
        if !self.lang_chosen.get_untracked() {
            if let Some(l) =
                Lang::from_tag(site_language).filter(|l| *l != self.lang.get_untracked())
            {
                // Only on a change: the whole frame redraws when the language changes.
                self.lang.set(l);
            }
        }
    }
}
