//! shadow-utils' `usermod`, `userdel` and `groupdel`: changing and removing accounts
//! (memberships, uid with the home's files re-owned, `-r` removing home and mail spool).

use super::{usage, E_BAD_ARG, E_ID_IN_USE, E_NAME_IN_USE, E_NOTFOUND, E_USAGE};
use crate::fs::FsPath;
use crate::sh::commands::users::{getopt_long, Db};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

pub(crate) fn usermod(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "usermod") {
        return status;
    }
    let long = [
        ("append", 'a'),
        ("groups", 'G'),
        ("gid", 'g'),
        ("shell", 's'),
        ("home", 'd'),
        ("move-home", 'm'),
        ("uid", 'u'),
        ("login", 'l'),
        ("comment", 'c'),
        ("lock", 'L'),
        ("unlock", 'U'),
        ("non-unique", 'o'),
    ];
    let (opts, rest) = match getopt_long(argv, "amLUo", "Ggsdulc", &long) {
        Ok(x) => x,
        Err(e) => return usage(io, "usermod", &e),
    };
    if rest.len() != 1 {
        return usage(io, "usermod", "");
    }
    let opt = |c: char| opts.value(c);
    let has = |c: char| opts.has(c);
    let mut db = Db::load(sh);
    let name = rest[0].clone();
    let Some(mut u) = db.user(&name) else {
        return io.fail(
            "usermod",
            format!("user '{name}' does not exist"),
            E_NOTFOUND,
        );
    };
    if opts.is_empty() {
        return io.fail("usermod", "no options", E_USAGE);
    }
    if let Some(g) = opt('g') {
        match db.group_ref(&g) {
            Some(gr) => u.gid = gr.gid,
            None => return io.fail("usermod", format!("group '{g}' does not exist"), E_NOTFOUND),
        }
    }
    let mut groups = Vec::new();
    if let Some(list) = opt('G') {
        for g in list.split(',').filter(|g| !g.is_empty()) {
            match db.group_ref(g) {
                Some(gr) => groups.push(gr.name),
                None => {
                    return io.fail("usermod", format!("group '{g}' does not exist"), E_NOTFOUND)
                }
            }
        }
    }
    let old_uid = u.uid;
    if let Some(v) = opt('u') {
        match v.parse::<u32>() {
            Ok(n) if n != u.uid && db.users().iter().any(|x| x.uid == n) && !has('o') => {
                return io.fail("usermod", format!("UID '{n}' already exists"), E_ID_IN_USE)
            }
            Ok(n) => u.uid = n,
            Err(_) => return io.fail("usermod", format!("invalid user ID '{v}'"), E_BAD_ARG),
        }
    }
    if let Some(s) = opt('s') {
        u.shell = s;
    }
    if let Some(c) = opt('c') {
        u.gecos = c;
    }
    let old_home = u.home.clone();
    if let Some(d) = opt('d') {
        u.home = d;
    }
    if let Some(l) = opt('l') {
        if db.user(&l).is_some() {
            return io.fail(
                "usermod",
                format!("user '{l}' already exists"),
                E_NAME_IN_USE,
            );
        }
        u.name = l;
    }
    if opt('G').is_some() {
        for g in db.groups() {
            let want = groups.contains(&g.name);
            let (old, new) = (name.clone(), u.name.clone());
            let append = has('a');
            db.members(&g.name, &move |m: &mut Vec<String>| {
                let had = m.contains(&old);
                m.retain(|x| *x != old);
                if want || (append && had) {
                    m.push(new.clone());
                }
            });
        }
    }
    // Lines are replaced where they are (found by the old name).
    db.set(0, &name, Some(u.line()));
    if u.name != name {
        if let Some(line) = db.line(2, &name) {
            let rest = line.split_once(':').map_or("", |(_, r)| r).to_string();
            db.set(2, &name, Some(format!("{}:{rest}", u.name)));
        }
        if opt('G').is_none() {
            for g in db.groups() {
                let (old, new) = (name.clone(), u.name.clone());
                db.members(&g.name, &move |m: &mut Vec<String>| {
                    for x in m.iter_mut() {
                        if *x == old {
                            *x = new.clone();
                        }
                    }
                });
            }
        }
    }
    if let Err(e) = db.save(sh, true) {
        return io.fail("usermod", e, 1);
    }
    if has('m') && u.home != old_home {
        let _ = sh.fs.rename(&FsPath::new(&old_home), &FsPath::new(&u.home));
    }
    if u.uid != old_uid {
        let home = FsPath::new(&u.home);
        if sh.fs.is_dir(&home) {
            for (p, n, _) in sh.fs.walk(&home) {
                if n.uid == old_uid {
                    let _ = sh.fs.lchown(&p, u.uid, n.gid);
                }
            }
            if let Ok(n) = sh.fs.stat(&home) {
                if n.uid == old_uid {
                    let _ = sh.fs.chown(&home, u.uid, n.gid);
                }
            }
        }
    }
    0
}

