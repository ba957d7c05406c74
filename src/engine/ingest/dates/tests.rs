//! Date formats, weekdays and the date-parts transformation, with calendar facts in comments.

use super::*;

fn d(year: i32, month: u32, day: u32) -> Option<Date> {
    Some(Date { year, month, day })
}

#[test]
fn each_format_reads_its_dates_and_refuses_impossible_ones() {
    assert_eq!(parse_date("2024-02-29", DateFormat::Iso), d(2024, 2, 29));
    assert_eq!(parse_date("2024/01/31 10:15:00", DateFormat::Iso), d(2024, 1, 31));
    assert_eq!(parse_date("2024-01-31T10:15Z", DateFormat::Iso), d(2024, 1, 31));
    assert_eq!(parse_date("2023-02-29", DateFormat::Iso), None, "2023 is not a leap year");
    assert_eq!(parse_date("1900-02-29", DateFormat::Iso), None, "1900 is not a leap year");
    assert_eq!(parse_date("2024-13-01", DateFormat::Iso), None);
    assert_eq!(parse_date("31/01/2024", DateFormat::DayFirst), d(2024, 1, 31));
    assert_eq!(parse_date("31.01.99", DateFormat::DayFirst), d(1999, 1, 31));
    assert_eq!(parse_date("01/31/2024", DateFormat::MonthFirst), d(2024, 1, 31));
    assert_eq!(parse_date("01/31/2024", DateFormat::DayFirst), None);
    assert_eq!(parse_date("31 Jan 2024", DateFormat::MonthName), d(2024, 1, 31));
    assert_eq!(parse_date("Sept 3, 2024", DateFormat::MonthName), d(2024, 9, 3));
    assert_eq!(parse_date("03-Sep-24", DateFormat::MonthName), d(2024, 9, 3));
    assert_eq!(parse_date("January 5 2024", DateFormat::MonthName), d(2024, 1, 5));
    for not in ["12", "1.5", "abc", "2024", "12/2024", "Janitor 5 2024", "10:00"] {
        for f in [DateFormat::Iso, DateFormat::DayFirst, DateFormat::MonthFirst] {
            assert_eq!(parse_date(not, f), None, "{not} as {f:?}");
        }
        assert_eq!(parse_date(not, DateFormat::MonthName), None, "{not}");
    }
}

#[test]
fn the_column_format_decides_day_and_month_order() {
    assert_eq!(detect_format(&["2024-01-05", "2024-02-06"]), Some(DateFormat::Iso));
    // 13/02 only reads day first; 02/13 only month first; ambiguous ones read day first.
    assert_eq!(detect_format(&["13/02/2024", "01/02/2024"]), Some(DateFormat::DayFirst));
    assert_eq!(detect_format(&["02/13/2024", "01/02/2024"]), Some(DateFormat::MonthFirst));
    assert_eq!(detect_format(&["01/02/2024", "03/04/2024"]), Some(DateFormat::DayFirst));
    assert_eq!(detect_format(&["5 Jan 2024", "6 Feb 2024"]), Some(DateFormat::MonthName));
    assert_eq!(detect_format(&["a", "2024-01-01"]), None, "half are not dates");
    assert_eq!(detect_format(&[]), None);
}

#[test]
fn weekdays_match_the_calendar() {
    // 1970-01-01 was a Thursday, 2000-01-01 a Saturday, 2024-02-29 a Thursday,
    // 1969-12-31 a Wednesday, 2024-12-30 a Monday.
    let wd = |y, m, day| weekday(Date { year: y, month: m, day });
    assert_eq!(wd(1970, 1, 1), 4);
    assert_eq!(wd(2000, 1, 1), 6);
    assert_eq!(wd(2024, 2, 29), 4);
    assert_eq!(wd(1969, 12, 31), 3);
    assert_eq!(wd(2024, 12, 30), 1);
    assert_eq!(wd(2025, 1, 5), 7);
}

#[test]
fn date_parts_replace_the_column_in_place() {
    let text = "id,signup,y\n1,2024-02-29,0\n2,,1\n3,2023-12-31,0\n";
    let t = crate::engine::ingest::ingest(text.as_bytes(), &Default::default()).unwrap().table;
    let out = date_parts(&t, "signup").unwrap();
    let names: Vec<&str> = out.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "signup_year", "signup_month", "signup_weekday", "y"]);
    let nan = f64::NAN;
    let v = |i: usize| format!("{:?}", out.columns[i].data);
    assert_eq!(v(1), format!("{:?}", ColumnData::numbers(vec![2024.0, nan, 2023.0])));
    assert_eq!(v(2), format!("{:?}", ColumnData::numbers(vec![2.0, nan, 12.0])));
    // 2023-12-31 was a Sunday.
    assert_eq!(v(3), format!("{:?}", ColumnData::numbers(vec![4.0, nan, 7.0])));
    assert_eq!(out.row_ids, t.row_ids);
    assert_eq!(date_parts(&t, "nope").unwrap_err(), DateError::NoSuchColumn("nope".into()));
    assert!(matches!(date_parts(&t, "id"), Err(DateError::NotDates { .. })));
}
