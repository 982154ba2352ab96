package conduct.lib_test

import data.conduct.lib

test_days_match_the_calendar if {
	lib.days("1970-01-01") == 0
	lib.days("2000-03-01") == 11017
	lib.days("0999-12-31") == -354286
	lib.days("2026-11-20T10:00:00Z") == lib.days("2026-11-20")
}

test_days_between_counts_leap_days if {
	lib.days_between("2024-02-28", "2024-03-01") == 2
	lib.days_between("2023-02-28", "2023-03-01") == 1
	lib.days_between("2026-11-20", "2026-11-06") == -14
}

test_text_weakness if {
	lib.explanation_weakness({}, "x") == "absent"
	lib.explanation_weakness({"x": null}, "x") == "absent"
	lib.explanation_weakness({"x": "   "}, "x") == "absent"
	lib.explanation_weakness({"x": " N/A "}, "x") == "placeholder"
	lib.explanation_weakness({"x": "too short"}, "x") == "too_short"
	not lib.explanation_weakness({"x": "Long enough to say something."}, "x")
	lib.name_weakness({"x": "tbd"}, "x") == "placeholder"
	not lib.name_weakness({"x": "GDPR"}, "x")
}

test_characters_are_code_points if {
	lib.characters("") == 0
	lib.characters("abc") == 3
	lib.characters("🙂") == 1
	lib.characters("é🙂x") == 3
}

test_weakness_of_any_value if {
	lib.text_weakness(null) == "absent"
	lib.text_weakness(42) == "absent"
	lib.name_text_weakness(" tbd ") == "placeholder"
	not lib.name_text_weakness("GDPR")
	lib.explanation_weakness(["n/a"], 0) == "placeholder"
	lib.value_at({}, "x") == null
	lib.value_at({"x": 1}, "x") == 1
}

test_absent_and_null_differ if {
	lib.absent({}, "a")
	not lib.absent({"a": null}, "a")
	not lib.recorded({"a": null}, "a")
	lib.recorded({"a": false}, "a")
}
