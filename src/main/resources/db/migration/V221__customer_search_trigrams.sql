-- Search for customers by any part of their name or e-mail address, or digits of their phone number: trigram indexes
-- (pg_trgm, created in V70) serve "contains" (LIKE '%…%'), which the prefix indexes of V11 cannot. A fragment needs at
-- least three characters (three digits of a phone number), the length of a trigram, for the indexes to narrow it.
create index customers_name_trgm on customers using gin (lower(name) gin_trgm_ops);
create index customers_email_trgm on customers using gin (lower(email) gin_trgm_ops);
create index customers_phone_key_trgm on customers using gin (phone_key gin_trgm_ops);
