//! Deterministic random incidents (xorshift, so failures reproduce) that
//! reach every section of the model and every outcome: the differential
//! tests' input.

use serde_json::{json, Value};

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Gen(pub u64);

impl Gen {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// Sets `key` on `obj` to one of `values`, or leaves it out.
    fn maybe(&mut self, obj: &mut Value, key: &str, values: &[Value]) {
        if self.chance(70) {
            obj[key] = self.pick(values);
        }
    }
}

fn texts() -> Vec<Value> {
    vec![
        json!("n/a"),
        json!(""),
        json!("  "),
        json!("see above"),
        json!("short"),
        json!("Exactly twenty chars"),
        // 20 and 19 characters; one more UTF-16 unit each (the emoji).
        json!("Nineteen characters🙂"),
        json!("Eighteen character🙂"),
        json!("A long explanation that clearly says why this was needed."),
        Value::Null,
    ]
}

fn element(g: &mut Gen, extra: &[(&str, Vec<Value>)]) -> Value {
    let mut e = json!({});
    g.maybe(
        &mut e,
        "claimed",
        &[json!(true), json!(true), json!(false), Value::Null],
    );
    g.maybe(&mut e, "explanation", &texts());
    for (k, vs) in extra {
        g.maybe(&mut e, k, vs);
    }
    e
}

