-- cases_received_at (V2) has the same key as report_cases_received_cover (V51), which also carries the columns the
-- reports count; every query over received_at is served by the covering index, so the plain one only cost each insert.
drop index if exists cases_received_at;
