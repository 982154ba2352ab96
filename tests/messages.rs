//! Messages that say what decided: for each way a checkable rule can come
//! to `compliant` or `violation` (and the `incomplete` cases a date decides),
//! the finding's words, with those of its gaps, must name the branch that
//! held and must not carry a sentence that belongs to another branch, in
//! English and in Dutch. (tests/rules*.rs pin the statuses and the fields;
//! this table pins the words.)

use conduct_engine::{Engine, Status};
use serde_json::{json, Value};

use Status::*;

/// One row: an incident, the rule and its status for the first subject it
/// judges, and per locale the phrases its text must and must not contain.
struct Said {
    name: &'static str,
    rule: &'static str,
    incident: Value,
    status: Status,
    en: &'static [&'static str],
    nl: &'static [&'static str],
    not_en: &'static [&'static str],
    not_nl: &'static [&'static str],
}

fn incident(mut fields: Value) -> Value {
    fields["schemaVersion"] = json!("1");
    fields
}

fn action(fields: Value) -> Value {
    incident(json!({ "actions": [fields] }))
}

fn check(rows: Vec<Said>) {
    let engine = Engine::new().unwrap();
    let mut failures = Vec::new();
    for row in &rows {
        for (locale, want, not) in [("en", row.en, row.not_en), ("nl", row.nl, row.not_nl)] {
            let verdict = engine
                .evaluate_json_in(&row.incident.to_string(), locale)
                .unwrap_or_else(|e| panic!("{}: {e}", row.name));
            let Some(f) = verdict.findings.iter().find(|f| f.rule == row.rule) else {
                failures.push(format!("{}: no {} finding", row.name, row.rule));
                continue;
            };
            let mut text = f.message.clone();
            for m in &f.missing {
                text.push_str(" | ");
                text.push_str(&m.message);
            }
            if f.status != row.status {
                failures.push(format!(
                    "{} ({locale}): status {:?}, want {:?}: {text}",
                    row.name, f.status, row.status
                ));
            }
            for phrase in want {
                if !text.contains(phrase) {
                    failures.push(format!(
                        "{} ({locale}): does not say \"{phrase}\": {text}",
                        row.name
                    ));
                }
            }
            for phrase in not {
                if text.contains(phrase) {
                    failures.push(format!(
                        "{} ({locale}): says \"{phrase}\", which does not apply: {text}",
                        row.name
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn principles_say_what_decided() {
    let judgement = |j: Value| action(json!({ "judgement": j }));
    let agreement = |a: Value| incident(json!({ "agreements": [a] }));
    let advice = |a: Value| action(json!({ "advice": a }));
    let promise = |p: Value| incident(json!({ "promises": [p] }));
    let request = |r: Value| action(json!({ "request": r }));
    check(vec![
        Said {
            name: "P1 knew enough",
            rule: "P1",
            incident: judgement(json!({"sufficientKnowledge": true})),
            status: Compliant,
            en: &["knew enough"],
            nl: &["wist genoeg"],
            not_en: &["told the other parties"],
            not_nl: &["laten weten"],
        },
        Said {
            name: "P1 knew too little and said so",
            rule: "P1",
            incident: judgement(
                json!({"sufficientKnowledge": false, "insufficiencyDisclosed": true}),
            ),
            status: Compliant,
            en: &["did not know enough", "told the other parties so"],
            nl: &["wist te weinig", "heeft dat de andere partijen laten weten"],
            not_en: &["did not tell"],
            not_nl: &["niet laten weten"],
        },
        Said {
            name: "P1 knew too little and kept quiet",
            rule: "P1",
            incident: judgement(
                json!({"sufficientKnowledge": false, "insufficiencyDisclosed": false}),
            ),
            status: Violation,
            en: &["did not tell the other parties"],
            nl: &["niet laten weten"],
            not_en: &["told the other parties so"],
            not_nl: &["heeft dat de andere partijen laten weten"],
        },
        Said {
            name: "P2 honoured",
            rule: "P2",
            incident: agreement(json!({"honoured": true})),
            status: Compliant,
            en: &["honoured their part"],
            nl: &["is zijn deel van deze afspraak nagekomen"],
            not_en: &["P3"],
            not_nl: &["P3"],
        },
        Said {
            name: "P2 not honoured because keeping it was unlawful: P3's case",
            rule: "P2",
            incident: agreement(json!({"honoured": false, "conflictsWithLaw": true})),
            status: Compliant,
            en: &[
                "could not be kept without breaking it or the law",
                "P3 judges",
            ],
            nl: &["kon niet worden nagekomen", "P3 beoordeelt"],
            not_en: &["honoured their part"],
            not_nl: &["is zijn deel van deze afspraak nagekomen"],
        },
        Said {
            name: "P2 not honoured though it could be kept",
            rule: "P2",
            incident: agreement(json!({"honoured": false, "conflictsWithLaw": false})),
            status: Violation,
            en: &["did not honour", "would have broken neither"],
            nl: &["niet nagekomen", "noch de wet"],
            not_en: &["P3 judges"],
            not_nl: &["P3 beoordeelt"],
        },
        Said {
            name: "P3 agreement kept",
            rule: "P3",
            incident: agreement(json!({"honoured": true})),
            status: Compliant,
            en: &["was kept"],
            nl: &["is nagekomen"],
            not_en: &["could be kept without", "days"],
            not_nl: &["kon worden nagekomen zonder", "dagen"],
        },
        Said {
            name: "P3 agreement could be kept lawfully",
            rule: "P3",
            incident: agreement(json!({"honoured": false, "conflictsWithLaw": false})),
            status: Compliant,
            en: &["could be kept without breaking it or the law"],
            nl: &["kon worden nagekomen zonder"],
            not_en: &["was kept,", "days"],
            not_nl: &["is nagekomen,", "dagen"],
        },
        Said {
            name: "P3 told on the last day allowed",
            rule: "P3",
            incident: agreement(json!({
                "honoured": false, "conflictsWithLaw": true,
                "discoveredAt": "2026-03-01", "partiesNotifiedAt": "2026-03-15"
            })),
            status: Compliant,
            en: &["14 days after", "within the 14 days allowed"],
            nl: &["14 dagen na de ontdekking", "binnen de toegestane 14 dagen"],
            not_en: &["at most"],
            not_nl: &["ten hoogste"],
        },
        Said {
            name: "P3 told the next day",
            rule: "P3",
            incident: agreement(json!({
                "honoured": false, "conflictsWithLaw": true,
                "discoveredAt": "2026-03-01", "partiesNotifiedAt": "2026-03-02"
            })),
            status: Compliant,
            en: &["1 day after"],
            nl: &["1 dag na"],
            not_en: &["1 days"],
            not_nl: &["1 dagen"],
        },
        Said {
            name: "P3 told a day late",
            rule: "P3",
            incident: agreement(json!({
                "honoured": false, "conflictsWithLaw": true,
                "discoveredAt": "2026-03-01", "partiesNotifiedAt": "2026-03-16"
            })),
            status: Violation,
            en: &["15 days after", "at most 14 days are allowed"],
            nl: &["15 dagen", "ten hoogste 14 dagen zijn toegestaan"],
            not_en: &["within"],
            not_nl: &["binnen"],
        },
        Said {
            name: "P3 never told",
            rule: "P3",
            incident: agreement(json!({
                "honoured": false, "conflictsWithLaw": true,
                "discoveredAt": "2026-03-01", "partiesNotifiedAt": null
            })),
            status: Violation,
            en: &["never told"],
            nl: &["nooit ingelicht"],
            not_en: &["days"],
            not_nl: &["dagen"],
        },
        Said {
            name: "P3 told before the discovery: the dates disagree",
            rule: "P3",
            incident: agreement(json!({
                "honoured": false, "conflictsWithLaw": true,
                "discoveredAt": "2026-03-10", "partiesNotifiedAt": "2026-03-01"
            })),
            status: Incomplete,
            en: &[
                "2026-03-01",
                "2026-03-10",
                "one of these two dates must be wrong",
            ],
            nl: &[
                "2026-03-01",
                "2026-03-10",
                "een van die twee datums moet onjuist zijn",
            ],
            not_en: &["-9", "within"],
            not_nl: &["-9", "binnen"],
        },
        Said {
            name: "P4 sound information",
            rule: "P4",
            incident: advice(json!({
                "informationCorrect": true, "informationCurrent": true, "informationComplete": true
            })),
            status: Compliant,
            en: &["believed correct, current and complete"],
            nl: &["juist, actueel en volledig achtte"],
            not_en: &["doubt"],
            not_nl: &["twijfel"],
        },
        Said {
            name: "P4 doubt disclosed",
            rule: "P4",
            incident: advice(json!({
                "informationCorrect": false, "informationCurrent": true, "informationComplete": true,
                "doubtsDisclosed": true
            })),
            status: Compliant,
            en: &["had doubts", "told the other parties so"],
            nl: &["twijfelde", "laten weten"],
            not_en: &["not disclosed"],
            not_nl: &["niet gemeld"],
        },
        Said {
            name: "P4 doubt kept quiet",
            rule: "P4",
            incident: advice(json!({
                "informationCorrect": true, "informationCurrent": false, "informationComplete": true,
                "doubtsDisclosed": false
            })),
            status: Violation,
            en: &["doubt was not disclosed", "did not tell the other parties"],
            nl: &["niet gemeld", "niet ingelicht"],
            not_en: &["told the other parties so"],
            not_nl: &["laten weten"],
        },
        Said {
            name: "P5 complete advice",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": true, "limitationsStated": true})),
            status: Compliant,
            en: &["weighed the factors", "stated its limitations"],
            nl: &["woog ook de factoren mee", "noemde de beperkingen"],
            not_en: &["left out"],
            not_nl: &["liet"],
        },
        Said {
            name: "P5 limitations only",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": true, "limitationsStated": false})),
            status: Violation,
            en: &["did not state its limitations"],
            nl: &["noemde de beperkingen ervan niet"],
            not_en: &["left out"],
            not_nl: &["liet"],
        },
        Said {
            name: "P5 opposing factors only",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": false, "limitationsStated": true})),
            status: Violation,
            en: &["left out relevant factors"],
            nl: &["liet relevante factoren weg"],
            not_en: &["limitations"],
            not_nl: &["beperkingen"],
        },
        Said {
            name: "P6 delivered",
            rule: "P6",
            incident: promise(json!({"delivered": true})),
            status: Compliant,
            en: &["This promise was delivered."],
            nl: &["Deze toezegging is nagekomen."],
            not_en: &["communicated", "stood in the way"],
            not_nl: &["gemeld", "in de weg"],
        },
        Said {
            name: "P6 obstacle communicated in time",
            rule: "P6",
            incident: promise(json!({
                "delivered": false, "obstacleKnownAt": "2026-05-01", "communicatedAt": "2026-05-05"
            })),
            status: Compliant,
            en: &[
                "stood in the way",
                "communicated 4 days after",
                "within the 14 days allowed",
            ],
            nl: &[
                "in de weg stond",
                "4 dagen nadat",
                "binnen de toegestane 14 dagen",
            ],
            not_en: &["was delivered"],
            not_nl: &["is nagekomen"],
        },
        Said {
            name: "P6 obstacle communicated late",
            rule: "P6",
            incident: promise(json!({
                "delivered": false, "obstacleKnownAt": "2026-05-01", "communicatedAt": "2026-05-30"
            })),
            status: Violation,
            en: &["29 days after", "at most 14 days are allowed"],
            nl: &["29 dagen", "ten hoogste 14 dagen zijn toegestaan"],
            not_en: &["within", "was delivered"],
            not_nl: &["binnen", "is nagekomen"],
        },
        Said {
            name: "P6 never told",
            rule: "P6",
            incident: promise(json!({"delivered": false, "communicatedAt": null})),
            status: Violation,
            en: &["never told"],
            nl: &["nooit verteld"],
            not_en: &["days"],
            not_nl: &["dagen"],
        },
        Said {
            name: "P6 obstacle communicated before it was known",
            rule: "P6",
            incident: promise(json!({
                "delivered": false, "obstacleKnownAt": "2026-05-10", "communicatedAt": "2026-05-01"
            })),
            status: Incomplete,
            en: &[
                "2026-05-01",
                "2026-05-10",
                "one of these two dates must be wrong",
            ],
            nl: &["een van die twee datums moet onjuist zijn"],
            not_en: &["-9", "within"],
            not_nl: &["-9", "binnen"],
        },
        Said {
            name: "P6 a true statement",
            rule: "P6",
            incident: action(json!({"knowinglyUntrue": false})),
            status: Compliant,
            en: &["stated nothing they knew to be untrue"],
            nl: &["niets beweerd"],
            not_en: &["promise"],
            not_nl: &["toezegging"],
        },
        Said {
            name: "P6 an untrue statement",
            rule: "P6",
            incident: action(json!({"knowinglyUntrue": true})),
            status: Violation,
            en: &["stated something they knew to be untrue"],
            nl: &["iets beweerd waarvan het wist dat het onwaar was"],
            not_en: &["promise"],
            not_nl: &["toezegging"],
        },
        Said {
            name: "P7 no stake",
            rule: "P7",
            incident: judgement(json!({"personalStake": false})),
            status: Compliant,
            en: &["had no personal stake"],
            nl: &["had geen persoonlijk belang"],
            not_en: &["accepted", "declared"],
            not_nl: &["aanvaard", "gemeld"],
        },
        Said {
            name: "P7 stake declared and accepted",
            rule: "P7",
            incident: judgement(
                json!({"personalStake": true, "stakeDeclared": true, "stakeAccepted": true}),
            ),
            status: Compliant,
            en: &["declared it", "accepted them as judge"],
            nl: &["heeft dat gemeld", "als beoordelaar aanvaard"],
            not_en: &["no personal stake", "did not"],
            not_nl: &["geen persoonlijk belang", "niet"],
        },
        Said {
            name: "P7 stake undeclared",
            rule: "P7",
            incident: judgement(json!({"personalStake": true, "stakeDeclared": false})),
            status: Violation,
            en: &["did not declare"],
            nl: &["niet heeft gemeld", "niet gemeld"],
            not_en: &["accept"],
            not_nl: &["aanvaard"],
        },
        Said {
            name: "P7 stake declared, not accepted",
            rule: "P7",
            incident: judgement(
                json!({"personalStake": true, "stakeDeclared": true, "stakeAccepted": false}),
            ),
            status: Violation,
            en: &["did not accept them as judge"],
            nl: &["niet als beoordelaar"],
            not_en: &["did not declare"],
            not_nl: &["niet heeft gemeld"],
        },
        Said {
            name: "P8 a request that is not clearly unlawful",
            rule: "P8",
            incident: request(json!({"clearlyUnlawfulOrUnethical": false, "complied": true})),
            status: Compliant,
            en: &["not clearly unlawful or unethical", "nothing to escalate"],
            nl: &["niet duidelijk onwettig of onethisch"],
            not_en: &["senior", "complied with"],
            not_nl: &["senior", "ingegaan"],
        },
        Said {
            name: "P8 refused after consulting",
            rule: "P8",
            incident: request(json!({
                "clearlyUnlawfulOrUnethical": true, "complied": false, "consultedSenior": true
            })),
            status: Compliant,
            en: &["refused", "after consulting a more senior person"],
            nl: &["geweigerd na overleg met een meer senior persoon"],
            not_en: &["complied with"],
            not_nl: &["is ingegaan op"],
        },
        Said {
            name: "P8 complied, consulted or not",
            rule: "P8",
            incident: request(json!({
                "clearlyUnlawfulOrUnethical": true, "complied": true, "consultedSenior": true
            })),
            status: Violation,
            en: &["complied with a request that clearly goes against"],
            nl: &["is ingegaan op een verzoek"],
            not_en: &["refused"],
            not_nl: &["geweigerd"],
        },
    ]);
}

#[test]
fn behaviour_says_what_decided() {
    let qualified = |held_until: &str, required: Value| {
        incident(json!({
            "member": {"qualifications": [{"name": "OSCP", "validUntil": held_until}]},
            "actions": [{"at": "2026-04-01", "requiredQualifications": required}]
        }))
    };
    let conflict = |c: Value| {
        incident(json!({
            "actions": [{"at": "2026-04-10"}],
            "conflictsOfInterest": [c]
        }))
    };
    let disclosure = |d: Value| action(json!({ "disclosure": d }));
    let risk = |r: Value| action(json!({ "risk": r }));
    let damage = |d: Value| action(json!({ "damage": d }));
    let trained = |last: Value| {
        incident(json!({
            "member": {"lastTraining": last},
            "actions": [{"at": "2026-04-01"}]
        }))
    };
    let deficiency = |d: Value| incident(json!({ "deficienciesFound": [d] }));
    let good = json!({
        "legal": {"claimed": true, "basis": "Acme's responsible-disclosure policy", "explanation": "The policy invites tests of the public login form."},
        "ethical": {"claimed": true, "explanation": "Customer data was exposed and nobody else knew of it."},
        "beneficial": {"claimed": true, "beneficiaries": ["Acme", "Acme customers"], "explanation": "Acme can fix the flaw before anyone abuses it."},
        "minimal": {"claimed": true, "explanation": "One request showed the flaw; no records were read.", "dataRetained": false, "beyondNeed": false},
        "evidence": ["request log excerpt"]
    });
    let unconsented = |change: &dyn Fn(&mut Value)| {
        let mut j = good.clone();
        change(&mut j);
        action(json!({"consent": {"prior": false}, "justification": j}))
    };
    check(vec![
        Said {
            name: "B2 qualified",
            rule: "B2",
            incident: qualified("2027-01-01", json!(["OSCP"])),
            status: Compliant,
            en: &["held every qualification", "OSCP"],
            nl: &["had elke kwalificatie", "OSCP"],
            not_en: &["lapsed"],
            not_nl: &["verlopen"],
        },
        Said {
            name: "B2 not held",
            rule: "B2",
            incident: qualified("2027-01-01", json!(["CISSP"])),
            status: Violation,
            en: &["did not hold every qualification", "\"CISSP\""],
            nl: &["had niet elke kwalificatie", "\"CISSP\""],
            not_en: &["lapsed"],
            not_nl: &["verlopen"],
        },
        Said {
            name: "B2 lapsed",
            rule: "B2",
            incident: qualified("2026-03-31", json!(["OSCP"])),
            status: Violation,
            en: &["had lapsed", "2026-03-31"],
            nl: &["verlopen", "2026-03-31"],
            not_en: &["does not hold"],
            not_nl: &["niet heeft"],
        },
        Said {
            name: "B3 declared before acting",
            rule: "B3",
            incident: conflict(json!({
                "parties": ["Acme"], "declared": true, "declaredTo": ["Acme"], "declaredAt": "2026-04-09"
            })),
            status: Compliant,
            en: &["declared on 2026-04-09, before the member first acted on 2026-04-10"],
            nl: &["gemeld op 2026-04-09, vóór het lid op 2026-04-10"],
            not_en: &["after"],
            not_nl: &["nadat"],
        },
        Said {
            name: "B3 declared after acting",
            rule: "B3",
            incident: conflict(json!({
                "parties": ["Acme"], "declared": true, "declaredTo": ["Acme"], "declaredAt": "2026-04-11"
            })),
            status: Violation,
            en: &["only after the member had acted", "2026-04-11"],
            nl: &["pas gemeld nadat", "2026-04-11"],
            not_en: &["not told", "every party"],
            not_nl: &["niet ingelicht", "elke betrokken partij"],
        },
        Said {
            name: "B3 a party left untold",
            rule: "B3",
            incident: conflict(json!({
                "parties": ["Acme", "Globex"], "declared": true, "declaredTo": ["Acme"], "declaredAt": "2026-04-09"
            })),
            status: Violation,
            en: &["not declared to every party", "not told: Globex"],
            nl: &["niet aan elke betrokken partij", "niet ingelicht: Globex"],
            not_en: &["after the member"],
            not_nl: &["nadat het lid"],
        },
        Said {
            name: "B4 owner consented",
            rule: "B4",
            incident: disclosure(json!({"classification": "confidential", "ownerConsent": true})),
            status: Compliant,
            en: &["consented to its disclosure"],
            nl: &["gaf toestemming"],
            not_en: &["does not protect"],
            not_nl: &["beschermt deze bepaling niet"],
        },
        Said {
            name: "B4 public information",
            rule: "B4",
            incident: disclosure(json!({"classification": "public", "ownerConsent": false})),
            status: Compliant,
            en: &["was public"],
            nl: &["was openbaar"],
            not_en: &["consented"],
            not_nl: &["toestemming"],
        },
        Said {
            name: "B4 internal information",
            rule: "B4",
            incident: disclosure(json!({"classification": "internal"})),
            status: Compliant,
            en: &["classified as internal"],
            nl: &["als intern geclassificeerd"],
            not_en: &["consented"],
            not_nl: &["toestemming"],
        },
        Said {
            name: "B4 personal information without consent",
            rule: "B4",
            incident: disclosure(
                json!({"classification": "personal", "owner": "J. Jansen", "ownerConsent": false}),
            ),
            status: Violation,
            en: &["Personal information was disclosed", "The owner, J. Jansen, did not consent"],
            nl: &["Persoonlijke informatie is gedeeld", "De eigenaar, J. Jansen, gaf geen toestemming"],
            not_en: &["Confidential"],
            not_nl: &["Vertrouwelijke"],
        },
        Said {
            name: "B5 risk not on purpose",
            rule: "B5",
            incident: risk(json!({"intentional": false, "exposedParties": ["Acme"]})),
            status: Compliant,
            en: &["exposed nobody to risk on purpose", "B6"],
            nl: &["niemand bewust aan een risico bloot", "B6"],
            not_en: &["asked"],
            not_nl: &["gevraagd"],
        },
        Said {
            name: "B5 nobody exposed",
            rule: "B5",
            incident: risk(json!({"intentional": true, "exposedParties": []})),
            status: Compliant,
            en: &["exposed nobody to it"],
            nl: &["niemand is eraan blootgesteld"],
            not_en: &["asked"],
            not_nl: &["gevraagd"],
        },
        Said {
            name: "B5 every party exposed asked for it",
            rule: "B5",
            incident: risk(json!({
                "intentional": true, "exposedParties": ["Acme"], "explicitlyRequestedBy": ["acme "]
            })),
            status: Compliant,
            en: &["had explicitly asked for it"],
            nl: &["zelf uitdrukkelijk om gevraagd"],
            not_en: &["on behalf"],
            not_nl: &["namens"],
        },
        Said {
            name: "B5 nobody asked: no sentence about accepting for others",
            rule: "B5",
            incident: risk(json!({
                "intentional": true, "exposedParties": ["Acme", "Acme customers"], "explicitlyRequestedBy": []
            })),
            status: Violation,
            en: &["nobody had asked for it", "Acme, Acme customers"],
            nl: &["niemand had daarom gevraagd", "Acme, Acme customers"],
            not_en: &["on behalf", "someone else's request", "only for itself"],
            not_nl: &["namens", "op verzoek van iemand anders", "alleen voor zichzelf"],
        },
        Said {
            name: "B5 asked by nobody (null): no sentence about accepting for others",
            rule: "B5",
            incident: risk(json!({
                "intentional": true, "exposedParties": ["Acme"], "explicitlyRequestedBy": null
            })),
            status: Violation,
            en: &["nobody had asked for it"],
            nl: &["niemand had daarom gevraagd"],
            not_en: &["on behalf"],
            not_nl: &["namens"],
        },
        Said {
            name: "B5 a client asked for others: the sentence applies",
            rule: "B5",
            incident: risk(json!({
                "intentional": true, "exposedParties": ["Acme", "Acme customers"], "explicitlyRequestedBy": ["Acme"]
            })),
            status: Violation,
            en: &["at someone else's request", "Acme customers", "on behalf of others"],
            nl: &["op verzoek van iemand anders", "Acme customers", "namens anderen"],
            not_en: &["nobody had asked"],
            not_nl: &["niemand had daarom gevraagd"],
        },
        Said {
            name: "B6 tried to prevent",
            rule: "B6",
            incident: damage(
                json!({"foreseeable": true, "preventable": true, "preventionAttempted": true}),
            ),
            status: Compliant,
            en: &["tried to prevent it"],
            nl: &["heeft geprobeerd haar te voorkomen"],
            not_en: &["could not have"],
            not_nl: &["kon deze schade niet"],
        },
        Said {
            name: "B6 could not foresee",
            rule: "B6",
            incident: damage(json!({"foreseeable": false, "preventable": true})),
            status: Compliant,
            en: &["could not have foreseen"],
            nl: &["kon deze schade niet voorzien"],
            not_en: &["tried", "prevented this damage,"],
            not_nl: &["geprobeerd", "niet voorkomen,"],
        },
        Said {
            name: "B6 could not prevent",
            rule: "B6",
            incident: damage(json!({"foreseeable": true, "preventable": false})),
            status: Compliant,
            en: &["could not have prevented"],
            nl: &["kon deze schade niet voorkomen"],
            not_en: &["tried", "foreseen"],
            not_nl: &["geprobeerd", "voorzien,"],
        },
        Said {
            name: "B6 did not try",
            rule: "B6",
            incident: damage(
                json!({"foreseeable": true, "preventable": true, "preventionAttempted": false}),
            ),
            status: Violation,
            en: &["did not try"],
            nl: &["niet geprobeerd"],
            not_en: &["could not"],
            not_nl: &["kon deze schade niet"],
        },
        Said {
            name: "B7 current on the last day",
            rule: "B7",
            incident: trained(json!("2023-04-01")),
            status: Compliant,
            en: &["2023-04-01", "until 2026-04-01", "covers this action on 2026-04-01"],
            nl: &["2023-04-01", "tot en met 2026-04-01"],
            not_en: &["out of date"],
            not_nl: &["niet meer actueel"],
        },
        Said {
            name: "B7 lapsed the day before",
            rule: "B7",
            incident: trained(json!("2023-03-31")),
            status: Violation,
            en: &["out of date", "until 2026-03-31"],
            nl: &["niet meer actueel", "tot en met 2026-03-31"],
            not_en: &["covers this action"],
            not_nl: &["valt daarbinnen"],
        },
        Said {
            name: "B7 never trained",
            rule: "B7",
            incident: trained(Value::Null),
            status: Violation,
            en: &["never having trained"],
            nl: &["nooit een training gevolgd"],
            not_en: &["until"],
            not_nl: &["tot en met"],
        },
        Said {
            name: "B7 trained after the action",
            rule: "B7",
            incident: trained(json!("2026-06-01")),
            status: Incomplete,
            en: &["2026-06-01", "came after this action on 2026-04-01"],
            nl: &["kwam na deze handeling op 2026-04-01"],
            not_en: &["covers this action", "kept their skills current until"],
            not_nl: &["valt daarbinnen"],
        },
        Said {
            name: "B11 reported",
            rule: "B11",
            incident: deficiency(json!({"reportedToOwner": true})),
            status: Compliant,
            en: &["was made known to those responsible"],
            nl: &["is gemeld aan wie er verantwoordelijk voor is"],
            not_en: &["Record whether", "risk"],
            not_nl: &["Leg vast", "risico"],
        },
        Said {
            name: "B11 a report date is evidence of the report",
            rule: "B11",
            incident: deficiency(json!({"learnedAt": "2026-02-01", "reportedAt": "2026-02-03"})),
            status: Compliant,
            en: &["was made known to those responsible"],
            nl: &["is gemeld aan wie er verantwoordelijk voor is"],
            not_en: &["Record whether the deficiency was reported"],
            not_nl: &["Leg vast of het gebrek is gemeld"],
        },
        Said {
            name: "B11 withheld for a stated risk",
            rule: "B11",
            incident: deficiency(json!({
                "reportedToOwner": false, "reportingRisk": "unreasonable",
                "riskExplanation": "The owner threatened legal action against anyone reporting flaws."
            })),
            status: Compliant,
            en: &["was not reported, because doing so would have exposed the member to an unreasonable risk"],
            nl: &["niet gemeld, omdat het lid zich daarmee aan een onredelijk risico zou blootstellen"],
            not_en: &["was made known"],
            not_nl: &["is gemeld aan"],
        },
        Said {
            name: "B11 not reported, no risk stated",
            rule: "B11",
            incident: deficiency(json!({"reportedToOwner": false})),
            status: Violation,
            en: &["was not reported", "no unreasonable personal or legal risk is stated"],
            nl: &["niet gemeld", "geen onredelijk persoonlijk of juridisch risico vermeld"],
            not_en: &["because doing so"],
            not_nl: &["omdat het lid"],
        },
        Said {
            name: "B11 reported before it was learned of: the dates disagree",
            rule: "B11",
            incident: deficiency(json!({"learnedAt": "2026-02-10", "reportedAt": "2026-02-01"})),
            status: Incomplete,
            en: &["2026-02-01", "2026-02-10", "one of these two dates must be wrong"],
            nl: &["een van die twee datums moet onjuist zijn"],
            not_en: &["-9", "days"],
            not_nl: &["-9", "dagen"],
        },
        Said {
            name: "B12 all four elements",
            rule: "B12",
            incident: unconsented(&|_| {}),
            status: Compliant,
            en: &["legal, ethical, beneficial and minimal"],
            nl: &["wettig, ethisch, nuttig en beperkt"],
            not_en: &["fails", "cannot be demonstrated"],
            not_nl: &["schiet tekort", "nog niet aantoonbaar"],
        },
        Said {
            name: "B12 legality denied",
            rule: "B12",
            incident: unconsented(&|j| j["legal"]["claimed"] = json!(false)),
            status: Violation,
            en: &["denies 1 of the four elements", "not to have been legal"],
            nl: &["ontkent zelf 1 van de vier elementen", "niet wettig"],
            not_en: &["kept afterwards", "beneficiary"],
            not_nl: &["bewaard", "begunstigde"],
        },
        Said {
            name: "B12 data kept",
            rule: "B12",
            incident: unconsented(&|j| j["minimal"]["dataRetained"] = json!(true)),
            status: Violation,
            en: &["data it obtained was kept afterwards"],
            nl: &["daarna bewaard"],
            not_en: &["more was done", "denies"],
            not_nl: &["meer gedaan", "ontkent"],
        },
        Said {
            name: "B12 beyond the need",
            rule: "B12",
            incident: unconsented(&|j| j["minimal"]["beyondNeed"] = json!(true)),
            status: Violation,
            en: &["more was done or taken than was needed"],
            nl: &["meer gedaan of meegenomen dan nodig was"],
            not_en: &["kept afterwards", "denies"],
            not_nl: &["bewaard", "ontkent"],
        },
        Said {
            name: "B12 only the member benefited",
            rule: "B12",
            incident: unconsented(&|j| j["beneficial"]["beneficiaries"] = json!(["self"])),
            status: Violation,
            en: &["the only one named as benefiting from it is the member", "(self)"],
            nl: &["de enige die als begunstigde wordt genoemd, is het lid zelf", "(self)"],
            not_en: &["kept afterwards", "denies"],
            not_nl: &["bewaard", "ontkent"],
        },
    ]);
}