pub(crate) fn userdel(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "userdel") {
        return status;
    }
    let long = [("remove", 'r'), ("force", 'f')];
    let (opts, rest) = match getopt_long(argv, "rf", "", &long) {
        Ok(x) => x,
        Err(e) => return usage(io, "userdel", &e),
    };
    if rest.len() != 1 {
        return usage(io, "userdel", "");
    }
    let mut db = Db::load(sh);
    let name = rest[0].clone();
    let Some(u) = db.user(&name) else {
        return io.fail(
            "userdel",
            format!("user '{name}' does not exist"),
            E_NOTFOUND,
        );
    };
    db.set(0, &name, None);
    db.set(2, &name, None);
    for g in db.groups() {
        let n = name.clone();
        db.members(&g.name, &move |m: &mut Vec<String>| m.retain(|x| *x != n));
    }
    if let Some(g) = db.group(&name).filter(|g| g.gid == u.gid) {
        if !g.members.is_empty() {
            io.eprint(format!(
                "userdel: group {name} not removed because it has other members.\n"
            ));
        } else if let Some(other) = db.users().into_iter().find(|x| x.gid == g.gid) {
            let _ = other;
            io.eprint(format!(
                "userdel: group {name} is the primary group of another user and is not removed.\n"
            ));
        } else {
            db.set(1, &name, None);
            db.set(3, &name, None);
        }
    }
    if let Err(e) = db.save(sh, true) {
        return io.fail("userdel", e, 1);
    }
    let mut status = 0;
    if opts.has('r') {
        let mail = FsPath::new(&format!("/var/mail/{name}"));
        if sh.fs.exists(&mail) {
            let _ = sh.fs.remove(&mail, false);
        } else {
            io.eprint(format!(
                "userdel: {name} mail spool (/var/mail/{name}) not found\n"
            ));
        }
        let home = FsPath::new(&u.home);
        if sh.fs.is_dir(&home) {
            let _ = sh.fs.remove(&home, true);
        } else {
            io.eprint(format!(
                "userdel: {name} home directory ({}) not found\n",
                u.home
            ));
            status = 12;
        }
    }
    status
}

pub(crate) fn groupdel(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "groupdel") {
        return status;
    }
    let (_, rest) = match getopt_long(argv, "f", "", &[("force", 'f')]) {
        Ok(x) => x,
        Err(e) => return usage(io, "groupdel", &e),
    };
    if rest.len() != 1 {
        return usage(io, "groupdel", "");
    }
    let mut db = Db::load(sh);
    let name = rest[0].clone();
    let Some(g) = db.group(&name) else {
        return io.fail(
            "groupdel",
            format!("group '{name}' does not exist"),
            E_NOTFOUND,
        );
    };
    if let Some(u) = db.users().into_iter().find(|u| u.gid == g.gid) {
        return io.fail(
            "groupdel",
            format!("cannot remove the primary group of user '{}'", u.name),
            8,
        );
    }
    db.set(1, &name, None);
    db.set(3, &name, None);
    match db.save(sh, true) {
        Ok(()) => 0,
        Err(e) => io.fail("groupdel", e, 10),
    }
}

pub(crate) fn groupmod(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "groupmod") {
        return status;
    }
    let long = [("gid", 'g'), ("new-name", 'n'), ("non-unique", 'o')];
    let (opts, rest) = match getopt_long(argv, "o", "gn", &long) {
        Ok(x) => x,
        Err(e) => return usage(io, "groupmod", &e),
    };
    if rest.len() != 1 {
        return usage(io, "groupmod", "");
    }
    let opt = |c: char| opts.value(c);
    let mut db = Db::load(sh);
    let name = rest[0].clone();
    let Some(mut g) = db.group(&name) else {
        return io.fail(
            "groupmod",
            format!("group '{name}' does not exist"),
            E_NOTFOUND,
        );
    };
    let old_gid = g.gid;
    if let Some(v) = opt('g') {
        match v.parse::<u32>() {
            Ok(n) if n != g.gid && db.groups().iter().any(|x| x.gid == n) && opt('o').is_none() => {
                return io.fail("groupmod", format!("GID '{n}' already exists"), E_ID_IN_USE)
            }
            Ok(n) => g.gid = n,
            Err(_) => return io.fail("groupmod", format!("invalid group ID '{v}'"), E_BAD_ARG),
        }
    }
    if let Some(n) = opt('n') {
        if n != name && db.group(&n).is_some() {
            return io.fail(
                "groupmod",
                format!("group '{n}' already exists"),
                E_NAME_IN_USE,
            );
        }
        g.name = n;
    }
    if let Some(line) = db.line(3, &name).filter(|_| g.name != name) {
        let rest = line.split_once(':').map_or("", |(_, r)| r).to_string();
        db.set(3, &name, Some(format!("{}:{rest}", g.name)));
    }
    db.set(1, &name, Some(g.line()));
    // Users whose primary group it was follow the new gid.
    if g.gid != old_gid {
        for mut u in db.users().into_iter().filter(|u| u.gid == old_gid) {
            u.gid = g.gid;
            db.set(0, &u.name, Some(u.line()));
        }
    }
    match db.save(sh, true) {
        Ok(()) => 0,
        Err(e) => io.fail("groupmod", e, 10),
    }
}
