-- Webhooks: case events signed and sent to the subscribers' HTTPS endpoints, at least once, in order per case.

-- A subscription, kept by administrators. The secret signs every delivery (HMAC-SHA256), so it is kept as it is and
-- shown only once, when the subscription is made. An empty event_types means every event.
create table webhook_subscription (
    id          bigserial   primary key,
    name        text        not null,
    url         text        not null,
    secret      text        not null,
    event_types text[]      not null default '{}',
    active      boolean     not null default true,
    created_at  timestamptz not null,
    created_by  text        not null,
    updated_at  timestamptz not null
);

-- One lane per subscription and case: the events of a case go to a subscription one after another, in the order they
-- were recorded (seq), and a failure holds up only that lane. While a lane has events waiting it is active and exactly
-- one delivery job of the job scheduler (webhook_task) serves it, named after the lane and its generation.
create table webhook_lane (
    subscription_id bigint  not null references webhook_subscription on delete cascade,
    case_id         bigint  not null,
    last_seq        bigint  not null default 0,
    generation      integer not null default 0,
    active          boolean not null default false,
    primary key (subscription_id, case_id)
);

-- One delivery of one event to one subscription. payload is the exact body sent (the signature covers it); event_id is
-- the same for every subscription and every redelivery of the event, for receivers to recognise a repeat.
create table webhook_delivery (
    id               bigserial   primary key,
    subscription_id  bigint      not null references webhook_subscription on delete cascade,
    case_id          bigint      not null,
    case_reference   text        not null,
    seq              bigint      not null,
    event_id         uuid        not null,
    event_type       text        not null,
    occurred_at      timestamptz not null,
    payload          text        not null,
    status           text        not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz not null,
    redelivery_of    bigint      references webhook_delivery on delete set null,
    unique (subscription_id, case_id, seq)
);

create index webhook_delivery_waiting on webhook_delivery (subscription_id, case_id, seq) where status = 'PENDING';
create index webhook_delivery_by_subscription on webhook_delivery (subscription_id, id);
create index webhook_delivery_by_time on webhook_delivery (subscription_id, occurred_at);

-- Every attempt: when, how long, the HTTP status or the error, and the start of the response (at most 1,000 characters).
create table webhook_attempt (
    id               bigserial   primary key,
    delivery_id      bigint      not null references webhook_delivery on delete cascade,
    attempted_at     timestamptz not null,
    duration_ms      integer     not null,
    status_code      integer,
    error            text,
    response_excerpt text,
    succeeded        boolean     not null
);

create index webhook_attempt_by_delivery on webhook_attempt (delivery_id, id);

-- The job scheduler's table (db-scheduler's schema for PostgreSQL, under this module's name): one row per lane being
-- served, with its due time, which instance has picked it and that instance's heartbeat.
create table webhook_task (
    task_name            text        not null,
    task_instance        text        not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean     not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint      not null,
    priority             smallint,
    primary key (task_name, task_instance)
);

create index webhook_task_execution_time on webhook_task (execution_time);
create index webhook_task_last_heartbeat on webhook_task (last_heartbeat);
create index webhook_task_priority_execution_time on webhook_task (priority desc, execution_time asc);
