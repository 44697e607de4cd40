//! The UI components, one per file.

pub mod build_options;
pub mod container;
pub mod context;
pub mod editor;
pub mod explorer;
pub mod header;
pub mod image;
pub mod layers;
pub mod panels;
pub mod results;
pub mod workspaces;
