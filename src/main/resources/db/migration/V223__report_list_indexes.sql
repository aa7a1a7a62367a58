-- The report's two lists of cases without reading every case of the period (ReportQueries.breachList, reviewList).
--
-- The breach list shows the latest stages missed or overdue. A stage's outcome is stored when the stage completes (or
-- is abandoned past its due date), so a case just received never has a missed outcome, and these indexes cost intake
-- nothing: each holds only the stages missed, in order of their due date, which the list walks from the latest and
-- stops at its limit. The stages overdue now, still running, are found among the open cases (cases_open). The list of
-- internal reviews walks the cases whose review was requested, newest request first.
--
-- The filter's other columns are part of each key, so that a period in the past, a department, a kind or a channel are
-- tested in the index, and only the cases that match them are read.
create index report_cases_acknowledge_missed on cases (acknowledge_by, received_at, department_id, kind, channel)
    where acknowledge_outcome = 'MISSED';
create index report_cases_respond_missed on cases (respond_by, received_at, department_id, kind, channel)
    where respond_outcome = 'MISSED';
create index report_cases_review_missed on cases (review_by, received_at, department_id, kind, channel)
    where review_outcome = 'MISSED';
create index report_cases_review_requested on cases (review_requested_at, received_at, department_id, kind, channel)
    where review_requested_at is not null;
