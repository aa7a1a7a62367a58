-- The summaries of V215 gain the extensions and remedies of closed cases, and every per-day summary gains a roll-up by
-- calendar month (in the same zone), so that a report over a year adds up a dozen rows per department, kind and
-- channel instead of several hundred. The summary job (ReportSummaries) writes a day's rows and its month's roll-up in
-- the same transaction, so that the two always agree; a report reads a month's roll-up only when every day of the month
-- is in its range and read from the summaries, and the days' rows otherwise.

-- Extensions of the closed cases of one day, department, kind and channel, by stage: how many, on how many cases, and
-- how many agreed with the customer.
create table report_summary_extension (
    zone          text   not null,
    day           date   not null,
    department_id bigint not null,
    kind          text   not null,
    channel       text   not null,
    stage         text   not null,
    extensions    bigint not null,
    cases         bigint not null,
    agreed        bigint not null,
    primary key (zone, day, department_id, kind, channel, stage)
);

-- Remedies offered on the closed cases of one day, department, kind and channel, by type: how many, by answer, and
-- their values (null when none of them has a value, as sum() gives).
create table report_summary_remedy (
    zone           text          not null,
    day            date          not null,
    department_id  bigint        not null,
    kind           text          not null,
    channel        text          not null,
    type           text          not null,
    offered        bigint        not null,
    accepted       bigint        not null,
    declined       bigint        not null,
    awaiting       bigint        not null,
    value          numeric,
    accepted_value numeric,
    primary key (zone, day, department_id, kind, channel, type)
);

-- The roll-ups: the same columns, with the first day of the month in place of the day.
create table report_summary_month (like report_summary);
alter table report_summary_month rename column day to month;
alter table report_summary_month add primary key (zone, month, department_id, kind, channel);

create table report_summary_category_month (like report_summary_category);
alter table report_summary_category_month rename column day to month;
alter table report_summary_category_month add primary key (zone, month, department_id, kind, channel, category);

create table report_summary_extension_month (like report_summary_extension);
alter table report_summary_extension_month rename column day to month;
alter table report_summary_extension_month add primary key (zone, month, department_id, kind, channel, stage);

create table report_summary_remedy_month (like report_summary_remedy);
alter table report_summary_remedy_month rename column day to month;
alter table report_summary_remedy_month add primary key (zone, month, department_id, kind, channel, type);

-- The summaries are built again from scratch by the next run of the job, with the new tables.
delete from report_summary_state;
