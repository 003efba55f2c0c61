//! Where content comes from: `content/` folders (the first start's demo and `difang-server import`), the
//! generator of synthetic corpora, and a WordPress site followed by the sync.

pub mod generate;
pub mod import;
pub mod wordpress;
