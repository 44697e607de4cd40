//! Passwords: `chpasswd` (`user:password` lines on stdin; `-e` for hashes given as is) and
//! `passwd` (`-d` delete, `-l` lock, `-u` unlock, or a new password read twice from stdin).
//! Hashes are SHA-512 crypt (`$6$`, Drepper's algorithm, 5000 rounds) with a salt derived
//! from the shell's temp counter, so a build stays deterministic. (Debian's PAM would write
//! yescrypt `$y$`, which is not implemented.) `/etc/shadow` is edited when present, otherwise
//! the password field of `/etc/passwd`.

use super::Db;
use crate::sh::commands::CommandFn;
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;
use sha2::{Digest, Sha512};

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("chpasswd", chpasswd), ("passwd", passwd)];

const B64: &[u8] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` bytes of `block` repeated.
fn repeated(block: &[u8], n: usize) -> Vec<u8> {
    block.iter().copied().cycle().take(n).collect()
}

/// SHA-512 crypt of `key` with `salt` (at most 16 characters are used), default rounds.
pub fn sha512_crypt(key: &[u8], salt: &str) -> String {
    let salt: String = salt.chars().take(16).collect();
    let s = salt.as_bytes();
    let b = Sha512::new()
        .chain_update(key)
        .chain_update(s)
        .chain_update(key)
        .finalize();
    let mut a = Sha512::new().chain_update(key).chain_update(s);
    a.update(repeated(&b, key.len()));
    let mut n = key.len();
    while n > 0 {
        if n & 1 == 1 {
            a.update(b);
        } else {
            a.update(key);
        }
        n >>= 1;
    }
    let a = a.finalize();
    let mut dp = Sha512::new();
    for _ in 0..key.len() {
        dp.update(key);
    }
    let p = repeated(&dp.finalize(), key.len());
    let mut ds = Sha512::new();
    for _ in 0..16 + a[0] as usize {
        ds.update(s);
    }
    let sbytes = repeated(&ds.finalize(), s.len());
    let mut c = a.to_vec();
    for r in 0..5000 {
        let mut h = Sha512::new();
        if r % 2 == 1 {
            h.update(&p);
        } else {
            h.update(&c);
        }
        if r % 3 != 0 {
            h.update(&sbytes);
        }
        if r % 7 != 0 {
            h.update(&p);
        }
        if r % 2 == 1 {
            h.update(&c);
        } else {
            h.update(&p);
        }
        c = h.finalize().to_vec();
    }
    let mut out = format!("$6${salt}$");
    let mut push = |b2: u8, b1: u8, b0: u8, n: usize| {
        let mut w = (u32::from(b2) << 16) | (u32::from(b1) << 8) | u32::from(b0);
        for _ in 0..n {
            out.push(B64[(w & 0x3f) as usize] as char);
            w >>= 6;
        }
    };
    for k in 0..21 {
        let (x, y, z) = (c[k], c[k + 21], c[k + 42]);
        match k % 3 {
            0 => push(x, y, z, 4),
            1 => push(y, z, x, 4),
            _ => push(z, x, y, 4),
        }
    }
    push(0, 0, c[63], 2);
    out
}

/// A 16-character salt from the shell's counter.
fn salt(sh: &mut Shell<'_>) -> String {
    let mut x = sh
        .next_temp
        .wrapping_add(0x5a17)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    sh.next_temp += 1;
    (0..16)
        .map(|_| {
            x ^= x >> 31;
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            B64[(x >> 58) as usize] as char
        })
        .collect()
}

/// Sets field 2 (and, in `/etc/shadow`, the last-change day) for `name`.
fn set_password(sh: &mut Shell<'_>, db: &mut Db, name: &str, f: &dyn Fn(&str) -> String) -> bool {
    let days = sh.now.div_euclid(86_400);
    let file = if db.has(2) { 2 } else { 0 };
    let Some(line) = db.line(file, name) else {
        return false;
    };
    let mut fields: Vec<String> = line.split(':').map(String::from).collect();
    if fields.len() < 2 {
        return false;
    }
    fields[1] = f(&fields[1]);
    if file == 2 && fields.len() > 2 {
        fields[2] = days.to_string();
    }
    db.set(file, name, Some(fields.join(":")));
    true
}

fn chpasswd(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = crate::sh::commands::users::need_root(sh, io, "chpasswd") {
        return status;
    }
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let encrypted = argv[1..].iter().any(|a| a == "-e" || a == "--encrypted");
    let mut db = Db::load(sh);
    let input = String::from_utf8_lossy(&io.read_stdin()).into_owned();
    let mut status = 0;
    for (n, line) in input.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let Some((name, pass)) = line.split_once(':') else {
            let msg = if busybox {
                "missing new password".to_string()
            } else {
                format!("line {}: missing new password", n + 1)
            };
            status = io.fail("chpasswd", msg, 1);
            continue;
        };
        if db.user(name).is_none() {
            if busybox {
                return io.fail("chpasswd", format!("unknown user {name}"), 1);
            }
            io.eprint(format!("chpasswd: (user {name}) pam_chauthtok() failed, error:\nAuthentication token manipulation error\n"));
            io.eprint(format!(
                "chpasswd: (line {}, user {name}) password not changed\n",
                n + 1
            ));
            status = 1;
            continue;
        }
        let hash = if encrypted {
            pass.to_string()
        } else {
            sha512_crypt(pass.as_bytes(), &salt(sh))
        };
        set_password(sh, &mut db, name, &|_| hash.clone());
        if busybox {
            io.eprint(format!("chpasswd: password for '{name}' changed\n"));
        }
    }
    if let Err(e) = db.save(sh, !busybox) {
        return io.fail("chpasswd", e, 1);
    }
    status
}

pub(crate) fn passwd(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let mut action = None;
    let mut name = None;
    for a in &argv[1..] {
        match a.as_str() {
            "-d" | "--delete" => action = Some('d'),
            "-l" | "--lock" => action = Some('l'),
            "-u" | "--unlock" => action = Some('u'),
            _ if a.starts_with('-') => {}
            _ => name = Some(a.clone()),
        }
    }
    let mut db = Db::load(sh);
    let me = db
        .users()
        .into_iter()
        .find(|u| u.uid == sh.uid)
        .map(|u| u.name);
    let Some(name) = name.or(me) else {
        return io.fail("passwd", format!("unknown uid {}", sh.uid), 1);
    };
    if db.user(&name).is_none() {
        let msg = if busybox {
            format!("unknown user {name}")
        } else {
            format!("user '{name}' does not exist")
        };
        return io.fail("passwd", msg, 1);
    }
    let message = match action {
        Some('d') => {
            set_password(sh, &mut db, &name, &|_| String::new());
            "password for {} changed by root"
        }
        Some('l') => {
            set_password(sh, &mut db, &name, &|p| {
                if p.starts_with('!') {
                    p.to_string()
                } else {
                    format!("!{p}")
                }
            });
            "password for {} changed by root"
        }
        Some(_) => {
            set_password(sh, &mut db, &name, &|p| {
                p.trim_start_matches('!').to_string()
            });
            "password for {} changed by root"
        }
        None => {
            io.print(format!("Changing password for {name}\nNew password: "));
            let first = io.stdin.read_line().map(|(l, _)| l);
            io.print("\nRetype password: ");
            let second = io.stdin.read_line().map(|(l, _)| l);
            match (first, second) {
                (Some(a), Some(b)) if a == b => {
                    let hash = sha512_crypt(&a, &salt(sh));
                    set_password(sh, &mut db, &name, &|_| hash.clone());
                    io.print("\n");
                    "password for {} changed by root"
                }
                (Some(_), Some(_)) => {
                    io.print("\n");
                    return io.fail("passwd", "passwords don't match", 1);
                }
                _ => {
                    io.print("\n");
                    return io.fail("passwd", format!("password for {name} is unchanged"), 1);
                }
            }
        }
    };
    if let Err(e) = db.save(sh, !busybox) {
        return io.fail("passwd", e, 1);
    }
    if busybox {
        io.eprint(format!("passwd: {}\n", message.replace("{}", &name)));
    } else if action.is_none() {
        io.println("passwd: password updated successfully");
    } else {
        io.println("passwd: password changed.");
    }
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn drepper_vector() {
        assert_eq!(
            super::sha512_crypt(b"Hello world!", "saltstring"),
            "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"
        );
    }
}
