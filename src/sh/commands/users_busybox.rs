//! busybox's `addgroup`, `adduser`, `delgroup`, `deluser` (Alpine): first free ids from 1000
//! (system: from 100), a user's own group gets the uid as gid, `Linux User,,,` as GECOS,
//! homes `02755` owned by the user, errors like `adduser: user 'x' in use` (status 1).

use super::{getopt_long, make_home, valid_name, Db};
use crate::fs::FsPath;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

const LAST_ID: u32 = 60000;

fn usage(io: &mut Io, prog: &str) -> i32 {
    let text = match prog {
        "addgroup" => "Usage: addgroup [-g GID] [-S] [USER] GROUP\n\nAdd a group or add a user to a group\n\n\t-g GID\tGroup id\n\t-S\tCreate a system group",
        "adduser" => "Usage: adduser [OPTIONS] USER [GROUP]\n\nCreate new user, or add USER to GROUP\n\n\t-h DIR\t\tHome directory\n\t-g GECOS\tGECOS field\n\t-s SHELL\tLogin shell\n\t-G GRP\t\tGroup\n\t-S\t\tCreate a system user\n\t-D\t\tDon't assign a password\n\t-H\t\tDon't create home directory\n\t-u UID\t\tUser id\n\t-k SKEL\t\tSkeleton directory (/etc/skel)",
        "delgroup" => "Usage: delgroup [USER] GROUP\n\nDelete group GROUP from the system or user USER from group GROUP",
        _ => "Usage: deluser [--remove-home] USER\n\nDelete USER from the system",
    };
    io.eprint(format!(
        "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\n{text}\n"
    ));
    1
}

/// Creates a group: the first free gid from `start` (or the given one).
fn new_group(
    db: &mut Db,
    io: &mut Io,
    prog: &str,
    name: &str,
    gid: Option<u32>,
    system: bool,
) -> Result<u32, i32> {
    if db.group(name).is_some() {
        return Err(io.fail(prog, format!("group '{name}' in use"), 1));
    }
    let groups = db.groups();
    let used = |g: u32| groups.iter().any(|x| x.gid == g);
    let gid = match gid {
        Some(g) if used(g) => return Err(io.fail(prog, format!("gid '{g}' in use"), 1)),
        Some(g) => g,
        None => {
            let (mut g, max) = if system { (100, 999) } else { (1000, LAST_ID) };
            while used(g) {
                if g == max {
                    return Err(io.fail(prog, "no gids left", 1));
                }
                g += 1;
            }
            g
        }
    };
    db.set(1, name, Some(format!("{name}:x:{gid}:")));
    db.set(3, name, Some(format!("{name}:!::")));
    Ok(gid)
}

fn add_member(db: &mut Db, user: &str, group: &str) {
    let u = user.to_string();
    db.members(group, &move |m: &mut Vec<String>| {
        if !m.contains(&u) {
            m.push(u.clone());
        }
    });
}

pub(super) fn addgroup(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "addgroup") {
        return status;
    }
    let (opts, rest) = match getopt_long(argv, "S", "g", &[("gid", 'g'), ("system", 'S')]) {
        Ok(x) => x,
        Err(_) => return usage(io, "addgroup"),
    };
    if rest.is_empty() || rest.len() > 2 {
        return usage(io, "addgroup");
    }
    let mut db = Db::load(sh);
    let gid_opt = opts.value('g');
    if rest.len() == 2 {
        if gid_opt.is_some() {
            return usage(io, "addgroup");
        }
        if db.user(&rest[0]).is_none() {
            return io.fail("addgroup", format!("unknown user {}", rest[0]), 1);
        }
        let Some(g) = db.group(&rest[1]) else {
            return io.fail("addgroup", format!("unknown group {}", rest[1]), 1);
        };
        if g.members.contains(&rest[0]) {
            return 0;
        }
        add_member(&mut db, &rest[0], &rest[1]);
    } else {
        let name = &rest[0];
        if !valid_name(name) {
            return io.fail("addgroup", format!("illegal character in name '{name}'"), 1);
        }
        let gid = match gid_opt.map(|v| v.parse::<u32>()) {
            None => None,
            Some(Ok(g)) if g <= LAST_ID => Some(g),
            Some(_) => return io.fail("addgroup", "invalid number", 1),
        };
        let system = opts.has('S');
        if let Err(s) = new_group(&mut db, io, "addgroup", name, gid, system) {
            return s;
        }
    }
    match db.save(sh, false) {
        Ok(()) => 0,
        Err(e) => io.fail("addgroup", e, 1),
    }
}

