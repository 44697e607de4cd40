//! Base images for `FROM` and `COPY --from=<image>`: the local image store first (like
//! docker's local images, see `Build::resolve_image`), then the offline catalog
//! ([`crate::catalog`]). Nothing is fetched.

use super::error::{BuildError, BuildErrorKind};
use super::store::StoredImage;
use crate::catalog::{self, CatalogErrorKind};

/// A base image and the reference `docker` prints for it (`docker.io/library/node:latest`).
#[derive(Debug, Clone)]
pub struct ResolvedBase {
    /// The image.
    pub image: StoredImage,
    /// The full reference.
    pub reference: String,
}

/// Resolves `reference` in the offline catalog.
pub fn resolve(reference: &str) -> Result<ResolvedBase, BuildError> {
    match catalog::resolve(reference) {
        Ok(base) => {
            let full = base
                .reference
                .as_ref()
                .map(|r| r.full())
                .unwrap_or_else(|| reference.to_string());
            let config = base.image_config();
            Ok(ResolvedBase {
                image: StoredImage::new(config, base.layers.clone()),
                reference: full,
            })
        }
        Err(e) => {
            let suggestions = match &e.kind {
                CatalogErrorKind::UnknownRepository { suggestions }
                | CatalogErrorKind::UnknownTag { suggestions } => suggestions.clone(),
                _ => Vec::new(),
            };
            let full = catalog::reference::ImageRef::parse(reference)
                .map(|r| r.full())
                .unwrap_or_else(|_| reference.to_string());
            let mut message = format!("{full}: failed to resolve source metadata for {full}: {e}");
            if !suggestions.is_empty() {
                message.push_str(&format!(" (did you mean {}?)", suggestions.join(", ")));
            }
            Err(BuildError::new(BuildErrorKind::UnknownImage(message)))
        }
    }
}
