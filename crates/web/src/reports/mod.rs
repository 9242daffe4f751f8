//! Reports: their figures, pages, exports, printable page, share links and the glossary.

pub mod actions;
pub mod api;
pub mod page;