pub(super) fn adduser(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "adduser") {
        return status;
    }
    let long = [
        ("home", 'h'),
        ("gecos", 'g'),
        ("shell", 's'),
        ("ingroup", 'G'),
        ("disabled-password", 'D'),
        ("empty-password", 'D'),
        ("system", 'S'),
        ("no-create-home", 'H'),
        ("uid", 'u'),
        ("skel", 'k'),
    ];
    let (opts, rest) = match getopt_long(argv, "DSH", "hgsGuk", &long) {
        Ok(x) => x,
        Err(_) => return usage(io, "adduser"),
    };
    if rest.is_empty() || rest.len() > 2 {
        return usage(io, "adduser");
    }
    let opt = |c: char| opts.value(c);
    let mut db = Db::load(sh);
    let name = rest[0].clone();
    if opts.is_empty() && rest.len() == 2 {
        if db.user(&name).is_none() {
            return io.fail("addgroup", format!("unknown user {name}"), 1);
        }
        let Some(g) = db.group(&rest[1]) else {
            return io.fail("addgroup", format!("unknown group {}", rest[1]), 1);
        };
        if !g.members.contains(&name) {
            add_member(&mut db, &name, &rest[1]);
        }
        return match db.save(sh, false) {
            Ok(()) => 0,
            Err(e) => io.fail("adduser", e, 1),
        };
    }
    if !valid_name(&name) {
        return io.fail("adduser", format!("illegal character in name '{name}'"), 1);
    }
    let system = opt('S').is_some();
    let uid_opt = match opt('u').map(|v| v.parse::<u32>()) {
        None => None,
        Some(Ok(u)) if u <= LAST_ID => Some(u),
        Some(_) => return io.fail("adduser", "invalid number", 1),
    };
    let root_shell = db
        .users()
        .into_iter()
        .find(|u| u.uid == 0)
        .map_or_else(|| "/bin/sh".to_string(), |u| u.shell);
    let shell = opt('s').unwrap_or_else(|| {
        if system {
            "/bin/false".into()
        } else {
            root_shell
        }
    });
    let home = opt('h').unwrap_or_else(|| format!("/home/{name}"));
    let gecos = opt('g').unwrap_or_else(|| "Linux User,,,".into());
    let usegroup = opt('G').or_else(|| system.then(|| "nogroup".to_string()));
    let gid = match &usegroup {
        Some(g) => match db.group_ref(g) {
            Some(g) => Some(g.gid),
            None => return io.fail("adduser", format!("unknown group {g}"), 1),
        },
        None => None,
    };
    if db.user(&name).is_some() {
        return io.fail("adduser", format!("user '{name}' in use"), 1);
    }
    let users = db.users();
    let groups = db.groups();
    let (mut uid, max) = match (uid_opt, system) {
        (Some(u), _) => (u, LAST_ID),
        (None, true) => (100, 999),
        (None, false) => (1000, LAST_ID),
    };
    while users.iter().any(|u| u.uid == uid)
        || (gid.is_none() && groups.iter().any(|g| g.gid == uid))
    {
        if uid_opt.is_some() {
            return io.fail("adduser", format!("uid '{uid}' in use"), 1);
        }
        if uid == max {
            return io.fail("adduser", "no uids left", 1);
        }
        uid += 1;
    }
    let gid = match gid {
        Some(g) => g,
        None => {
            if db.group(&name).is_some() {
                return io.fail("adduser", format!("group '{name}' in use"), 1);
            }
            uid
        }
    };
    db.set(
        0,
        &name,
        Some(format!("{name}:x:{uid}:{gid}:{gecos}:{home}:{shell}")),
    );
    let days = sh.now.div_euclid(86_400);
    db.set(2, &name, Some(format!("{name}:!:{days}:0:99999:7:::")));
    match &usegroup {
        Some(g) => {
            if let Some(gr) = db.group_ref(g) {
                if !gr.members.contains(&name) {
                    add_member(&mut db, &name, &gr.name);
                }
            }
        }
        None => {
            if let Err(s) = new_group(&mut db, io, "addgroup", &name, Some(gid), system) {
                return s;
            }
        }
    }
    if let Err(e) = db.save(sh, false) {
        return io.fail("adduser", e, 1);
    }
    if opt('H').is_none() {
        let skel = opt('k').unwrap_or_else(|| "/etc/skel".into());
        if let Err(e) = make_home(sh, &home, &skel, uid, gid, 0o2755) {
            io.eprint(format!("adduser: {e}\n"));
        }
    }
    if opt('D').is_none() && !system {
        // busybox then runs `passwd`, which reads the new password twice from stdin.
        return super::passwd::passwd(sh, &["passwd".to_string(), name], io);
    }
    0
}

