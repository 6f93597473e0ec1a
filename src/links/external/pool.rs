//! Work spread over a bounded number of threads, with at most `per_host`
//! jobs of one host running at a time. Hosts take turns, so one slow host
//! with many links does not hold the others up.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

struct Queue {
    /// Each host's waiting jobs, with how many of its jobs run now.
    hosts: Vec<(VecDeque<usize>, usize)>,
    /// Where the next search for a free host starts.
    turn: usize,
    left: usize,
}

impl Queue {
    /// The next job whose host is below its limit, taken.
    fn take(&mut self, per_host: usize) -> Option<(usize, usize)> {
        let n = self.hosts.len();
        for k in 0..n {
            let h = (self.turn + k) % n;
            let (waiting, running) = &mut self.hosts[h];
            if *running < per_host
                && let Some(job) = waiting.pop_front()
            {
                *running += 1;
                self.left -= 1;
                self.turn = (h + 1) % n;
                return Some((h, job));
            }
        }
        None
    }
}

/// Run `work(i)` for every job `i` (`hosts[i]` is its host) on up to
/// `overall` threads; the results come back in job order.
pub fn run<T: Send>(
    hosts: &[String],
    overall: usize,
    per_host: usize,
    work: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let per_host = per_host.max(1);
    let mut by_host: Vec<(&str, VecDeque<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = Default::default();
    for (i, h) in hosts.iter().enumerate() {
        let at = *index.entry(h).or_insert_with(|| {
            by_host.push((h, VecDeque::new()));
            by_host.len() - 1
        });
        by_host[at].1.push_back(i);
    }
    let queue = Mutex::new(Queue {
        hosts: by_host.into_iter().map(|(_, q)| (q, 0)).collect(),
        turn: 0,
        left: hosts.len(),
    });
    let freed = Condvar::new();
    let results: Vec<Mutex<Option<T>>> = hosts.iter().map(|_| Mutex::new(None)).collect();
    let threads = overall.max(1).min(hosts.len());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let (h, job) = {
                        let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if let Some(next) = q.take(per_host) {
                                break next;
                            }
                            if q.left == 0 {
                                return;
                            }
                            q = freed.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let r = work(job);
                    *results[job].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                    queue.lock().unwrap_or_else(|e| e.into_inner()).hosts[h].1 -= 1;
                    freed.notify_all();
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn limits_hold_and_every_job_runs_once() {
        let hosts: Vec<String> = (0..40).map(|i| format!("h{}", i % 3)).collect();
        let running: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        let most: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        let all = AtomicUsize::new(0);
        let all_most = AtomicUsize::new(0);
        let out = run(&hosts, 5, 2, |i| {
            let h = i % 3;
            let now = running[h].fetch_add(1, Ordering::SeqCst) + 1;
            most[h].fetch_max(now, Ordering::SeqCst);
            let a = all.fetch_add(1, Ordering::SeqCst) + 1;
            all_most.fetch_max(a, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(2));
            all.fetch_sub(1, Ordering::SeqCst);
            running[h].fetch_sub(1, Ordering::SeqCst);
            i * 10
        });
        assert_eq!(out, (0..40).map(|i| i * 10).collect::<Vec<_>>());
        for m in &most {
            assert!(m.load(Ordering::SeqCst) <= 2);
        }
        assert!(all_most.load(Ordering::SeqCst) <= 5);
        assert!(
            all_most.load(Ordering::SeqCst) >= 3,
            "hosts ran side by side"
        );
    }

    #[test]
    fn no_jobs_no_threads() {
        let out: Vec<()> = run(&[], 4, 1, |_| unreachable!());
        assert!(out.is_empty());
    }
}