/// A random incident reaching every rule and every outcome.
pub fn incident(g: &mut Gen) -> Value {
    let bools = [json!(true), json!(false), Value::Null];
    let days = [
        json!("2026-01-01"),
        json!("2026-11-20"),
        json!("2027-06-30"),
        json!("2027-07-01T08:00:00Z"),
    ];
    let names = [
        json!("ethical-hacking"),
        json!("Forensics"),
        json!("auditing"),
    ];
    let mut inc = json!({"schemaVersion": "1", "id": format!("GEN-{}", g.next() % 100000)});
    g.maybe(&mut inc, "occurredAt", &days);
    if g.chance(70) {
        let quals: Vec<Value> = (0..g.next() % 3)
            .map(|_| {
                let mut q = json!({"name": g.pick(&names)});
                g.maybe(&mut q, "validUntil", &days);
                q
            })
            .collect();
        inc["member"] =
            json!({"name": g.pick(&[json!("Jo"), json!("Sam Jansen")]), "qualifications": quals});
        g.maybe(
            &mut inc["member"],
            "lastTraining",
            // Null: never trained; 2026-06-01 falls after some action days.
            &[
                json!("2023-11-20"),
                json!("2020-01-01"),
                json!("2026-06-01"),
                Value::Null,
            ],
        );
    }
    let actions: Vec<Value> = (0..g.next() % 4)
        .map(|_| {
            let mut a = json!({});
            g.maybe(&mut a, "at", &days);
            if g.chance(40) {
                let req: Vec<Value> = (0..g.next() % 3).map(|_| g.pick(&names)).collect();
                a["requiredQualifications"] = json!(req);
            }
            if g.chance(80) {
                let mut c = json!({});
                g.maybe(&mut c, "prior", &bools);
                a["consent"] = c;
            }
            if g.chance(70) {
                let mut j = json!({});
                if g.chance(80) {
                    j["legal"] = element(g, &[("basis", texts())]);
                }
                if g.chance(80) {
                    j["ethical"] = element(g, &[]);
                }
                if g.chance(80) {
                    j["beneficial"] = element(
                        g,
                        &[(
                            "beneficiaries",
                            vec![
                                json!([]),
                                json!(["Acme"]),
                                json!(["self"]),
                                json!(["Jo", "Acme"]),
                                json!(["jo"]),
                            ],
                        )],
                    );
                }
                if g.chance(80) {
                    j["minimal"] = element(
                        g,
                        &[
                            ("dataRetained", bools.to_vec()),
                            ("beyondNeed", bools.to_vec()),
                        ],
                    );
                }
                g.maybe(
                    &mut j,
                    "evidence",
                    &[json!([]), json!(["log"]), json!(["log", "-"])],
                );
                a["justification"] = if g.chance(10) { Value::Null } else { j };
            }
            if g.chance(40) {
                let mut d = json!({});
                g.maybe(
                    &mut d,
                    "classification",
                    &[
                        json!("public"),
                        json!("internal"),
                        json!("confidential"),
                        json!("personal"),
                        json!("sensitive"),
                    ],
                );
                g.maybe(&mut d, "ownerConsent", &bools);
                g.maybe(&mut d, "owner", &[json!("Acme"), Value::Null]);
                a["disclosure"] = d;
            }
            // One object of yes/no facts per section the principles and B5-B7 read.
            for (section, fields) in [
                (
                    "judgement",
                    &[
                        "sufficientKnowledge",
                        "insufficiencyDisclosed",
                        "personalStake",
                        "stakeDeclared",
                        "stakeAccepted",
                    ][..],
                ),
                (
                    "advice",
                    &[
                        "informationCorrect",
                        "informationCurrent",
                        "informationComplete",
                        "doubtsDisclosed",
                        "limitationsStated",
                        "opposingFactorsIncluded",
                    ][..],
                ),
                (
                    "request",
                    &[
                        "clearlyUnlawfulOrUnethical",
                        "consultedSenior",
                        "legalAdviceSought",
                        "complied",
                    ][..],
                ),
                (
                    "damage",
                    &["foreseeable", "preventable", "preventionAttempted"][..],
                ),
                ("risk", &["intentional"][..]),
            ] {
                if g.chance(25) {
                    let mut o = json!({});
                    for f in fields {
                        g.maybe(&mut o, f, &bools);
                    }
                    if section == "risk" {
                        g.maybe(
                            &mut o,
                            "exposedParties",
                            &[json!(["Acme"]), json!(["Acme", "Acme customers"])],
                        );
                        g.maybe(
                            &mut o,
                            "explicitlyRequestedBy",
                            &[json!([]), json!(["acme"]), json!(["Beta"]), Value::Null],
                        );
                    }
                    a[section] = o;
                }
            }
            g.maybe(&mut a, "knowinglyUntrue", &bools);
            a
        })
        .collect();
    inc["actions"] = json!(actions);
    if g.chance(50) {
        let cs: Vec<Value> = (0..g.next() % 3)
            .map(|_| {
                let mut c = json!({});
                g.maybe(
                    &mut c,
                    "parties",
                    &[json!(["Acme"]), json!(["Acme", "Beta"])],
                );
                g.maybe(&mut c, "declared", &bools);
                g.maybe(
                    &mut c,
                    "declaredTo",
                    &[json!(["acme"]), json!(["Acme", "Beta"]), json!([])],
                );
                g.maybe(&mut c, "declaredAt", &days);
                c
            })
            .collect();
        inc["conflictsOfInterest"] = json!(cs);
    }
    let early = [json!("2026-11-01"), json!("2026-11-06")];
    // The first of these is before every `early` day: dates that contradict
    // each other.
    let late = [
        json!("2026-10-31"),
        json!("2026-11-15"),
        json!("2026-11-20"),
        json!("2026-11-21"),
        Value::Null,
    ];
    if g.chance(40) {
        let list: Vec<Value> = (0..1 + g.next() % 2)
            .map(|_| {
                let mut a = json!({});
                g.maybe(&mut a, "honoured", &bools);
                g.maybe(&mut a, "conflictsWithLaw", &bools);
                g.maybe(&mut a, "discoveredAt", &early);
                g.maybe(&mut a, "partiesNotifiedAt", &late);
                a
            })
            .collect();
        inc["agreements"] = json!(list);
    }
    if g.chance(40) {
        let list: Vec<Value> = (0..1 + g.next() % 2)
            .map(|_| {
                let mut p = json!({});
                g.maybe(&mut p, "delivered", &bools);
                g.maybe(&mut p, "obstacleKnownAt", &early);
                g.maybe(&mut p, "communicatedAt", &late);
                p
            })
            .collect();
        inc["promises"] = json!(list);
    }
    if g.chance(40) {
        let list: Vec<Value> = (0..1 + g.next() % 2)
            .map(|_| {
                let mut d = json!({});
                g.maybe(&mut d, "reportedToOwner", &bools);
                g.maybe(
                    &mut d,
                    "reportingRisk",
                    &[json!("none"), json!("unreasonable")],
                );
                g.maybe(&mut d, "riskExplanation", &texts());
                g.maybe(&mut d, "learnedAt", &early);
                g.maybe(&mut d, "reportedAt", &late);
                d
            })
            .collect();
        inc["deficienciesFound"] = json!(list);
    }
    inc
}
