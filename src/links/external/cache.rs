//! The on-disk cache of settled answers: `external-links.json` in the
//! cache folder, which also gets a `.gitignore` of `*` so that it is never
//! committed. Only answers that settle a link are kept (it works; it is
//! gone), each with the time it was asked, and used for the time to live.
//! A missing, unreadable or damaged cache is an empty one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Verdict;

const FILE: &str = "external-links.json";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    version: u32,
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// True: it works; false: it is gone, for `why`.
    ok: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    why: String,
    /// Seconds since the Unix epoch.
    checked: u64,
}

#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    ttl: Duration,
    entries: HashMap<String, Entry>,
    changed: bool,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache in `dir`; with a zero `ttl`, none (nothing is read or
    /// written).
    pub fn load(dir: &Path, ttl: Duration) -> Cache {
        let entries = if ttl.is_zero() {
            HashMap::new()
        } else {
            std::fs::read(dir.join(FILE))
                .ok()
                .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
                .filter(|s| s.version == VERSION)
                .map(|s| s.entries)
                .unwrap_or_default()
        };
        Cache {
            dir: dir.to_path_buf(),
            ttl,
            entries,
            changed: false,
        }
    }

    /// The stored verdict for `url`, while it is younger than the time to
    /// live.
    pub fn get(&self, url: &str) -> Option<Verdict> {
        let e = self.entries.get(url)?;
        if now().saturating_sub(e.checked) >= self.ttl.as_secs() {
            return None;
        }
        Some(if e.ok {
            Verdict::Ok
        } else {
            Verdict::Broken(e.why.clone())
        })
    }

    /// Keep `verdict` for `url` when it settles the link.
    pub fn put(&mut self, url: &str, verdict: &Verdict) {
        let (ok, why) = match verdict {
            Verdict::Ok => (true, String::new()),
            Verdict::Broken(why) => (false, why.clone()),
            Verdict::Unverified(_) => return,
        };
        self.entries.insert(
            url.to_string(),
            Entry {
                ok,
                why,
                checked: now(),
            },
        );
        self.changed = true;
    }

    /// Write the cache when it changed: to a temporary file beside it,
    /// renamed over it, so a run that stops midway leaves the old one.
    /// Entries past their time to live are dropped.
    pub fn save(mut self) -> std::io::Result<()> {
        if self.ttl.is_zero() || !self.changed {
            return Ok(());
        }
        let t = now();
        let ttl = self.ttl.as_secs();
        self.entries
            .retain(|_, e| t.saturating_sub(e.checked) < ttl);
        std::fs::create_dir_all(&self.dir)?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "# Created by draftlint.\n*\n")?;
        }
        let stored = Stored {
            version: VERSION,
            entries: self.entries,
        };
        let json = serde_json::to_vec(&stored)?;
        crate::fix::write_atomically(&self.dir.join(FILE), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_settled_answers_for_their_time() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("cache");
        let mut c = Cache::load(&dir, Duration::from_secs(60));
        c.put("https://a.org/ok", &Verdict::Ok);
        c.put(
            "https://a.org/gone",
            &Verdict::Broken("404 Not Found".into()),
        );
        c.put(
            "https://a.org/slow",
            &Verdict::Unverified("timed out".into()),
        );
        c.save().unwrap();
        assert!(dir.join(".gitignore").exists());
        let c = Cache::load(&dir, Duration::from_secs(60));
        assert_eq!(c.get("https://a.org/ok"), Some(Verdict::Ok));
        assert_eq!(
            c.get("https://a.org/gone"),
            Some(Verdict::Broken("404 Not Found".into()))
        );
        assert_eq!(
            c.get("https://a.org/slow"),
            None,
            "not settled: asked again"
        );
        // Read with a time to live it has outlived.
        let c = Cache::load(&dir, Duration::from_secs(0));
        assert_eq!(c.get("https://a.org/ok"), None);
    }

    #[test]
    fn damaged_cache_is_empty() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join(FILE), "{not json").unwrap();
        let c = Cache::load(t.path(), Duration::from_secs(60));
        assert_eq!(c.get("https://a.org/"), None);
    }
}
