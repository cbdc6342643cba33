//! Fault injection: which calls fail, how, and how many times.
//!
//! A rule is written `VENDOR[.OP]=FAULT[@TIMES]`, e.g. `mindbridge.create=429:7@1` (the next
//! MindBridge create answers 429 with `Retry-After: 7`, once), `cortex=timeout` (every Cortex call
//! hangs), `*.query=slow:300`, `github.repos=403:60@1` (the next GitHub repository listing
//! answers 403 with `Retry-After: 60`: a secondary rate limit). Rules come from `--fault` on the
//! command line, from `POST /_sim/faults` at run time, or from [`crate::RunningSim::add_fault`].
//! The first matching rule with uses left wins. The simulator also counts every call per vendor and operation, so a
//! test can prove that a create was sent exactly once.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use serde::Serialize;

/// The vendors the simulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    MindBridge,
    Cortex,
    Bright,
    Manifest,
    Cloudflare,
    GitLab,
    GitHub,
}

impl Vendor {
    pub const ALL: [Vendor; 7] = [
        Vendor::MindBridge,
        Vendor::Cortex,
        Vendor::Bright,
        Vendor::Manifest,
        Vendor::Cloudflare,
        Vendor::GitLab,
        Vendor::GitHub,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Vendor::MindBridge => "mindbridge",
            Vendor::Cortex => "cortex",
            Vendor::Bright => "bright",
            Vendor::Manifest => "manifest",
            Vendor::Cloudflare => "cloudflare",
            Vendor::GitLab => "gitlab",
            Vendor::GitHub => "github",
        }
    }
}

impl FromStr for Vendor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Vendor::ALL
            .into_iter()
            .find(|v| v.id() == s)
            .ok_or_else(|| {
                format!(
                    "unknown vendor `{s}` (mindbridge, cortex, bright, manifest, cloudflare, gitlab, github or *)"
                )
            })
    }
}

/// How a call misbehaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status in the vendor's own error envelope (401, 403, 409, 422, 423, 500).
    Status(u16),
    /// 429 with `Retry-After: N` seconds.
    RateLimited { retry_after_secs: u64 },
    /// 403 with `Retry-After: N` seconds: how a vendor may refuse a burst (GitHub's secondary
    /// rate limit comes as a 403 or a 429 with a `Retry-After`).
    ForbiddenRetry { retry_after_secs: u64 },
    /// Never answer (the connection stays open).
    Timeout,
    /// Carry the call out, then never answer: the reply is lost on the way back.
    LostReply,
    /// Answer normally after this many milliseconds.
    Slow { ms: u64 },
    /// 200 with a body that is not valid JSON.
    MalformedJson,
    /// 200 with a valid JSON body far larger than any real reply (8 MiB).
    Oversized,
    /// Carry the call out, then answer badly: what a client sees when the vendor did the work
    /// but the reply broke on the way back.
    AfterWork(AfterWork),
}

/// How the reply of a call that was carried out goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWork {
    /// The real status (201 for a create), with a body cut off mid-JSON.
    Malformed,
    /// The real status, with an 8 MiB body.
    Oversized,
    /// The real status and headers, then the connection is dropped mid-body.
    Reset,
    /// A gateway's 502 or 504 in place of the real reply.
    Gateway(u16),
}

impl FromStr for Fault {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (head, arg) = match s.split_once(':') {
            Some((h, a)) => (h, Some(a)),
            None => (s, None),
        };
        let number = |what: &str| -> Result<u64, String> {
            arg.ok_or_else(|| format!("`{head}` needs a number of {what}, e.g. `{head}:5`"))?
                .parse::<u64>()
                .map_err(|_| format!("`{s}`: {what} must be a whole number"))
        };
        Ok(match head {
            "403" if arg.is_some() => Fault::ForbiddenRetry {
                retry_after_secs: number("seconds")?,
            },
            "401" | "403" | "409" | "422" | "423" | "500" | "502" | "503" => {
                Fault::Status(head.parse().expect("matched digits"))
            }
            "429" => Fault::RateLimited {
                retry_after_secs: if arg.is_some() { number("seconds")? } else { 1 },
            },
            "timeout" => Fault::Timeout,
            "lost" => Fault::LostReply,
            "slow" => Fault::Slow { ms: number("milliseconds")? },
            "malformed" => Fault::MalformedJson,
            "oversized" => Fault::Oversized,
            "done-then" => Fault::AfterWork(match arg {
                Some("malformed") => AfterWork::Malformed,
                Some("oversized") => AfterWork::Oversized,
                Some("reset") => AfterWork::Reset,
                Some("502") => AfterWork::Gateway(502),
                Some("504") => AfterWork::Gateway(504),
                _ => {
                    return Err(format!(
                        "`{s}`: done-then needs malformed, oversized, reset, 502 or 504"
                    ))
                }
            }),
            _ => {
                return Err(format!(
                    "unknown fault `{s}` (401, 403[:secs], 409, 422, 423, 429[:secs], 500, 502, 503, timeout, lost, slow:ms, malformed, oversized, done-then:malformed|oversized|reset|502|504)"
                ))
            }
        })
    }
}

