-- The customer search compares and sorts lower-case names and e-mail addresses. Kept as stored columns, each is
-- lowered once when it is written rather than several times for every match of every search (a first name shared by
-- one customer in twenty: 12,500 matches at 250,000 customers, each lowered eight times to be tested and sorted). The
-- trigram indexes of V221 move to the columns.
alter table customers
    add column name_key  text generated always as (lower(name)) stored,
    add column email_key text generated always as (lower(email)) stored;
drop index customers_name_trgm;
drop index customers_email_trgm;
create index customers_name_key_trgm on customers using gin (name_key gin_trgm_ops);
create index customers_email_key_trgm on customers using gin (email_key gin_trgm_ops);
-- Names in order, character by character: a name everyone shares the start of is read in order, a page at a time.
create index customers_name_key_order on customers (name_key collate "C", id);
