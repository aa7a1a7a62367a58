-- Staff case lists and search: indexes so that "my cases", the department queue and the search box stay fast with a
-- million cases stored. pg_trgm is a trusted extension shipped with PostgreSQL (contrib), so the database owner may
-- create it.
create extension if not exists pg_trgm;

-- Lists show open cases by default, walking ids downwards per owner or department.
create index cases_open_owner on cases (owner_id, id) where status <> 'CLOSED';
create index cases_open_department on cases (department_id, id) where status <> 'CLOSED';
create index cases_pending_department on cases (pending_department_id) where pending_department_id is not null;

-- Search by part of the customer's name or e-mail address (ILIKE '%…%'), or digits of their phone number.
create index cases_customer_name_trgm on cases using gin (customer_name gin_trgm_ops);
create index cases_customer_email_trgm on cases using gin (customer_email gin_trgm_ops);
create index cases_customer_phone_trgm on cases using gin (regexp_replace(customer_phone, '[^0-9]', '', 'g') gin_trgm_ops);

-- Search by words of the subject and description. Stored rather than only indexed, so that a search for common
-- words can also walk the newest cases and test each one's words cheaply instead of parsing its text again.
alter table cases add column search_words tsvector
    generated always as (to_tsvector('english', subject || ' ' || description)) stored;
create index cases_search_words on cases using gin (search_words);
