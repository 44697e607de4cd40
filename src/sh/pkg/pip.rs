//! stub
use crate::sh::{io::Io, shell::Shell};
/// x
pub fn pip(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn python(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
