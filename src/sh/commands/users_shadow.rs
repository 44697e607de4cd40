//! shadow-utils' `groupadd`, `useradd`, `usermod`, `userdel`, `groupdel` (Debian, Ubuntu):
//! new ids above the highest used from 1000 (system ids from 999 down), a user group with the
//! uid as gid when free, no home unless `-m` (then `/etc/skel` is copied; mode 0755 on
//! Debian, 0750 on Ubuntu), shell `/bin/sh`, locked shadow entries, `file-` backups, and
//! shadow's messages and statuses (`useradd: UID 1000 is not unique`, 4).

use super::{getopt_long, make_home, Db};
use crate::fs::FsPath;
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;

const E_USAGE: i32 = 2;
const E_BAD_ARG: i32 = 3;
const E_ID_IN_USE: i32 = 4;
const E_NOTFOUND: i32 = 6;
const E_NAME_IN_USE: i32 = 9;

fn usage(io: &mut Io, prog: &str, msg: &str) -> i32 {
    if !msg.is_empty() {
        io.eprint(format!("{prog}: {msg}\n"));
    }
    io.eprint(format!(
        "Usage: {prog} [options] {}\n",
        if prog.starts_with("group") {
            "GROUP"
        } else {
            "LOGIN"
        }
    ));
    E_USAGE
}

/// Debian's relaxed name rule: no leading `-`, `+` or `~`; no `:`, `,`, `/` or whitespace;
/// not all digits.
fn valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && !name.starts_with(['-', '+', '~'])
        && !name.contains([':', ',', '/', ' ', '\t', '\n'])
        && !name.chars().all(|c| c.is_ascii_digit())
        && name != "."
        && name != ".."
}

/// A free id: system ids from 999 down, others above the highest used in 1000–60000.
fn new_id(used: &[u32], system: bool, preferred: Option<u32>) -> Option<u32> {
    if let Some(p) = preferred.filter(|p| !used.contains(p)) {
        let in_range = if system {
            (100..=999).contains(&p)
        } else {
            (1000..=60000).contains(&p)
        };
        if in_range {
            return Some(p);
        }
    }
    if system {
        return (100..=999u32).rev().find(|i| !used.contains(i));
    }
    let highest = used
        .iter()
        .copied()
        .filter(|u| (1000..=60000).contains(u))
        .max();
    match highest {
        Some(h) if h < 60000 => Some(h + 1),
        Some(_) => (1000..=60000u32).find(|i| !used.contains(i)),
        None => Some(1000),
    }
}

pub(super) fn groupadd(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "groupadd") {
        return status;
    }
    let long = [
        ("gid", 'g'),
        ("system", 'r'),
        ("force", 'f'),
        ("non-unique", 'o'),
        ("key", 'K'),
        ("password", 'p'),
        ("users", 'U'),
    ];
    let (opts, rest) = match getopt_long(argv, "rfo", "gKpU", &long) {
        Ok(x) => x,
        Err(e) => return usage(io, "groupadd", &e),
    };
    if rest.len() != 1 {
        return usage(io, "groupadd", "");
    }
    let has = |c: char| opts.has(c);
    let name = &rest[0];
    let mut gid = None;
    if let Some(v) = opts.value('g') {
        match v.parse::<u32>() {
            Ok(g) if g < u32::MAX => gid = Some(g),
            _ => return io.fail("groupadd", format!("invalid group ID '{v}'"), E_BAD_ARG),
        }
    }
    if !valid(name) {
        return io.fail(
            "groupadd",
            format!("'{name}' is not a valid group name"),
            E_BAD_ARG,
        );
    }
    let mut db = Db::load(sh);
    if db.group(name).is_some() {
        if has('f') {
            return 0;
        }
        return io.fail(
            "groupadd",
            format!("group '{name}' already exists"),
            E_NAME_IN_USE,
        );
    }
    let used: Vec<u32> = db.groups().iter().map(|g| g.gid).collect();
    let gid = match gid {
        Some(g) if used.contains(&g) && !has('o') => {
            if has('f') {
                new_id(&used, has('r'), None)
            } else {
                return io.fail("groupadd", format!("GID '{g}' already exists"), E_ID_IN_USE);
            }
        }
        Some(g) => Some(g),
        None => new_id(&used, has('r'), None),
    };
    let Some(gid) = gid else {
        return io.fail(
            "groupadd",
            "Can't get unique GID (no more available GIDs)",
            E_ID_IN_USE,
        );
    };
    db.set(1, name, Some(format!("{name}:x:{gid}:")));
    db.set(3, name, Some(format!("{name}:!::")));
    match db.save(sh, true) {
        Ok(()) => 0,
        Err(e) => io.fail("groupadd", e, 10),
    }
}

