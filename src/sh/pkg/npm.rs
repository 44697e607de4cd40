//! stub
use crate::sh::{io::Io, shell::Shell};
/// x
pub fn npm(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn npx(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn yarn(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn node(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
