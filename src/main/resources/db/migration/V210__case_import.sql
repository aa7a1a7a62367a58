-- Cases brought in from another system's register: where each came from (the source an administrator named and the
-- old system's reference, unique per source, so that importing the same file again adds nothing), when it was
-- imported and by which import.
alter table cases
    add column import_source    text,
    add column import_reference text,
    add column imported_at      timestamptz,
    add column import_job       bigint;

create unique index cases_import_reference on cases (import_source, import_reference)
    where import_reference is not null;

-- An import of a CSV file of cases (module imports): the file itself until it has run, the column mapping and date
-- settings chosen on the page, and how far it has gone. DRAFT: uploaded, being mapped and checked; QUEUED: started,
-- waiting for an instance to run it. A job is run by one instance at a time (cluster lock
-- case-import); each batch of rows commits with its cases and the job's progress, so a restart carries on from the
-- last committed batch.
create table import_job (
    id          bigserial primary key,
    source      text        not null,
    filename    text        not null,
    content     bytea,
    settings    jsonb       not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    status      text        not null check (status in ('DRAFT', 'QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    -- rows with problems found by the latest dry run with the settings above; null until one has run
    checked_problems int,
    rows_total  int         not null,
    rows_done   int         not null default 0,
    imported    int         not null default 0,
    skipped     int         not null default 0,
    refused     int         not null default 0,
    started_at  timestamptz,
    finished_at timestamptz,
    failure     text
);

create index import_job_waiting on import_job (id) where status in ('QUEUED', 'RUNNING');

-- What an import found wrong with a row (refused: the row was not imported) or noted about it (skipped: already
-- imported, with the case it is).
create table import_problem (
    id          bigserial primary key,
    job_id      bigint  not null references import_job (id) on delete cascade,
    row_number  int     not null,
    column_name text,
    message     text    not null,
    refused     boolean not null
);

create index import_problem_job on import_problem (job_id, row_number, id);