/// One fault rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// `None` matches every vendor.
    pub vendor: Option<Vendor>,
    /// `None` matches every operation.
    pub op: Option<String>,
    pub fault: Fault,
    /// How many calls it still applies to; `None` means every call.
    pub times: Option<u32>,
}

impl FromStr for FaultRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (target, rest) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}`: expected VENDOR[.OP]=FAULT[@TIMES]"))?;
        let (vendor, op) = match target.split_once('.') {
            Some((v, o)) => (v, Some(o)),
            None => (target, None),
        };
        let vendor = if vendor == "*" {
            None
        } else {
            Some(vendor.parse()?)
        };
        let op = op.filter(|o| *o != "*").map(str::to_owned);
        let (fault, times) = match rest.split_once('@') {
            Some((f, t)) => (
                f,
                Some(
                    t.parse::<u32>()
                        .map_err(|_| format!("`{s}`: TIMES must be a whole number"))?,
                ),
            ),
            None => (rest, None),
        };
        Ok(FaultRule {
            vendor,
            op,
            fault: fault.parse()?,
            times,
        })
    }
}

impl fmt::Display for FaultRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}={:?}",
            self.vendor.map_or("*", Vendor::id),
            self.op.as_deref().unwrap_or("*"),
            self.fault
        )?;
        if let Some(t) = self.times {
            write!(f, "@{t}")?;
        }
        Ok(())
    }
}

/// The rules in force and the call counts.
#[derive(Debug, Default)]
pub struct FaultPlan {
    rules: Mutex<Vec<FaultRule>>,
    calls: Mutex<BTreeMap<String, u64>>,
}

impl FaultPlan {
    pub fn new(rules: Vec<FaultRule>) -> Self {
        Self {
            rules: Mutex::new(rules),
            calls: Mutex::default(),
        }
    }

    pub fn add(&self, rule: FaultRule) {
        self.rules.lock().expect("fault rules lock").push(rule);
    }

    pub fn clear(&self) {
        self.rules.lock().expect("fault rules lock").clear();
    }

    /// Counts the call and returns the fault it should suffer, if any.
    pub fn on_call(&self, vendor: Vendor, op: &str) -> Option<Fault> {
        *self
            .calls
            .lock()
            .expect("call counts lock")
            .entry(format!("{}.{op}", vendor.id()))
            .or_default() += 1;
        let mut rules = self.rules.lock().expect("fault rules lock");
        let idx = rules.iter().position(|r| {
            r.vendor.is_none_or(|v| v == vendor)
                && r.op.as_deref().is_none_or(|o| o == op)
                && r.times != Some(0)
        })?;
        let rule = &mut rules[idx];
        if let Some(t) = rule.times.as_mut() {
            *t -= 1;
        }
        Some(rule.fault.clone())
    }

    /// Calls seen so far, keyed `vendor.op`.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.calls.lock().expect("call counts lock").clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules() {
        let r: FaultRule = "mindbridge.create=429:7@1".parse().unwrap();
        assert_eq!(r.vendor, Some(Vendor::MindBridge));
        assert_eq!(r.op.as_deref(), Some("create"));
        assert_eq!(
            r.fault,
            Fault::RateLimited {
                retry_after_secs: 7
            }
        );
        assert_eq!(r.times, Some(1));
        let r: FaultRule = "*=timeout".parse().unwrap();
        assert_eq!(
            (r.vendor, r.op, r.fault, r.times),
            (None, None, Fault::Timeout, None)
        );
        let r: FaultRule = "github.repos=403:60@1".parse().unwrap();
        assert_eq!(
            r.fault,
            Fault::ForbiddenRetry {
                retry_after_secs: 60
            }
        );
        assert!("github.repos=403:soon".parse::<FaultRule>().is_err());
        assert!("mindbridge.create=418".parse::<FaultRule>().is_err());
        assert!("acme=500".parse::<FaultRule>().is_err());
        assert!("mindbridge".parse::<FaultRule>().is_err());
        assert!(
            "cortex=slow".parse::<FaultRule>().is_err(),
            "slow needs a duration"
        );
    }

    #[test]
    fn a_counted_rule_runs_out_and_calls_are_counted() {
        let plan = FaultPlan::new(vec!["cortex.generate=500@2".parse().unwrap()]);
        assert_eq!(
            plan.on_call(Vendor::Cortex, "generate"),
            Some(Fault::Status(500))
        );
        assert_eq!(plan.on_call(Vendor::Cortex, "list"), None);
        assert_eq!(
            plan.on_call(Vendor::Cortex, "generate"),
            Some(Fault::Status(500))
        );
        assert_eq!(plan.on_call(Vendor::Cortex, "generate"), None);
        assert_eq!(plan.calls()["cortex.generate"], 3);
        assert_eq!(plan.calls()["cortex.list"], 1);
    }
}
