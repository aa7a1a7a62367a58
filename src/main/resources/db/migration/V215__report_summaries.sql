-- Per-day summaries of closed cases, so that a report over a year reads a few hundred rows a day instead of every case.
-- A closed case's part in every figure the summaries hold no longer changes with time: its stages are done and none is
-- running (case_acknowledge_due and the others are null for a closed case). The summary job (ReportSummaries) keeps
-- them for the organisation's time zone: one row per day of receipt in that zone, department, kind and channel. A report
-- takes a day from the summaries only when no case received on it has changed since the job's watermark, and counts
-- the other days and every open case from the cases themselves, so that its figures are exact whenever the job last ran.

-- The watermark of the summaries of a zone: every change of a case made before it is in them. Changes at or after it
-- may not be (a report counts their days from the cases).
create table report_summary_state (
    zone      text        primary key,
    watermark timestamptz not null,
    built_at  timestamptz not null
);

-- The days summarised. A closed case that never had a first reply counts as "not replied the same working day" only
-- once its same-day deadline has passed: settled_after is the latest such deadline of the day's cases, and a report as
-- at an earlier time counts the day from the cases.
create table report_summary_day (
    zone          text        not null,
    day           date        not null,
    settled_after timestamptz,
    primary key (zone, day)
);

-- The measures of ReportFigures.Measure, summed over the closed cases of one day, department, kind and channel.
create table report_summary (
    zone               text   not null,
    day                date   not null,
    department_id      bigint not null,
    kind               text   not null,
    channel            text   not null,
    received           bigint not null,
    confidential       bigint not null,
    ack_on_time        bigint not null,
    ack_late           bigint not null,
    ack_pending        bigint not null,
    ack_open           bigint not null,
    resp_on_time       bigint not null,
    resp_after_ext     bigint not null,
    resp_missed        bigint not null,
    resp_late_open     bigint not null,
    resp_pending       bigint not null,
    resp_breach        bigint not null,
    fcr                bigint not null,
    same_day_met       bigint not null,
    same_day_decided   bigint not null,
    out_resolved       bigint not null,
    out_upheld         bigint not null,
    out_partly_upheld  bigint not null,
    out_not_upheld     bigint not null,
    out_cannot_accommodate bigint not null,
    out_not_accepted   bigint not null,
    review_requested   bigint not null,
    review_decided     bigint not null,
    review_in_progress bigint not null,
    decision_upheld    bigint not null,
    decision_changed   bigint not null,
    review_on_time     bigint not null,
    review_after_ext   bigint not null,
    review_late        bigint not null,
    review_open        bigint not null,
    primary key (zone, day, department_id, kind, channel)
);

-- The closed cases of one day, department, kind and channel by the category of their response ('' for none).
create table report_summary_category (
    zone          text   not null,
    day           date   not null,
    department_id bigint not null,
    kind          text   not null,
    channel       text   not null,
    category      text   not null,
    cases         bigint not null,
    primary key (zone, day, department_id, kind, channel, category)
);

-- What the summary job and reports need to find the days whose cases changed since a watermark: published by the
-- cases module for reporting, read through the index cases_updated_at.
create view report_case_change as
select c.id, c.received_at, c.updated_at from cases c;
