//! stub
use crate::sh::{io::Io, shell::Shell};
/// x
pub fn curl(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn wget(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn git(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn nginx(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn httpd(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
/// x
pub fn go(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 { 0 }
