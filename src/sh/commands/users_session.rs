//! Looking accounts up and switching to them: `getent passwd|group [KEY…]`, `groups [USER]`
//! and `su [-] [-s SHELL] [-c CMD] [USER]`, which runs the command as that user (uid, gid,
//! `HOME`, `USER`, `LOGNAME`, `SHELL`; a login shell also starts in the home directory) and
//! then restores the caller.

use super::Db;
use crate::fs::FsPath;
use crate::sh::commands::CommandFn;
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::{Shell, Var};

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("getent", getent), ("groups", groups), ("su", su)];

fn getent(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Some(db_name) = argv.get(1) else {
        return io.fail("getent", "wrong number of arguments", 1);
    };
    let db = Db::load(sh);
    let keys = &argv[2..];
    let lines: Vec<(String, String, u32)> = match db_name.as_str() {
        "passwd" => db
            .users()
            .iter()
            .map(|u| (u.line(), u.name.clone(), u.uid))
            .collect(),
        "group" => db
            .groups()
            .iter()
            .map(|g| (g.line(), g.name.clone(), g.gid))
            .collect(),
        "hosts" | "ahosts" => {
            let hosts = [
                ("127.0.0.1", "localhost"),
                ("::1", "localhost ip6-localhost ip6-loopback"),
                ("172.17.0.2", crate::sh::os::HOSTNAME),
            ];
            if keys.is_empty() {
                for (ip, names) in hosts {
                    io.println(format!("{ip:<15} {names}"));
                }
                return 0;
            }
            let mut status = 0;
            for k in keys {
                match hosts
                    .iter()
                    .find(|(ip, names)| ip == k || names.split(' ').any(|n| n == k))
                {
                    Some((ip, names)) => io.println(format!("{ip:<15} {names}")),
                    None => status = 2,
                }
            }
            return status;
        }
        other => return io.fail("getent", format!("Unknown database: {other}"), 1),
    };
    if keys.is_empty() {
        for (l, _, _) in &lines {
            io.println(l);
        }
        return 0;
    }
    let mut status = 0;
    for k in keys {
        let hit = lines.iter().find(|(_, n, _)| n == k).or_else(|| {
            k.parse::<u32>()
                .ok()
                .and_then(|id| lines.iter().find(|(_, _, i)| *i == id))
        });
        match hit {
            Some((l, _, _)) => io.println(l),
            None => status = 2,
        }
    }
    status
}

fn groups(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let db = Db::load(sh);
    let all = db.groups();
    let names_for = |name: Option<&str>, gid: u32| -> Vec<String> {
        let mut out = vec![all
            .iter()
            .find(|g| g.gid == gid)
            .map_or(gid.to_string(), |g| g.name.clone())];
        if let Some(n) = name {
            for g in &all {
                if g.gid != gid && g.members.iter().any(|m| m == n) {
                    out.push(g.name.clone());
                }
            }
        }
        out
    };
    if argv.len() < 2 {
        let me = db.users().into_iter().find(|u| u.uid == sh.uid);
        io.println(names_for(me.as_ref().map(|u| u.name.as_str()), sh.gid).join(" "));
        return 0;
    }
    let mut status = 0;
    for name in &argv[1..] {
        match db.user(name) {
            Some(u) if busybox => io.println(names_for(Some(name), u.gid).join(" ")),
            Some(u) => io.println(format!(
                "{name} : {}",
                names_for(Some(name), u.gid).join(" ")
            )),
            None if busybox => status = io.fail("groups", format!("unknown user {name}"), 1),
            None => status = io.fail("groups", format!("'{name}': no such user"), 1),
        }
    }
    status
}

fn su(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let (mut login, mut preserve) = (false, false);
    let mut shell_opt: Option<String> = None;
    let mut command: Option<String> = None;
    let mut rest: Vec<String> = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        i += 1;
        if a == "--" {
            rest.extend(argv[i..].iter().cloned());
            break;
        }
        let value = |i: &mut usize, inline: Option<&str>| -> Option<String> {
            match inline {
                Some(v) if !v.is_empty() => Some(v.to_string()),
                _ => {
                    *i += 1;
                    argv.get(*i - 1).cloned()
                }
            }
        };
        match a.as_str() {
            "-" | "-l" | "--login" => login = true,
            "-m" | "-p" | "--preserve-environment" => preserve = true,
            "-c" | "--command" => command = value(&mut i, None),
            "-s" | "--shell" => shell_opt = value(&mut i, None),
            _ if a.starts_with("--command=") => {
                command = value(&mut i, a.strip_prefix("--command="))
            }
            _ if a.starts_with("--shell=") => shell_opt = value(&mut i, a.strip_prefix("--shell=")),
            _ if a.starts_with("-c") => command = value(&mut i, a.strip_prefix("-c")),
            _ if a.starts_with("-s") => shell_opt = value(&mut i, a.strip_prefix("-s")),
            _ if a.starts_with('-') && a.len() > 1 => {
                let c = a.chars().nth(1).unwrap_or('-');
                return io.fail("su", format!("invalid option -- '{c}'"), 1);
            }
            _ => rest.push(a),
        }
    }
    let name = if rest.is_empty() {
        "root".to_string()
    } else {
        rest.remove(0)
    };
    let db = Db::load(sh);
    let Some(user) = db.user(&name) else {
        let msg = if busybox {
            format!("unknown user {name}")
        } else {
            format!("user {name} does not exist or the user entry does not contain all the required fields")
        };
        return io.fail("su", msg, 1);
    };
    if sh.uid != 0 {
        io.print("Password: ");
        let msg = if busybox {
            "incorrect password"
        } else {
            "Authentication failure"
        };
        return io.fail("su", msg, 1);
    }
    let shell = shell_opt.unwrap_or_else(|| {
        if user.shell.is_empty() {
            "/bin/sh".into()
        } else {
            user.shell.clone()
        }
    });
    if shell.ends_with("/nologin") {
        io.println("This account is currently not available.");
        return 1;
    }
    if shell.ends_with("/false") {
        return 1;
    }
    // Switch.
    let saved = (sh.uid, sh.gid, sh.vars.clone(), sh.cwd.clone());
    sh.uid = user.uid;
    sh.gid = user.gid;
    sh.fs.set_owner(user.uid, user.gid);
    if login {
        for v in sh.vars.values_mut() {
            v.exported = false;
        }
        let path = if user.uid == 0 {
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        } else {
            "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
        };
        export(sh, "PATH", path);
        let home = FsPath::new(&user.home);
        if sh.fs.is_dir(&home) {
            sh.cwd = home;
        }
    }
    if !preserve || login {
        export(sh, "HOME", &user.home);
        export(sh, "SHELL", &shell);
        export(sh, "USER", &user.name);
        export(sh, "LOGNAME", &user.name);
    }
    let mut run: Vec<String> = vec![shell];
    if let Some(c) = command {
        run.push("-c".into());
        run.push(c);
        run.extend(rest);
    }
    let status = sh.run_argv(&run, io);
    let (uid, gid, vars, cwd) = saved;
    sh.uid = uid;
    sh.gid = gid;
    sh.fs.set_owner(uid, gid);
    sh.vars = vars;
    sh.cwd = cwd;
    status
}

fn export(sh: &mut Shell<'_>, name: &str, value: &str) {
    sh.vars.insert(
        name.to_string(),
        Var {
            value: value.to_string(),
            exported: true,
        },
    );
}