pub(super) fn delgroup(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "delgroup") {
        return status;
    }
    let rest: Vec<String> = argv[1..]
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if rest.is_empty() || rest.len() > 2 {
        return usage(io, "delgroup");
    }
    let mut db = Db::load(sh);
    let gname = rest.last().cloned().unwrap_or_default();
    let Some(g) = db.group(&gname) else {
        return io.fail("delgroup", format!("unknown group {gname}"), 1);
    };
    if rest.len() == 2 {
        let user = rest[0].clone();
        if !g.members.contains(&user) {
            return io.fail("delgroup", format!("can't find {user} in /etc/group"), 1);
        }
        db.members(&gname, &move |m: &mut Vec<String>| m.retain(|x| *x != user));
    } else {
        if let Some(u) = db.users().into_iter().find(|u| u.gid == g.gid) {
            return io.fail(
                "delgroup",
                format!("'{}' still has '{gname}' as their primary group!", u.name),
                1,
            );
        }
        db.set(1, &gname, None);
        db.set(3, &gname, None);
    }
    match db.save(sh, false) {
        Ok(()) => 0,
        Err(e) => io.fail("delgroup", e, 1),
    }
}

pub(super) fn deluser(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "deluser") {
        return status;
    }
    let remove_home = argv.iter().any(|a| a == "--remove-home");
    let rest: Vec<String> = argv[1..]
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if rest.is_empty() || rest.len() > 2 {
        return usage(io, "deluser");
    }
    if rest.len() == 2 {
        return delgroup(sh, argv, io);
    }
    let mut db = Db::load(sh);
    let name = rest[0].clone();
    let Some(u) = db.user(&name) else {
        return io.fail("deluser", format!("unknown user {name}"), 1);
    };
    db.set(0, &name, None);
    db.set(2, &name, None);
    for g in db.groups() {
        let n = name.clone();
        db.members(&g.name, &move |m: &mut Vec<String>| m.retain(|x| *x != n));
    }
    // The user's own group goes too, unless another user still has it as primary group.
    if let Some(g) = db.group(&name) {
        if g.gid == u.gid && !db.users().iter().any(|x| x.gid == g.gid) {
            db.set(1, &name, None);
            db.set(3, &name, None);
        }
    }
    if let Err(e) = db.save(sh, false) {
        return io.fail("deluser", e, 1);
    }
    if remove_home {
        let _ = sh.fs.remove(&FsPath::new(&u.home), true);
    }
    0
}
