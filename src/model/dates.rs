//! ISO 8601 dates as day numbers. Rules count calendar days between dates
//! given in the incident; they never read the wall clock.

/// Days since 1970-01-01 for `YYYY-MM-DD`, optionally followed by a time
/// (`THH:MM[:SS[.fff]]` and `Z` or `±HH:MM`), or `None` if the text is not
/// such a date. Only the calendar date counts.
pub fn day_number(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if b.len() > 10 && !valid_time(&b[10..]) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn valid_time(t: &[u8]) -> bool {
    // T or space, HH:MM, optional :SS and fraction, then an optional zone.
    if t.len() < 6 || !(t[0] == b'T' || t[0] == b't' || t[0] == b' ') || t[3] != b':' {
        return false;
    }
    let (Some(h), Some(m)) = (digits(&t[1..3]), digits(&t[4..6])) else {
        return false;
    };
    if h > 23 || m > 59 {
        return false;
    }
    let mut rest = &t[6..];
    if rest.first() == Some(&b':') {
        match rest.get(1..3).and_then(digits) {
            Some(s) if s <= 60 => rest = &rest[3..],
            _ => return false,
        }
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &rest[1 + n..];
        }
    }
    match rest {
        [] | [b'Z'] | [b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            matches!((digits(&[*h1, *h2]), digits(&[*m1, *m2])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::day_number;

    #[test]
    fn counts_days_across_leap_years() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(
            day_number("2023-03-01").unwrap() - day_number("2023-02-28").unwrap(),
            1
        );
        assert_eq!(
            day_number("2026-11-20T23:59:59.5+01:00"),
            day_number("2026-11-20")
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "2026-13-01",
            "2026-02-29",
            "2026-1-01",
            "20261101",
            "2026-11-20T25:00",
            "2026-11-20Tx",
            "２０２６-11-20",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
    }
}
