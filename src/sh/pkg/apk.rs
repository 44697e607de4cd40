//! stub
use crate::sh::{io::Io, shell::Shell};
/// `apk`.
pub fn apk(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
