//! The UI components, one per file.

pub mod context;
pub mod editor;
pub mod header;
pub mod image;
pub mod panels;
pub mod results;
pub mod explorer;
pub mod layers;
