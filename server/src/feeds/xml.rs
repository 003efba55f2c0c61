//! Writing XML with quick-xml: its writer escapes text and attribute values; characters XML 1.0 cannot
//! carry at all (most C0 controls, which a CMS can let through) are dropped here first.

use crate::error::AppError;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;

/// A document being written.
pub struct Xml(Writer<Vec<u8>>);

/// Text without the characters XML 1.0 does not allow.
fn clean(s: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|c| allowed(*c)).collect())
    }
}

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(format!("writing XML: {e}"))
}

impl Xml {
    pub fn new() -> Result<Xml, AppError> {
        let mut w = Writer::new_with_indent(Vec::with_capacity(16 * 1024), b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(io)?;
        Ok(Xml(w))
    }

    /// `<name attrs…>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), AppError> {
        let attrs: Vec<(&str, Cow<str>)> = attrs.iter().map(|(k, v)| (*k, clean(v))).collect();
        let start =
            BytesStart::new(name).with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())));
        self.0.write_event(Event::Start(start)).map_err(io)
    }

    pub fn close(&mut self, name: &str) -> Result<(), AppError> {
        self.0
            .write_event(Event::End(BytesEnd::new(name)))
            .map_err(io)
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), AppError> {
        let attrs: Vec<(&str, Cow<str>)> = attrs.iter().map(|(k, v)| (*k, clean(v))).collect();
        let start =
            BytesStart::new(name).with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())));
        self.0.write_event(Event::Empty(start)).map_err(io)
    }

    /// `<name attrs…>text</name>`, the text escaped.
    pub fn text_with(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> Result<(), AppError> {
        self.open(name, attrs)?;
        self.0
            .write_event(Event::Text(BytesText::new(&clean(text))))
            .map_err(io)?;
        self.close(name)
    }

    /// `<name>text</name>`, the text escaped.
    pub fn text(&mut self, name: &str, text: &str) -> Result<(), AppError> {
        self.text_with(name, &[], text)
    }

    pub fn finish(self) -> Vec<u8> {
        let mut out = self.0.into_inner();
        out.push(b'\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_what_xml_cannot_carry() {
        let mut x = Xml::new().unwrap();
        x.text_with("t", &[("a", "<&>\"'\u{1}")], "<&>\"'\u{0}\u{8}ok")
            .unwrap();
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(s.contains("a=\"&lt;&amp;&gt;&quot;&apos;\""), "{s}");
        assert!(s.contains(">&lt;&amp;&gt;"), "{s}");
        assert!(
            s.contains("ok</t>") && !s.contains('\u{0}') && !s.contains('\u{8}'),
            "{s}"
        );
    }
}