pub(super) fn useradd(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "useradd") {
        return status;
    }
    let long = [
        ("uid", 'u'),
        ("gid", 'g'),
        ("groups", 'G'),
        ("shell", 's'),
        ("home-dir", 'd'),
        ("create-home", 'm'),
        ("no-create-home", 'M'),
        ("system", 'r'),
        ("comment", 'c'),
        ("no-user-group", 'N'),
        ("user-group", 'U'),
        ("non-unique", 'o'),
        ("no-log-init", 'l'),
        ("skel", 'k'),
        ("password", 'p'),
        ("expiredate", 'e'),
        ("inactive", 'f'),
        ("key", 'K'),
        ("base-dir", 'b'),
        ("badname", 'B'),
    ];
    let (opts, rest) = match getopt_long(argv, "mMrNUolB", "ugGsdckpefKb", &long) {
        Ok(x) => x,
        Err(e) => return usage(io, "useradd", &e),
    };
    if rest.len() != 1 {
        return usage(io, "useradd", "");
    }
    let opt = |c: char| opts.value(c);
    let has = |c: char| opts.has(c);
    let name = rest[0].clone();
    let system = has('r');
    let mut db = Db::load(sh);
    let uid_opt = match opt('u').map(|v| v.parse::<u32>()) {
        None => None,
        Some(Ok(u)) if u < u32::MAX => Some(u),
        Some(_) => {
            return io.fail(
                "useradd",
                format!("invalid user ID '{}'", opt('u').unwrap_or_default()),
                E_BAD_ARG,
            )
        }
    };
    let gid_opt = match opt('g') {
        None => None,
        Some(g) => match db.group_ref(&g) {
            Some(gr) => Some(gr.gid),
            None => return io.fail("useradd", format!("group '{g}' does not exist"), E_NOTFOUND),
        },
    };
    let mut extra = Vec::new();
    for g in opt('G')
        .unwrap_or_default()
        .split(',')
        .filter(|g| !g.is_empty())
    {
        match db.group_ref(g) {
            Some(gr) => extra.push(gr.name),
            None => return io.fail("useradd", format!("group '{g}' does not exist"), E_NOTFOUND),
        }
    }
    if !valid(&name) {
        return io.fail(
            "useradd",
            format!("invalid user name '{name}': use --badname to ignore"),
            E_BAD_ARG,
        );
    }
    if db.user(&name).is_some() {
        return io.fail(
            "useradd",
            format!("user '{name}' already exists"),
            E_NAME_IN_USE,
        );
    }
    let user_group = gid_opt.is_none() && !has('N');
    if user_group && db.group(&name).is_some() {
        return io.fail(
            "useradd",
            format!("group {name} exists - if you want to add this user to that group, use -g."),
            E_NAME_IN_USE,
        );
    }
    let used_uids: Vec<u32> = db.users().iter().map(|u| u.uid).collect();
    let uid = match uid_opt {
        Some(u) if used_uids.contains(&u) && !has('o') => {
            return io.fail("useradd", format!("UID {u} is not unique"), E_ID_IN_USE)
        }
        Some(u) => u,
        None => match new_id(&used_uids, system, None) {
            Some(u) => u,
            None => {
                return io.fail(
                    "useradd",
                    "Can't get unique UID (no more available UIDs)",
                    E_ID_IN_USE,
                )
            }
        },
    };
    let gid = match gid_opt {
        Some(g) => g,
        None if !user_group => 100,
        None => {
            let used: Vec<u32> = db.groups().iter().map(|g| g.gid).collect();
            match new_id(&used, system, Some(uid)) {
                Some(g) => {
                    db.set(1, &name, Some(format!("{name}:x:{g}:")));
                    db.set(3, &name, Some(format!("{name}:!::")));
                    g
                }
                None => return io.fail("useradd", "can't create group", 4),
            }
        }
    };
    let base = opt('b').unwrap_or_else(|| "/home".into());
    let home = opt('d').unwrap_or_else(|| format!("{}/{name}", base.trim_end_matches('/')));
    let shell = opt('s').unwrap_or_else(|| "/bin/sh".into());
    let comment = opt('c').unwrap_or_default();
    db.set(
        0,
        &name,
        Some(format!("{name}:x:{uid}:{gid}:{comment}:{home}:{shell}")),
    );
    let days = sh.now.div_euclid(86_400);
    let shadow = if system {
        format!("{name}:!:{days}::::::")
    } else {
        format!("{name}:!:{days}:0:99999:7:::")
    };
    db.set(2, &name, Some(shadow));
    for g in &extra {
        let n = name.clone();
        db.members(g, &move |m: &mut Vec<String>| {
            if !m.contains(&n) {
                m.push(n.clone());
            }
        });
    }
    if let Err(e) = db.save(sh, true) {
        return io.fail("useradd", e, 1);
    }
    if has('m') && !has('M') {
        if sh.fs.exists(&FsPath::new(&home)) {
            io.eprint("useradd: warning: the home directory ".to_string() + &home + " already exists.\nuseradd: Not copying any file from skel directory into it.\n");
        }
        let mode = if sh.os.family == Family::Ubuntu {
            0o750
        } else {
            0o755
        };
        let skel = opt('k').unwrap_or_else(|| "/etc/skel".into());
        if let Err(e) = make_home(sh, &home, &skel, uid, gid, mode) {
            return io.fail("useradd", format!("cannot create directory {e}"), 12);
        }
    }
    0
}

#[path = "users_shadow_edit.rs"]
mod edit;
pub(super) use edit::{groupdel, groupmod, userdel, usermod};
